"""schemathesis over the service's own OpenAPI document, against the live service on loopback: no 5xx, every
status documented, every content type and body as documented; data that fits the schema (positive) and data
that does not (negative).

The suite runs 400 cases (about 10 s); `-m slow` runs the 2000-case version (about 50 s), which CI runs.
"""

from __future__ import annotations

import collections

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def fuzz(base: str, per_mode: int, derandomize: bool) -> tuple[collections.Counter, dict]:
    """Run `per_mode` positive and `per_mode` negative cases; the count per (mode, operation, status) and the
    distinct failures (operation, check message) with one reproduction each."""
    schema = schemathesis.openapi.from_url(base + "/openapi.json")
    session = requests.Session()
    seen: collections.Counter = collections.Counter()
    failures: dict[tuple[str, str], str] = {}
    current = [""]
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        current[0] = mode.value

        @settings(max_examples=per_mode, deadline=None, derandomize=derandomize, database=None,
                  suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
        @given(case=schema.as_strategy(mode))
        def run(case):
            response = case.call(session=session, base_url=base, timeout=60)
            seen[(current[0], case.operation.label, response.status_code)] += 1
            try:
                case.validate_response(response, checks=CHECKS)
            except (Exception, BaseExceptionGroup) as error:  # collected: all distinct failures are reported
                lines = [line.strip() for line in str(error).splitlines() if line.strip()]
                key = (case.operation.label, next((line for line in lines if line.startswith("- ")), lines[0]))
                failures.setdefault(key, f"{case.method} {case.formatted_path} {case.query} -> "
                                         f"{response.status_code} {response.text[:300]}")

        run()
    return seen, failures


def check(seen: collections.Counter, failures: dict, at_least: int) -> None:
    assert not failures, "\n".join(f"{operation}: {message}\n    {example}"
                                   for (operation, message), example in failures.items())
    assert sum(seen.values()) >= at_least
    assert not [key for key in seen if key[2] >= 500], "no 5xx"
    operations = {operation for _, operation, _ in seen}
    assert {"GET /sparql", "POST /sparql", "GET /export", "GET /id/{path}", "GET /health", "GET /compare",
            "GET /equivalents", "GET /gaps", "GET /search", "GET /provisions/{jurisdiction}/{instrument}/{eId}"
            } <= operations
    print(f"\n{sum(seen.values())} cases over {len(operations)} operations; statuses:",
          dict(collections.Counter(status for _, _, status in seen.elements())))


def test_schemathesis_finds_no_server_error_and_no_undocumented_answer(live):
    check(*fuzz(live.base, per_mode=200, derandomize=True), at_least=400)


@pytest.mark.slow
def test_schemathesis_2000_cases(live):
    check(*fuzz(live.base, per_mode=1000, derandomize=False), at_least=2000)
