"""Read the ontology, vocabularies and data into one dataset: one named graph per file, all or nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

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
    parsed = [(path, iri, kind, parse_turtle(path)) for path, iri, kind in planned]
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    files = []
    for path, iri, kind, graph in parsed:
        dataset.addN((s, p, o, dataset.graph(iri)) for s, p, o in graph)
        files.append(SourceFile(path=path, graph=iri, kind=kind, triples=len(graph)))
    return LoadedDataset(dataset=dataset, files=files)
