"""The loop's commands: job create/list/cancel/resume/wait, checkpoints list, lora load/get/unload.

Each mirrors a client method (flags mirror its arguments); ``-o json`` prints the API's JSON.
Destructive commands (``job delete``, ``job cancel``, ``lora unload``) ask first on a terminal,
and need ``--yes`` elsewhere.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from .._exceptions import ConfigurationError
from ._commands import Interrupted, _client, wait_timeout
from ._output import EXIT_OK, emit, summary

_JOB_KEYS = ("name", "state", "keepAlive", "displayName", "directRouteHandle")
_LORA_KEYS = ("name", "model", "deployment", "state")


def confirm(args: argparse.Namespace, question: str) -> None:
    """Go on only with ``--yes`` or a "y" typed at a terminal; else a usage error."""
    if getattr(args, "yes", False):
        return
    if sys.stdin.isatty():
        answer = input(f"{question} [y/N] ").strip().lower()
        if answer in ("y", "yes"):
            return
        raise ConfigurationError("not confirmed; nothing was sent", setting="yes")
    raise ConfigurationError(
        f"{question.rstrip('?')}: pass --yes to confirm (no terminal to ask on); nothing was sent",
        setting="yes",
    )


def _show(resource: Any, args: argparse.Namespace, keys: tuple[str, ...]) -> int:
    body = resource.to_dict()
    emit(body, args.output == "json", lambda: summary(body, keys))
    return EXIT_OK


def _table(items: list[Any], args: argparse.Namespace, keys: tuple[str, ...]) -> int:
    bodies = [item.to_dict() for item in items]
    emit(
        bodies,
        args.output == "json",
        lambda: "\n".join("  ".join(str(b.get(k, "-")) for k in keys) for b in bodies) or "(none)",
    )
    return EXIT_OK


def job_create(args: argparse.Namespace) -> int:
    """``job create``: create with the chosen ID (and wait until it runs, with --wait)."""
    with _client(args) as client:
        try:
            job = client.create_job(
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
        except KeyboardInterrupt:
            raise Interrupted(
                f"interrupted while creating {args.job}: the job may have been created. Check "
                f"with: fireworks-rft job get {args.job}"
            ) from None
        if args.wait:
            job = client.wait_for_job(
                job.name, timeout=wait_timeout(args), poll_interval=args.poll_interval
            )
        return _show(job, args, _JOB_KEYS)


def job_list(args: argparse.Namespace) -> int:
    """``job list``."""
    with _client(args) as client:
        return _table(list(client.list_jobs(filter=args.filter)), args, ("name", "state"))


def job_cancel(args: argparse.Namespace) -> int:
    """``job cancel`` (asks first)."""
    confirm(args, f"Cancel trainer job {args.job}? It stops for good")
    with _client(args) as client:
        client.cancel_job(args.job)
    emit({"cancelled": args.job}, args.output == "json", lambda: f"Cancelled {args.job}")
    return EXIT_OK


def job_resume(args: argparse.Namespace) -> int:
    """``job resume``."""
    with _client(args) as client:
        return _show(client.resume_job(args.job), args, _JOB_KEYS)


def job_wait(args: argparse.Namespace) -> int:
    """``job wait``: until the job runs."""
    with _client(args) as client:
        job = client.wait_for_job(
            args.job, timeout=wait_timeout(args), poll_interval=args.poll_interval
        )
        return _show(job, args, _JOB_KEYS)


def checkpoints_list(args: argparse.Namespace) -> int:
    """``checkpoints list``."""
    with _client(args) as client:
        found = list(client.list_checkpoints(args.job, promotable=args.promotable or None))
    return _table(found, args, ("name", "createTime", "checkpointType", "promotable"))


def checkpoints_promote(args: argparse.Namespace) -> int:
    """``checkpoints promote`` (and wait until the model is READY, with --wait)."""
    from ._commands import _ledger_path

    with _client(args, ledger=_ledger_path(args)) as client:
        try:
            model = client.promote_checkpoint(
                args.checkpoint, output_model=args.output_model, base_model=args.base_model
            )
        except KeyboardInterrupt:
            raise Interrupted(
                f"interrupted while promoting {args.checkpoint}: it may have been promoted. "
                f"Check with: fireworks-rft model get {args.output_model}"
            ) from None
        if args.wait:
            model = client.wait_for_model(
                model, timeout=wait_timeout(args), poll_interval=args.poll_interval
            )
        return _show(model, args, ("name", "state"))


def shapes_list(args: argparse.Namespace) -> int:
    """``shapes list``."""
    with _client(args) as client:
        return _table(list(client.list_training_shapes()), args, ("name", "baseModel"))


def shapes_resolve(args: argparse.Namespace) -> int:
    """``shapes resolve``: the latest validated version (pass it to job create)."""
    with _client(args) as client:
        try:
            version = client.resolve_training_shape(args.shape)
        except LookupError as exc:
            raise ConfigurationError(str(exc), problem=str(exc)) from None
        return _show(version, args, ("name", "validated", "latestValidated"))


def job_logs(args: argparse.Namespace) -> int:
    """``job logs``: the trainer's public log (fetched without the API key)."""
    with _client(args) as client:
        text = client.read_job_logs(args.job, tail=args.tail)
    emit({"log": text}, args.output == "json", lambda: text.rstrip("\n"))
    return EXIT_OK


def dataset_upload(args: argparse.Namespace) -> int:
    """``dataset upload``: a JSONL file as a dataset, READY."""
    import os

    if not os.path.isfile(args.file):
        raise ValueError(f"FILE {args.file!r} is not a file: nothing was sent")
    with _client(args) as client:
        ready = client.upload_dataset(
            args.dataset, args.file, timeout=wait_timeout(args), poll_interval=args.poll_interval
        )
        return _show(ready, args, ("name", "state"))


def lora_load(args: argparse.Namespace) -> int:
    """``lora load`` (and wait until DEPLOYED, with --wait); recorded, with a ledger."""
    from ._commands import _ledger_path

    with _client(args, ledger=_ledger_path(args)) as client:
        try:
            loaded = client.load_lora(
                args.model,
                deployment=args.deployment,
                replace_merged_addon=args.replace_merged_addon,
            )
        except KeyboardInterrupt:
            raise Interrupted(
                f"interrupted while loading {args.model} onto {args.deployment}: it may be "
                f"loading. Check the deployment, or undo it with: fireworks-rft lora unload "
                f"{args.model} --deployment {args.deployment}"
            ) from None
        if args.wait:
            loaded = client.wait_for_deployed_model(
                loaded, timeout=wait_timeout(args), poll_interval=args.poll_interval
            )
        return _show(loaded, args, _LORA_KEYS)


def lora_get(args: argparse.Namespace) -> int:
    """``lora get``."""
    with _client(args) as client:
        return _show(client.get_deployed_model(args.deployed_model), args, _LORA_KEYS)


def lora_unload(args: argparse.Namespace) -> int:
    """``lora unload`` (asks first)."""
    where = f" from {args.deployment}" if args.deployment else ""
    confirm(args, f"Unload {args.target}{where}?")
    with _client(args) as client:
        result = client.unload_lora(args.target, deployment=args.deployment)
    emit(
        {"unloaded": result.name, "already_gone": result.already_gone},
        args.output == "json",
        lambda: f"{'Nothing to unload: ' if result.already_gone else 'Unloaded '}{result.name}",
    )
    return EXIT_OK


LOOP_COMMANDS: dict[tuple[str, str | None], Callable[[argparse.Namespace], int]] = {
    ("job", "create"): job_create,
    ("job", "list"): job_list,
    ("job", "cancel"): job_cancel,
    ("job", "resume"): job_resume,
    ("job", "wait"): job_wait,
    ("checkpoints", "list"): checkpoints_list,
    ("checkpoints", "promote"): checkpoints_promote,
    ("shapes", "list"): shapes_list,
    ("shapes", "resolve"): shapes_resolve,
    ("job", "logs"): job_logs,
    ("dataset", "upload"): dataset_upload,
    ("lora", "load"): lora_load,
    ("lora", "get"): lora_get,
    ("lora", "unload"): lora_unload,
}
