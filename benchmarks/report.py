"""docs/benchmarks.md and docs/benchmarks.png from the results of the benchmark modules."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bench_calls import FASTEST, MERGED
from bench_concurrency import LEVELS
from bench_import import IMPORTS
from bench_polling import LENGTHS
from harness import verdict

#: A guard, not a goal: microseconds per call do not matter next to minute-long steps.
TARGET_CALL = 1.5
TARGET_IMPORT = 1.2
#: The wait's own decisions (states, backoff) add a few µs per poll of several hundred.
TARGET_WAIT = 1.1
POOL_SIZE = 20
THROUGHPUT_HOLD = 0.9
#: Once a job has a finished step: READY-to-return lag, seconds.
TARGET_MEDIAN_LAG = 1.0
TARGET_P90_LAG = 3.0
ADAPTIVE = "adaptive"
BEFORE = "backoff (before)"


def _m(series: dict[str, float]) -> float:
    return series["median"]


def _spread(series: dict[str, float], unit: str = "") -> str:
    return f"{series['q1']:.1f} to {series['q3']:.1f}{unit}"


def targets(results: dict[str, Any], memory_calls: int) -> list[str]:
    imports, size, calls = results["imports"], results["spec_size"], results["calls"]
    conc, wait, memory = results["concurrency"], results["wait"], results["memory"]
    rows = ["| target | result |", "| --- | --- |"]
    for mode in ("sync", "async"):
        ratio = _m(calls[mode]["fireworks_rft"]) / _m(calls[mode][FASTEST])
        rows.append(
            f"| per call ({mode}) <= {TARGET_CALL}x the fastest raw httpx call | {verdict(ratio, TARGET_CALL)} |"
        )
    ratio = _m(imports["fireworks_rft.Client"]) / _m(imports["httpx"])
    rows.append(
        f"| `from fireworks_rft import Client` <= {TARGET_IMPORT}x `import httpx` | {verdict(ratio, TARGET_IMPORT)} |"
    )
    times = size["times"]
    big = f"+{size['operations']} operations"
    ratio = _m(times[big]) / _m(times["httpx"])
    rows.append(
        f"| the same with {big} and {2 * size['operations']} schemas more | {verdict(ratio, TARGET_IMPORT)} |"
    )
    ours = conc["async"]["fireworks_rft"]
    clean = all(not ours[level]["errors"] for level in LEVELS)
    pooled = max(ours[level]["max_open"] for level in LEVELS)
    opened = max(ours[level]["connections_opened"] for level in LEVELS)
    hold = ours[LEVELS[-1]]["calls_per_s"] / ours[100]["calls_per_s"]
    rows.append(
        f"| async: no errors at {', '.join(map(str, LEVELS))} in flight | {'**met**' if clean else '**missed**'} |"
    )
    rows.append(
        f"| async: connections open at once <= pool size ({POOL_SIZE}) | "
        f"{'**met**' if pooled <= POOL_SIZE else '**missed**'} (at most {pooled}) |"
    )
    rows.append(
        f"| async: connections opened in all <= pool size ({POOL_SIZE}) | "
        f"{'**met**' if opened <= POOL_SIZE else '**missed**'} (at most {opened}; see Concurrency) |"
    )
    rows.append(
        f"| async: throughput at 500 >= {THROUGHPUT_HOLD}x at 100 | {verdict(hold, THROUGHPUT_HOLD, at_least=True)} |"
    )
    threads = conc["threads"]
    ok = threads["errors"] == 0 and threads["max_open"] <= POOL_SIZE
    rows.append(
        f"| sync, {threads['threads']} threads: no errors, connections open at once <= {POOL_SIZE} | "
        f"{'**met**' if ok else '**missed**'} ({threads['errors']} errors, at most {threads['max_open']} open, "
        f"{threads['connections_opened']} opened in all) |"
    )
    per_poll = wait["cpu_us_per_poll"]
    ratio = _m(per_poll["wait_for_step"]) / _m(per_poll["get_model + get_job by hand"])
    rows.append(
        f"| `wait_for_step` CPU <= {TARGET_WAIT}x its GETs made by hand | {verdict(ratio, TARGET_WAIT)} |"
    )
    polling = results["polling"]
    for name in (ADAPTIVE, ADAPTIVE + " + jobProgress"):
        missed = [
            f"{length:g} s"
            for length in LENGTHS
            if polling[f"{length:g}"][name]["median_lag"] > TARGET_MEDIAN_LAG
            or polling[f"{length:g}"][name]["p90_lag"] > TARGET_P90_LAG
        ]
        rows.append(
            f"| {name}: median lag <= {TARGET_MEDIAN_LAG:g} s and p90 <= {TARGET_P90_LAG:g} s, "
            f"steps of 30 s to 30 min | {'**met**' if not missed else '**missed** at ' + ', '.join(missed)} |"
        )
    over = [
        f"{length:g} s"
        for length in LENGTHS
        for name in (ADAPTIVE, ADAPTIVE + " + jobProgress")
        if polling[f"{length:g}"][name]["reads"] > polling[f"{length:g}"][BEFORE]["reads"]
    ]
    rows.append(
        "| model reads per step <= before, steps of 30 s to 30 min | "
        f"{'**met**' if not over else '**missed** at ' + ', '.join(over)} |"
    )
    growth = memory["fireworks_rft"]["growth_kb"]
    noise = max(memory["raw httpx"]["growth_kb_max"], 256)
    retained = memory["fireworks_rft"]["retained_bytes"]
    met = growth <= noise and retained < memory_calls
    rows.append(
        f"| RSS grows no more than noise over {memory_calls:,} calls | {'**met**' if met else '**missed**'} "
        f"(RSS +{growth:.0f} KiB, bound {noise:.0f} KiB; Python objects retained: {retained:.0f} bytes) |"
    )
    return rows


def render(results: dict[str, Any], settings: dict[str, Any]) -> str:
    imports, size, calls = results["imports"], results["spec_size"], results["calls"]
    conc, wait, memory = results["concurrency"], results["wait"], results["memory"]
    base = _m(imports["httpx"])
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (`benchmarks/`) on {time.strftime('%Y-%m-%d')}. Every figure is a",
        "median of rounds interleaved with its baselines in the same run, with its spread (the",
        "middle half of the rounds); compare ratios, not absolute numbers, across machines.",
        "Nothing in `make test` depends on timing.",
        "",
        "![benchmarks](benchmarks.png)",
        "",
        "## Targets",
        "",
        *targets(results, settings["memory_calls"]),
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        *[f"| {k} | {v} |" for k, v in results["machine"].items()],
        "",
        f"## Import time (`bench_import.py`, {settings['import_rounds']} fresh processes each)",
        "",
        "| statement | ms (median) | spread | ratio to `import httpx` |",
        "| --- | ---: | ---: | ---: |",
        *[
            f"| `{IMPORTS[name]}` | {_m(v):.1f} | {_spread(v)} | {_m(v) / base:.2f}x |"
            for name, v in imports.items()
        ],
        "",
        "`import fireworks_rft` loads the error classes; the clients load on first use",
        "(PEP 562); the generated package, and attrs with it, load when the first client is",
        "built. A first client is compared with a first `httpx.Client()`: both build an SSL",
        "context.",
        "",
        f"### At a larger spec: {size['operations']} operations and {2 * size['operations']} schemas more",
        "",
        f"A synthetic grpc-gateway-style spec, generated into a temporary folder by `tools/generate.py` "
        f"({size['generated_modules']} generated modules); a first client loads "
        f"{size['modules_loaded_by_first_client']} of them.",
        "",
        "| statement | ms (median) | spread | ratio to `import httpx` |",
        "| --- | ---: | ---: | ---: |",
        *[
            f"| {name} | {_m(v):.1f} | {_spread(v)} | {_m(v) / _m(size['times']['httpx']):.2f}x |"
            for name, v in size["times"].items()
        ],
        "",
        f"## CPU per executeTrainStep call (`bench_calls.py`, MockTransport, {settings['calls']:,} calls x {settings['rounds']} rounds)",
        "",
        "| client | sync µs | spread | ratio | async µs | spread | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in calls["sync"]:
        s, a = calls["sync"][name], calls["async"][name]
        lines.append(
            f"| {name} | {_m(s):.1f} | {_spread(s)} | {_m(s) / _m(calls['sync'][FASTEST]):.2f}x "
            f"| {_m(a):.1f} | {_spread(a)} | {_m(a) / _m(calls['async'][FASTEST]):.2f}x |"
        )
    lines += [
        "",
        f"Ratios are to **{FASTEST}**: `client.post(absolute_url, json=body)` on an `httpx.Client`",
        "whose default headers are the ones fireworks_rft sends, then `raise_for_status()` and",
        f"`.json()`: the cheapest equivalent raw call. **{MERGED}** is the same call through",
        "`httpx.Client(base_url=...)` and a relative path, which makes httpx re-validate the merged",
        "URL on every call. fireworks_rft hands httpx an absolute URL it built once per path.",
        "The official SDK is `fireworks-ai` with `max_retries=0`.",
        "",
        f"## Concurrency (`bench_concurrency.py`, loopback, {conc['latency_ms']:.0f} ms per answer)",
        "",
        "Each client with its defaults and no retries, against `latency_server.py` in its own",
        "process, which counts the connections it accepts. fireworks_rft's rows are the run of",
        "median calls/s of three (a fresh client each; errors over all three, connections the",
        "most of any); the other clients run once.",
        "",
        "| client | in flight | calls | calls/s | p50 ms | errors | connections opened | most open at once |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for name, levels in conc["async"].items():
        for level in LEVELS:
            row = levels[level] if level in levels else levels[str(level)]
            errors = ", ".join(f"{k}: {v}" for k, v in row["errors"].items()) or "none"
            lines.append(
                f"| {name} | {level} | {row['calls']} | {row['calls_per_s']:.0f} | {row['p50_ms']:.0f} "
                f"| {errors} | {row['connections_opened']} | {row['max_open']} |"
            )
    threads = conc["threads"]
    lines += [
        "",
        f"fireworks_rft's sync `Client` shared by {threads['threads']} threads: {threads['calls']} calls, "
        f"{threads['calls_per_s']:.0f} calls/s, {threads['errors']} errors, "
        f"{threads['connections_opened']} connections opened, at most {threads['max_open']} open at once.",
        "",
        "httpcore 1.0 closes connections while more requests queue than it keeps alive, so a",
        "burst beyond the keep-alive size churns connections (or raises `PoolTimeout`). The",
        "clients bound the requests in flight to the pool's keep-alive size (20) and let the",
        "rest wait their turn in the client, so never more than 20 connections are open and each",
        "is reused. A few more may be opened in all during a long burst: httpcore retires a",
        "connection left idle for its keep-alive expiry (httpx's default, 5 s), which happens",
        "to the last connections of the pool when the event loop is saturated. The expiry is",
        "kept short on purpose: a training step sent on a connection the server has just",
        "dropped fails ambiguously (it may have run), so the SDK does not hold idle connections",
        "longer than httpx does.",
        "",
        f"## Waiting (`bench_wait.py`, {wait['polls_per_wait']} polls per wait, sleeps skipped)",
        "",
        "`wait_for_step` against the same reads made by hand in a loop: what the wait adds per",
        "poll is its own bookkeeping (states, progress, backoff), a few µs of several hundred.",
        "",
        "| | CPU µs per poll | spread | ratio to the reads by hand |",
        "| --- | ---: | ---: | ---: |",
        *[
            f"| {name} | {_m(v):.1f} | {_spread(v)} | {_m(v) / _m(wait['cpu_us_per_poll']['get_model + get_job by hand']):.2f}x |"
            for name, v in wait["cpu_us_per_poll"].items()
        ],
        "",
        f"## Noticing a finished step (`bench_polling.py`, virtual clock, {results['polling']['jobs']} jobs x {results['polling']['steps']} steps per length)",
        "",
        "Step durations are the length times a uniform factor in [0.9, 1.1]. Lag is the time",
        "from the model turning READY to the poll that sees it; reads are model reads per step.",
        "The first step of each job (no history) is left out; it polls as before.",
        '"adaptive + jobProgress" assumes the server fills `jobProgress.percent` in whole',
        "percents growing linearly with the step: no source says it does.",
        "",
        "| step length | schedule | median lag s | p90 lag s | model reads per step |",
        "| ---: | --- | ---: | ---: | ---: |",
        *[
            f"| {length:g} s | {name} | {v['median_lag']:.1f} | {v['p90_lag']:.1f} | {v['reads']:.1f} |"
            for length in LENGTHS
            for name, v in results["polling"][f"{length:g}"].items()
        ],
        "",
        "The adaptive schedule spaces its reads evenly over the predicted window so that a step",
        "costs, on average, at most 90% of the reads today's schedule (its jitter averaged)",
        "makes. Without progress from the server, the finish falls anywhere in a window at",
        "least 20% of the step wide (W = 0.2 x length, +-10% noise). Reads g seconds apart see",
        "it g/2 late in the median, after W/(2g) reads in the window on average; with R reads a",
        "step, the median lag is at least W/(4R) = 0.05 x length / R: 0.8 s for 5-min steps",
        "(R = 19.4), 1.0 s for 10-min steps (30.9), 1.2 s for 30-min steps (76.9), before any",
        "read goes elsewhere. The window estimated from earlier steps is wider than that, and",
        "the sparse reads before it (at most 2 min apart, so a failed job is noticed) cost",
        "reads too. So without `jobProgress` the lag targets are within reach for steps up to",
        "about 2 min and, under the read target, out of reach for long ones.",
        "",
        f"## The step ledger (`bench_ledger.py`, {results['ledger']['steps']} steps x {settings['rounds']} rounds, API calls at {results['ledger']['api_ms']:.0f} ms)",
        "",
        "Time in ledger calls per `run_step`, as a ratio to the time in the same step's own API",
        "calls (the baseline), both timed inside the same steps. The mocked API answers in",
        f"{results['ledger']['api_ms']:.0f} ms; the real one is slower and its steps take minutes, so there the",
        "ledger's share is far smaller. PostgreSQL runs locally with `fsync` on, over TCP; each",
        "lease opens a connection of its own (so that it dies with its holder).",
        "",
        "| store | ledger ms per step | spread | ledger calls | API ms per step | API calls | ratio to the API calls |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *[
            f"| {name} | {_m(v['ledger_ms']):.1f} | {_spread(v['ledger_ms'])} | {_m(v['ledger_calls']):.0f} | {_m(v['api_ms']):.1f} | {_m(v['api_calls']):.0f} | {_m(v['ratio']):.2f}x |"
            for name, v in results["ledger"]["stores"].items()
        ],
        "",
        *_scale(results["scale"]),
        "",
        f"## Memory (`bench_memory.py`, {settings['memory_calls']:,} calls after 1,000 warm-up calls, median of {settings['memory_rounds']} processes)",
        "",
        "| client | peak RSS MiB | RSS growth KiB (median) | RSS growth KiB (max) | retained by Python objects, bytes |",
        "| --- | ---: | ---: | ---: | ---: |",
        *[
            f"| {name} | {m['peak_kb'] / 1024:.1f} | {m['growth_kb']:.0f} | {m['growth_kb_max']:.0f} | {m['retained_bytes']:.0f} |"
            for name, m in memory.items()
        ],
        "",
        "RSS moves in pages and allocator arenas, so its bound is the larger of raw httpx's",
        "growth and 256 KiB; the exact check is tracemalloc's count of Python memory still held.",
        "",
        *NOTES,
    ]
    return "\n".join(lines) + "\n"


def _scale(scale: dict[str, Any]) -> list[str]:
    """The ledger at scale: each figure against its target (bench_scale.py)."""
    run_step, watch, report_s = scale["run_step"], scale["watch"], scale["report_s"]
    one, many, sweep = scale["one_driver"], scale["drivers"], scale["sweep"]
    return [
        f"## The ledger at scale (`bench_scale.py`, {scale['loops']:,} loops x {scale['steps']:,} steps = {scale['rows']:,} rows)",
        "",
        "`run_step`'s time in ledger calls per step on the full ledger, against the same on an",
        "empty one (rounds interleaved); the first and a steady `steps --watch` refresh",
        "(`SweepWatch`, a steady one after one change); `fireworks-rft report` of the full ledger.",
        "",
        "| store | ledger ms per step, empty | full | full / empty | first refresh s | steady refresh ms | report s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *[
            f"| {name} | {_m(v['empty_ms']):.1f} | {_m(v['full_ms']):.1f} | {_m(v['ratio']):.2f}x "
            f"| {_m(watch[name]['first_s']):.2f} | {_m(watch[name]['steady_ms']):.1f} | {report_s[name]:.1f} |"
            for name, v in run_step.items()
        ],
        "",
        "Targets: full / empty within 1.10x "
        + ", ".join(f"{name} {verdict(_m(v['ratio']), 1.10)}" for name, v in run_step.items())
        + "; first refresh within 2 s, steady within 200 ms, report within 30 s: "
        + ", ".join(
            f"{name} {'**met**' if _m(watch[name]['first_s']) <= 2 and _m(watch[name]['steady_ms']) <= 200 and report_s[name] <= 30 else '**missed**'}"
            for name in run_step
        )
        + ".",
        "",
        f"{many['drivers']} drivers at once on one PostgreSQL (processes, as a sweep's are, each a",
        f"client with a store of its own; every API call mocked at {many['api_ms']:.0f} ms). Stress: a step's",
        "model READY at its first poll, polled every millisecond, so the drivers run steps back to",
        "back, as many a second as the machine allows (against one driver alone on the same",
        f"server). Sweep: each step takes {sweep['step_seconds']:.0f} s on the mocked server and `run_step` polls as it",
        "does by default (short steps: a real sweep's take minutes).",
        "",
        "| case | drivers | steps each | ledger ms per step | ledger share of the step's API time | steps per second | machine busy | most connections at once |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *[
            f"| {case} | {d['drivers']} | {d['steps_per_driver']} | {_m(d['ledger_ms_per_step']):.1f} "
            f"| {_m(d['ledger_share']) * 100:.1f}% | {d['steps_per_second']:.1f} "
            f"| {(d['machine_busy'] or 0) * 100:.0f}% | {d['peak_connections']} |"
            for case, d in (("stress", one), ("stress", many), ("sweep", sweep))
        ],
        "",
        f"Target: at most 5% with {many['drivers']} drivers: sweep "
        + ("**met**" if _m(sweep["ledger_share"]) <= 0.05 else "**missed**")
        + f" ({_m(sweep['ledger_share']) * 100:.1f}%), stress "
        + ("**met**" if _m(many["ledger_share"]) <= 0.05 else "**missed**")
        + f" ({_m(many['ledger_share']) * 100:.1f}%; one driver alone: {_m(one['ledger_share']) * 100:.1f}%)."
        + f" The stress rows are the median of {len(many['run_shares'])} runs, whose shares were "
        + ", ".join(f"{share * 100:.1f}%" for share in many["run_shares"])
        + f" with {many['drivers']} drivers (a saturated machine varies a lot from run to run).",
        "Under stress two cores run every driver, their mocked API and the database: the",
        "drivers run as many steps a second as the cores allow (the busy column), and their",
        "time in ledger calls grows by the time waiting for a core (the ledger's own work",
        "per step, client and database, is more than half of all the CPU a step costs",
        "there); no write waits for another's lock (change numbers are transaction ids,",
        "leases reuse their connections). **Connection budget:** each driver holds one connection for its store",
        "and, while it sends or checks a step, one for its lease (kept for the next lease",
        "once released, at most two idle): size `max_connections` at 2 x drivers plus a",
        "margin (the peak above), or put a pooler in front for the store connections only",
        "(a lease's session-level advisory lock needs a session of its own).",
    ]


NOTES = [
    "## What the numbers are made of",
    "",
    "- **Per call.** The generated `sync_detailed` builds the request's arguments and parses",
    "  the answer; the facade's sender builds each request with httpx's own `build_request`",
    "  (one way to build a request, not a faster copy of httpx's), takes an in-flight slot,",
    "  sends, and masks the key in the answer. What is left over raw httpx is the name checks,",
    "  `build_request`'s header merge, the",
    "  generated code's own work (its kwargs, the parse of `{}` into a model, its `Response`),",
    "  the slot, the masking and the retry state.",
    "- **Import.** `attrs` alone costs about a third of `import httpx`, and openapi-python-client's",
    "  models are attrs classes. So the facade's own records load on first use, the generated",
    "  package loads when the first client is built, and `fireworks_gateway.models` loads each",
    "  model on first use (a custom `models_init.py.jinja`), so the cost does not grow with",
    "  the spec. `sqlite3` loads only for a client with a ledger.",
    "",
]


def chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    imports, calls, conc = results["imports"], results["calls"], results["concurrency"]
    fig, axes = plt.subplots(2, 2, figsize=(15, 9))
    names = list(imports)
    axes[0][0].barh(names, [_m(imports[n]) for n in names], color="#58b")
    axes[0][0].set_title("Import time (ms, median of fresh processes)")
    axes[0][0].invert_yaxis()
    for ax, mode in ((axes[0][1], "sync"), (axes[1][0], "async")):
        labels = list(calls[mode])
        values = [_m(calls[mode][n]) for n in labels]
        ax.bar(
            [label.replace(", ", ",\n") for label in labels],
            values,
            color=["#888", "#aaa", "#d62", "#58b"],
        )
        ax.set_title(f"CPU per executeTrainStep call, {mode} (µs)")
        base = _m(calls[mode][FASTEST])
        for i, value in enumerate(values):
            ax.text(i, value, f"{value / base:.2f}x", ha="center", va="bottom")
    ax = axes[1][1]
    for name, levels in conc["async"].items():
        ax.plot(
            [str(level) for level in LEVELS],
            [
                (levels[level] if level in levels else levels[str(level)])["calls_per_s"]
                for level in LEVELS
            ],
            marker="o",
            label=name,
        )
    ax.set_title("Async throughput (calls/s) by calls in flight")
    ax.legend()
    fig.suptitle("fireworks-rft vs raw httpx vs the official SDK")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
