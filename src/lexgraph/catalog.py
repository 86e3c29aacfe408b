"""The catalogue as drafters read it: jurisdictions, instruments with their tables of contents, one
provision with what it establishes, and search.

Every function takes a `Store` and plain values, binds the values into the stored queries
`queries/rest-*.rq` (never pasted) and returns JSON-ready dicts whose keys are the API's. A request
runs a fixed, small number of queries, each anchored on bound IRIs: no query per result row.

Dates: a provision applies from its own `lg:appliesFrom`, else its nearest ancestor's, else its
instrument's `lg:appliesFrom`, else the instrument's `lg:dateInForce`; it stops applying after the
nearest `lg:appliesUntil` on the same path; a part of a draft instrument applies on no date.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from rdflib import Literal, URIRef
from rdflib.term import Node

from .errors import IdentifierError, UnknownResourceError
from .ids import ProvisionId, check_jurisdiction, jurisdiction_iri, parse_id, short_id
from .namespaces import DCTERMS, LG, RDF, RDFS
from .queries import query_text
from .store import Store

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


def run(store: Store, name: str, **bindings: Node | None) -> list[dict[str, Node]]:
    """Run stored query `name` with the given values bound (None: left unbound)."""
    bound = {k: v for k, v in bindings.items() if v is not None}
    return store.select(query_text(name), bound)


def natural_key(text: str) -> tuple:
    """Sort key that puts art_9 before art_10 and point_2 before point_10."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _DIGITS.split(text) if part)


def notation(concept: Node, given: Node | None = None) -> str:
    """A concept's short name: its skos:notation, else the last segment of its IRI."""
    if given is not None:
        return str(given)
    text = str(concept).rstrip("/")
    return re.split(r"[/#]", text)[-1]


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


def require_jurisdiction(store: Store, code: str, parameter: str = "jurisdiction") -> URIRef:
    """The IRI of a known jurisdiction; a malformed code is a 400, an unknown one a 404 with suggestions."""
    check_jurisdiction(code, parameter)
    known = known_jurisdictions(store)
    if code not in known:
        raise UnknownResourceError(code, suggest(code, known), kind="jurisdiction")
    return jurisdiction_iri(code)


def unknown_provision(store: Store, pid: ProvisionId) -> UnknownResourceError:
    """The 404 for a provision id that names nothing, with the closest ids of its instrument (or all)."""
    prefix = Literal(pid.instrument_iri + "/")
    candidates = [short_id(r["provision"]) for r in run(store, "rest-provision-ids", prefix=prefix)]
    if not candidates:
        candidates = [short_id(r["provision"]) for r in run(store, "rest-provision-ids")]
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
    """One node of a provision tree as the lineage queries return it."""

    parent: URIRef | None = None
    applies_from: date | None = None
    applies_until: date | None = None
    date_in_force: date | None = None
    status: str | None = None
    official_text: list[str] = field(default_factory=list)


def tree_nodes(rows: Iterable[Mapping[str, Node]], key: str = "node") -> dict[URIRef, TreeNode]:
    """Collect lineage-style rows (node, parent, dates, status, official text) into nodes by IRI."""
    nodes: dict[URIRef, TreeNode] = {}
    for row in rows:
        node = nodes.setdefault(row[key], TreeNode())
        node.parent = row.get("parent", node.parent)
        node.applies_from = as_date(row.get("appliesFrom")) or node.applies_from
        node.applies_until = as_date(row.get("appliesUntil")) or node.applies_until
        node.date_in_force = as_date(row.get("dateInForce")) or node.date_in_force
        if "status" in row:
            node.status = str(row["status"])
        text = row.get("officialText")
        if text is not None and str(text) not in node.official_text:
            node.official_text.append(str(text))
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
    if inherited is None:  # reached the top (the instrument): its dates are the fallback
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
    for row in run(store, "rest-jurisdictions"):
        code = str(row["code"])
        item = found.setdefault(
            code, {"code": code, "iri": str(row["jurisdiction"]), "labels": {}, "summary": None, "instruments": []}
        )
        _, value = row.get("property"), row.get("value")
        if value is None:
            continue
        if row["property"] == RDFS.label:
            item["labels"][value.language or ""] = str(value)
        elif row["property"] == LG.summary:
            item.setdefault("_summaries", {})[value.language or ""] = str(value)
        elif row["property"] == LG.jurisdiction and short_id(value) not in item["instruments"]:
            item["instruments"].append(short_id(value))
    for item in found.values():
        item["summary"] = pick_text(item.pop("_summaries", {}))
        item["instruments"].sort(key=natural_key)
    return [found[code] for code in sorted(found)]


def _instruments(rows: Iterable[Mapping[str, Node]]) -> dict[URIRef, dict]:
    """Instrument descriptions out of rest-instruments rows (one row per value)."""
    found: dict[URIRef, dict] = {}
    texts: dict[URIRef, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    single = {
        LG.slug: "slug", LG.number: "number", LG.dateAdopted: "dateAdopted", LG.dateInForce: "dateInForce",
        LG.appliesFrom: "appliesFrom", LG.appliesUntil: "appliesUntil", LG.eli: "eli", LG.celex: "celex",
        LG.adiletId: "adiletId", LG.officialText: "officialText", LG.certainty: "certainty",
    }
    for row in rows:
        iri = row["instrument"]
        item = found.setdefault(iri, {
            "id": short_id(iri), "iri": str(iri), "jurisdiction": str(row["code"]), "kind": None, "slug": None,
            "number": None, "title": None, "titles": {}, "labels": {}, "summary": None, "dateAdopted": None,
            "dateInForce": None, "appliesFrom": None, "appliesUntil": None, "status": None, "bindingForce": None,
            "eli": None, "celex": None, "adiletId": None, "officialText": None, "certainty": None,
        })
        prop, value = row["property"], row["value"]
        if prop == RDF.type:
            if str(value).startswith(str(LG._NS)):
                item["kind"] = notation(value)
        elif prop in (DCTERMS.title, RDFS.label, LG.summary):
            texts[iri][str(prop)][getattr(value, "language", None) or ""] = str(value)
        elif prop in (LG.status, LG.bindingForce):
            item["status" if prop == LG.status else "bindingForce"] = notation(value, row.get("notation"))
        elif prop in single:
            item[single[prop]] = str(value)
    for iri, item in found.items():
        item["titles"] = dict(sorted(texts[iri][str(DCTERMS.title)].items()))
        item["labels"] = dict(sorted(texts[iri][str(RDFS.label)].items()))
        item["title"] = pick_text(item["titles"])
        item["summary"] = pick_text(texts[iri][str(LG.summary)])
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
    nodes: dict[URIRef, dict] = {}
    parents: dict[URIRef, URIRef] = {}
    labels: dict[URIRef, dict[str, str]] = defaultdict(dict)
    headings: dict[URIRef, dict[str, str]] = defaultdict(dict)
    for row in rows:
        iri = row["provision"]
        node = nodes.setdefault(iri, {
            "id": short_id(iri), "eId": str(row["eId"]), "kind": None, "number": None, "label": None,
            "heading": None, "order": None, "children": [],
        })
        parents[iri] = row["parent"]
        if "order" in row:
            node["order"] = _int(row["order"])
        if "number" in row:
            node["number"] = str(row["number"])
        if "kind" in row:
            node["kind"] = notation(row["kind"])
        if "label" in row:
            labels[iri][row["label"].language or ""] = str(row["label"])
        if "heading" in row:
            headings[iri][row["heading"].language or ""] = str(row["heading"])
    top: list[dict] = []
    for iri, node in nodes.items():
        node["label"] = pick_text(labels[iri])
        node["heading"] = pick_text(headings[iri])
        parent = parents[iri]
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
    """A provision view and what callers need beside it (its dates and lineage nodes)."""

    view: dict
    applicability: Applicability
    lineage: dict[URIRef, TreeNode]
    child_rows: list[dict[str, Node]]


def provision_view(store: Store, pid: ProvisionId) -> ProvisionView:
    """The provision view of one provision (four bound queries); UnknownResourceError if none."""
    iri = pid.iri
    own = run(store, "rest-provision", provision=iri)
    if not own:
        raise unknown_provision(store, pid)
    lineage = tree_nodes(run(store, "rest-provision-lineage", provision=iri))
    applicability = resolve(lineage, iri)
    child_rows = run(store, "rest-provision-children", provision=iri)
    children = sorted(
        {row["child"]: {"id": short_id(row["child"]), "order": _int(row["order"]) if "order" in row else None}
         for row in child_rows}.values(),
        key=sibling_key,
    )
    texts: dict[str, dict[str, str]] = defaultdict(dict)
    view: dict = {
        "id": pid.short, "iri": str(iri), "jurisdiction": pid.jurisdiction,
        "instrument": f"{pid.jurisdiction}/{pid.instrument}", "eId": pid.eid, "kind": None, "number": None,
        "order": None, "labels": {}, "heading": None, "summary": None, "keyTerms": [], "parent": None,
        "children": [c["id"] for c in children], "norms": norms(run(store, "rest-provision-norms", provision=iri)),
        "source": nearest_official_text(lineage, iri), "sources": [], "appliesFrom": iso(applicability.applies_from),
        "appliesUntil": iso(applicability.applies_until), "certainty": None,
    }
    for row in own:
        prop, value = row["property"], row["value"]
        if prop == RDF.type and str(value).startswith(str(LG._NS)):
            view["kind"] = notation(value)
        elif prop in (RDFS.label, LG.heading, LG.summary):
            texts[str(prop)][value.language or ""] = str(value)
        elif prop == LG.keyTerm and str(value) not in view["keyTerms"]:
            view["keyTerms"].append(str(value))
        elif prop == LG.number:
            view["number"] = str(value)
        elif prop == LG.order:
            view["order"] = _int(value)
        elif prop == LG.partOf:
            view["parent"] = short_id(value)
        elif prop == LG.citesSource:
            view["sources"].append(str(value))
        elif prop == LG.certainty:
            view["certainty"] = str(value)
    view["labels"] = dict(sorted(texts[str(RDFS.label)].items()))
    view["heading"] = pick_text(texts[str(LG.heading)])
    view["summary"] = pick_text(texts[str(LG.summary)])
    view["sources"].sort()
    view["keyTerms"].sort()
    return ProvisionView(view, applicability, lineage, child_rows)


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
    nodes = dict(found.lineage)
    for row in found.child_rows:
        nodes[row["child"]] = TreeNode(
            parent=pid.iri, applies_from=as_date(row.get("appliesFrom")), applies_until=as_date(row.get("appliesUntil"))
        )
    memo: dict[URIRef, Applicability] = {}
    applying = {
        short_id(row["child"]) for row in found.child_rows if resolve(nodes, row["child"], memo).applies_on(day)
    }
    view = {**found.view, "children": [c for c in found.view["children"] if c in applying]}
    return {**view, "asOf": day.isoformat()}


def norms(rows: Iterable[Mapping[str, Node]]) -> list[dict]:
    """Norm views out of rest-provision-norms rows: modality, practices, qualifiers and the rest."""
    found: dict[URIRef, dict] = {}
    texts: dict[URIRef, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    qualifiers: dict[URIRef, dict] = {}
    for row in rows:
        iri = row["norm"]
        norm = found.setdefault(iri, {
            "iri": str(iri), "modality": None, "label": None, "summary": None, "practices": [], "activities": [],
            "addressees": [], "obligationTypes": [], "riskClasses": [], "conditions": [], "exceptions": [],
        })
        prop = row["property"]
        if "qualifier" in row:
            kind = "conditions" if prop == LG.hasCondition else "exceptions"
            qualifier = qualifiers.setdefault(row["qualifier"], {
                "norm": iri, "kind": kind, "iri": str(row["qualifier"]), "texts": defaultdict(dict), "refersTo": [],
            })
            qprop, qvalue = row["qualifierProperty"], row["qualifierValue"]
            if qprop == LG.refersTo:
                if short_id(qvalue) not in qualifier["refersTo"]:
                    qualifier["refersTo"].append(short_id(qvalue))
            else:
                qualifier["texts"][str(qprop)][qvalue.language or ""] = str(qvalue)
            continue
        value = row["value"]
        if prop == RDF.type and value in MODALITIES:
            norm["modality"] = MODALITIES[value]
        elif prop in (RDFS.label, LG.summary):
            texts[iri][str(prop)][value.language or ""] = str(value)
        elif prop in NORM_LISTS:
            name = notation(value, row.get("notation"))
            if name not in norm[NORM_LISTS[prop]]:
                norm[NORM_LISTS[prop]].append(name)
    for iri, norm in found.items():
        norm["label"] = pick_text(texts[iri][str(RDFS.label)])
        norm["summary"] = pick_text(texts[iri][str(LG.summary)])
        for key in NORM_LISTS.values():
            norm[key].sort()
    for qualifier in sorted(qualifiers.values(), key=lambda q: natural_key(q["iri"])):
        found[qualifier["norm"]][qualifier["kind"]].append({
            "iri": qualifier["iri"],
            "label": pick_text(qualifier["texts"][str(RDFS.label)]),
            "text": pick_text(qualifier["texts"][str(LG.summary)]),
            "refersTo": sorted(qualifier["refersTo"], key=natural_key),
        })
    return [found[iri] for iri in sorted(found, key=lambda i: natural_key(str(i)))]


# --------------------------------------------------------------------------- search

FIELD_NAMES = {RDFS.label: "label", LG.heading: "heading", LG.summary: "summary", LG.keyTerm: "keyTerm"}


def search(store: Store, q: str, lang: str | None = None, limit: int = 20, offset: int = 0) -> dict:
    """Provisions and instruments whose labels, headings, summaries or key terms (or whose norms'
    texts) contain `q`, in any language held or only `lang`; case-insensitive. Exact label matches
    rank first, then labels that start with `q`, then other label, heading and key-term hits, then
    summaries, then norm texts; ties in document-id order."""
    check_page(limit, offset, MAX_SEARCH_LIMIT)
    text = (q or "").strip()
    if not text:
        raise IdentifierError(str(q), "an empty search; give a word or phrase", "q")
    if len(text) > MAX_QUERY_LENGTH:
        raise IdentifierError(text[:40] + "...", f"longer than {MAX_QUERY_LENGTH} characters", "q")
    if lang is not None and lang != "" and not LANG_RE.fullmatch(lang):
        raise IdentifierError(lang, "expected a language tag such as en, ru or kk", "lang")
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
        hit["label"] = pick_text(labels[owner])
    items = sorted(hits.values(), key=lambda h: (h["rank"], natural_key(h["id"])))
    return page(items, limit, offset, q=text, lang=lang or None)


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
    "resolve",
    "search",
]
