"""The ``job`` commands: create, get, list, wait, cancel, resume, delete, logs.

Each mirrors a client method (flags mirror its arguments); ``-o json`` prints the API's JSON.
``job delete`` and ``job cancel`` ask first on a terminal, and need ``--yes`` elsewhere.
"""

from __future__ import annotations

import argparse

from .._constants import DEFAULT_JOB_WAIT_TIMEOUT
from ._common import (
    CONNECTION,
    JOB_HELP,
    MODEL_HELP,
    Subcommands,
    client,
    confirm,
    count,
    interrupted,
    show,
    table,
    wait_options,
    wait_timeout,
)
from ._output import EXIT_OK, emit

_JOB_KEYS = ("name", "state", "keepAlive", "displayName", "directRouteHandle")


def add_parsers(commands: Subcommands) -> None:
    """``job create|get|list|wait|cancel|resume|delete|logs``."""
    job = commands.add_parser("job", help="create, read, list, cancel, resume or delete jobs")
    actions = job.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser(
        "create",
        parents=[CONNECTION],
        help="create a trainer job with the ID you choose (keep-alive by default)",
        description="Create a trainer job. Not idempotent; a lost answer is checked by "
        "reading the job back before anything is sent again.",
    )
    create.add_argument("job", metavar="JOB", help=JOB_HELP)
    create.add_argument("--base-model", required=True, help=MODEL_HELP)
    create.add_argument(
        "--keep-alive",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="keep the trainer up between steps (default: yes)",
    )
    create.add_argument("--hot-load-deployment", metavar="DEPLOYMENT", help="deployment ID")
    create.add_argument("--display-name")
    create.add_argument(
        "--training-shape", metavar="SHAPE", help="a training shape, or one of its versions"
    )
    create.add_argument(
        "--service-mode", action="store_true", help="a service-mode trainer (not keep-alive)"
    )
    create.add_argument(
        "--inactivity-timeout", metavar="DURATION", help='e.g. "1800s" (sent as is)'
    )
    create.add_argument("--exist-ok", action="store_true", help="reuse the job if it exists")
    create.add_argument("--wait", action="store_true", help="wait until the job runs")
    wait_options(create, DEFAULT_JOB_WAIT_TIMEOUT)  # wait_for_job's
    create.set_defaults(handler=job_create)
    for action, text, handler in (
        ("get", "print a trainer job", job_get),
        ("delete", "delete a trainer job", job_delete),
        ("cancel", "cancel a trainer job", job_cancel),
        ("resume", "resume a stopped trainer job", job_resume),
        ("wait", "wait until a trainer job runs", job_wait),
        ("logs", "print a trainer job's public log", job_logs),
    ):
        sub = actions.add_parser(
            action, parents=[CONNECTION], help=text, description=text.capitalize() + "."
        )
        sub.add_argument("job", metavar="JOB", help=JOB_HELP)
        sub.set_defaults(handler=handler)
        if action in ("delete", "cancel"):
            sub.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        if action == "wait":
            wait_options(sub, DEFAULT_JOB_WAIT_TIMEOUT)
        if action == "logs":
            sub.add_argument("--tail", type=count, metavar="N", help="only the last N lines")
    listing = actions.add_parser(
        "list", parents=[CONNECTION], help="list trainer jobs", description="List jobs."
    )
    listing.add_argument("--filter", help="the API's filter expression")
    listing.set_defaults(handler=job_list)


def job_create(args: argparse.Namespace) -> int:
    """``job create``: create with the chosen ID (and wait until it runs, with --wait)."""
    with client(args) as opened:
        with interrupted(
            f"interrupted while creating {args.job}: the job may have been created. Check "
            f"with: fireworks-rft job get {args.job}"
        ):
            job = opened.create_job(
                args.job,
                base_model=args.base_model,
                keep_alive=args.keep_alive,
                hot_load_deployment=args.hot_load_deployment,
                display_name=args.display_name,
                training_shape=args.training_shape,
                service_mode=args.service_mode,
                inactivity_timeout=args.inactivity_timeout,
                exist_ok=args.exist_ok,
            )
        if args.wait:
            job = opened.wait_for_job(
                str(job.name), timeout=wait_timeout(args), poll_interval=args.poll_interval
            )
        return show(job, args, _JOB_KEYS)


def job_get(args: argparse.Namespace) -> int:
    """``job get``."""
    with client(args) as opened:
        return show(opened.get_job(args.job), args, ("name", "state", "keepAlive"))


def job_list(args: argparse.Namespace) -> int:
    """``job list``."""
    with client(args) as opened:
        return table(list(opened.list_jobs(filter=args.filter)), args, ("name", "state"))


def job_wait(args: argparse.Namespace) -> int:
    """``job wait``: until the job runs."""
    with client(args) as opened:
        job = opened.wait_for_job(
            args.job, timeout=wait_timeout(args), poll_interval=args.poll_interval
        )
        return show(job, args, _JOB_KEYS)


def job_cancel(args: argparse.Namespace) -> int:
    """``job cancel`` (asks first)."""
    confirm(args, f"Cancel trainer job {args.job}? It stops for good")
    with client(args) as opened:
        opened.cancel_job(args.job)
    emit({"cancelled": args.job}, args.output == "json", lambda: f"Cancelled {args.job}")
    return EXIT_OK


def job_resume(args: argparse.Namespace) -> int:
    """``job resume``."""
    with client(args) as opened:
        return show(opened.resume_job(args.job), args, _JOB_KEYS)


def job_delete(args: argparse.Namespace) -> int:
    """``job delete`` (asks first); a retry that finds the job gone reports it done."""
    confirm(args, f"Delete trainer job {args.job}?")
    with client(args) as opened:
        result = opened.delete_job(args.job)
    gone = " (a retry found it gone: the first attempt deleted it)" if result.already_gone else ""
    emit(
        {"deleted": result.name, "already_gone": result.already_gone},
        args.output == "json",
        lambda: f"Deleted {result.name}{gone}",
    )
    return EXIT_OK


def job_logs(args: argparse.Namespace) -> int:
    """``job logs``: the trainer's public log (fetched without the API key)."""
    with client(args) as opened:
        text = opened.read_job_logs(args.job, tail=args.tail)
    emit({"log": text}, args.output == "json", lambda: text.rstrip("\n"))
    return EXIT_OK
