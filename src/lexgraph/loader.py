"""Read the ontology, vocabularies and data into one dataset: one named graph per file, all or nothing.

Files are parsed by pyoxigraph (a million triples in seconds, where rdflib's Turtle parser takes minutes) and
its terms turned into rdflib terms, each distinct IRI and literal once; a file pyoxigraph rejects is parsed
again by rdflib only to word the error. The triples go straight into the indexes of rdflib's in-memory
store (see `add_triples`), which is most of the remaining cost.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

from .errors import DataFileError
from .namespaces import GRAPH_BASE, PREFIXES
from .resources import data_dir, ontology_dir, turtle_files


@dataclass(frozen=True)
class SourceFile:
    """One Turtle file as loaded: where it came from and the named graph that holds it."""

    path: Path
    graph: URIRef
    kind: str  # "ontology" or "data"
    triples: int


@dataclass
class LoadedDataset:
    """The loaded dataset and the files it was built from."""

    dataset: Dataset
    files: list[SourceFile] = field(default_factory=list)

    def union(self) -> Graph:
        """All triples of all graphs in one plain graph (what SHACL and OWL see)."""
        union = Graph()
        bind_prefixes(union)
        store = self.dataset.store
        if _fast_path(store) and _fast_path(union.store):
            with collector_paused():
                add_triples(union, list(store._Memory__contextTriples[None]))  # the store's set of all triples
        else:
            for quad in self.dataset.quads((None, None, None, None)):
                union.add(quad[:3])
        return union

    def graphs(self, kind: str | None = None) -> list[URIRef]:
        return [f.graph for f in self.files if kind is None or f.kind == kind]

    def file_for_graph(self, graph: URIRef) -> Path | None:
        return next((f.path for f in self.files if f.graph == graph), None)

    def __len__(self) -> int:
        return sum(f.triples for f in self.files)


def bind_prefixes(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, str(namespace), override=True)


def graph_iri(path: Path, root: Path, prefix: str) -> URIRef:
    """The named graph of a file: GRAPH_BASE + prefix + path below its root, without '.ttl'."""
    relative = path.resolve().relative_to(root.resolve()).with_suffix("")
    return URIRef(f"{GRAPH_BASE}{prefix}{relative.as_posix()}")


def parse_turtle(path: Path) -> Graph:
    """Parse one Turtle file, or raise DataFileError naming file, line, column and cause."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except BadSyntax as error:
        line, column = _position(error)
        raise DataFileError(path, f"malformed Turtle: {error._why}", line, column) from error
    except UnicodeDecodeError as error:
        raise DataFileError(path, f"not UTF-8 text (byte {error.start})") from error
    except OSError as error:
        raise DataFileError(path, f"cannot read: {error.strerror or error}") from error
    except Exception as error:  # rdflib raises plain exceptions for bad IRIs, literals, prefixes
        raise DataFileError(path, f"malformed Turtle: {error}") from error
    return graph


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
Triple = tuple[Node, Node, Node]


class TermCache:
    """rdflib terms for pyoxigraph ones, each distinct IRI and literal built once for the whole load.

    Sharing one object per term also makes rdflib's dictionary look-ups cheap (identity before equality).
    Blank nodes are scoped to one file, as rdflib's parser scopes them.
    """

    def __init__(self) -> None:
        self.iris: dict[str, URIRef] = {}
        self.literals: dict[tuple[str, str, str], Literal] = {}

    def triples(self, path: Path) -> list[Triple]:
        """The triples of one Turtle file, in file order (duplicates kept); raises SyntaxError, OSError."""
        iris, literals, blanks = self.iris, self.literals, {}
        named, literal_type = ox.NamedNode, ox.Literal
        out: list[Triple] = []
        append = out.append

        def convert(term) -> Node:
            kind = type(term)
            if kind is named:
                value = term.value
                found = iris.get(value)
                if found is None:
                    found = iris[value] = URIRef(value)
                return found
            if kind is literal_type:
                key = (term.value, term.language or "", term.datatype.value)
                found = literals.get(key)
                if found is None:
                    found = literals[key] = self._literal(*key)
                return found
            found = blanks.get(term.value)
            if found is None:
                found = blanks[term.value] = BNode()
            return found

        for subject, predicate, obj, _graph in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            append((convert(subject), convert(predicate), convert(obj)))
        return out

    def _literal(self, value: str, language: str, datatype: str) -> Literal:
        if language:
            return Literal(value, lang=language)
        if datatype == XSD_STRING:  # RDF 1.1: a plain literal is an xsd:string; rdflib's parser makes it plain
            return Literal(value)
        iri = self.iris.get(datatype)
        if iri is None:
            iri = self.iris[datatype] = URIRef(datatype)
        return Literal(value, datatype=iri)


def read_turtle(path: Path, terms: TermCache | None = None) -> list[Triple]:
    """The triples of one Turtle file as rdflib terms, or DataFileError naming file, line, column and cause.

    pyoxigraph parses; on a file it rejects, rdflib's parser words the error (as `parse_turtle` always did),
    and where rdflib accepts what pyoxigraph does not, pyoxigraph's message and position are given.
    """
    try:
        return (terms or TermCache()).triples(path)
    except (SyntaxError, ValueError, OSError) as error:
        parse_turtle(path)  # raises DataFileError with rdflib's line and column when rdflib agrees
        line = getattr(error, "lineno", None)
        column = getattr(error, "offset", None)
        cause = getattr(error, "msg", None) or str(error)
        raise DataFileError(path, f"malformed Turtle: {cause}", line, column) from error


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while millions of tuples and dicts are made, none of them
    garbage: its passes over the growing heap otherwise take a third to a half of a large load."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _fast_path(store) -> bool:
    """The store is rdflib's default in-memory one, whose indexes `add_triples` knows how to fill."""
    return type(store) is Memory and hasattr(store, "_Memory__spo") and hasattr(store, "_Memory__tripleContexts")


def add_triples(graph: Graph, triples: Sequence[Triple]) -> None:
    """Add triples to a graph, as `graph.addN` would but several times faster on rdflib's Memory store.

    It fills the store's indexes the way `Memory.add` does for asserted (not quoted) triples, without the
    per-triple event, context-name formatting and method calls; any other store gets plain `addN`.
    tests/test_loader_fast_path.py checks that both ways leave identical indexes.
    """
    store = graph.store
    if not _fast_path(store):
        graph.addN((s, p, o, graph) for s, p, o in triples)
        return
    if not triples:
        return
    spo, pos, osp = store._Memory__spo, store._Memory__pos, store._Memory__osp
    contexts_of, triples_of = store._Memory__tripleContexts, store._Memory__contextTriples
    store._Memory__all_contexts.add(graph)
    context = f"{type(graph.identifier).__name__}:{graph.identifier}"
    store._Memory__context_obj_map[context] = graph
    asserted = triples_of[None]
    in_graph = triples_of.setdefault(context, set())
    only_here = {context: False, None: False}
    if store._Memory__defaultContexts is None:
        store._Memory__defaultContexts = dict(only_here)
    usual = store._Memory__defaultContexts  # the context map of most triples, left implicit by Memory
    for triple in triples:
        s, p, o = triple
        by_predicate = spo.get(s)
        if by_predicate is None:
            by_predicate = spo[s] = {}
        objects = by_predicate.get(p)
        if objects is None:
            objects = by_predicate[p] = {}
        if o in objects:  # already in the store, maybe in another graph: record this graph too
            known = contexts_of.get(triple)
            if known is None:
                known = contexts_of[triple] = usual.copy()
            known[context] = False
            known[None] = False
            if known == usual:
                del contexts_of[triple]
            in_graph.add(triple)
            continue
        objects[o] = 1
        if only_here != usual:
            contexts_of[triple] = dict(only_here)
        asserted.add(triple)
        in_graph.add(triple)
        by_object = pos.get(p)
        if by_object is None:
            by_object = pos[p] = {}
        subjects = by_object.get(o)
        if subjects is None:
            subjects = by_object[o] = {}
        subjects[s] = 1
        by_subject = osp.get(o)
        if by_subject is None:
            by_subject = osp[o] = {}
        predicates = by_subject.get(s)
        if predicates is None:
            predicates = by_subject[s] = {}
        predicates[p] = 1


def _position(error: BadSyntax) -> tuple[int, int]:
    text = error._str.decode("utf-8", "replace") if isinstance(error._str, bytes) else str(error._str)
    offset = min(error._i, len(text))
    line_start = text.rfind("\n", 0, offset) + 1
    return error.lines + 1, offset - line_start + 1


def collect_files(paths: Iterable[Path]) -> list[tuple[Path, Path]]:
    """(file, root) pairs: a folder yields its .ttl files below it, a file stands for itself."""
    found: list[tuple[Path, Path]] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.extend((file, path) for file in turtle_files(path))
        elif path.is_file():
            found.append((path, path.parent))
        else:
            raise DataFileError(path, "no such file or folder")
    return found


def plan_files(
    data: Sequence[Path | str] | None = None,
    *,
    ontology: Path | str | None = None,
    include_ontology: bool = True,
) -> list[tuple[Path, URIRef, str]]:
    """(file, named graph, kind) for every file to load; two files may not claim one graph.

    `data` defaults to the shipped data folder; `ontology` to the shipped ontology folder.
    """
    planned: list[tuple[Path, URIRef, str]] = []
    if include_ontology:
        onto_root = Path(ontology) if ontology else ontology_dir()
        planned += [(f, graph_iri(f, root, "ontology/"), "ontology") for f, root in collect_files([onto_root])]
    data_paths = [Path(p) for p in data] if data is not None else [data_dir()]
    planned += [(f, graph_iri(f, root, "data/"), "data") for f, root in collect_files(data_paths)]
    seen: dict[URIRef, Path] = {}
    for path, iri, _kind in planned:
        if iri in seen:
            raise DataFileError(path, f"maps to graph {iri}, already taken by {seen[iri]}")
        seen[iri] = path
    return planned


def load(
    data: Sequence[Path | str] | None = None,
    *,
    ontology: Path | str | None = None,
    include_ontology: bool = True,
) -> LoadedDataset:
    """Load the ontology and the data into one rdflib Dataset (what SHACL, OWL and the CLI work on).

    Every file is parsed before anything is added, so a broken file leaves nothing half-loaded.
    """
    planned = plan_files(data, ontology=ontology, include_ontology=include_ontology)
    terms = TermCache()
    with collector_paused():
        parsed = [(path, iri, kind, read_turtle(path, terms)) for path, iri, kind in planned]
        dataset = Dataset(default_union=True)
        bind_prefixes(dataset)
        files = []
        for path, iri, kind, triples in parsed:
            graph = dataset.graph(iri)
            add_triples(graph, triples)
            files.append(SourceFile(path=path, graph=iri, kind=kind, triples=len(graph)))
    return LoadedDataset(dataset=dataset, files=files)
