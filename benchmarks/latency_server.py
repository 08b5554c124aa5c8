"""A loopback HTTP/1.1 server that answers every request ``{}`` after a fixed latency.

It counts the connections it accepts and the most open at once, so a benchmark can see
connection churn: ``GET /_stats`` answers ``{"connections": N, "max_open": K, "requests": M}``
and ``POST /_reset`` zeroes them.

    python benchmarks/latency_server.py [--latency-ms 10]   # prints its URL, serves until killed
"""

from __future__ import annotations

import argparse
import asyncio
import json

STATS = {"connections": 0, "max_open": 0, "requests": 0}
OPEN = {"now": 0}


def _answer(body: bytes) -> bytes:
    return (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nx-request-id: lat\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )


async def handle(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, latency: float
) -> None:
    STATS["connections"] += 1
    OPEN["now"] += 1
    STATS["max_open"] = max(STATS["max_open"], OPEN["now"])
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            target = head.split(b" ", 2)[1]
            if target == b"/_stats":
                writer.write(_answer(json.dumps(STATS).encode()))
            elif target == b"/_reset":
                STATS.update(connections=0, max_open=OPEN["now"], requests=0)
                writer.write(_answer(b"{}"))
            else:
                STATS["requests"] += 1
                await asyncio.sleep(latency)
                writer.write(_answer(b"{}"))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        OPEN["now"] -= 1
        writer.close()


async def main(latency_ms: float) -> None:
    server = await asyncio.start_server(
        lambda r, w: handle(r, w, latency_ms / 1000.0), "127.0.0.1", 0, backlog=4096
    )
    port = server.sockets[0].getsockname()[1]
    print(f"http://127.0.0.1:{port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=10.0)
    asyncio.run(main(parser.parse_args().latency_ms))
