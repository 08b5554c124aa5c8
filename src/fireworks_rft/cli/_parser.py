"""The argument parser of ``fireworks-rft``: every flag is checked here, before any request.

Each resource's module adds its commands (``add_parsers``) and names the function that runs
each (``handler``); the connection and output flags are one parent (``_common.CONNECTION``).
Help and usage come from this parser, so they list every command there is.
"""

from __future__ import annotations

import argparse

from .._constants import API_KEY_ENV
from . import _datasets, _emulator, _jobs, _loras, _models, _report, _steps
from ._common import output_options
from ._output import EXIT_OK

#: The modules that add commands, in the order ``--help`` lists them.
RESOURCES = (_steps, _report, _jobs, _models, _datasets, _loras, _emulator)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``fireworks-rft``."""
    parser = argparse.ArgumentParser(
        prog="fireworks-rft",
        description="Fireworks AI keep-alive reinforcement fine-tuning from the command line. "
        f"The API key is read from {API_KEY_ENV}.",
    )
    output_options(parser, default="text")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for resource in RESOURCES:
        resource.add_parsers(commands)
    version = commands.add_parser("version", help="print the package and spec versions")
    version.set_defaults(handler=_version)
    return parser


def _version(args: argparse.Namespace) -> int:
    from .._version import __spec_version__, __version__

    print(f"fireworks-rft {__version__} (spec {__spec_version__})")
    return EXIT_OK
