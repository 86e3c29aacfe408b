"""benchmarks/run.py still runs every part and prints its whole table (`--smoke`: 10k triples, windows of half a
second). What it measures is not asserted: figures belong to docs/performance.md, not to a test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("## Load", "## Latency over HTTP", "## The comparison functions in-process", "## Throughput over loopback",
            "## lexgraph validate", "## Targets")


def section_rows(table: str, heading: str) -> list[list[str]]:
    """The data rows of the Markdown table under `heading`, split into cells."""
    lines = table.split(heading, 1)[1].split("\n## ", 1)[0].splitlines()
    rows = [line for line in lines if line.startswith("| ") and not line.startswith("|---")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[1:]]  # without the header


@pytest.mark.slow
def test_the_benchmark_runs_every_part_and_prints_its_table(tmp_path):
    table_file = tmp_path / "table.md"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--workdir", str(tmp_path / "work"),
         "--markdown", str(table_file)],
        capture_output=True, text=True, timeout=900, cwd=ROOT,
    )
    assert result.returncode == 0, (result.stdout[-2000:], result.stderr[-3000:])
    table = table_file.read_text(encoding="utf-8")
    for heading in SECTIONS:
        assert heading in table, heading
    loads = section_rows(table, "## Load")
    assert {row[0] for row in loads} >= {"LexGraph OxigraphStore.load (serve)", "raw pyoxigraph Store.load"}
    latency = section_rows(table, "## Latency over HTTP")
    routes = {row[0] for row in latency}
    assert {"compare", "compare x8", "equivalents", "gaps", "sparql compare query"} <= routes
    for route, _size, median, _p99, requests, errors in latency:
        assert errors == "0" and int(requests) > 0 and median != "n/a", (route, errors, requests)
    throughput = {row[0]: row[1:] for row in section_rows(table, "## Throughput over loopback")}
    for query in ("equivalents query", "compare query", "article query"):
        for endpoint in ("LexGraph /sparql (each query distinct)", "oxigraph serve-read-only"):
            cells = throughput[f"{endpoint}, {query}"]
            assert all(cell.split()[0].isdigit() and int(cell.split()[0]) > 0 and "errors" not in cell
                       for cell in cells), (endpoint, query, cells)
    targets = section_rows(table, "## Targets")
    assert any(row[0].startswith("/compare p99") for row in targets)
    assert all(row[1] not in ("", "n/a") and row[2] in ("yes", "NO") for row in targets)
