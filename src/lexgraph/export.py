"""Dataset export: the whole dataset or one graph, in Turtle, TriG, N-Triples, N-Quads or JSON-LD.

Streamed (the store writes from a thread into a bounded queue that the reader drains, so memory stays flat
whatever the size), and written to a file atomically (a temporary file beside it, then os.replace).
"""

from __future__ import annotations

import contextlib
import difflib
import os
import queue
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from .errors import IdentifierError, UnknownResourceError, UnsupportedFormatError
from .namespaces import GRAPH_BASE
from .sparql import JSONLD, NQUADS, NTRIPLES, TRIG, TURTLE, Syntax
from .store import Store

EXPORT_SYNTAXES: dict[str, Syntax] = {s.name: s for s in (TURTLE, TRIG, NTRIPLES, NQUADS, JSONLD)}
ALIASES = {
    "ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "nq": "nquads", "n-quads": "nquads", "json-ld": "jsonld"
}
CHUNK_BYTES = 64 * 1024
MAX_GRAPH_LENGTH = 1000  # characters of a graph name; longer is refused before any look-up or suggestion


@dataclass(frozen=True)
class ExportRequest:
    """A checked export: syntax, graph (None: the whole dataset) and the file name to offer."""

    syntax: Syntax
    graph: URIRef | None

    @property
    def filename(self) -> str:
        stem = "lexgraph"
        if self.graph is not None:
            tail = str(self.graph)[len(GRAPH_BASE):] if str(self.graph).startswith(GRAPH_BASE) else str(self.graph)
            stem += "-" + "".join(c if c.isalnum() or c in "-_." else "-" for c in tail).strip("-")
        return f"{stem}.{self.syntax.extension}"


def export_syntax(name: str) -> Syntax:
    """The syntax for a `format` value (short name, common alias or media type); else an error naming it."""
    key = ALIASES.get(name.lower(), name.lower())
    for syntax in EXPORT_SYNTAXES.values():
        if key == syntax.name or key in syntax.media_types:
            return syntax
    shown = name if len(name) <= 60 else name[:40] + "..."  # an error does not echo a long request back
    raise UnsupportedFormatError(f"format={shown!r}: expected one of {', '.join(EXPORT_SYNTAXES)}")


def resolve_graph(store: Store, graph: str | None, parameter: str = "graph") -> URIRef | None:
    """A graph IRI, or its short form below the graph base (`data/eu/reg-2024-1689`), that the store holds."""
    if graph is None:
        return None
    if len(graph) > MAX_GRAPH_LENGTH:
        raise IdentifierError(graph[:40] + "...", f"longer than {MAX_GRAPH_LENGTH} characters", parameter)
    text = graph if "://" in graph or graph.startswith("urn:") else GRAPH_BASE + graph.lstrip("/")
    try:
        ox.NamedNode(text)
    except ValueError as error:
        raise IdentifierError(graph, f"not a graph IRI ({error})", parameter) from None
    iri = URIRef(text)
    if store.has_graph(iri):
        return iri
    names = [str(g) for g in store.graph_names()]
    nearest = difflib.get_close_matches(str(iri), names, n=3, cutoff=0.6)
    raise UnknownResourceError(graph, nearest, kind=f"graph ({parameter}=)")


def plan_export(store: Store, format: str = "turtle", graph: str | None = None) -> ExportRequest:
    """Check the format and graph before anything is written, so errors come before the first byte."""
    return ExportRequest(export_syntax(format), resolve_graph(store, graph))


class _QueueWriter:
    """A binary file object whose writes become chunks on a bounded queue; raises once the reader left."""

    def __init__(self, chunks: queue.Queue, cancelled: threading.Event):
        self.chunks = chunks
        self.cancelled = cancelled
        self.buffer = bytearray()

    def write(self, data) -> int:
        if self.cancelled.is_set():
            raise BrokenPipeError("the reader of the export went away")
        self.buffer += data
        if len(self.buffer) >= CHUNK_BYTES:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            self._put(bytes(self.buffer))
            self.buffer.clear()

    def _put(self, item) -> None:
        while not self.cancelled.is_set():
            try:
                self.chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue
        raise BrokenPipeError("the reader of the export went away")


_DONE = object()


def stream(store: Store, request: ExportRequest) -> Iterator[bytes]:
    """The export as chunks of bytes; the store writes them from a thread as the caller reads."""
    chunks: queue.Queue = queue.Queue(maxsize=8)
    cancelled = threading.Event()

    def produce() -> None:
        writer = _QueueWriter(chunks, cancelled)
        try:
            store.dump(writer, request.syntax.name, request.graph)
            writer.flush()
            writer._put(_DONE)
        except BrokenPipeError:
            return
        except BaseException as error:  # hand the failure to the reader rather than lose it in this thread
            with contextlib.suppress(BrokenPipeError):
                writer._put(error)

    thread = threading.Thread(target=produce, name="lexgraph-export", daemon=True)
    thread.start()
    try:
        while True:
            item = chunks.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        cancelled.set()


def write(store: Store, path: Path | str, format: str = "turtle", graph: str | None = None) -> Path:
    """Export to a file atomically: readers see the old file or the whole new one, never a part."""
    request = plan_export(store, format, graph)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as output:
            store.dump(output, request.syntax.name, request.graph)
            output.flush()
            os.fsync(output.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; an export is meant to be read
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return target
