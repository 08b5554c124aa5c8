"""CPU of waiting for a step: wait_for_step against the same reads made by hand.

Over an in-process MockTransport that answers the output model 404 for three polls, then
UPLOADING, then READY on the twentieth, and the job JOB_STATE_RUNNING. Sleeps are skipped,
so what is measured is the CPU of the polls: ``wait_for_step`` against ``get_model`` (404
caught) plus ``get_job`` per poll with the same client, and against raw httpx GETs.

    python benchmarks/bench_wait.py [--waits 200] [--rounds 7]
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from harness import ACCOUNT, API_KEY, BASE_URL, SAME_HEADERS, interleaved, summary

POLLS = 20
MODEL = f"accounts/{ACCOUNT}/models/policy-0001"
JOB = f"accounts/{ACCOUNT}/rlorTrainerJobs/bench-job"


def _server() -> Any:
    """A MockTransport handler with the model's lifecycle, restarted by ``reset()``."""
    import httpx

    state = {"polls": 0}

    def handle(request: httpx.Request) -> httpx.Response:
        if "/models/" in request.url.path:
            state["polls"] += 1
            n = state["polls"]
            if n <= 3:
                return httpx.Response(404, json={"code": 5, "message": "not found"})
            return httpx.Response(
                200, json={"name": MODEL, "state": "READY" if n >= POLLS else "UPLOADING"}
            )
        return httpx.Response(
            200, json={"name": JOB, "state": "JOB_STATE_RUNNING", "keepAlive": True}
        )

    handle.reset = lambda: state.update(polls=0)  # type: ignore[attr-defined]
    return handle


def run(waits: int, rounds: int) -> dict[str, Any]:
    import httpx

    import fireworks_rft
    from fireworks_rft._timing import Timing

    handler = _server()
    no_sleep = Timing(sleep=lambda _: None, jitter=lambda: 0.0)
    client = fireworks_rft.Client(
        api_key=API_KEY,
        account_id=ACCOUNT,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        _timing=no_sleep,
    )
    raw = httpx.Client(transport=httpx.MockTransport(handler), headers=SAME_HEADERS)

    def wait() -> None:
        handler.reset()
        client.wait_for_step(
            JOB, output_model=MODEL, poll_interval=0.001, on_progress=lambda _: None
        )

    def by_hand() -> None:
        handler.reset()
        for _ in range(POLLS):
            try:
                model = client.get_model(MODEL)
            except fireworks_rft.NotFoundError:
                model = None
            client.get_job(JOB)
            if model is not None and model.state == "READY":
                return

    def raw_gets() -> None:
        handler.reset()
        for _ in range(POLLS):
            model = raw.get(f"{BASE_URL}/v1/{MODEL}")
            raw.get(f"{BASE_URL}/v1/{JOB}").json()
            if model.status_code == 200 and model.json()["state"] == "READY":
                return

    cases = {
        "wait_for_step": wait,
        "get_model + get_job by hand": by_hand,
        "raw httpx GETs": raw_gets,
    }
    for case in cases.values():
        for _ in range(20):
            case()

    def timed(case: Any) -> float:
        started = time.process_time()
        for _ in range(waits):
            case()
        return (time.process_time() - started) / (waits * POLLS) * 1e6

    runs = interleaved({name: (lambda c=c: timed(c)) for name, c in cases.items()}, rounds)
    return {
        "polls_per_wait": POLLS,
        "cpu_us_per_poll": {name: summary(v) for name, v in runs.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--waits", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(run(args.waits, args.rounds), indent=2))


if __name__ == "__main__":
    main()
