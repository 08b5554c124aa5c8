"""Operations of openapi.yaml that go to a server of their own (by make generate).

Never edited by hand: tools/generate.py writes it from the spec's path- and
operation-level ``servers``; _routing.AbsoluteURLs reads it. DO NOT EDIT.
"""

from __future__ import annotations

#: The server every other operation goes to: the spec's top-level ``servers``.
SPEC_SERVER: str | None = "https://api.fireworks.ai"
#: ``(METHOD, path template, server URL)``.
OPERATION_SERVERS: tuple[tuple[str, str, str], ...] = ()
