"""What every benchmark shares: the workload, interleaved runs, medians with spread, the machine.

Every figure is measured side by side with its baseline in the same run, round by round, and
reported as a median with its spread (the middle half of the rounds), because these machines
are shared and noisy: absolute numbers drift, ratios measured together hold.
"""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT, JOB = "bench-account", "bench-job"
DATASET = f"accounts/{ACCOUNT}/datasets/rollouts-0001"
OUTPUT_MODEL = f"accounts/{ACCOUNT}/models/policy-0001"
STEP_PATH = f"/v1/accounts/{ACCOUNT}/rlorTrainerJobs/{JOB}:executeTrainStep"
BASE_URL = "https://api.fireworks.ai"
API_KEY = "fw-bench-key"
BODY = {"dataset": DATASET, "outputModel": OUTPUT_MODEL}

#: What fireworks_rft sends on every request, so that raw httpx sends the same headers.
SAME_HEADERS = {
    "Authorization": f"Bearer {API_KEY}",
    "User-Agent": "fireworks-rft/0.0.0 (spec 0.0.0; python 3.11)",
    "Accept": "application/json",
    "x-fireworks-rft-retry-count": "0",
}


def median(values: list[float]) -> float:
    """The median."""
    return statistics.median(values)


def spread(values: list[float]) -> tuple[float, float]:
    """The middle half of ``values``: (25th, 75th percentile)."""
    if len(values) < 2:
        return (values[0], values[0])
    q = statistics.quantiles(values, n=4, method="inclusive")
    return (q[0], q[2])


def summary(values: list[float]) -> dict[str, float]:
    """Median and spread of one measured series."""
    low, high = spread(values)
    return {"median": median(values), "q1": low, "q3": high, "n": len(values)}


def interleaved(cases: dict[str, Callable[[], float]], rounds: int) -> dict[str, list[float]]:
    """Run each case once per round, in turn, so drift hits every case alike."""
    results: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, run in cases.items():
            results[name].append(run())
    return results


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a measured child process: no Fireworks settings, bytecode cached."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIREWORKS_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure imports from cached bytecode
    env.update(extra)
    return env


def verdict(ratio: float, target: float, *, at_least: bool = False) -> str:
    """``**met**`` or ``**missed**``, with the ratio and the target."""
    met = ratio >= target if at_least else ratio <= target
    sign = ">=" if at_least else "<="
    return f"**{'met' if met else 'missed'}** ({ratio:.2f}x, target {sign} {target}x)"


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    versions: dict[str, Any] = {}
    for dist in ("fireworks-rft", "httpx", "httpcore", "attrs", "fireworks-ai", "openapi-core"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    return {
        "platform": platform.platform(),
        "cpu": f"{cpu} ({os.cpu_count()} cores)",
        "memory": memory,
        "python": platform.python_version(),
        **versions,
    }
