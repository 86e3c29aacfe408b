"""Keep-alive connections spread evenly over the service processes of `lexgraph serve --workers N`.

The kernel hands each new connection to one process's socket by a hash of its addresses (SO_REUSEPORT), not
by load: 8 clients that connect at once land 4/4 on two processes about one time in four, and 6/2 one time in
five. A client keeps its connection, so the process holding 6 answers 6 clients on one core while the other
answers 2 on the other: their requests wait three times longer (docs/performance.md). Each process therefore
writes how many connections it holds into a shared array, and a process holding more than its share (the
total divided among the processes, rounded up) answers with `Connection: close`. The client opens a new
connection, which the kernel hashes afresh; within a few requests every process holds its share. An HTTP/1.1
client reconnects by itself on `Connection: close`; the request itself is answered as usual.
"""

from __future__ import annotations

from collections.abc import Callable, MutableSequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CLOSE = (b"connection", b"close")


class ConnectionShares:
    """How many connections each process of a group holds: one slot per process, in an array the processes
    share (a `multiprocessing` RawArray of C ints, written by its own process only)."""

    def __init__(self, slots: MutableSequence[int], index: int, held: Callable[[], int]):
        self.slots = slots
        self.index = index
        self.held = held  # how many connections this process holds now

    def over_share(self) -> bool:
        """Record this process's count; True when it holds more than its share of all connections."""
        mine = self.held()
        self.slots[self.index] = mine
        total = sum(self.slots)
        share = -(-total // len(self.slots))  # rounded up: 9 connections over 2 processes allow 5
        return mine > share


class BalancedConnections:
    """ASGI wrapper: answers with `Connection: close` while this process holds more than its share."""

    def __init__(self, app: ASGIApp, shares: ConnectionShares):
        self.app = app
        self.shares = shares

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_balanced(message: Message) -> None:
            if message["type"] == "http.response.start" and self.shares.over_share():
                headers = list(message.get("headers", ()))
                if not any(name.lower() == b"connection" for name, _ in headers):
                    message = {**message, "headers": [*headers, CLOSE]}
            await send(message)

        await self.app(scope, receive, send_balanced)
