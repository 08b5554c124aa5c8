"""The ``dataset`` commands: upload a JSONL file as a dataset, READY."""

from __future__ import annotations

import argparse
import os

from .._constants import DEFAULT_WAIT_TIMEOUT
from ._common import CONNECTION, Subcommands, client, show, wait_options, wait_timeout


def add_parsers(commands: Subcommands) -> None:
    """``dataset upload``."""
    dataset = commands.add_parser("dataset", help="upload a dataset of rollouts")
    actions = dataset.add_subparsers(dest="action", required=True, metavar="ACTION")
    upload = actions.add_parser(
        "upload",
        parents=[CONNECTION],
        help="upload a JSONL file as a dataset and wait until it is READY",
        description="Upload a dataset (create, upload to a signed URL, validate, wait). "
        "Fireworks' live platform answers 501 since 2026-11-15.",
    )
    upload.add_argument("dataset", metavar="DATASET", help="dataset ID or full name")
    upload.add_argument("file", metavar="FILE", help="a JSONL file")
    wait_options(upload, DEFAULT_WAIT_TIMEOUT)  # upload_dataset's
    upload.set_defaults(handler=dataset_upload)


def dataset_upload(args: argparse.Namespace) -> int:
    """``dataset upload``: a JSONL file as a dataset, READY."""
    if not os.path.isfile(args.file):
        raise ValueError(f"FILE {args.file!r} is not a file: nothing was sent")
    with client(args) as opened:
        ready = opened.upload_dataset(
            args.dataset, args.file, timeout=wait_timeout(args), poll_interval=args.poll_interval
        )
        return show(ready, args, ("name", "state"))
