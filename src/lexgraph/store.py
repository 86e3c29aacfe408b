"""The store interface the service and the comparison functions query, and its embedded Oxigraph backend."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .loader import SourceFile
from .namespaces import PREFIXES

OX_PREFIXES = {k: str(v) for k, v in PREFIXES.items()}


class Store(Protocol):
    """What LexGraph needs of a triple store: bound SELECT/ASK queries over the union of its graphs.

    Bindings follow SPARQL SEP-0007 (as Oxigraph implements it): a bound variable must be projected.
    """

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[dict[str, Node]]: ...

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool: ...

    def graph_names(self) -> list[URIRef]: ...

    def __len__(self) -> int: ...


class OxigraphStore:
    """The embedded default store: pyoxigraph in memory (or on disk when given a path)."""

    def __init__(self, path: Path | str | None = None):
        self.oxigraph = ox.Store(str(path)) if path else ox.Store()

    @classmethod
    def from_files(cls, files: Sequence[SourceFile], path: Path | str | None = None) -> OxigraphStore:
        store = cls(path)
        for source in files:
            store.oxigraph.load(path=str(source.path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(source.graph))
        return store

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[dict[str, Node]]:
        solutions = self._query(query, bindings)
        names = [v.value for v in solutions.variables]
        return [
            {name: to_rdflib(term) for name, term in zip(names, solution, strict=True) if term is not None}
            for solution in solutions
        ]

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        return bool(self._query(query, bindings))

    def graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self.oxigraph.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self.oxigraph)

    def _query(self, query: str, bindings: Mapping[str, Node] | None):
        substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
        return self.oxigraph.query(
            query, prefixes=OX_PREFIXES, use_default_graph_as_union=True, substitutions=substitutions or None
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
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected term {term!r}")
