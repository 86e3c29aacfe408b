"""The store interface the service and the comparison functions query, and its embedded Oxigraph backend."""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .errors import EXIT_ENVIRONMENT, DataFileError, LexGraphError, UnsupportedFormatError
from .loader import SourceFile, parse_turtle, plan_files
from .namespaces import PREFIXES
from .ondisk import build_on_disk

if TYPE_CHECKING:
    from .settings import Settings

OX_PREFIXES = {k: str(v) for k, v in PREFIXES.items()}


def prologue(query: str) -> str:
    """PREFIX declarations for the predeclared prefixes that `query` uses (a prefixed name `name:...`
    anywhere, comments and strings included: a declaration too many costs nothing), one line, so that the
    text can go to a store as `self_contained`."""
    used = [name for name in OX_PREFIXES if re.search(rf"(?<![\w.-]){re.escape(name)}:", query)]
    return " ".join(f"PREFIX {name}: <{OX_PREFIXES[name]}>" for name in used) + ("\n" if used else "")

# Export syntaxes by short name: (pyoxigraph format, keeps named graphs).
DUMP_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

Triple = tuple[Node, Node, Node]


class StoreUnavailableError(LexGraphError):
    """A remote store did not answer (down, unreachable, failing): a service fault (HTTP 503), not bad input."""

    exit_code = EXIT_ENVIRONMENT


class Store(Protocol):
    """What LexGraph needs of a triple store: bound SELECT/ASK queries over the union of its graphs.

    Bindings follow SPARQL SEP-0007 (as Oxigraph implements it): a bound variable must be projected. A query
    may use the prefixes of `lexgraph.namespaces` undeclared; one that declares every prefix it uses says so
    with `self_contained=True`, which spares the store adding them (`prologue`).
    """

    def select(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, self_contained: bool = False
    ) -> list[dict[str, Node]]: ...

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None, *, self_contained: bool = False) -> bool: ...

    def construct(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, self_contained: bool = False
    ) -> list[Triple]: ...

    def graph_names(self) -> list[URIRef]: ...

    def has_graph(self, graph: URIRef) -> bool: ...

    def dump(self, output: BinaryIO, format: str, graph: URIRef | None = None) -> None:
        """Write the dataset (or one named graph) in an export syntax of DUMP_FORMATS.

        Without a graph, a syntax that holds named graphs keeps them; one that does not gets the union.
        """

    def __len__(self) -> int: ...


class OxigraphStore:
    """The embedded default store: pyoxigraph in memory (or on disk when given a path)."""

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False):
        self.path = Path(path) if path else None
        self.read_only = read_only and self.path is not None
        if self.read_only:
            self.oxigraph = ox.Store.read_only(str(path))
        else:
            self.oxigraph = ox.Store(str(path)) if path else ox.Store()

    @classmethod
    def from_files(cls, files: Sequence[SourceFile], path: Path | str | None = None) -> OxigraphStore:
        """Files `lexgraph.loader.load` has parsed, one named graph each; on disk, built as `load` builds it."""
        return cls._build([(source.path, source.graph) for source in files], path)

    @classmethod
    def load(
        cls,
        data: Sequence[Path | str] | None = None,
        *,
        ontology: Path | str | None = None,
        include_ontology: bool = True,
        path: Path | str | None = None,
    ) -> OxigraphStore:
        """The ontology and data files, one named graph per file (the graphs `lexgraph.loader.load` names).

        Oxigraph parses them (seconds, where rdflib takes minutes on large data); a file it rejects is parsed
        again by rdflib only to report the line and column. An on-disk store always matches the files, and a
        load that fails loses nothing: the store is built in a new folder beside `path` and renamed into place
        only once every file has loaded, so a rejected file (DataFileError) or a crash leaves the store that
        was there as it was.
        """
        planned = plan_files(data, ontology=ontology, include_ontology=include_ontology)
        return cls._build([(file, iri) for file, iri, _kind in planned], path)

    @classmethod
    def _build(cls, files: Sequence[tuple[Path, URIRef]], path: Path | str | None) -> OxigraphStore:
        if path is None:
            store = cls()
            cls._read_files(files, store.oxigraph)
            return store
        return build_on_disk(files, Path(path), cls._read_files, cls)

    @staticmethod
    def _read_files(files: Sequence[tuple[Path, URIRef]], into: ox.Store | None) -> None:
        """Load each file into its named graph of `into`, or (None) only parse it. The first file Oxigraph
        rejects raises DataFileError, with rdflib's line and column when rdflib rejects it too."""
        for file, graph in files:
            try:
                if into is None:
                    for _triple in ox.parse(path=str(file), format=ox.RdfFormat.TURTLE):
                        pass
                else:
                    into.load(path=str(file), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(graph)))
            except (SyntaxError, ValueError, OSError) as error:
                parse_turtle(file)  # raises DataFileError with rdflib's line and column when rdflib agrees
                cause = getattr(error, "msg", None) or str(error)
                line, column = getattr(error, "lineno", None), getattr(error, "offset", None)
                raise DataFileError(file, f"malformed Turtle: {cause}", line, column) from error

    def construct(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, self_contained: bool = False
    ) -> list[Triple]:
        triples = self._query(query, bindings, self_contained)
        return [(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in triples]

    def has_graph(self, graph: URIRef) -> bool:
        try:
            return self.oxigraph.contains_named_graph(ox.NamedNode(str(graph)))
        except ValueError:  # not an IRI, so not the name of any graph
            return False

    def dump(self, output: BinaryIO, format: str, graph: URIRef | None = None) -> None:
        if format not in DUMP_FORMATS:
            raise UnsupportedFormatError(f"format={format!r}: expected one of {', '.join(DUMP_FORMATS)}")
        syntax = DUMP_FORMATS[format]
        if graph is not None:
            name = ox.NamedNode(str(graph))
            if syntax.supports_datasets:  # keep the graph name in TriG, N-Quads, JSON-LD
                quads = self.oxigraph.quads_for_pattern(None, None, None, name)
                ox.serialize(quads, output, syntax, prefixes=OX_PREFIXES)
            else:
                self.oxigraph.dump(output, syntax, from_graph=name, prefixes=OX_PREFIXES)
        elif syntax.supports_datasets:
            self.oxigraph.dump(output, syntax, prefixes=OX_PREFIXES)
        else:  # the union of all graphs, each triple once
            union = self.oxigraph.query("CONSTRUCT WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
            ox.serialize(union, output, syntax, prefixes=OX_PREFIXES)

    def snapshot(self, directory: Path | str) -> Path:
        """A frozen on-disk copy that query worker processes open read-only; nothing writes it afterwards.

        An on-disk store is checkpointed (hard links, cheap); an in-memory one is copied; a store opened
        read-only is already frozen, and is its own snapshot.
        """
        if self.read_only:  # nothing writes it while it is served: the workers open the store itself
            return self.path
        target = Path(directory) / "oxigraph-snapshot"
        if target.exists():
            shutil.rmtree(target)
        if self.path is not None:
            self.oxigraph.flush()
            self.oxigraph.backup(str(target))
            return target
        copy = ox.Store(str(target))
        copy.bulk_extend(self.oxigraph.quads_for_pattern(None, None, None, None))
        for name in self.oxigraph.named_graphs():
            copy.add_graph(name)
        copy.flush()
        del copy  # dropping the last reference closes the database before any worker opens it
        return target

    def select(
        self, query: str, bindings: Mapping[str, Node] | None = None, *, self_contained: bool = False
    ) -> list[dict[str, Node]]:
        solutions = self._query(query, bindings, self_contained)
        names = [v.value for v in solutions.variables]
        known = _RDFLIB_TERMS.get  # most terms were converted before: a look-up, not a call
        return [
            {name: known(term) or to_rdflib(term) for name, term in zip(names, solution, strict=True)
             if term is not None}
            for solution in solutions
        ]

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None, *, self_contained: bool = False) -> bool:
        return bool(self._query(query, bindings, self_contained))

    def graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self.oxigraph.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self.oxigraph)

    def _query(self, query: str, bindings: Mapping[str, Node] | None, self_contained: bool = False):
        # pyoxigraph converts a prefix dictionary on every call: with the 29 predeclared prefixes that is about
        # 50 µs, a third of parsing and planning a stored query, so a self-contained text goes without it.
        substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
        return self.oxigraph.query(
            query, prefixes=None if self_contained else OX_PREFIXES, use_default_graph_as_union=True,
            substitutions=substitutions or None,
        )


def open_store(settings: Settings) -> Store:
    """The store `settings` (a `lexgraph.settings.Settings`) asks for, loaded with its data.

    A remote store (an http(s) URL: its SPARQL query endpoint) is used as it is, loaded beforehand by
    `lexgraph load --store URL` (`lexgraph.remote.load_into`); it must answer now (else StoreUnavailableError).
    """
    if settings.remote_store:
        from .remote import RemoteStore  # httpx: only for remote stores

        remote = RemoteStore(settings.store, timeout=settings.query_timeout)
        try:
            remote.check()
        except BaseException:
            remote.close()  # the caller retries: no HTTP client left behind per try
            raise
        return remote
    if settings.store_read_only and settings.store_path is not None:
        return OxigraphStore(settings.store_path, read_only=True)
    return OxigraphStore.load(
        settings.data, ontology=settings.ontology, include_ontology=settings.include_ontology, path=settings.store_path
    )


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot bind {term!r}")


def to_rdflib(term) -> Node:
    """The rdflib term for a pyoxigraph one. IRIs and literals are remembered (rdflib terms are immutable and
    costly to build: a literal parses its value), so the terms a request reads again cost a look-up."""
    found = _RDFLIB_TERMS.get(term)
    if found is not None:
        return found
    if isinstance(term, ox.NamedNode):
        found = URIRef(term.value)
    elif isinstance(term, ox.Literal):
        if term.language:
            found = Literal(term.value, lang=term.language)
        else:
            found = Literal(term.value, datatype=to_rdflib(term.datatype))
    elif isinstance(term, ox.BlankNode):
        return BNode(term.value)  # scoped to one answer: never remembered
    else:
        raise TypeError(f"unexpected term {term!r}")
    if len(_RDFLIB_TERMS) >= RDFLIB_TERMS_KEPT:
        _RDFLIB_TERMS.clear()
    _RDFLIB_TERMS[term] = found
    return found


RDFLIB_TERMS_KEPT = 200_000  # about 40 MB at most; emptied when full (cheaper to rebuild than to track use)
_RDFLIB_TERMS: dict[object, Node] = {}
