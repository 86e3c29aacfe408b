"""Nothing reaches the network: the whole hostile catalogue against a live service, with every connection
watched, in the test process, the service process and its SPARQL worker processes.

Three watches, because no one of them sees everything:
* an audit hook (sys.addaudithook) in every Python process of the service (netwatch/sitecustomize.py, on the
  path of the service and so of its workers) and in this test process: Python sockets, DNS, urllib;
* canary listeners on loopback, IPv4 and IPv6, named as the SERVICE, FROM and LOAD targets: Oxigraph's own
  HTTP client is native code that no audit hook sees, but its connection lands on a canary;
* the kernel: each worker runs under a seccomp filter (`lexgraph.sparql.deny_network`) that refuses any
  socket but a Unix one, so a SERVICE to a private address fails at once instead of connecting.
The first tests prove that each watch does see what it is meant to see.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from harness import NETWATCH, SERVICE_SETTINGS, Canary
from hostile import export_catalogue, rest_catalogue, sparql_catalogue

SEES_SECCOMP = sys.platform == "linux"

# ------------------------------------------------------------------ this process's own watch

_SEEN: list[tuple[str, object]] = []
_WATCHING = False


def _hook(event: str, args: tuple) -> None:
    if _WATCHING and event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"):
        _SEEN.append((event, args[1] if event == "socket.connect" else args[:2]))


sys.addaudithook(_hook)  # audit hooks cannot be removed: this one records only while _WATCHING


def run_python(code: str, *, watched: bool, log=None, timeout: float = 60) -> subprocess.CompletedProcess:
    environment = {**os.environ}
    if watched:
        environment["PYTHONPATH"] = os.pathsep.join([str(NETWATCH), *filter(None, [os.environ.get("PYTHONPATH")])])
        environment["LEXGRAPH_TEST_NET_LOG"] = str(log)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout,
                          env=environment)


# ------------------------------------------------------------------ each watch sees what it must


def test_the_audit_watch_records_and_blocks_a_python_connect(tmp_path):
    log = tmp_path / "events.jsonl"
    code = (
        "import socket, time\n"
        "started = time.monotonic()\n"
        "try:\n    socket.create_connection(('10.255.255.1', 80), timeout=5)\n"
        "except PermissionError as error:\n    print('blocked', round(time.monotonic() - started, 2), error)\n"
    )
    result = run_python(code, watched=True, log=log)
    assert result.stdout.startswith("blocked"), result.stdout + result.stderr
    assert float(result.stdout.split()[1]) < 1.0  # refused before any packet, not timed out
    events = log.read_text()
    assert '"socket.connect"' in events and "10.255.255.1" in events and '"watching"' in events


def test_the_canary_sees_oxigraphs_native_service_call():
    """Control: with no filter, Oxigraph does call a SERVICE endpoint itself, and the canary sees it."""
    with Canary() as canary:
        code = (
            "import pyoxigraph as ox\n"
            f"query = 'SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{canary.port}/sparql> {{ }} }}'\n"
            "print(list(ox.Store().query(query)))\n"
        )
        run_python(code, watched=False)
    assert canary.hits and canary.hits[0][1].startswith(b"POST /sparql")


@pytest.mark.skipif(not SEES_SECCOMP, reason="seccomp is Linux's; elsewhere the query check alone refuses SERVICE")
def test_a_worker_cannot_open_a_network_socket():
    """Under deny_network, Oxigraph's SERVICE fails at once whatever the address, and nothing connects."""
    with Canary() as canary:
        targets = [f"http://127.0.0.1:{canary.port}/sparql", f"http://[::1]:{canary.port}/sparql",
                   "http://10.255.255.1/sparql", "http://169.254.169.254/latest/meta-data/"]
        code = (
            "import socket, time, pyoxigraph as ox\n"
            "from lexgraph.sparql import deny_network\n"
            "print('filter', deny_network())\n"
            "a, b = socket.socketpair()\n"  # the worker's own channel still works
            "a.sendall(b'x'); assert b.recv(1) == b'x'\n"
            "for family in (socket.AF_INET, socket.AF_INET6):\n"
            "    try:\n        socket.socket(family); print('socket allowed')\n"
            "    except PermissionError:\n        print('socket refused')\n"
            f"for target in {targets!r}:\n"
            "    started = time.monotonic()\n"
            "    try:\n"
            "        list(ox.Store().query('SELECT * WHERE { SERVICE <' + target + '> { } }')); print('ran')\n"
            "    except OSError as error:\n"
            "        print('refused', round(time.monotonic() - started, 2), error)\n"
        )
        result = run_python(code, watched=False)
    lines = result.stdout.splitlines()
    assert lines[0] == "filter True", result.stdout + result.stderr
    assert lines[1:3] == ["socket refused", "socket refused"]
    refusals = lines[3:]
    assert len(refusals) == 4 and all(line.startswith("refused") for line in refusals), lines
    assert all(float(line.split()[1]) < 1.0 for line in refusals)
    assert canary.hits == []


@pytest.mark.skipif(not SEES_SECCOMP, reason="seccomp is Linux's; elsewhere the query check alone refuses SERVICE")
def test_the_live_workers_run_under_the_filter(live):
    workers = live.worker_pids()
    assert len(workers) >= SERVICE_SETTINGS["query_workers"]
    for pid in workers:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
        status = dict(line.split(":", 1) for line in lines if ":" in line)
        assert status["Seccomp"].strip() == "2", f"worker {pid} runs without its seccomp filter"
        assert status["NoNewPrivs"].strip() == "1"


# ------------------------------------------------------------------ the whole hostile set, watched


def test_the_whole_hostile_set_never_reaches_the_network(live):
    global _WATCHING
    with Canary() as canary:
        catalogue = sparql_catalogue(canary.port, SERVICE_SETTINGS["max_request_bytes"])
        catalogue += export_catalogue(canary.port, SERVICE_SETTINGS["max_request_bytes"])
        catalogue += rest_catalogue(canary.port)
        catalogue = [case for case in catalogue if not case.in_process_only]
        wrong = []
        _SEEN.clear()
        _WATCHING = True
        try:
            with httpx.Client(base_url=live.base, timeout=30) as client:
                for case in catalogue:
                    answer = case.send(client)
                    if answer.status_code not in case.status:
                        wrong.append((case.name, answer.status_code, answer.text[:200]))
                assert client.get("/health").json()["status"] == "ok"
        finally:
            _WATCHING = False
            time.sleep(0.5)  # a late native connection would still reach the canary
    assert not wrong, wrong
    assert len(catalogue) > 340
    # Native (Oxigraph) connections: none reached the canary on 127.0.0.1 or ::1.
    assert canary.hits == []
    # Python connections in the service and its workers: none, not even to loopback.
    events = live.events()
    assert [e for e in events if e["event"] != "watching"] == []
    # ... and the watch did run in the service and in the workers that answered.
    watched = {e["pid"]: e["target"] for e in events if e["event"] == "watching"}
    assert live.process.pid in watched
    assert sum("_worker_process" in command for command in watched.values()) >= SERVICE_SETTINGS["query_workers"]
    assert set(live.worker_pids()) <= set(watched)
    # This process connected to the live service only.
    assert _SEEN, "the test's own watch saw its requests"
    for event, target in _SEEN:
        if event == "socket.connect":
            assert target[:2] == ("127.0.0.1", live.port), target
        else:
            assert target[0] in ("127.0.0.1", b"127.0.0.1"), (event, target)
