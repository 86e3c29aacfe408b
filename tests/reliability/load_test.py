"""Bounded load test on loopback: the comparison routes and /sparql, N concurrent clients, stopping by itself.

    .venv/bin/python tests/reliability/load_test.py                      # own service, 8 clients, 60 s
    .venv/bin/python tests/reliability/load_test.py --url http://127.0.0.1:8000 --seconds 10 --json out.json

Without --url it starts the service (`lexgraph serve`, default settings) on a free loopback port and stops it
afterwards. It stops at --seconds or at --max-requests, whichever comes first, and prints per-route counts,
errors and latency percentiles; the exit status is 1 if any request failed (any status >= 400 or a transport
error: every request of the mix is a valid one). test_load.py runs a 5-second version in the suite.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import percentile, start_server, stop_server

EU_ART5 = "eu/reg-2024-1689/art_5__para_1"
KZ_ART17 = "kz/law-230-viii/art_17__para_3"
JSON_RESULTS = {"Accept": "application/sparql-results+json"}
SPARQL_QUERIES = {
    "sparql select (cached)": 'SELECT ?j ?label WHERE { ?j a lg:Jurisdiction ; rdfs:label ?label '
                              'FILTER(lang(?label) = "en") } ORDER BY ?j',
    "sparql correspondences (cached)": "SELECT ?c ?from ?to WHERE { ?c a lg:Correspondence ; lg:fromProvision ?from ; "
                                       "lg:toProvision ?to } ORDER BY ?c LIMIT 50",
    "sparql ask (fresh)": "ASK { lgid:eu a lg:Jurisdiction }",
    "sparql articles (fresh)": "SELECT ?p ?label WHERE { ?p a lg:Article ; rdfs:label ?label } LIMIT 20",
    "sparql construct (fresh)": "CONSTRUCT WHERE { lgid:eu ?p ?o }",
}


@dataclass(frozen=True)
class Call:
    name: str
    path: str
    params: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    fresh: bool = False  # a new SPARQL text each time (a comment), so a worker answers, not the cache


def mix(paths: set[str]) -> list[Call]:
    """The requests the clients cycle through: the comparison routes the service offers, and /sparql."""
    rest = [
        Call("compare", "/compare", {"left": EU_ART5, "right": KZ_ART17}),
        Call("equivalents", "/equivalents", {"provision": EU_ART5, "jurisdiction": "kz"}),
        Call("gaps", "/gaps", {"from": "eu", "to": "kz"}),
        Call("provision", f"/provisions/{EU_ART5}"),
        Call("search", "/search", {"q": "biometric"}),
        Call("jurisdictions", "/jurisdictions"),
    ]
    calls = [call for call in rest if _offered(call.path, paths)]
    for name, text in SPARQL_QUERIES.items():
        accept = {"Accept": "text/turtle"} if "construct" in name else JSON_RESULTS
        calls.append(Call(name, "/sparql", {"query": text}, accept, fresh="fresh" in name))
    return calls


def _offered(path: str, paths: set[str]) -> bool:
    """Whether the OpenAPI paths hold this concrete path (templates such as /provisions/{j}/{i}/{eId} match)."""
    parts = path.strip("/").split("/")
    for template in paths:
        pieces = template.strip("/").split("/")
        if len(pieces) == len(parts) and all(p.startswith("{") or p == q for p, q in zip(pieces, parts, strict=True)):
            return True
        if pieces[-1].endswith(":path}") and parts[: len(pieces) - 1] == pieces[:-1]:
            return True
    return False


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    seconds: float = 0.0

    def record(self, name: str, seconds: float) -> None:
        self.latencies.setdefault(name, []).append(seconds)

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    def summary(self) -> dict:
        everything = [x for values in self.latencies.values() for x in values]

        def figures(values: list[float]) -> dict:
            return {
                "requests": len(values),
                "p50_ms": round(percentile(values, 0.50) * 1000, 1),
                "p95_ms": round(percentile(values, 0.95) * 1000, 1),
                "p99_ms": round(percentile(values, 0.99) * 1000, 1),
                "max_ms": round(max(values) * 1000, 1),
            }

        return {
            "seconds": round(self.seconds, 1),
            "requests": self.count,
            "errors": self.error_count,
            "requests_per_second": round(self.count / self.seconds, 1) if self.seconds else 0.0,
            "all": figures(everything) if everything else {},
            "routes": {name: figures(values) for name, values in sorted(self.latencies.items())},
            "error_samples": self.errors[:10],
        }


async def run_load(base: str, clients: int = 8, seconds: float = 60.0, max_requests: int = 1_000_000) -> Results:
    """`clients` connections, each sending the mix in turn (from a different start), until `seconds` pass or
    `max_requests` have been sent in all."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as probe:
        paths = set((await probe.get("/openapi.json")).json()["paths"])
    calls = mix(paths)
    results = Results()
    sent = itertools.count()
    fresh = itertools.count()
    deadline = time.monotonic() + seconds

    async def client(index: int) -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
            for position in itertools.count(index):
                if time.monotonic() >= deadline or next(sent) >= max_requests:
                    return
                call = calls[position % len(calls)]
                params = dict(call.params)
                if call.fresh:
                    params["query"] += f"\n# load {os.getpid()}-{next(fresh)}"
                started = time.perf_counter()
                try:
                    answer = await http.get(call.path, params=params, headers=call.headers)
                    await answer.aread()
                    failed = None
                    if answer.status_code >= 400:
                        failed = f"{call.name}: {answer.status_code} {answer.text[:200]}"
                except httpx.HTTPError as error:
                    failed = f"{call.name}: {type(error).__name__} {error}"
                results.record(call.name, time.perf_counter() - started)
                if failed:
                    results.error_count += 1
                    results.errors.append(failed)

    started = time.monotonic()
    await asyncio.gather(*(client(i) for i in range(clients)))
    results.seconds = time.monotonic() - started
    return results


def machine() -> dict:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}",
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}


def print_report(summary: dict, clients: int, about: dict) -> None:
    print(f"{about['date']}  {about['cpu']} ({about['cores']} cores), Python {about['python']}, {about['system']}")
    print(f"{clients} clients, {summary['seconds']} s: {summary['requests']} requests "
          f"({summary['requests_per_second']}/s), {summary['errors']} errors")
    print(f"{'route':34} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, row in [*summary["routes"].items(), ("all", summary["all"])]:
        print(f"{name:34} {row['requests']:>9} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['p99_ms']:>8} "
              f"{row['max_ms']:>8}")
    for sample in summary["error_samples"]:
        print("error:", sample)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running service; default: start one on loopback")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    options = parser.parse_args(argv)
    server = None
    with tempfile.TemporaryDirectory(prefix="lexgraph-load-") as directory:
        if options.url is None:
            server = start_server(Path(directory), {})
        try:
            base = options.url or server.base
            results = asyncio.run(run_load(base, options.clients, options.seconds, options.max_requests))
        finally:
            if server is not None:
                stop_server(server)
    summary = results.summary()
    about = machine()
    print_report(summary, options.clients, about)
    if options.json:
        options.json.write_text(json.dumps({"machine": about, "clients": options.clients, **summary}, indent=2))
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
