"""The LexGraph HTTP service: a thin FastAPI layer over the `lexgraph` library."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import socket
import threading

from lexgraph.settings import Settings

from .app import create_app
from .balance import BalancedConnections, ConnectionShares

__all__ = ["Settings", "create_app", "serve"]

log = logging.getLogger("lexgraph.api")
RESTART_PAUSE = 1.0  # seconds between a process's death and its replacement


def serve(settings: Settings | None = None) -> None:
    """Run the service with uvicorn until interrupted (what `lexgraph serve` calls).

    With `workers` above 1, the data is checked and an on-disk store loaded once, here; then that many
    processes serve the same port (`ProcessGroup`), each opening its own store (a copy in memory, or the
    on-disk store read-only) and its own SPARQL workers.
    """
    import uvicorn

    settings = settings or Settings()
    if settings.workers <= 1:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level=settings.log_level,
                    timeout_graceful_shutdown=5)
        return
    ProcessGroup(_prepare_processes(settings), settings.workers).run()


def _prepare_processes(settings: Settings) -> Settings:
    """What each process of `workers` runs with: data already checked, an on-disk store already loaded."""
    from lexgraph.errors import DataFileError
    from lexgraph.store import OxigraphStore, StoreUnavailableError

    from .app import check_data

    if settings.remote_store:
        _probe_remote_store(settings)
    if settings.validate_data and not settings.remote_store:
        try:
            check_data(settings)
        except DataFileError as error:  # one clear line, as a single process says it
            raise error.with_traceback(None) from None
    prepared = settings.model_copy(update={"validate_data": False, "workers": 1})
    if settings.store_path is not None and not settings.store_read_only:
        try:
            loaded = OxigraphStore.load(settings.data, ontology=settings.ontology,
                                        include_ontology=settings.include_ontology, path=settings.store_path)
        except OSError as error:  # locked by another service, read-only: one line and exit code 3, no traceback
            raise StoreUnavailableError(f"cannot load the store at {settings.store_path}: {error}") from None
        loaded.oxigraph.flush()
        del loaded  # closed before the processes open it read-only
        prepared = prepared.model_copy(update={"store_read_only": True})
    return prepared


def _probe_remote_store(settings: Settings) -> None:
    """A remote store URL that can never work (StoreEndpointError) stops the start here, once, rather than in
    every process, each restarted forever; one that is only down now lets the processes start (each answers
    503 and retries, as a single process does)."""
    from lexgraph.remote import RemoteStore
    from lexgraph.store import StoreUnavailableError

    probe = RemoteStore(settings.store, timeout=settings.query_timeout)
    try:
        probe.check()
    except StoreUnavailableError:
        log.warning("the store at %s is not answering yet; each process retries it", settings.store)
    finally:
        probe.close()


class ProcessGroup:
    """`count` service processes on one port, each listening on a socket of its own (SO_REUSEPORT), so that
    the kernel spreads new connections among them: with one shared socket, the process that wakes first
    accepts every connection waiting (its event loop accepts until none is left), and 8 clients connecting
    at once all land on one process. A process that dies is started again on its socket (connections the
    kernel gives that socket meanwhile wait in its queue); SIGINT or SIGTERM stops them all. The kernel spreads
    connections by hash, not by load: each process gives up keep-alive connections above its share
    (`balance`)."""

    def __init__(self, settings: Settings, count: int):
        self.settings = settings
        self.sockets = _listening_sockets(settings.host, settings.port, count)
        self.context = multiprocessing.get_context("spawn")  # a fresh interpreter: no threads or store inherited
        self.processes: list = [None] * count
        self.connections = self.context.RawArray("i", count)  # connections each process holds (balance.py)
        self.stopping = threading.Event()

    def run(self) -> None:
        port = self.sockets[0].getsockname()[1]
        log.warning("serving on http://%s:%d with %d processes", self.settings.host, port, len(self.sockets))
        previous = {number: signal.signal(number, lambda *_: self.stopping.set())
                    for number in (signal.SIGINT, signal.SIGTERM)}
        try:
            for index in range(len(self.sockets)):
                self._start(index)
            while not self.stopping.wait(0.5):
                for index, process in enumerate(self.processes):
                    if not process.is_alive() and not self.stopping.is_set():
                        log.error("service process %s ended (exit code %s); starting another", process.pid,
                                  process.exitcode)
                        if not self.stopping.wait(RESTART_PAUSE):
                            self._start(index)
        finally:
            self._stop_all()
            for number, handler in previous.items():
                signal.signal(number, handler)
            for sock in self.sockets:
                sock.close()

    def _start(self, index: int) -> None:
        self.connections[index] = 0  # a dead process's connections died with it
        process = self.context.Process(
            target=_process_main, args=(self.settings.model_dump_json(), self.sockets[index], self.connections, index),
            name=f"lexgraph-service-{index}", daemon=False,
        )
        process.start()
        self.processes[index] = process

    def _stop_all(self) -> None:
        for process in self.processes:
            if process is not None and process.is_alive():
                with contextlib.suppress(OSError):
                    os.kill(process.pid, signal.SIGTERM)  # uvicorn stops gracefully: lifespan, SPARQL workers
        for process in self.processes:
            if process is not None:
                process.join(30)
                if process.is_alive():
                    process.kill()
                    process.join(5)


def _listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """`count` sockets bound to the same address with SO_REUSEPORT, listening (port 0: one free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(family, socket.SOCK_STREAM)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host, port))
            port = sock.getsockname()[1]  # the others take the same port
            sock.listen(2048)
            sock.set_inheritable(True)
    except BaseException:
        for sock in sockets:
            sock.close()
        raise
    return sockets


def _process_main(settings_json: str, sock: socket.socket, connections, index: int) -> None:
    """One process of a `ProcessGroup`: the application on its own socket, until SIGTERM or SIGINT, holding no
    more than its share of the group's keep-alive connections (`balance`)."""
    import uvicorn

    settings = Settings.model_validate_json(settings_json)
    server: uvicorn.Server | None = None
    shares = ConnectionShares(connections, index, lambda: len(server.server_state.connections) if server else 0)
    config = uvicorn.Config(BalancedConnections(create_app(settings), shares), log_level=settings.log_level,
                            timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock])
