"""The catalogue as drafters read it: jurisdictions, instruments with their tables of contents, one
provision with what it establishes, and search.

Every function takes a `Store` and plain values, binds the values into the stored queries
`queries/rest-*.rq` (never pasted) and returns JSON-ready dicts whose keys are the API's. A request
runs a fixed, small number of queries, each anchored on bound IRIs: no query per result row. On the
embedded store the three a comparison runs (`rest-provision`, `rest-subtree`, `rest-compare`) are read
by index walks that return the same rows (`lexgraph.walks`, docs/decisions.md, decision 16).

Dates: a provision applies from its own `lg:appliesFrom`, else its nearest ancestor's, else its
instrument's `lg:appliesFrom`, else the instrument's `lg:dateInForce`; it stops applying after the
nearest `lg:appliesUntil` on the same path; a part of a draft instrument applies on no date.

Query shapes. Oxigraph (0.5) orders a query's joins by estimates that ignore values passed as
`substitutions`, and a join that starts from a variable it believes unbound scans the store: at a
million triples a comparison took 1.2 s instead of 2 ms. So `run_sparql` writes the values into the query
text (SEP-0007 substitution, each term serialised by pyoxigraph, as `lexgraph.remote.bind` does for
remote stores), and the REST queries keep to shapes measured fast at that size: a chain of patterns
that starts from a bound value, and facts fetched by a UNION of short chains (one per kind of fact,
each row binding its own variables) rather than OPTIONAL groups or rows multiplied by each other.
tests/test_catalog.py::test_answers_at_scale_are_the_answers_without_the_corpus checks that the
answers stay anchored; benchmarks/run.py measures the speed.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

from rdflib import Literal, URIRef
from rdflib.term import Node

from .errors import IdentifierError, UnknownResourceError
from .ids import ProvisionId, check_jurisdiction, jurisdiction_iri, parse_id, short_id
from .namespaces import DCTERMS, ID_BASE, LG, RDF, RDFS
from .queries import query_text
from .store import OxigraphStore, Store, prologue, to_oxigraph
from .walks import WALKS, walk

MAX_INSTRUMENTS_LIMIT = 1000
MAX_SEARCH_LIMIT = 100
MAX_OFFSET = 100_000
MAX_QUERY_LENGTH = 200
SUGGESTIONS = 5
LANG_RE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DIGITS = re.compile(r"(\d+)")

MODALITIES = {
    LG.Prohibition: "prohibition",
    LG.Obligation: "obligation",
    LG.Permission: "permission",
    LG.Exemption: "exemption",
}
NORM_LISTS = {
    LG.regulatesPractice: "practices",
    LG.regulatesActivity: "activities",
    LG.addressee: "addressees",
    LG.obligationType: "obligationTypes",
    LG.appliesToRiskClass: "riskClasses",
}


class NotApplicableError(UnknownResourceError):
    """The provision exists but did not apply on the date asked (a 404: nothing applied there)."""

    def __init__(self, value: str, day: date, applicability: Applicability):
        super().__init__(value, [], kind="provision")
        self.as_of = day
        window = f"applies from {applicability.applies_from or 'an unknown date'}"
        if applicability.applies_until:
            window += f" until {applicability.applies_until}"
        if applicability.draft:
            window = "is part of a draft and applies on no date"
        self.args = (f"provision {value!r} did not apply on {day.isoformat()}: it {window}",)

    def to_dict(self) -> dict:
        return {**super().to_dict(), "asOf": self.as_of.isoformat()}


# --------------------------------------------------------------------------- parameters


def parse_as_of(value: str | date | None, parameter: str = "asOf") -> date | None:
    """A date given as YYYY-MM-DD, or None when absent; anything else is an IdentifierError (400)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not DATE_RE.fullmatch(value):
        raise IdentifierError(str(value), "expected a date YYYY-MM-DD, e.g. 2026-02-01", parameter)
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise IdentifierError(value, f"not a calendar date ({error})", parameter) from error


def check_page(limit: int, offset: int, max_limit: int) -> None:
    """Refuse absurd pagination values, naming the parameter (a 400, not a silent clamp)."""
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= max_limit:
        raise IdentifierError(str(limit), f"must be an integer from 1 to {max_limit}", "limit")
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= MAX_OFFSET:
        raise IdentifierError(str(offset), f"must be an integer from 0 to {MAX_OFFSET}", "offset")


def page(items: list, limit: int, offset: int, **extra) -> dict:
    return {**extra, "total": len(items), "limit": limit, "offset": offset, "items": items[offset : offset + limit]}


# --------------------------------------------------------------------------- small helpers


def run(store: Store, name: str, **bindings: Node | list[Node] | None) -> list[dict[str, Node]]:
    """The rows of stored query `name` with the given values bound (None: left unbound; a list: each of its
    values, so that one query answers for several). On the embedded store, the queries every comparison
    runs are read by their index walks (`lexgraph.walks`: the same rows, without parsing and planning);
    the others, and every query on a remote store, go to `run_sparql`."""
    if name in WALKS and isinstance(store, OxigraphStore):
        return walk(store.oxigraph, name, {k: v for k, v in bindings.items() if v is not None})
    return run_sparql(store, name, **bindings)


def run_sparql(store: Store, name: str, **bindings: Node | list[Node] | None) -> list[dict[str, Node]]:
    """Run stored query `name` as SPARQL with the given values bound (a list through a VALUES block).

    The values are written into the query the way `lexgraph.remote.bind` writes them (SEP-0007
    substitution, each term serialised by pyoxigraph, never pasted text) before it reaches the store,
    so that Oxigraph plans with them (module docstring, "Query shapes").
    """
    bound = {k: v for k, v in bindings.items() if v is not None}
    text = bound_template(name, tuple(sorted(k for k, v in bound.items() if not isinstance(v, list))),
                          tuple(sorted(k for k, v in bound.items() if isinstance(v, list))))
    for key, value in bound.items():
        serialised = " ".join(map(_serialised, value)) if isinstance(value, list) else _serialised(value)
        text = text.replace(f"<{PLACEHOLDER}{key}>", serialised)
    return store.select(text, self_contained=True)


PLACEHOLDER = "urn:lexgraph:bound:"


def _serialised(term: Node) -> str:
    return str(to_oxigraph(term))


@cache
def bound_template(name: str, names: tuple[str, ...], lists: tuple[str, ...] = ()) -> str:
    """Stored query `name`, comment lines dropped, with the variables `names` bound to placeholder IRIs
    by `lexgraph.remote.bind` (and those of `lists` to a VALUES block holding one placeholder); `run`
    swaps each placeholder for the serialised value or values (binding once per query shape, not per
    request). The text declares the prefixes it uses, so the store need not add them (`Store.select`)."""
    from .remote import bind  # the project's SEP-0007 binder lives with the remote store

    text = "\n".join(line for line in query_text(name).splitlines() if not line.lstrip().startswith("#"))
    return prologue(text) + bind(text, {**{key: URIRef(PLACEHOLDER + key) for key in names},
                       **{key: [URIRef(PLACEHOLDER + key)] for key in lists}})


def natural_key(text: str) -> tuple:
    """Sort key that puts art_9 before art_10 and point_2 before point_10."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _DIGITS.split(text) if part)


@lru_cache(maxsize=4096)
def notation(concept: Node) -> str:
    """A concept's short name: the last segment of its IRI, which LexGraph's vocabularies make equal to
    its skos:notation (relation:narrower is "narrower"), and the local name of an ontology class. (Few
    concepts, asked for on every row: remembered.)"""
    text = str(concept).rstrip("/")
    return text[max(text.rfind("/"), text.rfind("#")) + 1 :]


def pick_text(texts: Mapping[str, str], preferred: Iterable[str] = ("en", "")) -> str | None:
    """One text out of language -> text: English first, then untagged, then the first language."""
    for lang in preferred:
        if lang in texts:
            return texts[lang]
    return texts[min(texts)] if texts else None


def as_date(term: Node | None) -> date | None:
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, date):
            return value
    return None


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def suggest(value: str, candidates: Iterable[str], n: int = SUGGESTIONS) -> list[str]:
    return difflib.get_close_matches(value, sorted(set(candidates)), n=n, cutoff=0.5)


def known_jurisdictions(store: Store) -> list[str]:
    return sorted({str(row["code"]) for row in run(store, "rest-jurisdictions")})


def require_jurisdiction(
    store: Store, code: str, parameter: str = "jurisdiction", known: list[str] | None = None
) -> URIRef:
    """The IRI of a known jurisdiction; a malformed code is a 400, an unknown one a 404 with suggestions.
    `known` saves the query when the caller already has the codes."""
    check_jurisdiction(code, parameter)
    known = known_jurisdictions(store) if known is None else known
    if code not in known:
        raise UnknownResourceError(code, suggest(code, known), kind="jurisdiction")
    return jurisdiction_iri(code)


def unknown_provision(store: Store, pid: ProvisionId) -> UnknownResourceError:
    """The 404 for a provision id that names nothing, with the closest ids of its instrument (or all)."""
    candidates = [
        short_id(r["provision"]) for r in run(store, "rest-provision-ids", prefix=Literal(pid.instrument_iri + "/"))
    ]
    if not candidates:  # an unknown instrument too: suggest from every provision
        candidates = [short_id(r["provision"]) for r in run(store, "rest-provision-ids", prefix=Literal(ID_BASE))]
    return UnknownResourceError(pid.short, suggest(pid.short, candidates), kind="provision")


# --------------------------------------------------------------------------- dates


@dataclass(frozen=True)
class Applicability:
    """When a provision applies, after inheritance: [applies_from, applies_until], never for drafts."""

    applies_from: date | None = None
    applies_until: date | None = None
    draft: bool = False

    def applies_on(self, day: date) -> bool:
        if self.draft:
            return False
        return (self.applies_from is None or self.applies_from <= day) and (
            self.applies_until is None or day <= self.applies_until
        )


@dataclass
class TreeNode:
    """One node of a provision tree (a provision or its instrument): what its parts may inherit."""

    parent: URIRef | None = None
    applies_from: date | None = None
    applies_until: date | None = None
    date_in_force: date | None = None
    status: str | None = None
    official_text: list[str] = field(default_factory=list)

    def add(self, prop: Node, value: Node) -> None:
        """Take in one (property, value) statement about this node; others are ignored."""
        role = _TREE_ROLES.get(prop)
        if role is None:
            return
        if role == "parent":
            self.parent = value
        elif role == "official_text":
            if str(value) not in self.official_text:
                self.official_text.append(str(value))
        elif role == "status":
            self.status = notation(value)
        else:
            setattr(self, role, as_date(value) or getattr(self, role))


# Looked up once: attribute access on a DefinedNamespace builds a new term each time, and comparing rdflib
# terms runs Python code; the loops over answer rows look predicates up in dictionaries of these instead.
PART_OF, APPLIES_FROM, APPLIES_UNTIL = LG.partOf, LG.appliesFrom, LG.appliesUntil
DATE_IN_FORCE, STATUS, OFFICIAL_TEXT = LG.dateInForce, LG.status, LG.officialText
_TREE_ROLES = {PART_OF: "parent", APPLIES_FROM: "applies_from", APPLIES_UNTIL: "applies_until",
               DATE_IN_FORCE: "date_in_force", STATUS: "status", OFFICIAL_TEXT: "official_text"}
RDF_TYPE, RDFS_LABEL, LG_NAMESPACE = RDF.type, RDFS.label, str(LG._NS)
LG_HEADING, LG_SUMMARY, LG_ORDER, LG_NUMBER = LG.heading, LG.summary, LG.order, LG.number
LG_KEY_TERM, LG_CITES_SOURCE, LG_CERTAINTY = LG.keyTerm, LG.citesSource, LG.certainty
LG_HAS_CONDITION, LG_REFERS_TO = LG.hasCondition, LG.refersTo
# What a provision's own statement feeds in its view (besides the dates its TreeNode takes in).
_VIEW_ROLES = {RDF_TYPE: "kind", RDFS_LABEL: "text", LG_HEADING: "text", LG_SUMMARY: "text",
               LG_KEY_TERM: "keyTerms", LG_NUMBER: "number", LG_ORDER: "order", PART_OF: "parent",
               LG_CITES_SOURCE: "sources", LG_CERTAINTY: "certainty"}


def tree_nodes(
    rows: Iterable[Mapping[str, Node]], key: str = "node", prop: str = "property", value: str = "value"
) -> dict[URIRef, TreeNode]:
    """Collect (node, property, value) rows into tree nodes by IRI."""
    nodes: dict[URIRef, TreeNode] = {}
    for row in rows:
        if key in row:
            nodes.setdefault(row[key], TreeNode()).add(row[prop], row[value])
    return nodes


def resolve(
    nodes: Mapping[URIRef, TreeNode], start: URIRef, memo: dict[URIRef, Applicability] | None = None
) -> Applicability:
    """The dates that apply to `start`, inherited along lg:partOf (see the module docstring)."""
    if memo is not None and start in memo:
        return memo[start]
    path: list[URIRef] = []
    current: URIRef | None = start
    inherited: Applicability | None = None
    while current is not None and current in nodes and current not in path:
        if memo is not None and current in memo:
            inherited = memo[current]
            break
        path.append(current)
        current = nodes[current].parent
    if inherited is None:  # reached the top (the instrument): its date in force is the last fallback
        top = nodes.get(path[-1]) if path else None
        inherited = Applicability(
            applies_from=top.date_in_force if top and not top.applies_from else None,
            draft=bool(top and top.status == "draft"),
        )
    result = inherited
    for iri in reversed(path):
        node = nodes[iri]
        result = Applicability(
            applies_from=node.applies_from or result.applies_from,
            applies_until=node.applies_until or result.applies_until,
            draft=result.draft or node.status == "draft",
        )
        if memo is not None:
            memo[iri] = result
    return result


def nearest_official_text(nodes: Mapping[URIRef, TreeNode], start: URIRef) -> str | None:
    """The official link of a provision: its own, else its nearest ancestor's, else its instrument's."""
    current: URIRef | None = start
    seen: set[URIRef] = set()
    while current is not None and current in nodes and current not in seen:
        seen.add(current)
        if nodes[current].official_text:
            return sorted(nodes[current].official_text)[0]
        current = nodes[current].parent
    return None


# --------------------------------------------------------------------------- jurisdictions and instruments


def jurisdictions(store: Store) -> list[dict]:
    """Every jurisdiction: code, IRI, labels by language, summary, and its instruments' ids."""
    found: dict[str, dict] = {}
    summaries: dict[str, dict[str, str]] = defaultdict(dict)
    for row in run(store, "rest-jurisdictions"):
        code = str(row["code"])
        item = found.setdefault(
            code, {"code": code, "iri": str(row["jurisdiction"]), "labels": {}, "summary": None, "instruments": []}
        )
        prop, value = row["property"], row["value"]
        if prop == RDFS.label:
            item["labels"][value.language or ""] = str(value)
        elif prop == LG.summary:
            summaries[code][value.language or ""] = str(value)
        elif prop == LG.jurisdiction and short_id(value) not in item["instruments"]:
            item["instruments"].append(short_id(value))
    for code, item in found.items():
        item["labels"] = dict(sorted(item["labels"].items()))
        item["summary"] = pick_text(summaries[code])
        item["instruments"].sort(key=natural_key)
    return [found[code] for code in sorted(found)]


INSTRUMENT_FIELDS = {
    LG.slug: "slug", LG.number: "number", LG.dateAdopted: "dateAdopted", LG.dateInForce: "dateInForce",
    LG.appliesFrom: "appliesFrom", LG.appliesUntil: "appliesUntil", LG.eli: "eli", LG.celex: "celex",
    LG.adiletId: "adiletId", LG.officialText: "officialText", LG.certainty: "certainty",
}
# The notes on why a date is missing or uncertain (decisions.md, 13): language-tagged, one picked like a summary.
INSTRUMENT_DATE_NOTES = {LG.dateInForceNote: "dateInForceNote", LG.appliesUntilNote: "appliesUntilNote"}
INSTRUMENT_TEXTS = (DCTERMS.title, RDFS.label, LG.summary, *INSTRUMENT_DATE_NOTES)


def _instruments(rows: Iterable[Mapping[str, Node]]) -> dict[URIRef, dict]:
    """Instrument descriptions out of rest-instruments rows (one row per value)."""
    found: dict[URIRef, dict] = {}
    texts: dict[URIRef, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for row in rows:
        iri = row["instrument"]
        item = found.setdefault(iri, {
            "id": short_id(iri), "iri": str(iri), "jurisdiction": str(row["code"]), "kind": None, "slug": None,
            "number": None, "title": None, "titles": {}, "labels": {}, "summary": None, "dateAdopted": None,
            "dateInForce": None, "dateInForceNote": None, "appliesFrom": None, "appliesUntil": None,
            "appliesUntilNote": None, "status": None, "bindingForce": None, "eli": None, "celex": None,
            "adiletId": None, "officialText": None, "certainty": None,
        })
        prop, value = row["property"], row["value"]
        if prop == RDF.type:
            if str(value).startswith(str(LG._NS)):
                item["kind"] = notation(value)
        elif prop in INSTRUMENT_TEXTS:
            texts[iri][str(prop)][getattr(value, "language", None) or ""] = str(value)
        elif prop in (LG.status, LG.bindingForce):
            item["status" if prop == LG.status else "bindingForce"] = notation(value)
        elif prop in INSTRUMENT_FIELDS:
            item[INSTRUMENT_FIELDS[prop]] = str(value)
    for iri, item in found.items():
        item["titles"] = dict(sorted(texts[iri][str(DCTERMS.title)].items()))
        item["labels"] = dict(sorted(texts[iri][str(RDFS.label)].items()))
        item["title"] = pick_text(item["titles"])
        item["summary"] = pick_text(texts[iri][str(LG.summary)])
        for prop, key in INSTRUMENT_DATE_NOTES.items():
            item[key] = pick_text(texts[iri][str(prop)])
    return found


def instruments(store: Store, jurisdiction: str | None = None, limit: int = 100, offset: int = 0) -> dict:
    """A page of instruments, all or one jurisdiction's, ordered by jurisdiction and slug."""
    check_page(limit, offset, MAX_INSTRUMENTS_LIMIT)
    code = check_jurisdiction(jurisdiction) if jurisdiction else None
    found = _instruments(run(store, "rest-instruments", code=Literal(code) if code else None))
    if code and not found:
        require_jurisdiction(store, code)  # raises for an unknown code; a known one simply has none yet
    items = sorted(found.values(), key=lambda i: (i["jurisdiction"], natural_key(i["slug"] or i["id"])))
    return page(items, limit, offset, jurisdiction=code)


def instrument(store: Store, jurisdiction: str, slug: str) -> dict:
    """One instrument with its table of contents: the provision tree in document order (lg:order)."""
    pid = parse_id(f"{jurisdiction}/{slug}", "instrument", allow_instrument=True)
    iri = pid.instrument_iri
    found = _instruments(run(store, "rest-instruments", instrument=iri))
    if iri not in found:
        known = [item["id"] for item in _instruments(run(store, "rest-instruments")).values()]
        raise UnknownResourceError(pid.short, suggest(pid.short, known), kind="instrument")
    item = found[iri]
    item["toc"] = _toc(iri, run(store, "rest-instrument-toc", instrument=iri))
    return item


def _toc(root: URIRef, rows: Iterable[Mapping[str, Node]]) -> list[dict]:
    """The nested table of contents out of rest-instrument-toc rows, siblings in document order."""
    nodes: dict[URIRef, dict] = {}
    parents: dict[URIRef, URIRef] = {}
    texts: dict[URIRef, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for row in rows:
        iri, prop, value = row["provision"], row["property"], row["value"]
        node = nodes.setdefault(iri, {
            "id": short_id(iri), "eId": None, "kind": None, "number": None, "label": None, "heading": None,
            "order": None, "children": [],
        })
        if prop == LG.partOf:
            parents[iri] = value
        elif prop == LG.eId:
            node["eId"] = str(value)
        elif prop == LG.order:
            node["order"] = _int(value)
        elif prop == LG.number:
            node["number"] = str(value)
        elif prop == RDF.type and str(value).startswith(str(LG._NS)):
            node["kind"] = notation(value)
        elif prop in (RDFS.label, LG.heading):
            texts[iri][str(prop)][value.language or ""] = str(value)
    top: list[dict] = []
    for iri, node in nodes.items():
        node["label"] = pick_text(texts[iri][str(RDFS.label)])
        node["heading"] = pick_text(texts[iri][str(LG.heading)])
        parent = parents.get(iri)
        if parent == root:
            top.append(node)
        elif parent in nodes:
            nodes[parent]["children"].append(node)
    for node in nodes.values():
        node["children"].sort(key=sibling_key)
    top.sort(key=sibling_key)
    return top


def sibling_key(node: Mapping) -> tuple:
    order = node.get("order")
    return (order if order is not None else 1 << 30, natural_key(node.get("eId") or node.get("id", "")))


def _int(term: Node) -> int | None:
    try:
        return int(term)
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- provisions


@dataclass
class ProvisionView:
    """A provision view and what callers need beside it: its dates, its lineage and its children's dates."""

    view: dict
    applicability: Applicability
    lineage: dict[URIRef, TreeNode]
    children: dict[URIRef, TreeNode]


def provision_view(store: Store, pid: ProvisionId) -> ProvisionView:
    """The provision view of one provision (one query); UnknownResourceError if there is none."""
    return _provision_view(store, pid, run(store, "rest-provision", provision=pid.iri))


def provision_views(store: Store, pids: list[ProvisionId]) -> list[ProvisionView]:
    """The views of several provisions from one query (a query's fixed cost is most of a small view's);
    UnknownResourceError for the first that names nothing."""
    iris = list(dict.fromkeys(pid.iri for pid in pids))
    if len(iris) == 1:
        rows = run(store, "rest-provision", provision=iris[0])
    else:
        rows = run(store, "rest-provision", provision=iris)
    by_provision: dict[Node, list] = defaultdict(list)
    for row in rows:
        by_provision[row["provision"]].append(row)
    return [_provision_view(store, pid, by_provision.get(pid.iri, [])) for pid in pids]


def _provision_view(store: Store, pid: ProvisionId, rows: list[Mapping[str, Node]]) -> ProvisionView:
    """A provision view out of its rest-provision rows."""
    iri = pid.iri
    own_rows = [row for row in rows if "property" in row]
    if not own_rows:
        raise unknown_provision(store, pid)
    own = TreeNode()
    texts: dict[str, dict[str, str]] = defaultdict(dict)
    view: dict = {
        "id": pid.short, "iri": str(iri), "jurisdiction": pid.jurisdiction,
        "instrument": f"{pid.jurisdiction}/{pid.instrument}", "eId": pid.eid, "kind": None, "number": None,
        "order": None, "labels": {}, "heading": None, "summary": None, "keyTerms": [], "parent": None,
        "children": [], "norms": [], "source": None, "sources": [], "appliesFrom": None, "appliesUntil": None,
        "certainty": None,
    }
    for row in own_rows:
        prop, value = row["property"], row["value"]
        own.add(prop, value)
        role = _VIEW_ROLES.get(prop)
        if role is None:
            continue
        if role == "kind":
            if str(value).startswith(LG_NAMESPACE):
                view["kind"] = notation(value)
        elif role == "text":
            texts[str(prop)][value.language or ""] = str(value)
        elif role in ("keyTerms", "sources"):
            if str(value) not in view[role]:
                view[role].append(str(value))
        elif role == "order":
            view["order"] = _int(value)
        elif role == "parent":
            view["parent"] = short_id(value)
        else:  # number, certainty
            view[role] = str(value)
    lineage = {iri: own, **tree_nodes(rows, "ancestor", "ancestorProperty", "ancestorValue")}
    applicability = resolve(lineage, iri)
    children = tree_nodes(rows, "child", "childProperty", "childValue")
    orders = {row["child"]: _int(row["childValue"]) for row in rows
              if "childProperty" in row and row["childProperty"] == LG_ORDER}
    for node in children.values():
        node.parent = iri
    view["children"] = [
        short_id(child)
        for child in sorted(children, key=lambda c: sibling_key({"order": orders.get(c), "eId": eid_of(c)}))
    ]
    view["labels"] = dict(sorted(texts[str(RDFS_LABEL)].items()))
    view["heading"] = pick_text(texts[str(LG_HEADING)])
    view["summary"] = pick_text(texts[str(LG_SUMMARY)])
    view["norms"] = norms(rows)
    view["source"] = nearest_official_text(lineage, iri)
    view["sources"].sort()
    view["keyTerms"].sort()
    view["appliesFrom"] = iso(applicability.applies_from)
    view["appliesUntil"] = iso(applicability.applies_until)
    return ProvisionView(view, applicability, lineage, children)


def eid_of(iri: Node) -> str:
    """The eId of a provision: the last path segment of its IRI (docs/modelling.md)."""
    return str(iri).rsplit("/", 1)[-1]


def provision(store: Store, provision_id: str, as_of: str | date | None = None) -> dict:
    """One provision: labels, summary, heading, parent, children in document order, norms, official
    source and dates. With `as_of`, a provision that did not apply then is a NotApplicableError (404),
    and only the children that applied are listed."""
    pid = parse_id(provision_id, "id")
    day = parse_as_of(as_of)
    found = provision_view(store, pid)
    if day is None:
        return {**found.view, "asOf": None}
    if not found.applicability.applies_on(day):
        raise NotApplicableError(pid.short, day, found.applicability)
    nodes = {**found.lineage, **found.children}
    memo: dict[URIRef, Applicability] = {}
    applying = {short_id(child) for child in found.children if resolve(nodes, child, memo).applies_on(day)}
    view = {**found.view, "children": [c for c in found.view["children"] if c in applying]}
    return {**view, "asOf": day.isoformat()}


_NORM_TEXTS = {RDFS.label: "label", LG.summary: "summary"}


def norms(rows: Iterable[Mapping[str, Node]]) -> list[dict]:
    """Norm views out of rest-provision rows: modality, practices, conditions, exceptions and the rest."""
    found: dict[URIRef, dict] = {}
    texts: dict[URIRef, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    qualifiers: dict[URIRef, dict] = {}
    for row in rows:
        if "norm" in row:
            iri, prop, value = row["norm"], row["normProperty"], row["normValue"]
            norm = found.setdefault(iri, {
                "iri": str(iri), "modality": None, "label": None, "summary": None, "practices": [],
                "activities": [], "addressees": [], "obligationTypes": [], "riskClasses": [], "conditions": [],
                "exceptions": [],
            })
            listed = NORM_LISTS.get(prop)
            if listed is not None:
                if notation(value) not in norm[listed]:
                    norm[listed].append(notation(value))
            elif prop in _NORM_TEXTS:
                texts[iri][str(prop)][value.language or ""] = str(value)
            elif value in MODALITIES and prop == RDF_TYPE:
                norm["modality"] = MODALITIES[value]
        elif "qualifier" in row:
            qualifier = qualifiers.setdefault(row["qualifier"], {
                "norm": row["qualifierNorm"],
                "kind": "conditions" if row["qualifierKind"] == LG_HAS_CONDITION else "exceptions",
                "iri": str(row["qualifier"]), "texts": defaultdict(dict), "refersTo": [],
            })
            prop, value = row["qualifierProperty"], row["qualifierValue"]
            if prop == LG_REFERS_TO:
                if short_id(value) not in qualifier["refersTo"]:
                    qualifier["refersTo"].append(short_id(value))
            else:
                qualifier["texts"][str(prop)][value.language or ""] = str(value)
    for iri, norm in found.items():
        norm["label"] = pick_text(texts[iri][str(RDFS_LABEL)])
        norm["summary"] = pick_text(texts[iri][str(LG_SUMMARY)])
        for key in NORM_LISTS.values():
            norm[key].sort()
    for qualifier in sorted(qualifiers.values(), key=lambda q: natural_key(q["iri"])):
        if qualifier["norm"] in found:
            found[qualifier["norm"]][qualifier["kind"]].append({
                "iri": qualifier["iri"],
                "label": pick_text(qualifier["texts"][str(RDFS_LABEL)]),
                "text": pick_text(qualifier["texts"][str(LG_SUMMARY)]),
                "refersTo": sorted(qualifier["refersTo"], key=natural_key),
            })
    return [found[iri] for iri in sorted(found, key=lambda i: natural_key(str(i)))]


# --------------------------------------------------------------------------- search

FIELD_NAMES = {RDFS.label: "label", LG.heading: "heading", LG.summary: "summary", LG.keyTerm: "keyTerm"}


def search(store: Store, q: str, lang: str | None = None, limit: int = 20, offset: int = 0) -> dict:
    """What `q` names, then the provisions and instruments whose texts contain it.

    First what `lexgraph.lookup` finds (whatever `lang`): the provision or instrument `q` names as an id,
    the ids that start with it, the provisions with the number it cites ("Art 5(1)(c)"). Then those whose
    labels, headings, summaries or key terms (or whose norms' texts) contain `q`, in any language held or
    only `lang`; case-insensitive. Exact label matches rank first, then labels that start with `q`, then
    other label, heading and key-term hits, then summaries, then norm texts; ties in id order (articles
    numerically). Each hit carries every label (`labels`, by language) beside the one picked; the page
    says which id `q` names (`exact`), or that it names nothing (`unknown`: the id and the closest ids)."""
    from .lookup import named  # it finds with this module's queries
    check_page(limit, offset, MAX_SEARCH_LIMIT)
    text = (q or "").strip()
    if not text:
        raise IdentifierError(str(q), "an empty search; give an id, a number such as Art 5(1)(c), or words", "q")
    if len(text) > MAX_QUERY_LENGTH:
        raise IdentifierError(text[:40] + "...", f"longer than {MAX_QUERY_LENGTH} characters", "q")
    if lang is not None and lang != "" and not LANG_RE.fullmatch(lang):
        raise IdentifierError(lang, "expected a language tag such as en, ru or kk", "lang")
    found = named(store, text)
    needle = text.lower()
    rows = run(store, "rest-search", q=Literal(needle), lang=Literal(lang.lower()) if lang else None)
    hits: dict[URIRef, dict] = {}
    labels: dict[URIRef, dict[str, str]] = defaultdict(dict)
    for row in rows:
        owner, resource, value = row["provision"], row["resource"], row["text"]
        if "provisionLabel" in row:
            labels[owner][row["provisionLabel"].language or ""] = str(row["provisionLabel"])
        field_name = FIELD_NAMES.get(row["field"], "label")
        rank = _rank(str(value).lower(), needle, field_name, own=resource == owner)
        best = hits.get(owner)
        if best is None or (rank, len(str(value))) < (best["rank"], len(best["text"])):
            short = short_id(owner)
            hits[owner] = {
                "id": short, "kind": "instrument" if short.count("/") == 1 else "provision", "label": None,
                "field": field_name if resource == owner else f"norm {field_name}", "text": str(value),
                "lang": getattr(value, "language", None), "rank": rank,
            }
    for owner, hit in hits.items():
        hit["label"], hit["labels"] = pick_text(labels[owner]), dict(labels[owner])
    found.add(sorted(hits.values(), key=lambda h: (h["rank"], natural_key(h["id"]))))
    unknown = {"id": found.unknown.value, "suggestions": found.unknown.suggestions} if found.unknown else None
    return page(found.hits, limit, offset, q=text, lang=lang or None, exact=found.exact, unknown=unknown)


def _rank(value: str, needle: str, field_name: str, own: bool) -> int:
    """0 exact label/heading/key term, 1 such a text starting with the query, 2 containing it,
    3 a summary, 4 a norm's or qualifier's text."""
    if not own:
        return 4
    if field_name == "summary":
        return 3
    if value.strip() == needle:
        return 0
    return 1 if value.startswith(needle) else 2


__all__ = [
    "Applicability",
    "NotApplicableError",
    "ProvisionView",
    "check_page",
    "instrument",
    "instruments",
    "jurisdictions",
    "parse_as_of",
    "provision",
    "provision_view",
    "provision_views",
    "resolve",
    "search",
]
