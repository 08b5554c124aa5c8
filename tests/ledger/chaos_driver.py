"""A training loop that survives SIGKILL: the chaos tests kill it and start it again.

    python chaos_driver.py BASE_URL API_KEY LEDGER STEPS

Runs steps 0..STEPS-1 of job ``job-1`` with ``run_step`` on a ledger, then prints one JSON
line: the output models it saw READY. Restarted with the same arguments, it resumes.
"""

from __future__ import annotations

import json
import sys

import fireworks_rft


def main() -> None:
    base_url, api_key, ledger, steps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    ready = []
    with fireworks_rft.Client(
        base_url=base_url, api_key=api_key, account_id="acct", ledger=ledger, timeout=30.0
    ) as client:
        for i in range(steps):
            done = client.run_step(
                "job-1",
                dataset=f"d{i}",
                output_model=f"m{i}",
                timeout=120.0,
                reconcile_grace=0.2,  # the emulator creates the model as it executes the step
                poll_interval=0.02,
            )
            ready.append(done.model.name)
    print(json.dumps({"ready": ready}), flush=True)


if __name__ == "__main__":
    main()
