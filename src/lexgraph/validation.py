"""SHACL validation of the loaded dataset, with every result traced back to the data file that holds it.

The shapes (shapes/*.ttl) run over the union of all graphs, ontology and data together, so that a
correspondence in one file can reach the provisions of another and sh:targetClass reaches instances of
subclasses through the ontology's rdfs:subClassOf triples. Nothing is fetched: no owl:imports, no inference.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.collection import Collection
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node

from .errors import DataFileError
from .ids import short_id
from .loader import LoadedDataset, bind_prefixes, parse_turtle
from .namespaces import ID_BASE, LG, RDF, SH, SHAPES, XSD
from .resources import shapes_dir, turtle_files

SEVERITY_ORDER = ("Violation", "Warning", "Info")
_XSD_STRING = str(XSD.string)



@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, with the data file whose graph describes its focus node."""

    file: Path | None
    focus_node: Node
    shape: str  # the source shape's IRI (a readable id for a blank shape)
    path: str | None  # the result path in SPARQL property-path syntax with prefixes, if any
    value: Node | None
    constraint: str  # the source constraint component's IRI
    severity: str  # "Violation", "Warning" or "Info"
    message: str

    @property
    def focus_id(self) -> str:
        """The focus node as a person reads it: eu/reg-2024-1689/art_5, lg:Article, or the IRI."""
        return _node_text(self.focus_node)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": _path_text(self.file),
            "focus_node": str(self.focus_node),
            "focus_id": self.focus_id,
            "shape": self.shape,
            "path": self.path,
            "value": _node_text(self.value) if self.value is not None else None,
            "constraint": self.constraint,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass
class ValidationReport:
    """The outcome of `validate`: conforms, the results, and the raw SHACL report graph."""

    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)

    def by_file(self) -> dict[Path | None, dict[Node, list[ValidationResult]]]:
        """Results grouped by data file, then by focus node, both in a stable order."""
        grouped: dict[Path | None, dict[Node, list[ValidationResult]]] = {}
        for result in sorted(self.results, key=_sort_key):
            grouped.setdefault(result.file, {}).setdefault(result.focus_node, []).append(result)
        return grouped

    def counts(self) -> dict[str, int]:
        severities = {name.lower() + "s": 0 for name in SEVERITY_ORDER}
        for result in self.results:
            key = result.severity.lower() + "s"
            severities[key] = severities.get(key, 0) + 1
        grouped = self.by_file()
        return {
            "results": len(self.results),
            **severities,
            "files": len(grouped),
            "focus_nodes": sum(len(nodes) for nodes in grouped.values()),
        }

    def to_text(self) -> str:
        """A report for a person: file, then focus node, then one line per result."""
        if self.conforms and not self.results:
            return "Conforms: no SHACL violations."
        lines: list[str] = []
        for file, nodes in self.by_file().items():
            lines.append(_path_text(file) or "(focus node described in no loaded file)")
            for node, results in nodes.items():
                lines.append(f"  {_node_text(node)}")
                for result in results:
                    where = f" [{result.path}]" if result.path else ""
                    value = f" (value: {_node_text(result.value)})" if result.value is not None else ""
                    lines.append(f"    {result.severity}: {result.message}{where}{value}")
                    shape, constraint = _node_text(URIRef(result.shape)), _node_text(URIRef(result.constraint))
                    lines.append(f"      shape {shape}, {constraint}")
        counts = self.counts()
        verdict = "Conforms" if self.conforms else "Does not conform"
        lines.append(
            f"{verdict}: {counts['violations']} violation(s), {counts['warnings']} warning(s), "
            f"{counts['infos']} info(s) on {counts['focus_nodes']} node(s) in {counts['files']} file(s)."
        )
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """A JSON-serialisable dict: conforms, counts, and the results grouped by file then focus node."""
        files = []
        for file, nodes in self.by_file().items():
            files.append({
                "file": _path_text(file),
                "focus_nodes": [
                    {
                        "focus_node": str(node),
                        "focus_id": _node_text(node),
                        "results": [
                            {k: v for k, v in r.to_dict().items() if k not in ("file", "focus_node", "focus_id")}
                            for r in results
                        ],
                    }
                    for node, results in nodes.items()
                ],
            })
        return {"conforms": self.conforms, "counts": self.counts(), "files": files}


def validate(loaded: LoadedDataset, shapes: Path | None = None) -> ValidationReport:
    """Validate the union of all loaded graphs against the shapes (default: every shapes/*.ttl)."""
    shapes_graph = Graph()
    shapes_graph += load_shapes(shapes)  # pyshacl adds a few triples to the shapes graph: keep the cache clean
    union = loaded.union()
    data = _OxigraphSparqlGraph(union)
    try:
        conforms, report_graph, _text = shacl_validate(
            data,
            shacl_graph=shapes_graph,
            inference="none",
            advanced=True,
            inplace=True,  # the union is ours and thrown away: no need for pyshacl to copy it
            abort_on_first=False,
            allow_warnings=True,
            allow_infos=True,
            meta_shacl=False,
            do_owl_imports=False,
        )
    except ReportableRuntimeError as error:
        raise DataFileError(shapes or shapes_dir(), f"the shapes cannot be applied: {error.message}") from error
    if not isinstance(report_graph, Graph):  # pyshacl returns, not raises, a ValidationFailure (a malformed shape)
        raise DataFileError(shapes or shapes_dir(), f"the shapes cannot be applied: {report_graph}")
    bind_prefixes(report_graph)
    report_graph.bind("lgsh", str(SHAPES))
    locate = _FileLocator(loaded)
    results = [
        _result(report_graph, node, locate, shapes_graph)
        for report in report_graph.subjects(RDF.type, SH.ValidationReport)
        for node in report_graph.objects(report, SH.result)  # not the nested sh:detail results
    ]
    return ValidationReport(conforms=bool(conforms), results=sorted(results, key=_sort_key), graph=report_graph)


def shape_files(shapes: Path | None = None) -> list[Path]:
    """The shapes files to use: a given file, the .ttl files of a given folder, or shapes/*.ttl."""
    where = Path(shapes) if shapes is not None else shapes_dir()
    if where.is_dir():
        return turtle_files(where)
    if where.is_file():
        return [where]
    raise DataFileError(where, "no such shapes file or folder")


_shapes_cache: dict[tuple[tuple[str, int, int], ...], Graph] = {}
_shapes_lock = threading.Lock()


def load_shapes(shapes: Path | None = None) -> Graph:
    """The shapes graph, parsed once per set of unchanged files (the CLI and API validate repeatedly)."""
    files = shape_files(shapes)
    key = tuple((str(p.resolve()), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    with _shapes_lock:
        cached = _shapes_cache.get(key)
        if cached is None:
            cached = Graph()
            bind_prefixes(cached)
            cached.bind("lgsh", str(SHAPES))
            for path in files:
                cached += parse_turtle(path)
            _shapes_cache.clear()
            _shapes_cache[key] = cached
    return cached


class _OxigraphSparqlGraph(Graph):
    """The union graph as pyshacl sees it: rdflib for triple look-ups, Oxigraph for SPARQL.

    pyshacl walks core constraints through rdflib's triple index, which is quick, and hands every SPARQL
    target and constraint to `query`. rdflib's SPARQL engine takes seconds per pass over 100k triples;
    Oxigraph, a Rust engine LexGraph already depends on, takes milliseconds. The Oxigraph copy is built on
    the first query from the same triples, keeping blank-node identity so that focus nodes map back.
    """

    def __init__(self, union: Graph):
        super().__init__(store=union.store, identifier=union.identifier, namespace_manager=union.namespace_manager)
        self._oxigraph: ox.Store | None = None
        self._to_ox: dict[Node, Any] = {}
        self._from_ox_bnode: dict[str, BNode] = {}

    def query(  # type: ignore[override]
        self,
        query_object: str | Query,
        processor: str = "sparql",
        result: str = "sparql",
        initNs: Mapping[str, Any] | None = None,
        initBindings: Mapping[str, Node] | None = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Result:
        if not isinstance(query_object, str) or processor != "sparql":
            return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)
        namespaces = initNs if initNs is not None else dict(self.namespaces())
        substitutions = {ox.Variable(str(k)): self._ox_term(v) for k, v in (initBindings or {}).items()}
        try:
            answer = self._store().query(
                query_object,
                prefixes={str(k): str(v) for k, v in namespaces.items()},
                substitutions=substitutions or None,
            )
        except SyntaxError as error:
            raise ReportableRuntimeError(f"SPARQL in the shapes does not parse: {error}") from error
        if isinstance(answer, ox.QueryBoolean):
            out = Result("ASK")
            out.askAnswer = bool(answer)
            return out
        if not isinstance(answer, ox.QuerySolutions):
            raise ReportableRuntimeError("the shapes may only use SELECT and ASK queries")
        out = Result("SELECT")
        out.vars = [Variable(v.value) for v in answer.variables]
        out.bindings = [
            {var: self._rdf_term(term) for var, term in zip(out.vars, solution, strict=True) if term is not None}
            for solution in answer
        ]
        return out

    def _store(self) -> ox.Store:
        if self._oxigraph is None:
            store = ox.Store()
            store.extend([ox.Quad(self._ox_term(s), self._ox_term(p), self._ox_term(o)) for s, p, o in self])
            self._oxigraph = store
        return self._oxigraph

    def _ox_term(self, term: Node) -> Any:
        converted = self._to_ox.get(term)
        if converted is None:
            if isinstance(term, URIRef):
                converted = ox.NamedNode(str(term))
            elif isinstance(term, BNode):
                label = f"b{len(self._from_ox_bnode)}"  # rdflib labels are not always valid Oxigraph labels
                converted = ox.BlankNode(label)
                self._from_ox_bnode[label] = term
            elif isinstance(term, Literal):
                if term.language:
                    converted = ox.Literal(str(term), language=term.language)
                elif term.datatype is not None:
                    converted = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
                else:
                    converted = ox.Literal(str(term))
            else:
                raise ReportableRuntimeError(f"cannot hand {term!r} to the SPARQL engine")
            self._to_ox[term] = converted
        return converted

    def _rdf_term(self, term: Any) -> Node:
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return self._from_ox_bnode.get(term.value) or BNode(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            if term.datatype.value == _XSD_STRING:
                return Literal(term.value)
            return Literal(term.value, datatype=URIRef(term.datatype.value))
        raise ReportableRuntimeError(f"unexpected SPARQL result term {term!r}")


class _FileLocator:
    """Which loaded file describes a node: one that gives it an rdf:type, else one where it is a subject.

    Data files come before ontology files, then the load order decides.
    """

    def __init__(self, loaded: LoadedDataset):
        self._loaded = loaded
        self._rank = {f.graph: (0 if f.kind == "data" else 1, i) for i, f in enumerate(loaded.files)}
        self._cache: dict[Node, Path | None] = {}

    def __call__(self, node: Node) -> Path | None:
        if node not in self._cache:
            self._cache[node] = self._find(node)
        return self._cache[node]

    def _find(self, node: Node) -> Path | None:
        dataset = self._loaded.dataset
        # A node no file describes (a dangling reference) belongs to the file that mentions it.
        for pattern in ((node, RDF.type, None), (node, None, None), (None, None, node)):
            graphs = {getattr(g, "identifier", g) for *_triple, g in dataset.quads((*pattern, None))}
            ranked = sorted((self._rank[g], g) for g in graphs if g in self._rank)
            if ranked:
                return self._loaded.file_for_graph(ranked[0][1])
        return None


def _result(report: Graph, node: Node, locate: _FileLocator, shapes: Graph) -> ValidationResult:
    focus = report.value(node, SH.focusNode)
    shape = report.value(node, SH.sourceShape)
    path = report.value(node, SH.resultPath)
    severity = report.value(node, SH.resultSeverity)
    constraint = report.value(node, SH.sourceConstraintComponent)
    return ValidationResult(
        file=locate(focus),
        focus_node=focus,
        shape=_shape_id(report, shape),
        path=_path_expression(report, path) if path is not None else None,
        value=report.value(node, SH.value),
        constraint=str(constraint),
        severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        message=_message(report.objects(node, SH.resultMessage), set(shapes.objects(shape, SH.message)), constraint),
    )


def _shape_id(report: Graph, shape: Node | None) -> str:
    if isinstance(shape, URIRef):
        return str(shape)
    path = report.value(shape, SH.path) if shape is not None else None
    about = f" on {_path_expression(report, path)}" if path is not None else ""
    return f"blank shape{about}"


def _message(messages: Iterable[Node], generic: set[Node], constraint: Node | None) -> str:
    """The most specific message: a SPARQL constraint's own (with its values) before its shape's general one."""
    literals = [m for m in messages if isinstance(m, Literal)]
    texts = sorted(literals, key=lambda m: (m in generic, m.language not in (None, "en"), str(m)))
    if texts:
        return _shorten(str(texts[0]))
    return f"violates {_node_text(constraint)}" if constraint is not None else "violation"


_LEXGRAPH_IRI = re.compile(rf"<?{re.escape(ID_BASE)}([^\s<>\"']+)>?")


def _shorten(message: str) -> str:
    """pyshacl writes {$this} and {?value} as full IRIs: write LexGraph ones as people name them."""
    message = _LEXGRAPH_IRI.sub(r"\1", message)
    for prefix, namespace in (("lg", str(LG._NS)), ("lgsh", str(SHAPES))):
        message = message.replace(namespace, f"{prefix}:")
    return message


def _path_expression(graph: Graph, path: Node, nested: bool = False) -> str:
    """A SHACL property path written in SPARQL syntax with prefixes (lg:partOf+, ^lg:establishes)."""
    if isinstance(path, URIRef):
        return _node_text(path)
    if not isinstance(path, BNode):
        return str(path)
    unary = {SH.inversePath: "^{}", SH.oneOrMorePath: "{}+", SH.zeroOrMorePath: "{}*", SH.zeroOrOnePath: "{}?"}
    for predicate, template in unary.items():
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(_path_expression(graph, inner, nested=True))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        text = "|".join(_path_expression(graph, p, nested=True) for p in Collection(graph, alternatives))
    else:
        text = "/".join(_path_expression(graph, p, nested=True) for p in Collection(graph, path))
    return f"({text})" if nested else text


_PREFIX_GRAPH = Graph()
bind_prefixes(_PREFIX_GRAPH)
_PREFIX_GRAPH.bind("lgsh", str(SHAPES))


def _node_text(node: Node | None) -> str:
    """Short, readable form of a term: LexGraph ids short, known namespaces prefixed, literals in N3."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        if str(node).startswith(ID_BASE):
            return short_id(node)
        try:
            return _PREFIX_GRAPH.namespace_manager.normalizeUri(node)
        except Exception:  # rdflib refuses IRIs it cannot split; show them whole
            return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3(_PREFIX_GRAPH.namespace_manager)
    return f"_:{node}"


def _path_text(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _sort_key(result: ValidationResult) -> tuple:
    return (
        _path_text(result.file) or "\uffff",
        str(result.focus_node),
        SEVERITY_ORDER.index(result.severity) if result.severity in SEVERITY_ORDER else 9,
        result.shape,
        result.path or "",
        str(result.value) if result.value is not None else "",
    )


__all__ = ["SHAPES", "ValidationReport", "ValidationResult", "load_shapes", "shape_files", "validate"]
