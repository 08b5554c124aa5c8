"""Checks on user input, made before anything is sent.

A value that would change the URL it is put into (a ``/``, ``..``, ``?``, ``#``, ``%``, a
backslash, whitespace or a control character) is refused, so a request always goes to the
resource the caller named.
"""

from __future__ import annotations

import re

import attrs

from ._exceptions import ConfigurationError

#: Full resource name of an RLOR trainer job.
JOB_NAME_PATTERN = re.compile(r"accounts/(?P<account>[^/]+)/rlorTrainerJobs/(?P<job>[^/]+)")
_URL_CHANGING = re.compile(r"[/?#%\\]|\.\.|[\s\x00-\x1f\x7f]")
_MAX_SHOWN = 80


@attrs.frozen
class JobRef:
    """A trainer job: its account, its ID, and its full resource name."""

    account_id: str
    job_id: str

    @property
    def name(self) -> str:
        """The full resource name ``accounts/{account}/rlorTrainerJobs/{job}``."""
        return f"accounts/{self.account_id}/rlorTrainerJobs/{self.job_id}"


def _shown(value: str) -> str:
    return repr(value if len(value) <= _MAX_SHOWN else value[:_MAX_SHOWN] + "...")


def require_str(value: object, *, name: str) -> str:
    """Return ``value`` if it is a non-blank string; raise TypeError/ValueError naming ``name``."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {_shown(value)}")
    return value


def check_id(value: object, *, name: str) -> str:
    """Return ``value`` if it is a safe path segment (an account or job ID)."""
    text = require_str(value, name=name)
    match = _URL_CHANGING.search(text)
    if match is not None:
        raise ValueError(
            f"{name} must be a bare ID without '/', '..', '?', '#', '%', '\\', whitespace or "
            f"control characters; got {_shown(text)} (found {match.group()!r})"
        )
    return text


def resolve_job(job: object, *, account_id: str | None) -> JobRef:
    """Resolve a bare job ID or a full job name into a :class:`JobRef`.

    A full name's account wins over ``account_id``; a bare ID needs ``account_id``.
    """
    text = require_str(job, name="job")
    if "/" in text:
        match = JOB_NAME_PATTERN.fullmatch(text)
        if match is None:
            raise ValueError(
                "job must be a bare job ID or a full name "
                f"'accounts/{{account}}/rlorTrainerJobs/{{job}}', got {_shown(text)}"
            )
        return JobRef(
            account_id=check_id(match["account"], name="job (its account)"),
            job_id=check_id(match["job"], name="job (its job ID)"),
        )
    job_id = check_id(text, name="job")
    if account_id is None:
        raise ConfigurationError(
            f"No account for job {_shown(job_id)}: pass account_id= to the client, set "
            "FIREWORKS_ACCOUNT_ID, or give the job's full name "
            "'accounts/{account}/rlorTrainerJobs/{job}'."
        )
    return JobRef(account_id=account_id, job_id=job_id)
