"""Oversized and malformed HTTP, sent over a raw socket to the live service (what an HTTP client library
refuses to send): each gets a 4xx quickly, and the service keeps serving."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time

import httpx
import pytest
from harness import SERVICE_SETTINGS, still_serving

from lexgraph_api.app import MAX_HEADER_BYTES, MAX_HEADERS, RequestSizeLimit

LIMIT = SERVICE_SETTINGS["max_request_bytes"]


def raw(live, request: bytes, timeout: float = 20) -> tuple[int, bytes, float]:
    """Send bytes, read the answer's status line and body start; the status, the bytes, the seconds taken."""
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", live.port), timeout=timeout) as connection:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # answered and closed before reading all
            connection.sendall(request)
        received = b""
        while b"\r\n\r\n" not in received or len(received) < 200:
            try:
                chunk = connection.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not chunk:
                break
            received += chunk
    status = int(received.split(b" ", 2)[1]) if received.startswith(b"HTTP/1.1 ") else 0
    return status, received, time.perf_counter() - started


REQUESTS = {
    "a query string over the limit": (
        b"GET /sparql?query=" + b"a" * (LIMIT + 10) + b" HTTP/1.1\r\nHost: x\r\n\r\n", (400, 413, 414)),
    "a path of 2 MB": (b"GET /id/" + b"a" * 2_000_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", (400, 414)),
    "100,000 header fields": (
        b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: a\r\n" % i for i in range(100_000)) + b"\r\n",
        (400, 431)),
    "one header of 2 MB": (b"GET /health HTTP/1.1\r\nHost: x\r\nX-A: " + b"a" * 2_000_000 + b"\r\n\r\n", (400, 431)),
    "a Content-Length over the limit": (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: %d\r\n\r\nASK {}" % (50 * LIMIT), (413,)),
    "a negative Content-Length": (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: -5\r\n\r\nASK {}", (400,)),
    "raw non-UTF-8 in the URL": (b"GET /sparql?query=ASK%7B%7D%23\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n", (400,)),
    "not HTTP at all": (b"\x00\x01\x02 GARBAGE\r\n\r\n", (400,)),
    "HTTP/1.1 without Host": (b"GET /health HTTP/1.1\r\n\r\n", (200, 400)),
}


@pytest.mark.parametrize("request_bytes, statuses", REQUESTS.values(), ids=REQUESTS.keys())
def test_raw_oversized_or_malformed_request(live, request_bytes, statuses):
    status, received, took = raw(live, request_bytes)
    assert status in statuses, received[:300]
    assert took < 10
    with httpx.Client(base_url=live.base, timeout=30) as client:
        still_serving(client)


def test_header_limits_answer_431_before_the_stack_reads_them():
    """The middleware alone: 101 fields, or 32 KB of them, never reach the application."""
    reached = []

    async def application(scope, receive, send):
        reached.append(scope)

    limit = RequestSizeLimit(application, max_bytes=LIMIT)
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    def scope(headers):
        return {"type": "http", "method": "GET", "path": "/health", "query_string": b"", "headers": headers}

    asyncio.run(limit(scope([(b"x-%d" % i, b"a") for i in range(MAX_HEADERS + 1)]), receive, send))
    asyncio.run(limit(scope([(b"x-a", b"a" * MAX_HEADER_BYTES)]), receive, send))
    assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [431, 431]
    assert reached == []
    asyncio.run(limit(scope([(b"x-%d" % i, b"a") for i in range(20)]), receive, send))
    assert len(reached) == 1


def test_query_strings_over_the_limit_are_413_in_the_middleware():
    """What a client that sends a long URL gets when the HTTP server lets it through: 413."""
    sent: list[dict] = []

    async def application(scope, receive, send):
        raise AssertionError("reached the application")

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/sparql", "query_string": b"q=" + b"a" * LIMIT, "headers": []}
    asyncio.run(RequestSizeLimit(application, max_bytes=LIMIT)(scope, receive, send))
    assert sent[0]["status"] == 413 and b"larger than" in sent[1]["body"]
