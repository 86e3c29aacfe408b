"""The bounded load test (load_test.py) in the suite: 8 clients for 5 s on the live service, zero errors. The
60-second run is `-m slow` (and `python tests/reliability/load_test.py`); its figures are in
docs/reliability.md."""

from __future__ import annotations

import asyncio
import time

import pytest
from load_test import run_load


def check(live, seconds: float, record_property) -> None:
    started = time.monotonic()
    results = asyncio.run(run_load(live.base, clients=8, seconds=seconds))
    took = time.monotonic() - started
    summary = results.summary()
    for key in ("requests", "errors", "requests_per_second"):
        record_property(key, summary[key])
    record_property("p99_ms", summary["all"]["p99_ms"])
    print(f"\n{summary['requests']} requests in {summary['seconds']} s ({summary['requests_per_second']}/s), "
          f"p50 {summary['all']['p50_ms']} ms, p99 {summary['all']['p99_ms']} ms, {summary['errors']} errors")
    assert summary["errors"] == 0, summary["error_samples"]
    assert took < seconds + 30, "the load stops by itself"
    assert summary["requests"] >= 20 * seconds
    assert {"compare", "equivalents", "gaps"} <= set(summary["routes"]), "the comparison routes were loaded"
    assert {name for name in summary["routes"] if name.startswith("sparql")} >= {"sparql ask (fresh)"}


def test_load_8_clients_5_seconds(live, record_property):
    check(live, 5.0, record_property)


@pytest.mark.slow
def test_load_8_clients_60_seconds(live, record_property):
    check(live, 60.0, record_property)


def test_the_load_stops_at_its_request_count(live):
    results = asyncio.run(run_load(live.base, clients=8, seconds=60, max_requests=40))
    assert results.count == 40 and results.error_count == 0
