"""What the reliability tests share: the service as a live process on loopback under a network watch, canary
listeners, the follow-up check that the service still serves, and latency figures."""

from __future__ import annotations

import itertools
import json
import math
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

try:
    import lexgraph_api
except ImportError:  # a checkout whose packaging does not list api/ yet
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "api"))
    import lexgraph_api

HERE = Path(__file__).resolve().parent
NETWATCH = HERE / "netwatch"
API_DIR = Path(lexgraph_api.__file__).resolve().parents[1]
# Production limits, except a short budget so that runaway queries are stopped quickly.
SERVICE_SETTINGS = {"query_timeout": 2.0, "max_rows": 1000, "max_request_bytes": 1_000_000, "query_workers": 2}
ASK_EU = "ASK { lgid:eu a lg:Jurisdiction }"
_FRESH = itertools.count()


def fresh(query: str) -> str:
    """The query made unique by a comment, so the result cache cannot answer it: a worker must."""
    return f"{query}\n# fresh {os.getpid()}-{next(_FRESH)}"


def still_serving(client) -> None:
    """The follow-up every hostile request is checked by: a normal query that a worker must answer, and
    /health saying ok."""
    answer = client.get("/sparql", params={"query": fresh(ASK_EU)},
                        headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["boolean"] is True
    health = client.get("/health")
    assert health.status_code == 200 and health.json()["status"] == "ok", health.text


def check_refusal(case, answer) -> None:
    """A hostile request's answer: its expected status, a JSON error naming the problem, nothing echoed."""
    assert answer.status_code in case.status, f"{case.name}: {answer.status_code} {answer.text[:300]}"
    body = answer.json()
    assert set(body) >= {"error", "message"}, body
    assert body["message"].strip() and "Traceback" not in answer.text
    assert case.says.lower() in body["message"].lower(), f"{case.name}: {body['message']!r}"
    assert len(answer.content) < 4096, "an error answer does not echo a large request back"


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile (p99: fraction 0.99) of a non-empty sample."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def free_port(host: str = "127.0.0.1") -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


# ------------------------------------------------------------------ the live service


@dataclass
class LiveServer:
    """A `lexgraph serve` process on loopback, every Python process of it under the network watch."""

    base: str
    port: int
    process: subprocess.Popen
    net_log: Path
    output: Path

    def events(self) -> list[dict]:
        """What the network watch recorded in the service and its workers."""
        if not self.net_log.exists():
            return []
        return [json.loads(line) for line in self.net_log.read_text(encoding="utf-8").splitlines() if line]

    def worker_pids(self) -> list[int]:
        """The SPARQL worker processes alive now (children of the service running `_worker_process`)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            parent = next((line.split()[1] for line in status.splitlines() if line.startswith("PPid:")), "")
            if parent == str(self.process.pid) and "_worker_process" in command:
                found.append(int(entry.name))
        return found


def start_server(directory: Path, settings: dict, extra_env: dict | None = None, wait: bool = True) -> LiveServer:
    """Start the service as `lexgraph serve` does, configured by LEXGRAPH_* variables, with the network watch
    (netwatch/sitecustomize.py) on the path of the service and, through it, of its workers."""
    port = free_port()
    net_log, output = directory / "net-events.jsonl", directory / "server-output.txt"
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(NETWATCH), str(API_DIR), *filter(None, [os.environ.get("PYTHONPATH")])]),
        "LEXGRAPH_TEST_NET_LOG": str(net_log),
        "LEXGRAPH_HOST": "127.0.0.1",
        "LEXGRAPH_PORT": str(port),
        "LEXGRAPH_LOG_LEVEL": "warning",
        **{f"LEXGRAPH_{key.upper()}": str(value) for key, value in settings.items()},
        **(extra_env or {}),
    }
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-c", "import lexgraph_api; lexgraph_api.serve()"],
            env=environment, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", port, process, net_log, output)
    if wait:
        wait_until_healthy(server)
    return server


def wait_until_healthy(server: LiveServer, limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while True:
        if server.process.poll() is not None:
            raise AssertionError(
                f"the server exited with {server.process.returncode}:\n{server.output.read_text()[-3000:]}"
            )
        try:
            if httpx.get(server.base + "/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"the server did not answer /health within {limit:g} s")
        time.sleep(0.1)


def stop_server(server: LiveServer) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGINT)
        try:
            server.process.wait(20)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(5)


# ------------------------------------------------------------------ canaries


@dataclass
class Canary:
    """TCP listeners on loopback (IPv4, and IPv6 where the machine has it) that record every connection: a
    SERVICE call made by Oxigraph's native HTTP client, invisible to audit hooks, lands here."""

    port: int = 0
    hits: list[tuple[str, bytes]] = field(default_factory=list)
    _sockets: list[socket.socket] = field(default_factory=list)

    def __enter__(self) -> Canary:
        self.port = free_port()
        for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
            try:
                listener = socket.socket(family)
                listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                listener.bind((host, self.port))
            except OSError:  # no IPv6 here, or the port is taken on it
                continue
            listener.listen(64)
            listener.settimeout(0.2)
            self._sockets.append(listener)
            threading.Thread(target=self._accept, args=(listener, host), daemon=True).start()
        return self

    def _accept(self, listener: socket.socket, host: str) -> None:
        while listener.fileno() != -1:
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connection.settimeout(1)
            try:
                head = connection.recv(200)
            except OSError:
                head = b""
            self.hits.append((host, head))
            connection.close()

    def __exit__(self, *exc) -> None:
        time.sleep(0.3)  # a connection in flight is still counted
        for listener in self._sockets:
            listener.close()
