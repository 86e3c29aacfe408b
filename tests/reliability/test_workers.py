"""`lexgraph serve --workers 2`: two service processes on one port, each with its own store and SPARQL workers,
answering what one process answers; the data loaded once into an on-disk store that both open read-only; and
nothing left running once the service stops."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx
from harness import ASK_EU, SERVICE_SETTINGS, fresh, start_server, stop_server

from lexgraph.store import OxigraphStore

WORKERS = 2
KZ_3 = "kz/law-230-viii/art_17__para_3__point_3"
EU_P1, KZ_P3 = "eu/reg-2024-1689/art_5__para_1", "kz/law-230-viii/art_17__para_3"


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def service_processes(parent: int) -> dict[int, list[int]]:
    """The service processes under the parent, each with its SPARQL worker processes."""
    return {
        pid: [worker for worker in children(pid) if "_worker_process" in command(worker)]
        for pid in children(parent)
        if "multiprocessing" in command(pid) and "resource_tracker" not in command(pid)
    }


def gone(pids: list[int], within: float = 20) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid) for pid in pids):
            return True
        time.sleep(0.2)
    return False


def _state(pid: int) -> str:
    try:
        return next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("State:"))
    except (OSError, StopIteration):
        return "zombie"


def check_serves_like_one_process(base: str) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        health = client.get("/health").json()
        assert health["status"] == "ok" and health["sparqlWorkers"] == SERVICE_SETTINGS["query_workers"]
        for _ in range(20):  # new connections, so both processes answer some
            with httpx.Client(base_url=base, timeout=30) as fresh_client:
                answer = fresh_client.get("/sparql", params={"query": fresh(ASK_EU)},
                                          headers={"Accept": "application/sparql-results+json"})
                assert answer.status_code == 200 and answer.json()["boolean"] is True
        compared = client.get("/compare", params={"left": EU_P1, "right": KZ_P3}).json()
        assert compared["unmatchedLeft"] == [f"{EU_P1}__point_h"]
        assert client.get(f"/provisions/{KZ_3}").json()["appliesFrom"] == "2026-01-18"


def test_two_processes_share_the_port_each_with_its_workers(tmp_path):
    server = start_server(tmp_path, {**SERVICE_SETTINGS, "workers": WORKERS})
    try:
        processes = service_processes(server.process.pid)
        assert len(processes) == WORKERS
        assert all(len(workers) == SERVICE_SETTINGS["query_workers"] for workers in processes.values())
        check_serves_like_one_process(server.base)
        everything = [*processes, *(w for workers in processes.values() for w in workers)]
    finally:
        stop_server(server)
    assert server.process.returncode is not None
    assert gone(everything), "service or SPARQL worker processes outlived the service"


def test_a_service_process_that_dies_is_replaced(tmp_path):
    server = start_server(tmp_path, {**SERVICE_SETTINGS, "workers": WORKERS})
    try:
        (victim, *_) = service_processes(server.process.pid)
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while True:
            processes = service_processes(server.process.pid)
            if victim not in processes and len(processes) == WORKERS and all(processes.values()):
                break
            assert time.monotonic() < deadline, f"no replacement for {victim}: {processes}"
            time.sleep(0.2)
        check_serves_like_one_process(server.base)  # both sockets answer again
    finally:
        stop_server(server)


def test_an_on_disk_store_is_loaded_once_and_opened_read_only_by_each(tmp_path):
    store = tmp_path / "store"
    server = start_server(tmp_path, {**SERVICE_SETTINGS, "workers": WORKERS, "store": store})
    try:
        assert len(service_processes(server.process.pid)) == WORKERS
        check_serves_like_one_process(server.base)
        counts = {httpx.get(server.base + "/health", timeout=30).json()["triples"] for _ in range(10)}
        assert counts == {len(OxigraphStore.load())} and any(store.iterdir())
    finally:
        stop_server(server)


def established_connections(pid: int, port: int) -> int:
    """How many TCP connections to `port` the process holds open (its socket descriptors, found in
    /proc/net/tcp and tcp6 in state ESTABLISHED)."""
    inodes = set()
    for descriptor in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(descriptor)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for table in ("tcp", "tcp6"):
        path = Path(f"/proc/{pid}/net/{table}")
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "01" and fields[9] in inodes:
                count += 1
    return count


def test_keep_alive_connections_end_up_evenly_spread(tmp_path):
    """Nine clients that keep their connections, three processes: however the kernel first hashed them (3/3/3
    one time in twelve), each process soon holds three, as processes above their share close connections."""
    import http.client

    processes_wanted, clients = 3, 9
    server = start_server(tmp_path, {**SERVICE_SETTINGS, "workers": processes_wanted})
    connections = [http.client.HTTPConnection("127.0.0.1", server.port, timeout=30) for _ in range(clients)]
    try:
        processes = list(service_processes(server.process.pid))
        assert len(processes) == processes_wanted
        spread, closes = [], 0
        for _ in range(100):
            for connection in connections:  # http.client reconnects by itself after `Connection: close`
                connection.request("GET", "/health")
                response = connection.getresponse()
                response.read()
                assert response.status == 200
                closes += response.getheader("connection", "").lower() == "close"
            spread = sorted(established_connections(pid, server.port) for pid in processes)
            if spread == [3, 3, 3]:
                break
        assert spread == [3, 3, 3], f"connections per process after 100 rounds: {spread}"
        # Once spread, nobody is asked to leave any more: a round of requests keeps every connection.
        before = closes
        for connection in connections:
            connection.request("GET", "/health")
            response = connection.getresponse()
            response.read()
            closes += response.getheader("connection", "").lower() == "close"
        assert closes == before
    finally:
        for connection in connections:
            connection.close()
        stop_server(server)
