"""Every default and fixed name of fireworks-rft, in one place.

Nothing here does anything: the modules that apply a setting import its default from here,
so a default is changed with one edit and documented once.
"""

from __future__ import annotations

import httpx

# -- environment variables -------------------------------------------------------------------
API_KEY_ENV = "FIREWORKS_API_KEY"
ACCOUNT_ID_ENV = "FIREWORKS_ACCOUNT_ID"
BASE_URL_ENV = "FIREWORKS_BASE_URL"
LOG_ENV = "FIREWORKS_LOG"
#: The step ledger the CLI uses when no --ledger is given.
LEDGER_ENV = "FIREWORKS_RFT_LEDGER"

# -- the connection --------------------------------------------------------------------------
DEFAULT_BASE_URL = "https://api.fireworks.ai"
#: 60 s for each phase of a request (write, read, pool) and 5 s to connect.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
#: The SDK-owned pool: 20 connections, all kept alive.
DEFAULT_LIMITS = httpx.Limits(max_connections=20, max_keepalive_connections=20)
#: Requests in flight at once on one client; more wait their turn in the client (bounded by
#: the call's deadline and the pool timeout), so a burst never churns connections.
DEFAULT_MAX_IN_FLIGHT = 20
#: The largest response body read, decoded: far above any Gateway answer (a few KB).
DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024
#: The longest timeout, deadline or wait accepted: longer ones overflow socket timeouts.
MAX_SECONDS = 1_000_000.0

# -- retries ---------------------------------------------------------------------------------
DEFAULT_MAX_RETRIES = 2
#: Backoff before the first retry, doubling per retry up to DEFAULT_MAX_RETRY_DELAY.
DEFAULT_RETRY_DELAY = 0.5
DEFAULT_MAX_RETRY_DELAY = 8.0
#: The longest server-requested delay (Retry-After) honoured; above it the error is raised.
DEFAULT_MAX_RETRY_AFTER = 60.0

# -- waiting ---------------------------------------------------------------------------------
#: Fireworks' keep-alive example gave up after two hours, polling every second.
DEFAULT_WAIT_TIMEOUT = 7200.0
DEFAULT_POLL_INTERVAL = 1.0
#: How long wait_for_job and wait_for_deployed_model wait by default.
DEFAULT_JOB_WAIT_TIMEOUT = 3600.0
DEFAULT_LORA_WAIT_TIMEOUT = 1800.0
#: Polling backs off from the poll interval by this factor per poll, up to MAX_POLL_INTERVAL.
POLL_BACKOFF = 1.5
MAX_POLL_INTERVAL = 30.0
#: Reads a second that all the waits on one client make between them, at most.
DEFAULT_MAX_READS_PER_SECOND = 10.0

# -- the step ledger -------------------------------------------------------------------------
#: How long run_step polls for a step's output model, while the job runs, before it decides
#: that a step whose answer was lost never ran (and sends it).
DEFAULT_RECONCILE_GRACE = 120.0
#: A model created this long before its step was first recorded proves nothing about the
#: step (an assumption: this machine's clock and the server's differ by less than this).
STALE_MODEL_MARGIN = 120.0
#: How often a process checks whether the process that holds a step's lease is done.
LEASE_POLL_INTERVAL = 0.2
#: How long one ledger write waits for another process's write to finish.
LEDGER_BUSY_TIMEOUT = 30.0

# -- headers ---------------------------------------------------------------------------------
#: Response header that carries the server's request id.
REQUEST_ID_HEADER = "x-request-id"
#: Request header that numbers the attempts of one call: 0 for the first, 1 for a retry, ...
RETRY_COUNT_HEADER = "x-fireworks-rft-retry-count"
#: How much of a server-supplied text (an error body, a status message) messages keep.
MAX_DISPLAY_CHARS = 300
