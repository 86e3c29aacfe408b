"""LexGraph's benchmark (issue 5): load, route latency, /sparql throughput against its peers, validate.

Run it in one go on one machine, nothing else busy:

    .venv/bin/pip install -e ".[test,benchmark]"     # oxigraph (server) and rdflib-endpoint
    .venv/bin/python benchmarks/run.py               # about 10 minutes on 2 cores; --quick: about 2
    .venv/bin/python benchmarks/run.py --smoke       # one minute: every part runs (tests/reliability runs it)

It writes synthetic corpora (`lexgraph generate`, seed 1) into a work folder, and prints one table (also
written as Markdown with --markdown FILE, the form docs/performance.md records). Every server it starts
listens on 127.0.0.1 only and is stopped at the end; every request loop is bounded in time and count.

What is measured:
- load: seconds (the median of three interleaved rounds) and peak memory (max RSS of a fresh process doing
  only that) for LexGraph's two loaders (`OxigraphStore.load`, the service's; `lexgraph.loader.load`, the
  rdflib Dataset that validate and reason use) against raw pyoxigraph (`Store.load` of the same files into
  the same named graphs) and rdflib (`Dataset.parse` of each file, what LexGraph's loader did before);
- latency: median and p99 over HTTP of /compare, /equivalents, /gaps (1 and 8 clients) and of comparison
  queries through /sparql (1 client), each request distinct (the REST routes cache nothing; /sparql
  requests differ by a comment, so its result cache never answers);
- the library functions behind those routes in-process, and `gaps` for every ordered pair of jurisdictions;
- throughput: requests per second over loopback with 1 and 8 concurrent keep-alive clients of the same query
  at LexGraph's /sparql, `oxigraph serve-read-only` and rdflib-endpoint, measured in interleaved rounds (each
  endpoint in turn, several times) so that a change in the machine's load during the run moves every
  endpoint alike, and the ratios hold;
- `lexgraph validate` wall time.

LexGraph runs as `lexgraph serve --workers 2` with one SPARQL worker per process (LEXGRAPH_WORKERS=2,
LEXGRAPH_QUERY_WORKERS=1: both cores serve), its data checked beforehand (LEXGRAPH_VALIDATE_DATA=false: the
corpora conform by construction, and `lexgraph validate` is timed on its own). The load average of the
machine is sampled through the run and printed with the table: other work on the machine moves the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BIN = Path(PYTHON).parent
PREFIXES = """PREFIX lg: <https://w3id.org/lexgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# The comparison queries of the throughput and /sparql latency runs. EQUIVALENTS_QUERY: the correspondences
# from one provision, with the relation, the provision on the other side and its English label (index
# look-ups: the per-request cost dominates). COMPARISON_QUERY: the same from every provision of an article
# (a property path over the article's subtree: the query engine's cost dominates). compare_query(): the
# query behind /compare (src/lexgraph/queries/rest-compare.rq) for two articles, values bound as the
# remote store binds them, with PREFIX lines so that every endpoint can run it.
EQUIVALENTS_QUERY = PREFIXES + """SELECT ?statement ?relation ?to ?label WHERE {
  ?statement lg:fromProvision <%s> ;
             lg:toProvision ?to ;
             lg:relation/skos:notation ?relation .
  OPTIONAL { ?to rdfs:label ?label FILTER(lang(?label) = "en") }
}
ORDER BY ?statement
"""
COMPARISON_QUERY = PREFIXES + """SELECT ?statement ?relation ?from ?to ?label WHERE {
  ?from lg:partOf* <%s> .
  ?statement a lg:Correspondence ;
             lg:fromProvision ?from ;
             lg:toProvision ?to ;
             lg:relation/skos:notation ?relation .
  OPTIONAL { ?to rdfs:label ?label FILTER(lang(?label) = "en") }
}
ORDER BY ?statement
"""
PICKS_QUERY = PREFIXES + """SELECT ?from ?to WHERE {
  ?statement a lg:Correspondence ; lg:fromProvision ?from ; lg:toProvision ?to .
  FILTER(!CONTAINS(STR(?from), "#") && !CONTAINS(STR(?to), "#"))
} ORDER BY ?statement LIMIT 400
"""
ID_BASE = "https://w3id.org/lexgraph/id/"


# ---------------------------------------------------------------- processes and ports


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_measured(code: str, *, env: dict | None = None, timeout: float = 1800) -> tuple[dict, float]:
    """Run Python code in a fresh process; its last stdout line is JSON. Returns it and the peak RSS (MiB)."""
    process = subprocess.Popen(
        [PYTHON, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **(env or {})},
        text=True,
    )
    started = time.monotonic()
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > timeout:
            process.kill()
            raise TimeoutError(code[:80])
        time.sleep(0.05)
    out, err = process.stdout.read(), process.stderr.read()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"measured process failed ({process.returncode}):\n{err[-3000:]}")
    return json.loads(out.strip().splitlines()[-1]), usage.ru_maxrss / 1024


@dataclass
class Server:
    name: str
    base: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start_server(name: str, command: list[str], base: str, probe: str, workdir: Path, env: dict | None = None,
                 wait: float = 600) -> Server:
    log = workdir / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env={**os.environ, **(env or {})})
    deadline = time.monotonic() + wait
    server = Server(name, base, process, log)
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited ({process.returncode}):\n{log.read_text()[-2000:]}")
        status, _ = asyncio.run(one_request(base, probe))
        if status == 200:
            return server
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"{name} did not answer within {wait:g} s")
        time.sleep(0.25)


# ---------------------------------------------------------------- a small HTTP/1.1 keep-alive client


class Connection:
    """One keep-alive connection speaking just enough HTTP/1.1 (Content-Length and chunked answers)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def get(self, target: str, accept: str = "application/sparql-results+json") -> tuple[int, bytes]:
        if self.writer is None:
            await self.open()
        request = f"GET {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept: {accept}\r\n\r\n"
        self.writer.write(request.encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readuntil(b"\r\n")
                    break
                parts.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            body = b"".join(parts)
        else:
            body = await self.reader.read()
            self.close()
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def split_base(base: str) -> tuple[str, int, str]:
    rest = base.split("://", 1)[1]
    hostport, _, path = rest.partition("/")
    host, _, port = hostport.partition(":")
    return host, int(port), "/" + path if path else ""


async def one_request(base: str, target: str) -> tuple[int, bytes]:
    host, port, prefix = split_base(base)
    connection = Connection(host, port)
    try:
        return await connection.get(prefix + target)
    except OSError:
        return 0, b""
    finally:
        connection.close()


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    first_error: str = ""

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


async def drive(base: str, targets: Iterator[str], clients: int, duration: float, max_requests: int,
                warmup: float = 0.5) -> LoadResult:
    """`clients` connections sending requests back to back for `duration` seconds (after `warmup`), at most
    `max_requests` in all; latencies of the measured window."""
    host, port, prefix = split_base(base)
    result = LoadResult()
    start = time.perf_counter()
    measure_from = start + warmup
    stop_at = measure_from + duration

    async def client() -> None:
        connection = Connection(host, port)
        try:
            while True:
                now = time.perf_counter()
                if now >= stop_at or result.requests >= max_requests:
                    return
                target = prefix + next(targets)
                began = time.perf_counter()
                try:
                    status, body = await connection.get(target)
                except (OSError, asyncio.IncompleteReadError) as error:
                    status, body = 0, str(error).encode()
                    connection.close()
                ended = time.perf_counter()
                if began >= measure_from and ended <= stop_at:
                    result.requests += 1
                    result.latencies.append(ended - began)
                    if status != 200:
                        result.errors += 1
                        result.first_error = result.first_error or f"{status}: {body[:200]!r}"
        finally:
            connection.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    result.seconds = min(time.perf_counter(), stop_at) - measure_from
    return result


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# ---------------------------------------------------------------- the measurements


LOADERS = {
    "LexGraph OxigraphStore.load (serve)": """
import json, sys, time
from lexgraph.store import OxigraphStore
t = time.perf_counter(); store = OxigraphStore.load([sys.argv[1]]); seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "triples": len(store)}))
""",
    "LexGraph loader.load (rdflib Dataset)": """
import json, sys, time
from lexgraph.loader import load
t = time.perf_counter(); loaded = load([sys.argv[1]]); seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "triples": len(loaded)}))
""",
    "raw pyoxigraph Store.load": """
import json, sys, time
import pyoxigraph as ox
from lexgraph.loader import plan_files
planned = plan_files([sys.argv[1]])
t = time.perf_counter()
store = ox.Store()
for path, graph, _ in planned:
    store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(graph)))
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "triples": len(store)}))
""",
    "rdflib Dataset.parse": """
import json, sys, time
from rdflib import Dataset
from lexgraph.loader import plan_files
planned = plan_files([sys.argv[1]])
t = time.perf_counter()
dataset = Dataset(default_union=True)
for path, graph, _ in planned:
    dataset.graph(graph).parse(path, format="turtle")
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "triples": sum(len(dataset.graph(g)) for _, g, _ in planned)}))
""",
}


LOAD_ROUNDS = 3


def measure_loads(corpus: Path, skip: set[str], rounds: int = LOAD_ROUNDS) -> dict[str, dict]:
    """Every loader in turn, `rounds` times (a fresh process each), so that a change in the machine's load
    moves them all alike; each loader's median seconds and its highest peak memory."""
    runs: dict[str, list[tuple[dict, float]]] = {name: [] for name in LOADERS if name not in skip}
    for _ in range(rounds):
        for name in runs:
            runs[name].append(run_measured(LOADERS[name].replace("sys.argv[1]", repr(str(corpus)))))
    results = {name: {"seconds": None, "rss": None, "triples": None} for name in LOADERS}
    for name, measured in runs.items():
        seconds = statistics.median(found["seconds"] for found, _ in measured)
        results[name] = {**measured[0][0], "seconds": seconds, "rss": max(rss for _, rss in measured)}
        print(f"    {name}: {seconds:.2f} s (median of {rounds}), {results[name]['rss']:.0f} MiB", flush=True)
    return results


def measure_validate(corpus: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([str(BIN / "lexgraph"), "validate", str(corpus)], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"lexgraph validate failed: {done.stderr[-2000:]}")
    return seconds


SERVICE_PROCESSES = 2  # lexgraph serve --workers: one per core of the 2-core machine the figures come from
QUERY_WORKERS = 1  # SPARQL workers per service process


def start_lexgraph(corpus: Path, workdir: Path, name: str) -> Server:
    port = free_port()
    environment = {"LEXGRAPH_HOST": "127.0.0.1", "LEXGRAPH_PORT": str(port), "LEXGRAPH_DATA": str(corpus),
                   "LEXGRAPH_LOG_LEVEL": "warning", "LEXGRAPH_QUERY_TIMEOUT": "10",
                   "LEXGRAPH_WORKERS": str(SERVICE_PROCESSES), "LEXGRAPH_QUERY_WORKERS": str(QUERY_WORKERS),
                   "LEXGRAPH_VALIDATE_DATA": "false"}
    return start_server(name, [PYTHON, "-c", "import lexgraph_api; lexgraph_api.serve()"],
                        f"http://127.0.0.1:{port}", "/health", workdir, environment)


def picks(server: Server) -> list[tuple[str, str]]:
    """Corresponding provision pairs of the corpus (short ids), for the routes to ask about."""
    status, body = asyncio.run(one_request(server.base, "/sparql?" + urlencode({"query": PICKS_QUERY})))
    if status != 200:
        raise RuntimeError(f"cannot pick provisions: {status} {body[:300]!r}")
    rows = json.loads(body)["results"]["bindings"]
    pairs = [(r["from"]["value"].removeprefix(ID_BASE), r["to"]["value"].removeprefix(ID_BASE)) for r in rows]
    random.Random(5).shuffle(pairs)
    return pairs[:50]


def compare_query(left: str, right: str) -> str:
    from rdflib import URIRef

    from lexgraph.queries import query_text
    from lexgraph.remote import bind
    from lexgraph.store import OX_PREFIXES

    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in OX_PREFIXES.items())
    return prologue + bind(query_text("rest-compare"), {"left": URIRef(left), "right": URIRef(right)})


def article_of(short: str) -> str:
    return ID_BASE + short.split("__")[0]


def route_targets(pairs: list[tuple[str, str]]) -> dict[str, Iterator[str]]:
    """Endless request targets per route, each request distinct where a result cache could answer it."""
    counter = iter(range(10**9))

    def cycle(make) -> Iterator[str]:
        while True:
            for pair in pairs:
                yield make(pair)

    jurisdiction_pairs = sorted({(a.split("/")[0], b.split("/")[0]) for a, b in pairs})
    return {
        "compare": cycle(lambda p: "/compare?" + urlencode({"left": p[0], "right": p[1]})),
        "equivalents": cycle(lambda p: "/equivalents?" + urlencode({"provision": p[0],
                                                                    "jurisdiction": p[1].split("/")[0]})),
        "gaps": (
            "/gaps?" + urlencode({"from": a, "to": b})
            for _ in iter(int, 1)
            for a, b in jurisdiction_pairs
        ),
        "sparql equivalents query": cycle(lambda p: "/sparql?" + urlencode(
            {"query": EQUIVALENTS_QUERY % (ID_BASE + p[0]) + f"# {next(counter)}"})),
        "sparql article query": cycle(lambda p: "/sparql?" + urlencode(
            {"query": COMPARISON_QUERY % article_of(p[0]) + f"# {next(counter)}"})),
        "sparql compare query": cycle(lambda p: "/sparql?" + urlencode(
            {"query": compare_query(article_of(p[0]), article_of(p[1])) + f"# {next(counter)}"})),
    }


def measure_latency(server: Server, pairs, duration: float) -> dict[str, dict]:
    results = {}
    for route in ("compare", "equivalents", "gaps", "sparql equivalents query", "sparql compare query",
                  "sparql article query"):
        targets = route_targets(pairs)[route]
        status, body = asyncio.run(one_request(server.base, next(targets)))
        if status == 404 and b"no route" in body:
            results[route] = {"missing": True}
            print(f"    {route}: route missing", flush=True)
            continue
        for clients in (1, 8) if route in ("compare", "equivalents", "gaps") else (1,):
            run = asyncio.run(drive(server.base, targets, clients, duration, 5000))
            key = route if clients == 1 else f"{route} x8"
            results[key] = {
                "median_ms": statistics.median(run.latencies) * 1000 if run.latencies else float("nan"),
                "p99_ms": percentile(run.latencies, 0.99) * 1000,
                "requests": run.requests, "errors": run.errors, "first_error": run.first_error,
            }
            print(f"    {key}: median {results[key]['median_ms']:.1f} ms, p99 {results[key]['p99_ms']:.1f} ms, "
                  f"{run.requests} requests, {run.errors} errors {run.first_error}", flush=True)
    return results


LIBRARY_LATENCY = """
import json, random, statistics, sys, time
from lexgraph import catalog, comparison
from lexgraph.store import OxigraphStore
sys.path.insert(0, %(benchmarks)r)
from run import ID_BASE, PICKS_QUERY
store = OxigraphStore.load([%(corpus)r])
rows = store.select(PICKS_QUERY)
pairs = [(str(r["from"]).removeprefix(ID_BASE), str(r["to"]).removeprefix(ID_BASE)) for r in rows]
random.Random(5).shuffle(pairs)
pairs = pairs[:50]
calls = {
    "compare": lambda p: comparison.compare(store, p[0], p[1]),
    "equivalents": lambda p: comparison.equivalents(store, p[0], p[1].split("/")[0]),
    "gaps": lambda p: comparison.gaps(store, p[0].split("/")[0], p[1].split("/")[0]),
}


def summary(times):
    times = sorted(times)
    return {"median_ms": statistics.median(times) * 1000,
            "p99_ms": times[min(len(times) - 1, round(0.99 * (len(times) - 1)))] * 1000,
            "max_ms": times[-1] * 1000, "requests": len(times), "errors": 0}


out = {}
for name, call in calls.items():
    times, stop = [], time.perf_counter() + %(duration)r
    while time.perf_counter() < stop and len(times) < 5000:
        pair = pairs[len(times) %% len(pairs)]
        began = time.perf_counter()
        call(pair)
        times.append(time.perf_counter() - began)
    out[name] = summary(times)
# gaps for every ordered pair of jurisdictions (a plan that explodes on some pair shows here), and on a date
codes = catalog.known_jurisdictions(store)
every = [(a, b) for a in codes for b in codes if a != b]
for name, day in (("gaps, every pair", None), ("gaps asOf, every pair", "2026-02-01")):
    times, slowest = [], (0.0, None)
    for a, b in every:
        began = time.perf_counter()
        comparison.gaps(store, a, b, day)
        took = time.perf_counter() - began
        times.append(took)
        slowest = max(slowest, (took, f"{a}->{b}"))
    out[name] = {**summary(times), "slowest": slowest[1]}
print(json.dumps(out))
"""


def measure_library_latency(corpus: Path, duration: float) -> dict[str, dict]:
    """The comparison functions the REST routes call, in-process on the embedded store (no HTTP), and gaps for
    every ordered pair of jurisdictions."""
    code = LIBRARY_LATENCY % {"benchmarks": str(Path(__file__).parent), "corpus": str(corpus),
                              "duration": duration}
    found, _ = run_measured(code)
    for name, row in found.items():
        print(f"    library {name}: median {row['median_ms']:.1f} ms, p99 {row['p99_ms']:.1f} ms, "
              f"max {row['max_ms']:.1f} ms over {row['requests']} calls"
              + (f" (slowest {row['slowest']})" if row.get("slowest") else ""), flush=True)
    return found


def oxigraph_read_only(corpus: Path, workdir: Path) -> Server:
    import pyoxigraph as ox

    from lexgraph.loader import plan_files

    location = workdir / "oxigraph-read-only"
    shutil.rmtree(location, ignore_errors=True)
    store = ox.Store(str(location))
    for path, graph, _ in plan_files([corpus]):
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(graph)))
    store.flush()
    del store
    port = free_port()
    return start_server("oxigraph", [str(BIN / "oxigraph"), "serve-read-only", "--location", str(location),
                                     "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                        f"http://127.0.0.1:{port}", "/query?query=" + quote("ASK {}"), workdir)


def rdflib_endpoint(corpus: Path, workdir: Path) -> Server:
    from lexgraph.loader import plan_files

    port = free_port()
    files = [str(path) for path, _, _ in plan_files([corpus])]
    return start_server("rdflib-endpoint", [str(BIN / "rdflib-endpoint"), "serve", "--host", "127.0.0.1",
                                            "--port", str(port), *files],
                        f"http://127.0.0.1:{port}", "/?query=" + quote("ASK {}"), workdir)


def measure_throughput(servers: dict[str, tuple[Server, str]], queries: dict[str, str], duration: float,
                       rounds: int = 5) -> dict:
    """Each query at each endpoint; LexGraph also with each request distinct (its cache cannot answer)."""
    results = {}
    for query_name, query in queries.items():
        print(f"  {query_name}:", flush=True)
        results.update(_throughput(servers, query_name, query, duration, rounds))
    return results


def _throughput(servers: dict[str, tuple[Server, str]], query_name: str, query: str, duration: float,
                rounds: int) -> dict:
    """Every endpoint in turn, `rounds` times, `duration / rounds` seconds each (after a short warm-up), so
    that the machine's load at any moment weighs on all of them alike; the totals make each cell."""
    expected = None
    variants: list[tuple[str, Server, Iterator[str]]] = []
    for name, (server, path) in servers.items():
        status, body = asyncio.run(one_request(server.base, f"{path}?" + urlencode({"query": query})))
        rows = len(json.loads(body)["results"]["bindings"]) if status == 200 else None
        expected = expected if expected is not None else rows
        if rows != expected:
            raise RuntimeError(f"{name} answers {rows} rows where the first endpoint answered {expected}")
        kinds = {name: False} if not name.startswith("LexGraph") else {
            f"{name} (repeated query: result cache)": False, f"{name} (each query distinct)": True}
        for label, distinct in kinds.items():
            variants.append((label, server, query_targets(path, query, distinct)))
    results = {}
    for clients in (1, 8):
        totals = {label: LoadResult() for label, _, _ in variants}
        for _ in range(rounds):
            for label, server, targets in variants:
                run = asyncio.run(drive(server.base, targets, clients, duration / rounds, 200_000, warmup=0.2))
                total = totals[label]
                total.requests += run.requests
                total.errors += run.errors
                total.seconds += run.seconds
                total.first_error = total.first_error or run.first_error
        for label, total in totals.items():
            results[(f"{label}, {query_name}", clients)] = {
                "rps": total.per_second, "errors": total.errors, "first_error": total.first_error}
            print(f"    {label}, {clients} clients: {total.per_second:.0f} req/s, {total.errors} errors "
                  f"{total.first_error}", flush=True)
    return results


def query_targets(path: str, query: str, distinct: bool) -> Iterator[str]:
    """Endless request targets for one query at one endpoint; `distinct`: each made new by a comment."""
    for number in itertools.count():
        yield f"{path}?" + urlencode({"query": query + (f"# {number}" if distinct else "")})


def load_average() -> float:
    return os.getloadavg()[0]


# ---------------------------------------------------------------- the machine and the table


def machine() -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError, ValueError):
        kib = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    versions = []
    for package in ("lexgraph", "pyoxigraph", "oxigraph", "rdflib", "rdflib-endpoint", "fastapi", "uvicorn",
                    "pyshacl"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{package} {metadata.version(package)}")
    return {"cpus": str(os.cpu_count()), "cpu": cpu, "memory": memory,
            "python": platform.python_version(), "system": platform.platform(), "versions": ", ".join(versions)}


def fmt(value, unit: str = "", digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "n/a"
    return f"{value:.{digits}f}{unit}"


def table(results: dict) -> str:
    lines = []
    info = results["machine"]
    loads = results.get("load_samples", [])
    lines += [
        f"Machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']}; Python {info['python']} on "
        f"{info['system']}", f"Versions: {info['versions']}", f"Run: {results['started']}, {results['seconds']:.0f} s "
        "in all", f"Load average (1 min) sampled through the run: {', '.join(f'{v:.1f}' for v in loads)} "
        f"(2.0 means both cores busy with other work)", "",
        f"LexGraph served as `lexgraph serve --workers {SERVICE_PROCESSES}` with {QUERY_WORKERS} SPARQL worker(s) "
        "per process.", "",
        f"## Load (seconds: median of {results['load_rounds']} interleaved rounds, a fresh process each; "
        "peak memory: the highest max RSS, interpreter included)", "",
        "| loader | triples | seconds | peak MiB | x raw pyoxigraph |", "|---|---:|---:|---:|---:|",
    ]
    for size, loads in results["loads"].items():
        raw = loads["raw pyoxigraph Store.load"]["seconds"]
        for name, found in loads.items():
            ratio = found["seconds"] / raw if found["seconds"] and raw else None
            lines.append(f"| {name} | {size} | {fmt(found['seconds'])} | {fmt(found['rss'], digits=0)} | "
                         f"{fmt(ratio, 'x')} |")
    lines += ["", "## Latency over HTTP (ms; each request distinct; 1 client unless x8)", "",
              "| route | triples | median | p99 | requests | errors |", "|---|---:|---:|---:|---:|---:|"]
    for size, routes in results["latency"].items():
        for route, found in routes.items():
            if found.get("missing"):
                lines.append(f"| {route} | {size} | route missing | | | |")
                continue
            lines.append(f"| {route} | {size} | {fmt(found['median_ms'], digits=1)} | {fmt(found['p99_ms'], digits=1)}"
                         f" | {found['requests']} | {found['errors']} |")
    lines += ["", "## The comparison functions in-process (what the routes call; no HTTP; ms)", "",
              "| function | triples | median | p99 | max | calls |", "|---|---:|---:|---:|---:|---:|"]
    for size, functions in results["library"].items():
        for name, found in functions.items():
            slowest = f" (slowest: {found['slowest']})" if found.get("slowest") else ""
            lines.append(f"| {name} | {size} | {fmt(found['median_ms'], digits=1)} | {fmt(found['p99_ms'], digits=1)}"
                         f" | {fmt(found['max_ms'], digits=1)}{slowest} | {found['requests']} |")
    lines += ["", f"## Throughput over loopback (requests/s, {results['throughput_size']} triples, "
              f"{results['duration']:g} s per cell in 5 interleaved rounds, keep-alive)", "",
              "| endpoint | 1 client | 8 clients |", "|---|---:|---:|"]
    through = results["throughput"]
    for label in dict.fromkeys(label for label, _ in through):
        cells = [through.get((label, c)) for c in (1, 8)]
        lines.append(f"| {label} | " + " | ".join(
            f"{c['rps']:.0f}" + (f" ({c['errors']} errors)" if c["errors"] else "") if c else "n/a" for c in cells
        ) + " |")
    lines += ["", "## lexgraph validate (wall seconds, process start included)", "",
              "| triples | seconds |", "|---:|---:|"]
    lines += [f"| {size} | {fmt(seconds)} |" for size, seconds in results["validate"].items()]
    lines += ["", "## Targets", "", "| target | measured | met |", "|---|---:|:---:|"]
    lines += [f"| {t} | {m} | {'yes' if ok else 'NO'} |" for t, m, ok in results["targets"]]
    return "\n".join(lines)


def targets(results: dict) -> list[tuple[str, str, bool]]:
    found = []
    through = results["throughput"]
    for query in ("equivalents query", "compare query", "article query"):
        for clients in (1, 8):
            ox_rps = through.get((f"oxigraph serve-read-only, {query}", clients), {}).get("rps")
            rdflib_rps = through.get((f"rdflib-endpoint, {query}", clients), {}).get("rps")
            for variant in ("each query distinct", "repeated query: result cache"):
                ours = through.get((f"LexGraph /sparql ({variant}), {query}", clients), {}).get("rps")
                where = f"{query}, {clients} client(s), {variant}"
                if ours and ox_rps:
                    found.append((f"/sparql >= 0.8x Oxigraph server: {where}", f"{ours / ox_rps:.2f}x",
                                  ours / ox_rps >= 0.8))
                if ours and rdflib_rps:
                    found.append((f"/sparql >= 20x rdflib-endpoint: {where}", f"{ours / rdflib_rps:.0f}x",
                                  ours / rdflib_rps >= 20))
    for size, loads in results["loads"].items():
        raw = loads["raw pyoxigraph Store.load"]["seconds"]
        ours = loads["LexGraph OxigraphStore.load (serve)"]["seconds"]
        if raw and ours:
            found.append((f"load <= 1.5x raw pyoxigraph at {size} (OxigraphStore.load)", f"{ours / raw:.2f}x",
                          ours / raw <= 1.5))
    for size, routes in results["latency"].items():
        compare = routes.get("compare x8")
        if compare:
            found.append((f"/compare p99 <= 15 ms under 8 clients at {size}", f"{compare['p99_ms']:.1f} ms",
                          compare["p99_ms"] <= 15))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, help="where corpora and stores go (default: a temporary folder)")
    parser.add_argument("--quick", action="store_true", help="10k and 100k only, short windows")
    parser.add_argument("--smoke", action="store_true",
                        help="10k only, windows of a fraction of a second: checks that every part runs (a test does)")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per latency/throughput cell")
    parser.add_argument("--no-rdflib-1m", action="store_true", help="skip rdflib's parse of 1M (minutes)")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    sizes = [10_000] if args.smoke else [10_000, 100_000] if args.quick else [100_000, 1_000_000]
    duration = 0.5 if args.smoke else 2.0 if args.quick else args.duration
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="lexgraph-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict = {"machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                     "loads": {}, "latency": {}, "library": {}, "throughput": {}, "validate": {},
                     "duration": duration, "load_samples": [load_average()],
                     "load_rounds": 1 if args.smoke else LOAD_ROUNDS}
    print(f"work folder: {workdir}", flush=True)

    from lexgraph.synthetic import generate

    corpora = {}
    validated = [10_000] if args.smoke else [10_000, 100_000]
    for size in sorted({*validated, *sizes}):
        corpus = workdir / f"corpus-{size}"
        if not (corpus / ".lexgraph-synthetic.json").exists():
            generate(size, 1, corpus, overwrite=True)
        corpora[size] = corpus
    print("corpora ready", flush=True)

    for size in sizes:
        print(f"load at {size}:", flush=True)
        skip = {"rdflib Dataset.parse"} if size >= 1_000_000 and args.no_rdflib_1m else set()
        results["loads"][size] = measure_loads(corpora[size], skip, rounds=results["load_rounds"])

    for size in validated:
        results["validate"][size] = measure_validate(corpora[size])
        print(f"validate at {size}: {results['validate'][size]:.1f} s", flush=True)

    servers: list[Server] = []
    try:
        throughput_size = 100_000 if 100_000 in sizes else sizes[-1]
        results["throughput_size"] = throughput_size
        for size in sizes:
            print(f"service at {size}:", flush=True)
            lexgraph = start_lexgraph(corpora[size], workdir, f"lexgraph-{size}")
            servers.append(lexgraph)
            pairs = picks(lexgraph)
            results["load_samples"].append(load_average())
            results["latency"][size] = measure_latency(lexgraph, pairs, duration)
            results["load_samples"].append(load_average())
            if size == throughput_size:
                queries = {"equivalents query": EQUIVALENTS_QUERY % (ID_BASE + pairs[0][0]),
                           "compare query": compare_query(article_of(pairs[0][0]), article_of(pairs[0][1])),
                           "article query": COMPARISON_QUERY % article_of(pairs[0][0])}
                print("throughput:", flush=True)
                peers = {"LexGraph /sparql": (lexgraph, "/sparql")}
                oxigraph = oxigraph_read_only(corpora[size], workdir)
                servers.append(oxigraph)
                peers["oxigraph serve-read-only"] = (oxigraph, "/query")
                try:
                    endpoint = rdflib_endpoint(corpora[size], workdir)
                    servers.append(endpoint)
                    peers["rdflib-endpoint"] = (endpoint, "/")
                except (RuntimeError, FileNotFoundError) as error:
                    print(f"    rdflib-endpoint unavailable: {error}", flush=True)
                results["throughput"] = measure_throughput(peers, queries, duration)
                results["load_samples"].append(load_average())
                for server in servers[1:]:
                    server.stop()
                del servers[1:]
            lexgraph.stop()
            servers.remove(lexgraph)
            print(f"library at {size}:", flush=True)
            results["library"][size] = measure_library_latency(corpora[size], duration)
            results["load_samples"].append(load_average())
    finally:
        for server in servers:
            server.stop()
    results["seconds"] = time.perf_counter() - started
    results["targets"] = targets(results)
    text = table(results)
    print("\n" + text)
    if args.markdown:
        args.markdown.write_text(textwrap.dedent(text) + "\n", encoding="utf-8")
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
