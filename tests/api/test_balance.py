"""A service process gives up keep-alive connections above its share (lexgraph_api.balance)."""

from __future__ import annotations

import asyncio

import pytest

from lexgraph_api.balance import CLOSE, BalancedConnections, ConnectionShares


@pytest.mark.parametrize(
    ("slots", "mine", "over"),
    [
        ([0, 0], 1, False),  # one client: its process keeps it
        ([0, 4], 4, False),  # 4/4
        ([0, 3], 5, True),  # 5/3: share 4
        ([0, 4], 5, False),  # 9 over 2: share 5
        ([0, 0, 0], 3, True),  # 3/0/0: share 1
        ([0, 2, 3], 3, False),  # 3/2/3: share 3
    ],
)
def test_a_process_is_over_its_share_when_it_holds_more_than_the_rounded_up_average(slots, mine, over):
    shares = ConnectionShares(slots, 0, lambda: mine)
    assert shares.over_share() is over
    assert slots[0] == mine  # its count is recorded for the others


def answer_headers(over: bool, headers=()) -> list:
    sent = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": list(headers)})
        await send({"type": "http.response.body", "body": b"{}"})

    async def send(message):
        sent.append(message)

    shares = ConnectionShares([0, 0], 0, lambda: 5 if over else 1)
    asyncio.run(BalancedConnections(app, shares)({"type": "http"}, None, send))
    return sent[0]["headers"]


def test_an_answer_over_the_share_asks_the_client_to_reconnect():
    assert CLOSE in answer_headers(over=True)
    assert CLOSE not in answer_headers(over=False)


def test_a_connection_header_the_application_set_is_kept():
    assert answer_headers(over=True, headers=[(b"connection", b"keep-alive")]) == [(b"connection", b"keep-alive")]
