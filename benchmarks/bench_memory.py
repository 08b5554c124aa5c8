"""Memory: peak RSS, RSS growth and Python memory retained over many calls, in fresh processes.

python benchmarks/bench_memory.py [--calls 10000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap

from harness import child_env, median

MEMORY_PROBE = textwrap.dedent(
    """
    import gc, json, os, resource, sys
    import httpx
    def handler(request):
        return httpx.Response(200, content=b"{}", headers={"x-request-id": "m"})
    def rss_kb():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    which, calls = sys.argv[1], int(sys.argv[2])
    if which == "fireworks_rft":
        import fireworks_rft
        client = fireworks_rft.Client(api_key="k", account_id="a",
                                      http_client=httpx.Client(transport=httpx.MockTransport(handler)))
        call = lambda: client.execute_train_step("j", dataset="d", output_model="m")
    else:
        raw = httpx.Client(transport=httpx.MockTransport(handler), base_url="https://api.fireworks.ai",
                           headers={"Authorization": "Bearer k"})
        call = lambda: raw.post("/v1/accounts/a/rlorTrainerJobs/j:executeTrainStep",
                                json={"dataset": "d", "outputModel": "m"}).json()
    for _ in range(1000):
        call()
    gc.collect()
    before = rss_kb()
    for _ in range(calls):
        call()
    gc.collect()
    after = rss_kb()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Python memory still held after `calls` more calls, counted exactly by tracemalloc (after
    # a first traced round, so that tracemalloc's own start-up allocations do not count).
    import tracemalloc
    tracemalloc.start()
    for _ in range(calls):
        call()
    gc.collect()
    start_bytes = tracemalloc.get_traced_memory()[0]
    for _ in range(calls):
        call()
    gc.collect()
    retained = tracemalloc.get_traced_memory()[0] - start_bytes
    print(json.dumps({"before_kb": before, "after_kb": after, "growth_kb": after - before,
                      "peak_kb": peak, "retained_bytes": retained}))
    """
)


def run(calls: int, rounds: int) -> dict[str, dict[str, float]]:
    def run(which: str) -> dict[str, float]:
        done = subprocess.run(
            [sys.executable, "-c", MEMORY_PROBE, which, str(calls)],
            capture_output=True,
            text=True,
            env=child_env(),
            check=True,
        )
        return dict(json.loads(done.stdout))

    results: dict[str, list[dict[str, float]]] = {"raw httpx": [], "fireworks_rft": []}
    for _ in range(rounds):
        for which in results:
            results[which].append(run(which))
    return {
        which: {
            "peak_kb": median([r["peak_kb"] for r in runs]),
            "growth_kb": median([r["growth_kb"] for r in runs]),
            "growth_kb_max": max(r["growth_kb"] for r in runs),
            "retained_bytes": median([r["retained_bytes"] for r in runs]),
        }
        for which, runs in results.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(run(args.calls, args.rounds), indent=2))


if __name__ == "__main__":
    main()
