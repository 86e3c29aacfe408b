"""lexgraph.sparql.QueryPool: the worker round trip keeps its guarantees (budget, lost workers, busy pool,
callers that go away) and delivers every answer whole to the caller that asked for it."""

from __future__ import annotations

import asyncio
import json
import os
import signal

import pytest

from lexgraph.sparql import (
    SMALL_REPLY,
    QueryPool,
    QueryTimeoutError,
    ServiceBusyError,
    WorkerLostError,
    plan_query,
)
from lexgraph.store import OX_PREFIXES, OxigraphStore

# Ten VALUES blocks of ten values: 10^10 solutions to count, whatever the data; Oxigraph needs minutes.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(10)
) + " }"


def plan(query: str, accept: str | None = None):
    return plan_query(query, known_graphs=frozenset(), accept=accept, prefixes=OX_PREFIXES)


@pytest.fixture(scope="module")
def snapshot(loaded, tmp_path_factory):
    return OxigraphStore.from_files(loaded.files).snapshot(tmp_path_factory.mktemp("pool"))


def run_with_pool(snapshot, scenario, **settings):
    async def main():
        pool = QueryPool(snapshot, prefixes=OX_PREFIXES, cache_bytes=0, **settings)
        await pool.start()
        try:
            return await scenario(pool)
        finally:
            await pool.close()

    return asyncio.run(main())


def test_concurrent_callers_each_get_their_own_answer(snapshot):
    async def scenario(pool):
        texts = [f"SELECT ?n WHERE {{ BIND({n} AS ?n) }}" for n in range(40)]
        outputs = await asyncio.gather(*(pool.run(plan(text)) for text in texts))
        return [int(json.loads(o.body)["results"]["bindings"][0]["n"]["value"]) for o in outputs]

    assert run_with_pool(snapshot, scenario, workers=2) == list(range(40))


def test_a_large_answer_arrives_whole(snapshot):
    """Larger than one write and than the socket's buffer: framed, read as it arrives, copied whole."""
    async def scenario(pool):
        output = await pool.run(plan("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", accept="text/csv"))
        return output

    output = run_with_pool(snapshot, scenario, workers=1, max_rows=20_000)
    assert len(output.body) > 4 * SMALL_REPLY
    lines = output.body.decode().split("\r\n")
    assert lines[0] == "s,p,o" and lines[-1] == "" and len(lines) == output.rows + 2


def test_a_query_past_its_budget_is_stopped_and_its_worker_replaced(snapshot):
    async def scenario(pool):
        (first,) = pool._all
        with pytest.raises(QueryTimeoutError, match="1 s budget"):
            await pool.run(plan(RUNAWAY))
        answer = await pool.run(plan("ASK {}"))  # the replacement answers
        return first, set(pool._all), answer

    first, workers, answer = run_with_pool(snapshot, scenario, workers=1, timeout=1.0)
    assert first not in workers and first.process.poll() is not None
    assert json.loads(answer.body)["boolean"] is True


def test_a_worker_killed_in_the_middle_of_a_query_fails_that_query_only(snapshot):
    async def scenario(pool):
        running = asyncio.ensure_future(pool.run(plan(RUNAWAY)))
        await asyncio.sleep(0.3)
        busy = next(w for w in pool._all if w.answer is not None)
        os.kill(busy.process.pid, signal.SIGKILL)
        with pytest.raises(WorkerLostError):
            await running
        answers = await asyncio.gather(*(pool.run(plan(f"ASK {{ FILTER({n} > 0) }}")) for n in range(6)))
        return [json.loads(a.body)["boolean"] for a in answers], pool.alive

    booleans, alive = run_with_pool(snapshot, scenario, workers=2, timeout=10.0)
    assert booleans == [False] + [True] * 5 and alive == 2


def test_a_caller_that_goes_away_leaves_its_worker_to_finish_and_return(snapshot):
    """Cancelling a request does not kill the worker (its query is short): it answers and serves the next."""
    async def scenario(pool):
        (worker,) = pool._all
        request = asyncio.ensure_future(pool.run(plan("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
        await asyncio.sleep(0)  # sent
        request.cancel()
        with pytest.raises(asyncio.CancelledError):
            await request
        answer = await pool.run(plan("ASK {}"))
        return worker, set(pool._all), worker.process.poll(), answer

    worker, workers, exit_code, answer = run_with_pool(snapshot, scenario, workers=1, timeout=10.0)
    assert workers == {worker} and exit_code is None
    assert json.loads(answer.body)["boolean"] is True


def test_callers_wait_at_most_one_budget_for_a_busy_pool(snapshot):
    async def scenario(pool):
        running = asyncio.ensure_future(pool.run(plan(RUNAWAY)))
        await asyncio.sleep(0.1)
        with pytest.raises(ServiceBusyError, match="busy"):
            await pool.run(plan("ASK {}"))
        with pytest.raises(QueryTimeoutError):
            await running

    run_with_pool(snapshot, scenario, workers=1, timeout=1.0)


def test_errors_come_back_as_their_own_class(snapshot):
    from lexgraph.errors import QuerySyntaxError

    async def scenario(pool):
        with pytest.raises(QuerySyntaxError, match="malformed SPARQL"):
            await pool.run(plan("SELECT ?x WHERE { ?x }"))
        return await pool.run(plan("ASK {}"))  # the same worker, still serving

    assert json.loads(run_with_pool(snapshot, scenario, workers=1).body)["boolean"] is True
