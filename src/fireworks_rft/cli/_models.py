"""The model commands: ``model get``, ``checkpoints list|promote``, ``shapes list|resolve``."""

from __future__ import annotations

import argparse

from .._constants import DEFAULT_WAIT_TIMEOUT
from .._exceptions import ConfigurationError
from .._names import checkpoint_name
from ._common import (
    CONNECTION,
    JOB_HELP,
    MODEL_HELP,
    Subcommands,
    client,
    interrupted,
    ledger_option,
    ledger_path,
    show,
    table,
    wait_options,
    wait_timeout,
)


def add_parsers(commands: Subcommands) -> None:
    """``model get``, ``checkpoints list|promote`` and ``shapes list|resolve``."""
    model = commands.add_parser("model", help="read a model")
    model_actions = model.add_subparsers(dest="action", required=True, metavar="ACTION")
    get = model_actions.add_parser(
        "get", parents=[CONNECTION], help="print a model", description="Print a model."
    )
    get.add_argument("model", metavar="MODEL", help=MODEL_HELP)
    get.set_defaults(handler=model_get)

    checkpoints = commands.add_parser("checkpoints", help="list or promote a job's checkpoints")
    actions = checkpoints.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser(
        "list",
        parents=[CONNECTION],
        help="list a job's checkpoints",
        description="List a job's checkpoints.",
    )
    listing.add_argument("job", metavar="JOB", help=JOB_HELP)
    listing.add_argument(
        "--promotable", action="store_true", help="only those that can be promoted"
    )
    listing.set_defaults(handler=checkpoints_list)
    promote = actions.add_parser(
        "promote",
        parents=[CONNECTION],
        help="promote a checkpoint to a model you can deploy",
        description="Promote a checkpoint. Not idempotent: a lost answer is checked by reading "
        "the output model back before anything is sent again.",
    )
    promote.add_argument(
        "checkpoint", metavar="CHECKPOINT", help="its full name, or its ID with --job"
    )
    promote.add_argument("--job", metavar="JOB", help="the job of a bare checkpoint ID")
    promote.add_argument("--output-model", required=True, help=MODEL_HELP)
    promote.add_argument("--base-model", help="default: the job's base model")
    promote.add_argument("--wait", action="store_true", help="wait until the model is READY")
    ledger_option(promote, "step ledger: a promotion is recorded like a step, sent at most once")
    wait_options(promote, DEFAULT_WAIT_TIMEOUT)  # wait_for_model's
    promote.set_defaults(handler=checkpoints_promote)

    shapes = commands.add_parser("shapes", help="list or resolve training shapes")
    shape_actions = shapes.add_subparsers(dest="action", required=True, metavar="ACTION")
    shape_list = shape_actions.add_parser(
        "list", parents=[CONNECTION], help="list the account's training shapes"
    )
    shape_list.set_defaults(handler=shapes_list)
    resolve = shape_actions.add_parser(
        "resolve",
        parents=[CONNECTION],
        help="the latest validated version of a shape (for job create)",
    )
    resolve.add_argument("shape", metavar="SHAPE", help="shape ID or full name")
    resolve.set_defaults(handler=shapes_resolve)


def model_get(args: argparse.Namespace) -> int:
    """``model get``."""
    with client(args) as opened:
        return show(opened.get_model(args.model), args, ("name", "state", "kind"))


def checkpoints_list(args: argparse.Namespace) -> int:
    """``checkpoints list``: a header and a row per checkpoint."""
    with client(args) as opened:
        found = list(opened.list_checkpoints(args.job, promotable=args.promotable or None))
    return table(found, args, ("name", "createTime", "checkpointType", "promotable"))


def checkpoints_promote(args: argparse.Namespace) -> int:
    """``checkpoints promote`` (and wait until the model is READY, with --wait)."""
    with client(args, ledger=ledger_path(args)) as opened:
        checkpoint = args.checkpoint
        if args.job is not None:  # a bare checkpoint ID, in the job given
            checkpoint = checkpoint_name(args.job, checkpoint, account_id=opened.account_id)
        with interrupted(
            f"interrupted while promoting {checkpoint}: it may have been promoted. "
            f"Check with: fireworks-rft model get {args.output_model}"
        ):
            model = opened.promote_checkpoint(
                checkpoint, output_model=args.output_model, base_model=args.base_model
            )
        if args.wait:
            model = opened.wait_for_model(
                model, timeout=wait_timeout(args), poll_interval=args.poll_interval
            )
        return show(model, args, ("name", "state"))


def shapes_list(args: argparse.Namespace) -> int:
    """``shapes list``."""
    with client(args) as opened:
        return table(list(opened.list_training_shapes()), args, ("name", "baseModel"))


def shapes_resolve(args: argparse.Namespace) -> int:
    """``shapes resolve``: the latest validated version (pass it to job create)."""
    with client(args) as opened:
        try:
            version = opened.resolve_training_shape(args.shape)
        except LookupError as exc:
            raise ConfigurationError(str(exc), problem=str(exc)) from None
        return show(version, args, ("name", "validated", "latestValidated"))
