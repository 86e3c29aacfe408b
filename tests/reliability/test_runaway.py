"""A query that would run for minutes is stopped at its budget with 503, and while it runs, simple queries on
the same live service keep their normal p99 (measured unloaded in the same test)."""

from __future__ import annotations

import threading
import time

import httpx
from harness import ASK_EU, SERVICE_SETTINGS, fresh, percentile

BUDGET = SERVICE_SETTINGS["query_timeout"]
# Ten VALUES blocks of ten values: 10^10 solutions to count, whatever the data; Oxigraph needs minutes.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(10)
) + " }"
SIMPLE = 'SELECT ?label WHERE { lgid:eu rdfs:label ?label FILTER(lang(?label) = "en") }'


def simple_latencies(client: httpx.Client, count: int | None = None, until=None) -> list[float]:
    """Seconds per simple query, each new to the result cache (a worker answers), alternating with /health."""
    latencies = []
    while (count is None or len(latencies) < count) and (until is None or until()):
        started = time.perf_counter()
        text = fresh(SIMPLE if len(latencies) % 2 else ASK_EU)
        answer = client.get("/sparql", params={"query": text}, headers={"Accept": "application/sparql-results+json"})
        latencies.append(time.perf_counter() - started)
        assert answer.status_code == 200, answer.text
    return latencies


def test_a_runaway_query_is_stopped_at_its_budget_and_simple_queries_keep_their_p99(live, record_property):
    with httpx.Client(base_url=live.base, timeout=60) as client:
        simple_latencies(client, 50)  # warm up: connections, caches of the check
        unloaded = simple_latencies(client, 300)

        outcomes: list[tuple[int, dict, float]] = []

        def run_away() -> None:
            with httpx.Client(base_url=live.base, timeout=60) as runaway_client:
                for _ in range(3):  # three in a row: about three budgets of a worker burning a core
                    started = time.perf_counter()
                    answer = runaway_client.get("/sparql", params={"query": fresh(RUNAWAY)})
                    outcomes.append((answer.status_code, answer.json(), time.perf_counter() - started))

        runner = threading.Thread(target=run_away)
        runner.start()
        time.sleep(0.2)  # the first runaway is in its worker
        loaded = simple_latencies(client, until=runner.is_alive)
        runner.join()

        deadline = time.monotonic() + 30
        while client.get("/health").json()["sparqlWorkers"] < SERVICE_SETTINGS["query_workers"]:
            assert time.monotonic() < deadline, "the killed workers were not replaced"
            time.sleep(0.1)

    assert [status for status, _, _ in outcomes] == [503, 503, 503]
    for _, body, took in outcomes:
        assert body["error"] == "QueryTimeoutError" and f"{BUDGET:g} s budget" in body["message"]
        assert BUDGET * 0.9 <= took <= BUDGET + 2.0
    unloaded_p99, loaded_p99 = percentile(unloaded, 0.99), percentile(loaded, 0.99)
    for name, value in {"unloaded_p50_ms": percentile(unloaded, 0.5) * 1000, "unloaded_p99_ms": unloaded_p99 * 1000,
                        "loaded_p50_ms": percentile(loaded, 0.5) * 1000, "loaded_p99_ms": loaded_p99 * 1000,
                        "loaded_queries": len(loaded), "runaway_seconds": sum(t for _, _, t in outcomes)}.items():
        record_property(name, round(value, 2))
    print(f"\nunloaded p50 {percentile(unloaded, 0.5) * 1000:.1f} ms p99 {unloaded_p99 * 1000:.1f} ms; "
          f"under a runaway: {len(loaded)} queries, p50 {percentile(loaded, 0.5) * 1000:.1f} ms "
          f"p99 {loaded_p99 * 1000:.1f} ms")
    assert len(loaded) >= 100, "simple queries were answered all along, not only between runaways"
    assert loaded_p99 <= 5 * unloaded_p99 + 0.05
