"""The ``lora`` commands: load (recorded, with a ledger), get, unload (asks first)."""

from __future__ import annotations

import argparse

from .._constants import DEFAULT_LORA_WAIT_TIMEOUT
from ._common import (
    CONNECTION,
    MODEL_HELP,
    Subcommands,
    client,
    confirm,
    interrupted,
    ledger_option,
    ledger_path,
    show,
    wait_options,
    wait_timeout,
)
from ._output import EXIT_OK, emit

_LORA_KEYS = ("name", "model", "deployment", "state")


def add_parsers(commands: Subcommands) -> None:
    """``lora load|get|unload``."""
    lora = commands.add_parser("lora", help="hot-load a LoRA onto a deployment, read, unload")
    actions = lora.add_subparsers(dest="action", required=True, metavar="ACTION")
    load = actions.add_parser(
        "load",
        parents=[CONNECTION],
        help="load a LoRA onto a deployment",
        description='Load a LoRA ("Load LoRA").',
    )
    load.add_argument("model", metavar="MODEL", help=MODEL_HELP)
    load.add_argument("--deployment", required=True, help="deployment ID or full name")
    load.add_argument("--replace-merged-addon", action="store_true", help="swap the adapter")
    load.add_argument("--wait", action="store_true", help="wait until it is DEPLOYED")
    ledger_option(load, "step ledger: a load is recorded, and a re-run does not load it again")
    wait_options(load, DEFAULT_LORA_WAIT_TIMEOUT)  # wait_for_deployed_model's
    load.set_defaults(handler=lora_load)
    get = actions.add_parser("get", parents=[CONNECTION], help="print a deployed model")
    get.add_argument("deployed_model", metavar="DEPLOYED_MODEL", help="ID or full name")
    get.set_defaults(handler=lora_get)
    unload = actions.add_parser(
        "unload",
        parents=[CONNECTION],
        help="unload a LoRA",
        description="Unload a LoRA: a deployed model, or a model with --deployment.",
    )
    unload.add_argument("target", metavar="MODEL_OR_DEPLOYED_MODEL")
    unload.add_argument("--deployment", help="the deployment the model is loaded on")
    unload.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    unload.set_defaults(handler=lora_unload)


def lora_load(args: argparse.Namespace) -> int:
    """``lora load`` (and wait until DEPLOYED, with --wait); recorded, with a ledger."""
    with client(args, ledger=ledger_path(args)) as opened:
        with interrupted(
            f"interrupted while loading {args.model} onto {args.deployment}: it may be "
            f"loading. Check the deployment, or undo it with: fireworks-rft lora unload "
            f"{args.model} --deployment {args.deployment}"
        ):
            loaded = opened.load_lora(
                args.model,
                deployment=args.deployment,
                replace_merged_addon=args.replace_merged_addon,
            )
        if args.wait:
            loaded = opened.wait_for_deployed_model(
                loaded, timeout=wait_timeout(args), poll_interval=args.poll_interval
            )
        return show(loaded, args, _LORA_KEYS)


def lora_get(args: argparse.Namespace) -> int:
    """``lora get``."""
    with client(args) as opened:
        return show(opened.get_deployed_model(args.deployed_model), args, _LORA_KEYS)


def lora_unload(args: argparse.Namespace) -> int:
    """``lora unload`` (asks first)."""
    where = f" from {args.deployment}" if args.deployment else ""
    confirm(args, f"Unload {args.target}{where}?")
    with client(args) as opened:
        result = opened.unload_lora(args.target, deployment=args.deployment)
    emit(
        {"unloaded": result.name, "already_gone": result.already_gone},
        args.output == "json",
        lambda: f"{'Nothing to unload: ' if result.already_gone else 'Unloaded '}{result.name}",
    )
    return EXIT_OK
