"""The generated documentation: the ontology reference (pyLODE), the vocabulary reference and the model picture.

`build_docs()` regenerates all of it from `ontology/` in one go, deterministically (same input, same bytes), so a
test can check that the copies committed under `docs/` are current. Nothing is fetched: pyLODE is handed a graph
parsed from the local files, never a URL, and Graphviz runs locally.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import logging
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from .errors import EXIT_ENVIRONMENT, LexGraphError, ResourceNotFoundError
from .loader import bind_prefixes, parse_turtle
from .namespaces import BASE, DCTERMS, LG
from .resources import ontology_dir, resource_root, turtle_files

REFERENCE_DIR = "reference"
IMAGE_DIR = "img"
ONTOLOGY_PAGE = "ontology.html"
VOCABULARY_PAGE = "vocabularies.html"
MODEL_DOT = "model.dot"
MODEL_SVG = "model.svg"
ANY = URIRef("urn:lexgraph:any-resource")  # stands for the open end of a property that leaves domain or range open
# The ontology modules drawn in the model picture, in cluster order; alignments.ttl only links to other vocabularies.
MODULES = ("core", "norms", "correspondence", "analysis")
SVG_STAMP = "lexgraph-model-dot-sha256"
LG_NS = str(LG._NS)


class DocsToolNotFoundError(LexGraphError):
    """A tool the documentation build needs (pyLODE, Graphviz `dot`) is not installed."""

    exit_code = EXIT_ENVIRONMENT


def build_docs(output: Path | None = None) -> list[Path]:
    """Regenerate the ontology reference and the model picture under `output` (default: the checkout's docs/).

    Writes reference/ontology.html (pyLODE), reference/vocabularies.html, img/model.dot and img/model.svg, and
    returns their paths. A file whose content is unchanged is not rewritten. Without Graphviz the SVG is kept
    when it was rendered from the same DOT source, and DocsToolNotFoundError is raised when it would be stale.
    """
    docs = Path(output) if output is not None else default_docs_dir()
    ontology = ontology_graph()
    dot_source = model_dot(ontology)
    written = [
        _write(docs / REFERENCE_DIR / ONTOLOGY_PAGE, ontology_reference(ontology)),
        _write(docs / REFERENCE_DIR / VOCABULARY_PAGE, vocabulary_reference(ontology, vocabulary_graphs())),
        _write(docs / IMAGE_DIR / MODEL_DOT, dot_source),
    ]
    svg_path = docs / IMAGE_DIR / MODEL_SVG
    dot_binary = shutil.which("dot")
    if dot_binary is not None:
        written.append(_write(svg_path, render_svg(dot_source, dot_binary)))
    elif svg_path.is_file() and svg_is_current(svg_path.read_text(encoding="utf-8"), dot_source):
        written.append(svg_path)
    else:
        raise DocsToolNotFoundError(
            f"Graphviz 'dot' is not installed, so {svg_path} cannot be rendered from the new {MODEL_DOT} "
            "(apt-get install graphviz)"
        )
    return written


def default_docs_dir() -> Path:
    """docs/ of the checkout; an installed package has none, so it must be given an output folder."""
    docs = resource_root() / "docs"
    if not docs.is_dir():
        raise ResourceNotFoundError(f"no docs/ folder beside {resource_root()}: pass the folder to write to")
    return docs


def ontology_graph() -> Graph:
    """The ontology modules and alignments (ontology/*.ttl), without the vocabularies."""
    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph)
    for path in sorted(ontology_dir().glob("*.ttl")):
        graph += parse_turtle(path)
    return graph


def vocabulary_graphs() -> list[Graph]:
    """One graph per SKOS concept scheme file (ontology/vocab/*.ttl), in file-name order."""
    return [parse_turtle(path) for path in turtle_files(ontology_dir() / "vocab")]


# --------------------------------------------------------------------------------------------------------------
# Ontology reference (pyLODE)
# --------------------------------------------------------------------------------------------------------------


def ontology_reference(ontology: Graph) -> str:
    """The pyLODE OntPub page of the ontology, self-contained (CSS inlined, no scripts from elsewhere)."""
    OntPub = _ontpub()
    copy = Graph(bind_namespaces="none")
    for prefix, namespace in ontology.namespaces():
        copy.bind(prefix, namespace)
    copy += ontology  # pyLODE adds its own inferred triples to the graph it is given
    return _normalise(OntPub(copy, sort_subjects=True).make_html(include_css=True))


def _ontpub() -> type:
    """Import pyLODE without its side effect: one of its modules sets the root logger to DEBUG on import."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        from pylode.profiles.ontpub import OntPub
    except ImportError as error:
        raise DocsToolNotFoundError("pyLODE is not installed (pip install pylode)") from error
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return OntPub


def _normalise(text: str) -> str:
    """One line ending, no trailing blanks, one final newline: the bytes depend on the input only."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).rstrip("\n") + "\n"


# --------------------------------------------------------------------------------------------------------------
# Vocabulary reference (pyLODE's VocPub profile does not list the concepts of a scheme, so it is written here)
# --------------------------------------------------------------------------------------------------------------

_PAGE_STYLE = """
body { font-family: "Open Sans", Helvetica, Arial, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; }
h1, h2 { font-weight: 600; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th, td { border: 1px solid #ccc; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } code { font-size: 0.9rem; } .iri { color: #555; font-size: 0.85rem; word-break: break-all; }
a { color: #0b5394; }
"""


def vocabulary_reference(ontology: Graph, vocabularies: Iterable[Graph]) -> str:
    """One HTML page listing every concept scheme and its concepts, in scheme order (lg:order)."""
    schemes = [
        (graph, scheme) for graph in vocabularies for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme))
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>LexGraph vocabularies</title>",
        f"<style>{_PAGE_STYLE}</style>",
        "</head>",
        "<body>",
        "<h1>LexGraph vocabularies</h1>",
        "<p>The SKOS concept schemes of <code>ontology/vocab/</code>, generated by <code>lexgraph docs</code>. "
        "Each concept is also an instance of an ontology class (<a href=\"ontology.html\">ontology reference</a>), "
        "so that properties can declare ranges. Mappings to other vocabularies come from "
        "<code>ontology/alignments.ttl</code>.</p>",
        "<ul>",
    ]
    parts += [f'<li><a href="#{_anchor(scheme)}">{_esc(_label(graph, scheme))}</a></li>' for graph, scheme in schemes]
    parts.append("</ul>")
    for graph, scheme in schemes:
        parts += _scheme_section(ontology + graph, scheme)
    parts += ["</body>", "</html>"]
    return _normalise("\n".join(parts))


def _scheme_section(graph: Graph, scheme: URIRef) -> list[str]:
    concepts = sorted(graph.subjects(SKOS.inScheme, scheme), key=lambda c: (_order(graph, c), str(c)))
    classes = sorted({graph.namespace_manager.normalizeUri(cls) for c in concepts for cls in graph.objects(c, RDF.type)
                      if str(cls).startswith(LG_NS)})
    out = [
        f'<h2 id="{_anchor(scheme)}">{_esc(_label(graph, scheme))}</h2>',
        f'<p class="iri">{_esc(str(scheme))}</p>',
        f"<p>{_esc(_text(graph, scheme, SKOS.definition))}</p>",
    ]
    sources = sorted(str(o) for o in graph.objects(scheme, DCTERMS.source))
    if sources:
        out.append("<p>Source: " + ", ".join(f'<a href="{_esc(s)}">{_esc(s)}</a>' for s in sources) + "</p>")
    if classes:
        out.append("<p>Concepts are instances of " + ", ".join(f"<code>{_esc(c)}</code>" for c in classes) + ".</p>")
    out += ["<table>", "<tr><th>notation</th><th>label</th><th>definition</th><th>notes</th></tr>"]
    for concept in concepts:
        notation = str(graph.value(concept, SKOS.notation) or "")
        labels = "<br>".join(f"{_esc(str(label))} <small>({label.language})</small>"
                             for label in _sorted_literals(graph.objects(concept, RDFS.label)))
        out.append(
            f'<tr id="{_esc(_anchor(concept))}"><td><code>{_esc(notation)}</code></td><td>{labels}'
            f'<div class="iri">{_esc(str(concept))}</div></td><td>{_esc(_text(graph, concept, SKOS.definition))}</td>'
            f"<td>{'<br>'.join(_notes(graph, concept))}</td></tr>"
        )
    out.append("</table>")
    return out


_NOTE_PROPERTIES = (
    (SKOS.broader, "broader"),
    (LG.inverseRelation, "inverse relation"),
    (LG.definedIn, "defined in"),
    (LG.triggersObligation, "triggers obligation"),
    (SKOS.exactMatch, "exact match"),
    (SKOS.closeMatch, "close match"),
    (SKOS.relatedMatch, "related match"),
    (RDFS.seeAlso, "see also"),
)


def _notes(graph: Graph, concept: URIRef) -> Iterator[str]:
    for prop, name in _NOTE_PROPERTIES:
        for value in sorted(str(v) for v in graph.objects(concept, prop)):
            shown = graph.namespace_manager.normalizeUri(URIRef(value)) if value.startswith("http") else value
            yield f"{name}: <code>{_esc(shown)}</code>"


def _label(graph: Graph, node: Node) -> str:
    return _text(graph, node, SKOS.prefLabel) or _text(graph, node, RDFS.label) or str(node)


def _text(graph: Graph, node: Node, prop: URIRef) -> str:
    """The English (else untagged, else first) value of a property."""
    values = _sorted_literals(graph.objects(node, prop))
    for wanted in ("en", None):
        for value in values:
            if isinstance(value, Literal) and value.language == wanted:
                return str(value)
    return str(values[0]) if values else ""


def _sorted_literals(values: Iterable[Node]) -> list[Node]:
    language_order = {"en": 0, "ru": 1, "kk": 2}
    return sorted(values, key=lambda v: (language_order.get(getattr(v, "language", None) or "", 3), str(v)))


def _order(graph: Graph, node: Node) -> int:
    value = graph.value(node, LG.order)
    return int(value) if value is not None else 10_000


def _anchor(node: Node) -> str:
    return str(node).removeprefix(BASE + "vocab/").replace("/", "-")


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


# --------------------------------------------------------------------------------------------------------------
# The model picture: classes of the lg: ontology, subclass links and object properties, as Graphviz DOT
# --------------------------------------------------------------------------------------------------------------


def model_dot(ontology: Graph) -> str:
    """DOT source of the class model, from the ontology modules: one cluster per module, sorted for stable bytes.

    Nodes are the lg: classes with the datatype properties whose domain they are; edges are rdfs:subClassOf
    (hollow arrow) and object properties from their domain to their range. Properties that leave domain or
    range open are listed in a side table rather than drawn to an imaginary 'any' class.
    """
    modules = {name: parse_turtle(ontology_dir() / f"{name}.ttl") for name in MODULES}
    module_of = {cls: name for name, graph in modules.items() for cls in graph.subjects(RDF.type, OWL.Class)
                 if isinstance(cls, URIRef) and str(cls).startswith(LG_NS)}
    graph = Graph()
    for module in modules.values():
        graph += module
    classes = sorted(module_of, key=str)
    external = sorted({sup for cls in classes for sup in graph.objects(cls, RDFS.subClassOf)
                       if isinstance(sup, URIRef) and sup not in module_of}, key=str)
    datatype_props = sorted(graph.subjects(RDF.type, OWL.DatatypeProperty), key=str)
    object_props = sorted(graph.subjects(RDF.type, OWL.ObjectProperty), key=str)

    attributes: dict[URIRef, list[str]] = {cls: [] for cls in classes}
    open_ended: list[tuple[str, str, str]] = []
    for prop in datatype_props:
        domains = [d for d in graph.objects(prop, RDFS.domain) if d in attributes]
        range_name = _qname(graph.value(prop, RDFS.range)) if graph.value(prop, RDFS.range) else "literal"
        for domain in domains:
            attributes[domain].append(f"{_local(prop)}: {range_name.split(':')[-1]}")
        if not domains:
            open_ended.append((_local(prop), "any", range_name.split(":")[-1]))

    lines = [
        "// The LexGraph class model, generated from ontology/{core,norms,correspondence,analysis}.ttl by",
        "// `lexgraph docs` (src/lexgraph/docs.py). Do not edit: edit the ontology and regenerate.",
        "digraph lexgraph {",
        '  graph [rankdir=LR, fontname="Helvetica", fontsize=11, nodesep=0.25, ranksep=0.6, newrank=true,',
        '         label="LexGraph ontology: classes, subclass links (hollow arrows), object properties",',
        "         labelloc=t];",
        '  node [shape=plain, fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9, color="#555555", fontcolor="#333333"];',
    ]
    for module in MODULES:
        members = [cls for cls in classes if module_of[cls] == module]
        lines.append(f"  subgraph cluster_{module} {{")
        lines.append(f'    label="{module}.ttl"; style="rounded,dashed"; color="#999999"; fontcolor="#666666";')
        lines += [f"    {_node_id(cls)} [label={_class_label(cls, attributes[cls])}];" for cls in members]
        lines.append("  }")
    for cls in external:
        lines.append(f'  {_node_id(cls)} [label={_class_label(cls, [], name=_qname_in(graph, cls), external=True)}];')
    for cls in classes:
        for sup in sorted(graph.objects(cls, RDFS.subClassOf), key=str):
            if isinstance(sup, URIRef):
                lines.append(f"  {_node_id(cls)} -> {_node_id(sup)} [arrowhead=onormal];")
    drawable = set(classes) | set(external)
    any_used = False
    for prop in object_props:
        domains = [d for d in sorted(graph.objects(prop, RDFS.domain), key=str) if d in drawable]
        ranges = [r for r in sorted(graph.objects(prop, RDFS.range), key=str) if r in drawable]
        if not domains and not ranges:
            open_ended.append((_local(prop), "any", "any"))
            continue
        style = "" if domains and ranges else ", style=dashed"
        any_used = any_used or not (domains and ranges)
        for domain in domains or [ANY]:
            for range_ in ranges or [ANY]:
                lines.append(f'  {_node_id(domain)} -> {_node_id(range_)} [label="{_local(prop)}"{style}];')
    if any_used:
        lines.append(f'  {_node_id(ANY)} [shape=box, style="rounded,dashed", color="#999999", fontcolor="#666666", '
                     'label="any resource\\n(domain or range left open)"];')
    lines.append(f"  open_properties [label={_open_table(sorted(open_ended))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _class_label(cls: URIRef, attributes: list[str], name: str | None = None, external: bool = False) -> str:
    fill = "#eeeeee" if external else "#dbe8f6"
    rows = [f'<TR><TD BGCOLOR="{fill}"><B>{_esc(name or _local(cls))}</B></TD></TR>']
    if attributes:
        cells = "<BR ALIGN=\"LEFT\"/>".join(_esc(a) for a in sorted(attributes))
        rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{cells}<BR ALIGN="LEFT"/></TD></TR>')
    return f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">{"".join(rows)}</TABLE>>'


def _open_table(rows: list[tuple[str, str, str]]) -> str:
    head = ('<TR><TD COLSPAN="3" BGCOLOR="#eeeeee"><B>not drawn: properties of any class</B></TD></TR>'
            "<TR><TD><I>property</I></TD><TD><I>domain</I></TD><TD><I>range</I></TD></TR>")
    cell = '<TD ALIGN="LEFT">{}</TD>'
    body = "".join("<TR>" + "".join(cell.format(_esc(text)) for text in row) + "</TR>" for row in rows)
    return f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3">{head}{body}</TABLE>>'


def _local(node: Node) -> str:
    text = str(node)
    return text.removeprefix(LG_NS) if text.startswith(LG_NS) else text.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _qname(node: Node) -> str:
    text = str(node)
    if text.startswith(LG_NS):
        return "lg:" + text[len(LG_NS):]
    return _local(node)


def _qname_in(graph: Graph, node: URIRef) -> str:
    with contextlib.suppress(ValueError, KeyError):
        return graph.namespace_manager.normalizeUri(node)
    return str(node)


def _node_id(node: Node) -> str:
    text = str(node)
    if text.startswith(LG_NS):
        return text[len(LG_NS):]
    if node == ANY:
        return "any_resource"
    return "ext_" + "".join(c if c.isalnum() else "_" for c in text.rsplit("/", 2)[-2] + "_" + _local(node))


def render_svg(dot_source: str, dot_binary: str = "dot") -> str:
    """The SVG Graphviz draws from the DOT source, stamped with the source's hash so staleness can be checked."""
    try:
        result = subprocess.run(
            [dot_binary, "-Tsvg"], input=dot_source.encode("utf-8"), capture_output=True, check=True, timeout=120
        )
    except FileNotFoundError as error:
        raise DocsToolNotFoundError("Graphviz 'dot' is not installed (apt-get install graphviz)") from error
    except subprocess.CalledProcessError as error:
        raise LexGraphError(f"Graphviz failed: {error.stderr.decode('utf-8', 'replace').strip()}") from error
    svg = result.stdout.decode("utf-8")
    stamp = f"<!-- {SVG_STAMP}: {_digest(dot_source)} -->"
    head, sep, rest = svg.partition("?>\n")
    svg = f"{head}{sep}{stamp}\n{rest}" if sep else f"{stamp}\n{svg}"
    return _normalise(svg)


def svg_is_current(svg: str, dot_source: str) -> bool:
    """Whether an SVG was rendered from this DOT source (its stamp carries the source's hash)."""
    return f"<!-- {SVG_STAMP}: {_digest(dot_source)} -->" in svg


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _write(path: Path, text: str) -> Path:
    """Write UTF-8 text with \\n line ends, leaving the file alone (and its mtime) when nothing changed."""
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


__all__ = [
    "DocsToolNotFoundError",
    "build_docs",
    "default_docs_dir",
    "model_dot",
    "ontology_graph",
    "ontology_reference",
    "render_svg",
    "svg_is_current",
    "vocabulary_reference",
]
