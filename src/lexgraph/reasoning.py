"""Is the ontology plus the data free of contradictions? HermiT (the jar owlready2 bundles) answers.

Pipeline of `reason`:
1. Take every triple of the dataset (`LoadedDataset.union()`: ontology, vocabularies, all data graphs).
2. Make it digestible for HermiT without changing what it says (`reasoning_input`):
   - every `owl:imports` triple is removed, so neither owlready2 nor the OWL API behind HermiT ever
     fetches anything (the LexGraph files import nothing; a stray import must not reach the network);
   - `xsd:date`, which is not in the OWL 2 datatype map and which HermiT rejects outright, becomes
     `xsd:dateTime` at 00:00:00 with the same time zone, as literals and wherever the datatype is
     named (`rdfs:range xsd:date`). Dates therefore still count: two different adoption dates on the
     functional `lg:dateAdopted` still clash. Lost: HermiT cannot tell a date from a dateTime;
   - literals of other datatypes outside the OWL 2 datatype map (`xsd:gYear`, `xsd:duration` ...)
     and range axioms naming them are dropped, since HermiT refuses the whole input otherwise;
   - ill-typed literals (`"2024-02-30"^^xsd:date`, `"x"^^xsd:integer`) are dropped, since owlready2
     cannot parse them; on a data property they are reported as a clash (in OWL an ill-typed value
     makes the ontology inconsistent), elsewhere (annotations) as a note.
   Every change is counted in `ReasoningReport.notes`. Punned SKOS concepts, annotations and
   `rdfs:isDefinedBy` go through unchanged: HermiT accepts them as OWL 2 DL punning and annotations.
3. Load the result as N-Triples into a fresh owlready2 `World` (one per call: nothing is shared with
   `owlready2.default_world`, nothing is cached or downloaded) and save that world for HermiT. The
   round trip keeps every triple; owlready2 rewrites some lexical forms (`"0"^^xsd:decimal` comes
   back as `"0.0"`: it reads decimals as Python floats, so beyond 15 digits precision is lost).
4. Run HermiT's command line (`-U`: consistency, then the classes equivalent to owl:Nothing) with
   the same Java, class path and memory that `owlready2.sync_reasoner_hermit` uses. We call it
   ourselves rather than through `sync_reasoner_hermit` because that function has no timeout and
   leaves its temporary file behind whenever the ontology is inconsistent. Pellet, also bundled,
   needs a newer Java than 17 and is not used.
5. HermiT only says "inconsistent". To say why, `diagnose` runs cheap targeted checks over the input
   graph (disjoint classes reached by rdf:type, rdfs:subClassOf, rdfs:domain and rdfs:range; two
   literals on a functional property; individuals merged by owl:sameAs or by a functional property
   that are declared different, disjoint, or carry two literals on a functional property; literals
   outside a data property's range) and names the individuals and classes involved. When none of
   them fires, the explanation quotes HermiT and lists the merges as possible causes.

Cost, measured on 2 busy cores: at 6,500 triples (the shipped dataset) preparing the input takes
0.25 s, the owlready2 world (creation, load, save) 0.2 s and HermiT 1.1 s, most of it JVM start;
at 21,000 triples (synthetic) the whole run takes about 3.5 s, 0.35 s of it in the world.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import owlready2
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from .errors import JavaNotFoundError, ReasonerError
from .loader import LoadedDataset, bind_prefixes

REASONER = f"HermiT via owlready2 {owlready2.VERSION}"
INSTALL_JAVA_HINT = (
    "install a Java runtime (Debian/Ubuntu: `apt-get install default-jre-headless`; macOS: "
    "`brew install openjdk`), put `java` on PATH or set JAVA_HOME, or point owlready2.JAVA_EXE at it"
)
_HERMIT_DIR = Path(owlready2.__file__).resolve().parent / "hermit"
_HERMIT_MAIN = "org.semanticweb.HermiT.cli.CommandLine"
_INPUT_ONTOLOGY = "http://lexgraph.invalid/reasoning-input#"
_MAX_EXPLAINED = 20
_MAX_MESSAGE = 600
_OWLREADY_LOCK = threading.Lock()  # owlready2 keeps module-level caches; one world at a time

# The OWL 2 datatype map (plus rdf:langString, which HermiT also accepts): all HermiT knows.
_INTEGER_BOUNDS: dict[URIRef, tuple[int | None, int | None]] = {
    XSD.integer: (None, None),
    XSD.nonNegativeInteger: (0, None),
    XSD.positiveInteger: (1, None),
    XSD.nonPositiveInteger: (None, 0),
    XSD.negativeInteger: (None, -1),
    XSD.long: (-(2**63), 2**63 - 1),
    XSD.int: (-(2**31), 2**31 - 1),
    XSD.short: (-(2**15), 2**15 - 1),
    XSD.byte: (-(2**7), 2**7 - 1),
    XSD.unsignedLong: (0, 2**64 - 1),
    XSD.unsignedInt: (0, 2**32 - 1),
    XSD.unsignedShort: (0, 2**16 - 1),
    XSD.unsignedByte: (0, 2**8 - 1),
}
_FAMILY: dict[URIRef, str] = {
    **dict.fromkeys(_INTEGER_BOUNDS, "number"),
    **dict.fromkeys((XSD.decimal, OWL.real, OWL.rational), "number"),
    XSD.float: "float",
    XSD.double: "double",
    **dict.fromkeys(
        (XSD.string, XSD.normalizedString, XSD.token, XSD.language, XSD.Name, XSD.NCName, XSD.NMTOKEN), "string"
    ),
    RDF.langString: "langString",
    XSD.boolean: "boolean",
    # xsd:date is not in the map; it is read as the dateTime it becomes in the reasoning input
    **dict.fromkeys((XSD.dateTime, XSD.dateTimeStamp, XSD.date), "dateTime"),
    XSD.anyURI: "anyURI",
    XSD.hexBinary: "hexBinary",
    XSD.base64Binary: "base64Binary",
    RDF.XMLLiteral: "xml",
}
HERMIT_DATATYPES = (frozenset(_FAMILY) - {XSD.date}) | {RDF.PlainLiteral, RDFS.Literal}
_DATE = re.compile(r"(-?\d{4,}-\d\d-\d\d)((?:Z|[+-]\d\d:\d\d)?)")


# --------------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------------


@dataclass
class ReasoningReport:
    """What the reasoner found, with the clashes that explain an inconsistency."""

    consistent: bool
    unsatisfiable: list[str]  # named classes equivalent to owl:Nothing (owl:Nothing itself left out)
    explanation: str  # "" when consistent and every class is satisfiable
    reasoner: str
    java: str  # the first line of `java -version`
    seconds: float
    triples: int  # size of the input graph, before `reasoning_input` adapted it
    clashes: list[str] = field(default_factory=list)  # one sentence per contradiction found
    notes: list[str] = field(default_factory=list)  # how the input was adapted for HermiT

    def to_text(self) -> str:
        """The verdict for a person: `consistent`, or what contradicts what."""
        if self.consistent and not self.unsatisfiable:
            return "consistent"
        if self.consistent:
            count = len(self.unsatisfiable)
            head = f"consistent, but {count} class{'es are' if count > 1 else ' is'} unsatisfiable:"
        else:
            head = "inconsistent:"
        return "\n".join([head, *(f"  - {line}" for line in self.explanation.splitlines())])

    def to_json(self) -> dict:
        return {
            "consistent": self.consistent,
            "unsatisfiable": list(self.unsatisfiable),
            "explanation": self.explanation,
            "clashes": list(self.clashes),
            "reasoner": self.reasoner,
            "java": self.java,
            "seconds": round(self.seconds, 3),
            "triples": self.triples,
            "notes": list(self.notes),
        }


# --------------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------------


def reason(loaded: LoadedDataset | Graph, *, timeout: float = 300) -> ReasoningReport:
    """Check the ontology plus data with HermiT; explain an inconsistency as precisely as we can.

    Raises JavaNotFoundError when no working Java is found (before any work is done), ReasonerError
    when HermiT fails for another reason or runs longer than `timeout` seconds.
    """
    started = time.monotonic()
    java = java_runtime()
    graph = _as_graph(loaded)
    prepared = reasoning_input(graph)
    with tempfile.TemporaryDirectory(prefix="lexgraph-reasoning-") as folder:
        path = Path(folder) / "input.nt"
        _save_through_owlready(prepared.graph, path)
        remaining = timeout - (time.monotonic() - started)
        hermit = _run_hermit(java.path, path, remaining, timeout)

    clashes = list(prepared.clashes)
    explanation_lines: list[str] = []
    if not hermit.consistent:
        clashes += diagnose(graph)
        if not clashes:
            explanation_lines.append(
                "HermiT finds the ontology and data inconsistent; the targeted checks (disjoint classes, "
                "functional properties, owl:sameAs/owl:differentFrom, data ranges) found no single cause. "
                f"HermiT says: {hermit.message}"
            )
            suspects = merge_suspects(graph)
            explanation_lines += [f"possible cause: {line}" for line in suspects[:_MAX_EXPLAINED]]
    if clashes:
        explanation_lines += clashes[:_MAX_EXPLAINED]
        if len(clashes) > _MAX_EXPLAINED:
            explanation_lines.append(f"... and {len(clashes) - _MAX_EXPLAINED} more")
    elif hermit.unsatisfiable:
        explanation_lines += explain_unsatisfiable(graph, hermit.unsatisfiable)
    return ReasoningReport(
        consistent=hermit.consistent and not prepared.clashes,
        unsatisfiable=hermit.unsatisfiable,
        explanation="\n".join(explanation_lines),
        reasoner=REASONER,
        java=java.version,
        seconds=time.monotonic() - started,
        triples=len(graph),
        clashes=clashes,
        notes=prepared.notes,
    )


def _as_graph(loaded: LoadedDataset | Graph) -> Graph:
    if isinstance(loaded, LoadedDataset):
        return loaded.union()
    if isinstance(loaded, ConjunctiveGraph):  # a Dataset too: every named graph, not only the default one
        union = Graph()
        bind_prefixes(union)
        for s, p, o, _g in loaded.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return loaded


# --------------------------------------------------------------------------------------------------
# Java
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JavaRuntime:
    path: str
    version: str


_JAVA_VERSIONS: dict[tuple[str, int], str] = {}


def java_runtime() -> JavaRuntime:
    """The Java that will run HermiT: owlready2.JAVA_EXE, else $JAVA_HOME/bin/java, else `java` on PATH.

    Raises JavaNotFoundError when none is found or the one found does not start.
    """
    candidates = [str(owlready2.JAVA_EXE or "")]
    if os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    candidates.append("java")
    path = next((found for found in map(_executable, candidates) if found), None)
    if path is None:
        raise JavaNotFoundError(
            f"the OWL reasoner HermiT needs Java, and none was found (owlready2.JAVA_EXE is "
            f"{owlready2.JAVA_EXE!r}, JAVA_HOME is {os.environ.get('JAVA_HOME', 'unset')!r}, no `java` on PATH): "
            f"{INSTALL_JAVA_HINT}"
        )
    return JavaRuntime(path=path, version=_java_version(path))


def _executable(name: str) -> str | None:
    if not name:
        return None
    if os.sep in name or (os.altsep and os.altsep in name):
        return name if os.path.isfile(name) and os.access(name, os.X_OK) else None
    return shutil.which(name)


def _java_version(path: str) -> str:
    """First line of `java -version`; cached per executable and modification time."""
    key = (path, os.stat(path).st_mtime_ns)
    if key in _JAVA_VERSIONS:
        return _JAVA_VERSIONS[key]
    try:
        run = subprocess.run([path, "-version"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise JavaNotFoundError(f"Java at {path} does not start ({error}): {INSTALL_JAVA_HINT}") from error
    lines = [line.strip() for line in (run.stderr + run.stdout).splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("Picked up ")]
    if run.returncode != 0 or not lines:
        said = _trim(" ".join(lines)) or f"exit status {run.returncode}"
        raise JavaNotFoundError(f"Java at {path} does not start ({said}): {INSTALL_JAVA_HINT}")
    _JAVA_VERSIONS[key] = lines[0]
    return lines[0]


# --------------------------------------------------------------------------------------------------
# The input HermiT sees
# --------------------------------------------------------------------------------------------------


@dataclass
class ReasoningInput:
    graph: Graph
    notes: list[str] = field(default_factory=list)
    clashes: list[str] = field(default_factory=list)  # ill-typed values of data properties


def reasoning_input(graph: Graph) -> ReasoningInput:
    """A copy of `graph` HermiT can read: no owl:imports, dates as dateTimes (see the module docstring)."""
    schema = _Schema(graph)
    supported = HERMIT_DATATYPES | schema.defined_datatypes
    out = Graph()
    bind_prefixes(out)
    imports = dates = 0
    unsupported: dict[URIRef, int] = defaultdict(int)
    ill_typed_notes: list[str] = []
    clashes: list[str] = []
    for s, p, o in graph:
        if p == OWL.imports:
            imports += 1
            continue
        if isinstance(o, Literal) and o.datatype is not None and o.datatype not in supported:
            if o.datatype != XSD.date:
                unsupported[o.datatype] += 1
                continue
            dated = _as_datetime(o)
            if dated is not None:
                dates += 1
                o = dated
        if isinstance(o, Literal) and (o.ill_typed or o.datatype == XSD.date):  # a date _as_datetime refused
            said = f"{_node(s)} has {_short(p)} {_literal(o)}, which is not a valid {_short(o.datatype)}"
            if p in schema.data_properties:
                clashes.append(f"{said} (an ill-typed value of a data property is a contradiction in OWL)")
            else:
                ill_typed_notes.append(said)
            continue
        if p == RDFS.range and isinstance(o, URIRef) and schema.is_unsupported_datatype(o, supported):
            unsupported[o] += 1
            continue
        s, o = (XSD.dateTime if term == XSD.date else term for term in (s, o))
        out.add((s, p, o))

    notes = []
    if imports:
        notes.append(f"removed {imports} owl:imports triple(s): the reasoner never fetches anything")
    if dates:
        notes.append(f"read {dates} xsd:date literal(s) as xsd:dateTime at 00:00 (HermiT has no xsd:date)")
    for datatype, count in sorted(unsupported.items()):
        notes.append(f"dropped {count} literal(s) or range(s) of {_short(datatype)}, a datatype HermiT lacks")
    if ill_typed_notes:
        notes.append(
            f"dropped {len(ill_typed_notes)} ill-typed literal(s) outside data properties: "
            + "; ".join(ill_typed_notes[:5])
            + (" ..." if len(ill_typed_notes) > 5 else "")
        )
    if clashes:
        notes.append(f"dropped {len(clashes)} ill-typed data-property value(s), reported as clashes")
    return ReasoningInput(graph=out, notes=notes, clashes=clashes)


def _as_datetime(literal: Literal) -> Literal | None:
    """`"2024-06-13"^^xsd:date` -> `"2024-06-13T00:00:00"^^xsd:dateTime`, time zone kept; None if ill-typed."""
    match = _DATE.fullmatch(str(literal))
    if literal.ill_typed or match is None:
        return None
    return Literal(f"{match.group(1)}T00:00:00{match.group(2)}", datatype=XSD.dateTime)


def _save_through_owlready(graph: Graph, path: Path) -> None:
    """Load the input into a fresh owlready2 World and save it as N-Triples for HermiT."""
    data = graph.serialize(format="nt", encoding="utf-8")
    with _OWLREADY_LOCK:
        world = owlready2.World()
        try:
            world.get_ontology(_INPUT_ONTOLOGY).load(fileobj=io.BytesIO(data), format="ntriples")
            with path.open("wb") as out:
                world.save(out, format="ntriples")
        except owlready2.OwlReadyError as error:
            raise ReasonerError(f"owlready2 could not read the reasoning input: {_trim(str(error))}") from error
        finally:
            world.close()


# --------------------------------------------------------------------------------------------------
# HermiT
# --------------------------------------------------------------------------------------------------


@dataclass
class _HermitResult:
    consistent: bool
    unsatisfiable: list[str]
    message: str


def _run_hermit(java: str, path: Path, remaining: float, timeout: float) -> _HermitResult:
    jar = _HERMIT_DIR / "HermiT.jar"
    if not jar.is_file():
        raise ReasonerError(f"owlready2 {owlready2.VERSION} is installed without {jar}; reinstall owlready2")
    if remaining <= 0:
        raise ReasonerError(f"no time left for HermiT within the timeout of {timeout:g} s")
    classpath = os.pathsep.join([str(_HERMIT_DIR), str(jar)])
    memory = getattr(owlready2.reasoning, "JAVA_MEMORY", 2000)
    # C1-only JIT: HermiT runs for seconds, and the C2 compiler threads would compete for the cores
    # (measured: half the wall time on 2 cores, at 5,000 and at 20,000 triples).
    jvm = [f"-Xmx{memory}M", "-XX:TieredStopAtLevel=1", "-Dfile.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8"]
    command = [java, *jvm, "-cp", classpath, _HERMIT_MAIN, "-N", "-U", path.as_uri()]
    try:
        run = subprocess.run(
            command, capture_output=True, encoding="utf-8", errors="replace", timeout=remaining, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise ReasonerError(f"HermiT did not finish within the timeout of {timeout:g} s") from error
    except OSError as error:
        raise JavaNotFoundError(f"Java at {java} does not start ({error}): {INSTALL_JAVA_HINT}") from error
    said = run.stdout + "\n" + run.stderr
    if run.returncode == 0:
        return _HermitResult(True, _unsatisfiable_classes(run.stdout), "")
    if "InconsistentOntologyException" in said or "Inconsistent ontology" in said:
        return _HermitResult(False, [], "Inconsistent ontology")
    raise ReasonerError(f"HermiT failed (exit status {run.returncode}): {_hermit_message(said)}")


def _unsatisfiable_classes(output: str) -> list[str]:
    """Parse `-N -U` output: a header line, then one tab-indented class IRI per line."""
    found = {line.strip().strip("<>") for line in output.splitlines() if line.startswith("\t")}
    return sorted(found - {str(OWL.Nothing), "owl:Nothing", ""})


def _hermit_message(output: str) -> str:
    """The Java exception line(s) without the stack trace."""
    lines = [line.rstrip() for line in output.splitlines() if line.strip()]
    lines = [line for line in lines if not line.lstrip().startswith(("at ", "..."))]
    return _trim(" ".join(line.strip() for line in lines).replace('Exception in thread "main" ', ""))


def _trim(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."


# --------------------------------------------------------------------------------------------------
# Diagnosis
# --------------------------------------------------------------------------------------------------


def diagnose(graph: Graph) -> list[str]:
    """Sentences naming contradictions found directly in the graph (sound, not complete).

    Checked: one node in two disjoint classes (through rdf:type, rdfs:subClassOf, owl:equivalentClass,
    rdfs:domain, rdfs:range, owl:inverseOf); two different literals on a functional property; nodes
    OWL must take for one individual (owl:sameAs, two values of a functional object property, to a
    fixpoint) that are declared different, lie in disjoint classes, or together carry two different
    literals on a functional property; literals outside a data property's range.
    """
    schema = _Schema(graph)
    typing = _Typing(graph, schema)
    merges = _Merges(graph, schema)
    return [
        *_disjoint_type_clashes(typing, schema),
        *_functional_literal_clashes(merges),
        *(clash for group in merges.groups() for clash in _group_clashes(group, merges, typing, schema)),
        *_data_range_clashes(graph, schema),
    ]


def merge_suspects(graph: Graph) -> list[str]:
    """Nodes OWL takes for one individual where no clash was found: no contradiction alone, a usual cause."""
    schema = _Schema(graph)
    merges = _Merges(graph, schema)
    return [merges.describe(group) for group in merges.groups() if merges.by_functional(group)]


def explain_unsatisfiable(graph: Graph, classes: Iterable[str]) -> list[str]:
    """Why each unsatisfiable class is empty, where a pair of disjoint superclasses shows it."""
    schema = _Schema(graph)
    lines = []
    for iri in classes:
        cls = URIRef(iri)
        supers = schema.superclasses(cls)
        pair = next(iter(schema.disjoint_pairs_among(supers)), None)
        if pair:
            a, b = pair
            lines.append(f"{_short(cls)} is a subclass of {_short(a)} and {_short(b)}, which are disjoint")
        else:
            lines.append(f"{_short(cls)} is unsatisfiable (HermiT); no pair of disjoint superclasses explains it")
    return lines


class _Schema:
    """Class and property axioms of the graph that the diagnosis needs, precomputed once."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self._direct_supers: dict[Node, set[Node]] = defaultdict(set)
        for sub, sup in graph.subject_objects(RDFS.subClassOf):
            self._direct_supers[sub].add(sup)
        for a, b in graph.subject_objects(OWL.equivalentClass):
            self._direct_supers[a].add(b)
            self._direct_supers[b].add(a)
        self.disjoint: dict[Node, set[Node]] = defaultdict(set)
        for a, b in graph.subject_objects(OWL.disjointWith):
            self._add_disjoint([a, b])
        for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
            for members in graph.objects(group, OWL.members):
                self._add_disjoint(list(Collection(graph, members)))
        for members in graph.objects(None, OWL.disjointUnionOf):
            self._add_disjoint(list(Collection(graph, members)))

        self._direct_super_properties: dict[Node, set[Node]] = defaultdict(set)
        for sub, sup in graph.subject_objects(RDFS.subPropertyOf):
            self._direct_super_properties[sub].add(sup)
        for a, b in graph.subject_objects(OWL.equivalentProperty):
            self._direct_super_properties[a].add(b)
            self._direct_super_properties[b].add(a)
        self.inverse: dict[Node, set[Node]] = defaultdict(set)
        for a, b in graph.subject_objects(OWL.inverseOf):
            self.inverse[a].add(b)
            self.inverse[b].add(a)
        annotations = set(graph.subjects(RDF.type, OWL.AnnotationProperty))  # no semantics in OWL 2 DL
        self.domains = _index(graph, RDFS.domain, skip=annotations)
        self.ranges = _index(graph, RDFS.range, skip=annotations)
        self.functional = set(graph.subjects(RDF.type, OWL.FunctionalProperty)) - annotations
        declared_data = set(graph.subjects(RDF.type, OWL.DatatypeProperty))
        self.defined_datatypes = {
            dt for dt in graph.subjects(RDF.type, RDFS.Datatype) if (dt, OWL.equivalentClass, None) in graph
        }
        self._super_cache: dict[Node, set[Node]] = {}
        self._super_property_cache: dict[Node, set[Node]] = {}
        predicates = set(graph.predicates())
        self.data_properties = {p for p in predicates | declared_data if self.super_properties(p) & declared_data}

    def _add_disjoint(self, members: list[Node]) -> None:
        for a in members:
            for b in members:
                if a != b:
                    self.disjoint[a].add(b)

    def superclasses(self, cls: Node) -> set[Node]:
        """cls and every class it is a subclass of (reflexive, transitive)."""
        if cls not in self._super_cache:
            self._super_cache[cls] = _closure(cls, self._direct_supers)
        return self._super_cache[cls]

    def super_properties(self, prop: Node) -> set[Node]:
        if prop not in self._super_property_cache:
            self._super_property_cache[prop] = _closure(prop, self._direct_super_properties)
        return self._super_property_cache[prop]

    def disjoint_pairs_among(self, classes: Iterable[Node]) -> Iterator[tuple[Node, Node]]:
        present = set(classes)
        for a in sorted(present, key=str):
            for b in sorted(self.disjoint.get(a, ()), key=str):
                if b in present and str(a) < str(b):
                    yield a, b

    def is_unsupported_datatype(self, term: URIRef, supported: set[URIRef] | frozenset[URIRef]) -> bool:
        """A datatype IRI HermiT would refuse: in the XSD namespace, or declared, and not supported."""
        if term in supported or term == XSD.date:
            return False
        return str(term).startswith(str(XSD)) or (term, RDF.type, RDFS.Datatype) in self.graph


class _Typing:
    """The classes each node belongs to, with the reason: asserted, via a domain or range, or inherited."""

    def __init__(self, graph: Graph, schema: _Schema):
        self.schema = schema
        direct: dict[Node, dict[Node, str]] = defaultdict(dict)
        for node, cls in graph.subject_objects(RDF.type):
            direct[node].setdefault(cls, "")
        # Sorted, so that the reason given for a type does not depend on the hash seed.
        for s, p, o in sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
            if p == RDF.type:
                continue
            for prop in schema.super_properties(p):
                for cls in schema.domains.get(prop, ()):
                    direct[s].setdefault(cls, f"via the domain of {_short(prop)}")
                if not isinstance(o, Literal):
                    for cls in schema.ranges.get(prop, ()):
                        direct[o].setdefault(cls, f"via the range of {_short(prop)}")
                    for inverse in schema.inverse.get(prop, ()):
                        for cls in schema.domains.get(inverse, ()):
                            direct[o].setdefault(cls, f"via the domain of {_short(inverse)}")
                        for cls in schema.ranges.get(inverse, ()):
                            direct[s].setdefault(cls, f"via the range of {_short(inverse)}")
        self.types: dict[Node, dict[Node, str]] = {}
        for node, classes in direct.items():
            closed: dict[Node, str] = dict(classes)
            for cls, why in classes.items():
                for sup in schema.superclasses(cls):
                    if sup not in closed:
                        closed[sup] = f"as {_short(cls)}" + (f", {why}" if why else "")
            self.types[node] = closed

    def of(self, node: Node) -> dict[Node, str]:
        return self.types.get(node, {})


def _disjoint_type_clashes(typing: _Typing, schema: _Schema) -> Iterator[str]:
    for node in sorted(typing.types, key=str):
        types = typing.types[node]
        for a, b in schema.disjoint_pairs_among(types):
            yield (
                f"{_node(node)} is both {_short(a)}{_why(types[a])} and {_short(b)}{_why(types[b])}, which are disjoint"
            )


class _Merges:
    """Which nodes OWL must take for one individual, and why: owl:sameAs and functional object properties.

    Two values of a functional property are one individual; so are the values of merged subjects, so
    the merging repeats until nothing changes (a union-find over the nodes).
    """

    def __init__(self, graph: Graph, schema: _Schema):
        self.different = _different_pairs(graph)
        self.values: dict[tuple[Node, Node], list[Node]] = defaultdict(list)  # (subject, functional) -> values
        for s, p, o in graph:
            for prop in schema.super_properties(p) & schema.functional:
                if o not in self.values[s, prop]:
                    self.values[s, prop].append(o)
        self._parent: dict[Node, Node] = {}
        self.reasons: list[tuple[Node, str, bool]] = []  # (a node of the group, why merged, by a functional?)
        for a, b in sorted(graph.subject_objects(OWL.sameAs), key=str):
            self._union(a, b, f"{_node(a)} is declared owl:sameAs {_node(b)}", functional=False)
        changed = True
        while changed:
            changed = False
            by_group: dict[tuple[Node, Node], list[tuple[Node, Node]]] = defaultdict(list)
            for (s, prop), objects in sorted(self.values.items(), key=str):
                by_group[self.find(s), prop] += [(s, o) for o in objects if not isinstance(o, Literal)]
            for (_root, prop), pairs in by_group.items():
                first_subject, first = pairs[0] if pairs else (None, None)
                for subject, value in pairs[1:]:
                    if self.find(value) != self.find(first):
                        on = (
                            _node(subject) if subject == first_subject else f"{_node(first_subject)} / {_node(subject)}"
                        )
                        why = f"both are values of {_short(prop)}, which is functional, on {on}"
                        self._union(first, value, why, functional=True)
                        changed = True

    def find(self, node: Node) -> Node:
        root = node
        while self._parent.get(root, root) != root:
            root = self._parent[root]
        self._parent[node] = root
        return root

    def _union(self, a: Node, b: Node, why: str, functional: bool) -> None:
        if a != b and self.find(a) != self.find(b):
            self._parent[self.find(b)] = self.find(a)
            self.reasons.append((a, why, functional))

    def groups(self) -> list[list[Node]]:
        members: dict[Node, set[Node]] = defaultdict(set)
        for node in list(self._parent):
            members[self.find(node)].add(node)
        return sorted((sorted(group, key=str) for group in members.values() if len(group) > 1), key=str)

    def by_functional(self, group: list[Node]) -> bool:
        root = self.find(group[0])
        return any(functional for node, _reason, functional in self.reasons if self.find(node) == root)

    def describe(self, group: list[Node]) -> str:
        root = self.find(group[0])
        why = "; ".join(reason for node, reason, _functional in self.reasons if self.find(node) == root)
        return f"{' and '.join(_node(n) for n in group)} must be one individual ({why})"


def _functional_literal_clashes(merges: _Merges) -> Iterator[str]:
    for (s, prop), objects in sorted(merges.values.items(), key=str):
        literals = _distinct_values([o for o in objects if isinstance(o, Literal)])
        if len(literals) > 1:
            shown = " and ".join(_literal(v) for v in literals)
            yield f"{_node(s)} has two values of {_short(prop)}, which is functional: {shown}"


def _group_clashes(group: list[Node], merges: _Merges, typing: _Typing, schema: _Schema) -> Iterator[str]:
    """What forbids the members of a merged group to be one individual."""
    head = merges.describe(group)
    for i, a in enumerate(group):
        for b in group[i + 1 :]:
            if frozenset((a, b)) in merges.different:
                they = "they" if len(group) == 2 else f"{_node(a)} and {_node(b)}"
                yield f"{head}, but {they} are declared different individuals"
            types_a, types_b = typing.of(a), typing.of(b)
            pair = next(
                (
                    (x, y)
                    for x in sorted(types_a, key=str)
                    for y in sorted(schema.disjoint.get(x, ()), key=str)
                    if y in types_b
                ),
                None,
            )
            if pair:
                x, y = pair
                yield (
                    f"{head}, but {_node(a)} is {_short(x)}{_why(types_a[x])} and {_node(b)} is "
                    f"{_short(y)}{_why(types_b[y])}, which are disjoint"
                )
    literal_values: dict[Node, list[tuple[Node, Literal]]] = defaultdict(list)
    for (s, prop), objects in sorted(merges.values.items(), key=str):
        if s in group:
            literal_values[prop] += [(s, o) for o in objects if isinstance(o, Literal)]
    for prop, held in sorted(literal_values.items(), key=str):
        distinct = _distinct_values([value for _s, value in held])
        if len(distinct) > 1 and len({s for s, _v in held}) > 1:
            shown = " and ".join(_literal(v) for v in distinct)
            yield f"{head}, but together they have two values of {_short(prop)}, which is functional: {shown}"


def _data_range_clashes(graph: Graph, schema: _Schema) -> Iterator[str]:
    for s, p, o in sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
        if not isinstance(o, Literal) or o.ill_typed:
            continue
        for prop in schema.super_properties(p):
            for datatype in schema.ranges.get(prop, ()):
                if isinstance(datatype, URIRef) and not _fits(o, datatype):
                    yield (
                        f"{_node(s)} has {_short(p)} {_literal(o)}, outside {_short(datatype)}, "
                        f"the range of {_short(prop)}"
                    )


def _fits(literal: Literal, datatype: URIRef) -> bool:
    """Whether a literal's value can lie in a datatype; True where we cannot tell."""
    if datatype == RDFS.Literal:
        return True
    family = "langString" if literal.language else _FAMILY.get(literal.datatype or XSD.string)
    expected = RDF.PlainLiteral if datatype == RDF.PlainLiteral else _FAMILY.get(datatype)
    if expected is None or family is None:
        return True
    if {family, expected} <= {"string", "langString", RDF.PlainLiteral}:
        return True  # HermiT reads untagged and tagged strings alike (a plain lg:summary is consistent)
    if family != expected:
        return False
    if datatype in _INTEGER_BOUNDS:
        value = literal.value
        if not isinstance(value, int | Decimal) or value != int(value):
            return False
        low, high = _INTEGER_BOUNDS[datatype]
        return (low is None or value >= low) and (high is None or value <= high)
    return True


def _different_pairs(graph: Graph) -> set[frozenset[Node]]:
    pairs = {frozenset((a, b)) for a, b in graph.subject_objects(OWL.differentFrom) if a != b}
    for group in graph.subjects(RDF.type, OWL.AllDifferent):
        for predicate in (OWL.members, OWL.distinctMembers):
            for members in graph.objects(group, predicate):
                items = list(Collection(graph, members))
                pairs |= {frozenset((a, b)) for a in items for b in items if a != b}
    return pairs


def _distinct_values(literals: list[Literal]) -> list[Literal]:
    kept: list[Literal] = []
    for literal in sorted(literals, key=str):
        if not any(_same_value(literal, other) for other in kept):
            kept.append(literal)
    return kept


def _same_value(a: Literal, b: Literal) -> bool:
    try:
        return bool(a.eq(b))
    except TypeError:
        return a == b


def _index(graph: Graph, predicate: URIRef, skip: set[Node]) -> dict[Node, set[Node]]:
    index: dict[Node, set[Node]] = defaultdict(set)
    for s, o in graph.subject_objects(predicate):
        if s not in skip:
            index[s].add(o)
    return index


def _closure(start: Node, edges: dict[Node, set[Node]]) -> set[Node]:
    seen = {start}
    todo = [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


# --------------------------------------------------------------------------------------------------
# Names in messages: vocabulary terms as prefixed names, individuals as full IRIs
# --------------------------------------------------------------------------------------------------

_NAMES = Graph()
bind_prefixes(_NAMES)
_VOCABULARY_PREFIXES = {"lg", "owl", "rdf", "rdfs", "xsd", "skos", "dcterms", "prov", "eli", "dpv", "airo", "vair"}


def _short(term: Node | None) -> str:
    if not isinstance(term, URIRef):
        return str(term)
    try:
        prefix, _namespace, local = _NAMES.namespace_manager.compute_qname(term, generate=False)
    except (KeyError, ValueError):
        return str(term)
    return f"{prefix}:{local}" if prefix in _VOCABULARY_PREFIXES else str(term)


def _node(term: Node) -> str:
    return f"a blank node ({term.n3()})" if isinstance(term, BNode) else str(term)


def _literal(literal: Literal) -> str:
    return literal.n3(_NAMES.namespace_manager)


def _why(reason: str) -> str:
    return f" ({reason})" if reason else ""
