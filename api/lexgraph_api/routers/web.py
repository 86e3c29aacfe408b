"""The web page for drafters: find a provision, compare two side by side, list the gaps between two
jurisdictions, and the HTML face of every resource IRI (`/id/...`, asked for by a browser).

Server-rendered HTML over `lexgraph.catalog` and `lexgraph.comparison`: every value a user types is
bound into a stored query by the library, never pasted; the few facts the library does not give (texts
in every language, provisions by eId, source titles) come from `queries/web-*.rq`, bound the same way.
A small script (`static/js/combobox.js`) adds type-ahead to the inputs; without it every form still
works as a plain GET.

`/compare` and `/gaps` are also the REST routes: the HTML routes here match only a request that prefers
HTML to JSON (a browser), so API clients keep the JSON answer. Errors are HTML pages with the status the
JSON routes would give (400 naming the parameter, 404 with suggestions), never a traceback.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated
from urllib.parse import quote, urlencode

import anyio
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from rdflib import Literal, URIRef
from rdflib.term import Node
from starlette.datastructures import Headers
from starlette.routing import Match
from starlette.types import Scope

from lexgraph import catalog, comparison
from lexgraph.errors import IdentifierError, LexGraphError, UnknownResourceError
from lexgraph.ids import EID_RE, ProvisionId, parse_id, short_id
from lexgraph.namespaces import DCTERMS, ID_BASE, LG, PREFIXES, RDF, RDFS, RELATION_NAMES
from lexgraph.queries import query_text
from lexgraph.sparql import Syntax, prefers_html
from lexgraph.store import Store

from ..deps import store_missing
from ..errors import status_of
from ..templating import templates

log = logging.getLogger("lexgraph.api")

JSON = Syntax("json", ("application/json",), "json")
HTML_TYPE = "text/html; charset=utf-8"
SUGGESTIONS_LIMIT = 8
RESULTS_LIMIT = 50
ID_MATCHES = 20  # provisions listed for an id being typed

# How each relation reads, from the left (or asked) side; the data's names are kept as the badges' classes.
RELATIONS = {
    "exact": ("=", "equivalent", "says the same as"),
    "close": ("≈", "close", "is close to"),
    "broader": ("⊃", "broader", "covers more than"),
    "narrower": ("⊂", "narrower", "covers less than"),
    "related": ("~", "related", "deals with matters connected to"),
    "conflicting": ("≠", "conflicting", "leads to the opposite result from"),
    "none": ("∅", "no counterpart", "has no counterpart in"),
}
RELATION_HELP = {
    "exact": "the two provisions say the same thing; no difference of substance",
    "close": "near enough to be used interchangeably in most cases, with differences of detail",
    "broader": "the left provision covers more than the right one",
    "narrower": "the left provision covers less than the right one",
    "related": "connected matters, without one covering the other",
    "conflicting": "the same matter, with opposite results",
    "none": "nothing on the other side corresponds (curators checked, or no correspondence is recorded)",
}
MODALITIES = {"prohibition": "prohibition", "obligation": "obligation", "permission": "permission",
              "exemption": "exemption"}
LANGUAGES = {"en": "English", "ru": "Russian", "kk": "Kazakh", "": "no language tag"}
SEARCH_LANGUAGES = (("", "any language"), ("en", "English"), ("ru", "Russian"), ("kk", "Kazakh"))

# What a drafter may type for a provision's place: "Art 5(1)(c)", "17(3)(3)", "Annex III(1)", "ст. 17".
KIND_WORDS = {"art": "art", "article": "art", "ст": "art", "статья": "art", "бап": "art", "annex": "annex",
              "sec": "sec", "section": "sec"}
NUMBER_RE = re.compile(
    r"(?:(?P<kind>art|article|annex|sec|section|ст|статья|бап)\.?\s*)?"
    r"(?P<number>\d+(?:-\d+)?[a-z]?|[ivxlc]+)\s*(?P<parts>(?:\(\s*[0-9a-z]+\s*\)\s*)*)",
    re.IGNORECASE,
)
SUB_RE = re.compile(r"\(\s*([0-9a-z]+)\s*\)", re.IGNORECASE)
# Short forms of eId components a drafter may type in a slash-separated id (eu/reg-2024-1689/art_5/par_1/pt_c).
COMPONENT_ALIASES = {"article": "art", "par": "para", "paragraph": "para", "pt": "point", "sub": "subpara",
                     "subpar": "subpara", "subparagraph": "subpara", "section": "sec", "chapter": "chp"}
ID_TEXT_RE = re.compile(r"[A-Za-z0-9_./:-]+")


# --------------------------------------------------------------------------- routing by preference


class HtmlOnlyRoute(APIRoute):
    """A route that matches only a request preferring HTML to JSON, so the JSON route on the same path (the REST
    `/compare` and `/gaps`, included after this router) answers everyone else."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child_scope = super().matches(scope)
        if match is not Match.NONE and not prefers_html(Headers(scope=scope).get("accept"), (JSON,)):
            return Match.NONE, {}
        return match, child_scope


router = APIRouter(include_in_schema=False)
shared_paths = APIRouter(include_in_schema=False, route_class=HtmlOnlyRoute)


# --------------------------------------------------------------------------- small helpers


def id_href(value: str) -> str:
    """The page of a LexGraph id or IRI (its HTML face under /id/); other IRIs are links as they are."""
    text = str(value)
    if text.startswith(ID_BASE):
        text = text[len(ID_BASE):]
    elif "://" in text:
        return text
    return "/id/" + quote(text, safe="/-_.~")


def text_of(texts: Mapping[str, str]) -> tuple[str | None, str]:
    """(text, language) out of language -> text: English first, then untagged, then the first language."""
    for lang in ("en", ""):
        if lang in texts:
            return texts[lang], lang
    if texts:
        lang = min(texts)
        return texts[lang], lang
    return None, ""


def others(texts: Mapping[str, str]) -> list[tuple[str, str]]:
    """The texts in languages other than the one `text_of` picks, as (text, language)."""
    _, picked = text_of(texts)
    return [(text, lang) for lang, text in sorted(texts.items()) if lang != picked]


def compact(iri: str) -> str:
    """A prefixed name for an IRI in a namespace LexGraph declares, else the IRI."""
    for prefix, namespace in PREFIXES.items():
        base = str(namespace)
        if iri.startswith(base) and len(iri) > len(base) and prefix != "lgid":
            return f"{prefix}:{iri[len(base):]}"
    return iri


def current_store(request: Request) -> Store:
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise store_missing(request)
    return store


def query_string(**params: str | None) -> str:
    return urlencode({key: value for key, value in params.items() if value})


# --------------------------------------------------------------------------- finding what a drafter typed


def normalise_id(text: str) -> ProvisionId | None:
    """An id as typed (short form, full IRI, /id/ path, or eId components split by '/' such as
    eu/reg-2024-1689/art_5/par_1/pt_c) as a ProvisionId; None when it is not an id."""
    value = text.strip()
    for base in (ID_BASE, "/id/"):
        if value.startswith(base):
            value = value[len(base):]
            break
    parts = value.split("/")
    if len(parts) < 2 or not all(parts) or not ID_TEXT_RE.fullmatch(value):
        return None
    components = [c for segment in parts[2:] for c in segment.split("__")]
    eid = "__".join(_component(c) for c in components)
    try:
        return parse_id("/".join([parts[0].lower(), parts[1].lower(), eid] if eid else parts[:2]), "q",
                        allow_instrument=True)
    except IdentifierError:
        return None


def _component(component: str) -> str:
    kind, sep, number = component.partition("_")
    kind = COMPONENT_ALIASES.get(kind.lower(), kind.lower())
    return f"{kind}_{number}" if sep else kind


def number_eids(text: str) -> list[str]:
    """The eIds a number such as "Art 5(1)(c)" may name: the first bracket is a paragraph or a point."""
    found = NUMBER_RE.fullmatch(text.strip())
    if found is None:
        return []
    kind = KIND_WORDS[(found["kind"] or "art").lower()]
    number = found["number"]
    if kind == "annex":
        number = number.upper()
    elif not number[0].isdigit():
        return []  # Roman numerals name annexes only
    head = f"{kind}_{number}"
    subs = SUB_RE.findall(found["parts"])
    if not subs:
        return [head]
    rest = "".join(f"__point_{sub}" for sub in subs[1:])
    firsts = ("point",) if kind == "annex" else ("para", "point")
    return [eid for eid in (f"{head}__{first}_{subs[0]}{rest}" for first in firsts) if EID_RE.fullmatch(eid)]


@dataclass
class Hit:
    """One thing found: a provision or instrument, and why it was found."""

    id: str
    label: str | None
    label_lang: str
    kind: str
    match: str  # "id", "id prefix", "number", or the field a word search matched ("label", "summary", ...)
    text: str | None = None
    text_lang: str = ""

    def to_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "labelLang": self.label_lang, "kind": self.kind,
                "match": self.match, "text": self.text, "textLang": self.text_lang, "href": id_href(self.id)}


@dataclass
class Found:
    """What a search found: the hits in order, and the id typed when it named something (or nothing)."""

    query: str
    hits: list[Hit] = field(default_factory=list)
    exact: str | None = None
    unknown: UnknownResourceError | None = None
    words_total: int = 0

    def add(self, hit: Hit) -> None:
        if all(h.id != hit.id for h in self.hits):
            self.hits.append(hit)


def labelled(rows: Iterable[Mapping[str, Node]]) -> dict[URIRef, dict[str, str]]:
    """web-provisions-by-eid rows as provision -> language -> label."""
    found: dict[URIRef, dict[str, str]] = {}
    for row in rows:
        labels = found.setdefault(row["provision"], {})
        if "label" in row:
            labels[row["label"].language or ""] = str(row["label"])
    return found


def provision_hits(found: Mapping[URIRef, dict[str, str]], match: str) -> list[Hit]:
    hits = []
    for iri in sorted(found, key=lambda i: catalog.natural_key(str(i))):
        label, lang = text_of(found[iri])
        hits.append(Hit(short_id(iri), label, lang, "provision", match))
    return hits


def instrument_exists(store: Store, pid: ProvisionId) -> bool:
    return bool(catalog.run(store, "rest-instruments", instrument=pid.instrument_iri))


def find(store: Store, q: str, lang: str | None = None, limit: int = RESULTS_LIMIT) -> Found:
    """Provisions and instruments for what a drafter typed: an id (also typed in part), a number such as
    "Art 5(1)(c)" or "KZ 17(3)(3)" (in every instrument that has it), then words in any held language."""
    text = (q or "").strip()
    if not text:
        raise IdentifierError(str(q), "an empty search; give an id, a number such as Art 5(1)(c), or words", "q")
    if len(text) > catalog.MAX_QUERY_LENGTH:
        raise IdentifierError(text[:40] + "...", f"longer than {catalog.MAX_QUERY_LENGTH} characters", "q")
    found = Found(text)
    pid = normalise_id(text)
    if pid is not None:
        _find_id(store, pid, found)
    if "/" in text and ID_TEXT_RE.fullmatch(text):  # an id being typed: the ids that start so
        typed = text[len(ID_BASE):] if text.startswith(ID_BASE) else text.removeprefix("/id/")
        prefix = pid.short if pid is not None and pid.eid else typed  # short forms (par_1, pt_c) spelt out
        rows = catalog.run(store, "web-provisions-by-eid", prefix=Literal(ID_BASE + prefix))
        for hit in provision_hits(labelled(rows), "id prefix")[:ID_MATCHES]:
            found.add(hit)
    _find_number(store, text, found)
    words = catalog.search(store, text, lang or None, limit=min(limit, catalog.MAX_SEARCH_LIMIT))
    found.words_total = words["total"]
    # Provisions before instruments: an instrument's summary mentions everything its provisions say.
    for item in sorted(words["items"], key=lambda item: item["kind"] == "instrument"):
        found.add(Hit(item["id"], item["label"], "en" if item["label"] else "", item["kind"], item["field"],
                      item["text"], item["lang"] or ""))
    found.hits = found.hits[:limit]
    return found


def _find_id(store: Store, pid: ProvisionId, found: Found) -> None:
    if pid.eid is None:
        if instrument_exists(store, pid):
            found.exact = pid.short
            found.add(Hit(pid.short, None, "", "instrument", "id"))
        return
    rows = catalog.run(store, "web-provisions-by-eid", eId=Literal(pid.eid), prefix=Literal(str(pid.iri)))
    labels = labelled(row for row in rows if row["provision"] == pid.iri)
    if labels:
        found.exact = pid.short
        found.hits.extend(provision_hits(labels, "id"))
    else:
        found.unknown = catalog.unknown_provision(store, pid)


def _find_number(store: Store, text: str, found: Found) -> None:
    """Provisions by number, an optional jurisdiction code first ("EU Art 5(1)(c)") keeping only its own."""
    first, _, rest = text.partition(" ")
    code = None
    if rest and first.lower() in catalog.known_jurisdictions(store):
        code, text = first.lower(), rest
    eids = number_eids(text)
    prefix = ID_BASE + (f"{code}/" if code else "")
    for eid in eids:
        rows = catalog.run(store, "web-provisions-by-eid", eId=Literal(eid), prefix=Literal(prefix))
        for hit in provision_hits(labelled(rows), "number"):
            found.add(hit)


# --------------------------------------------------------------------------- what pages share


@dataclass
class Outline:
    """An instrument's provisions by id, for breadcrumbs and for naming parts: labels and parents."""

    instrument: dict
    nodes: dict[str, dict] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Store, instrument_id: str) -> Outline:
        jurisdiction, slug = instrument_id.split("/")
        item = catalog.instrument(store, jurisdiction, slug)
        outline = cls(item)
        stack = [(node, item["id"]) for node in item["toc"]]
        while stack:
            node, parent = stack.pop()
            outline.nodes[node["id"]] = node
            outline.parents[node["id"]] = parent
            stack.extend((child, node["id"]) for child in node["children"])
        return outline

    def part(self, provision: str) -> dict:
        """A part's link: id, label, heading and page."""
        node = self.nodes.get(provision, {})
        return {"id": provision, "label": node.get("label") or provision, "heading": node.get("heading"),
                "href": id_href(provision)}

    def ancestors(self, provision: str) -> list[dict]:
        """The provision's ancestors below the instrument, the article first."""
        found = []
        current = self.parents.get(provision)
        while current in self.nodes and len(found) < 20:
            found.append(self.part(current))
            current = self.parents.get(current)
        return list(reversed(found))


class Outlines(dict):
    """Outlines loaded on demand, one per instrument a page names."""

    def __init__(self, store: Store):
        super().__init__()
        self.store = store

    def __missing__(self, instrument_id: str) -> Outline:
        self[instrument_id] = Outline.load(self.store, instrument_id)
        return self[instrument_id]

    def part(self, provision: str) -> dict:
        return self[instrument_of(provision)].part(provision)


def instrument_of(provision: str) -> str:
    return "/".join(provision.split("/")[:2])


def texts_by_language(store: Store, iri: URIRef) -> list[dict]:
    """A resource's labels, headings, summaries and key terms, grouped by language (English first)."""
    names = {RDFS.label: "labels", LG.heading: "headings", LG.summary: "summaries", LG.keyTerm: "keyTerms",
             LG.curatorNote: "notes"}
    by_lang: dict[str, dict[str, list[str]]] = defaultdict(lambda: {name: [] for name in names.values()})
    for row in catalog.run(store, "web-texts", resource=iri):
        by_lang[row["text"].language or ""][names[row["property"]]].append(str(row["text"]))
    order = {"en": 0, "": 1}
    return [
        {"lang": lang, "language": LANGUAGES.get(lang, lang), **{k: sorted(v) for k, v in texts.items()}}
        for lang, texts in sorted(by_lang.items(), key=lambda item: (order.get(item[0], 2), item[0]))
    ]


def source_titles(store: Store) -> dict[str, str]:
    titles: dict[str, dict[str, str]] = defaultdict(dict)
    for row in catalog.run(store, "web-source-titles"):
        titles[str(row["source"])][row["title"].language or ""] = str(row["title"])
    return {source: text_of(texts)[0] or source for source, texts in titles.items()}


def sources(urls: Iterable[str], titles: Mapping[str, str]) -> list[dict]:
    return [{"href": id_href(url), "url": url, "title": titles.get(url)} for url in urls]


def relation_view(relation: str, left: str | None = None, right: str | None = None) -> dict:
    symbol, word, verb = RELATIONS.get(relation, ("?", relation, "corresponds to"))
    sentence = f"{left} {verb} {right}" if left and right else None
    return {"name": relation, "symbol": symbol, "word": word, "help": RELATION_HELP.get(relation, ""),
            "sentence": sentence}


def statement_view(item: Mapping, titles: Mapping[str, str]) -> dict:
    """A correspondence's details as pages show them: differences by aspect, rationale, sources, curator."""
    return {
        "differences": [{"aspect": d["aspect"], "text": d["text"]} for d in item.get("differences", [])],
        "rationale": item.get("rationale"),
        "sources": sources(item.get("sources", []), titles),
        "curator": item.get("curator"),
        "statement": item.get("statement"),
        "statementHref": id_href(item["statement"]) if item.get("statement") else None,
    }


def jurisdiction_labels(store: Store) -> dict[str, dict]:
    return {item["code"]: item for item in catalog.jurisdictions(store)}


def as_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def instrument_dates(item: Mapping) -> dict:
    """What a page says about an instrument's dates: in force, applies from, or why it has none."""
    if item.get("status") == "draft":
        note = "a draft, its provisions apply on no date"
    elif not item.get("dateInForce") and not item.get("appliesFrom"):
        note = "no date in force recorded, so its provisions count on any date unless they carry their own dates"
    else:
        note = None
    label, label_lang = text_of(item.get("labels") or {})
    if label is None:
        label, label_lang = text_of(item.get("titles") or {})
    return {"id": item["id"], "label": label or item["id"], "labelLang": label_lang,
            "href": id_href(item["id"]), "dateInForce": item.get("dateInForce"),
            "appliesFrom": item.get("appliesFrom"), "appliesUntil": item.get("appliesUntil"),
            "status": item.get("status"), "note": note}


def applicability(view: Mapping, instrument: Mapping) -> catalog.Applicability:
    return catalog.Applicability(as_date(view.get("appliesFrom")), as_date(view.get("appliesUntil")),
                                 instrument.get("status") == "draft")


def not_applying(label: str, dates: catalog.Applicability) -> str:
    if dates.draft:
        return f"{label} is part of a draft and applies on no date"
    window = f"applies from {dates.applies_from.isoformat()}" if dates.applies_from else "applies"
    if dates.applies_until:
        window += f" until {dates.applies_until.isoformat()}"
    return f"{label} {window}"


# --------------------------------------------------------------------------- pages: search


def home_context(store: Store, q: str | None, lang: str | None) -> dict:
    jurisdictions = catalog.jurisdictions(store)
    listed = catalog.instruments(store, limit=catalog.MAX_INSTRUMENTS_LIMIT)["items"]
    instruments = {item["id"]: item for item in listed}
    context: dict = {
        "nav": "search", "q": q or "", "lang": lang or "", "languages": SEARCH_LANGUAGES,
        "jurisdictions": [
            {"code": j["code"], "label": text_of(j["labels"])[0] or j["code"], "href": id_href(j["code"]),
             "instruments": [instrument_dates(instruments[i]) for i in j["instruments"] if i in instruments]}
            for j in jurisdictions
        ],
        "found": None,
    }
    if q is not None and q.strip():
        context["found"] = find(store, q, lang)
    elif q is not None:
        raise IdentifierError(q, "an empty search; give an id, a number such as Art 5(1)(c), or words", "q")
    return context


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    q: Annotated[str | None, Query(description="An id, a number such as Art 5(1)(c), or words.")] = None,
    lang: Annotated[str | None, Query(description="Only texts in this language.")] = None,
) -> Response:
    """The search page; with `q`, its results (an id that names something goes straight to its page)."""

    def build() -> tuple[str, dict] | Response:
        store = current_store(request)
        if q and not lang:
            pid = normalise_id(q)
            if pid is not None:
                found = Found(q)
                _find_id(store, pid, found)
                if found.exact:
                    return RedirectResponse(id_href(found.exact), status_code=303)
        return "home.html", home_context(store, q, lang)

    return render(request, build, nav="search", form="search", values={"q": q or "", "lang": lang or ""})


@router.get("/suggest")
def suggest(
    request: Request,
    q: Annotated[str, Query(description="What the drafter typed so far.")] = "",
    limit: Annotated[int, Query(ge=1, le=20)] = SUGGESTIONS_LIMIT,
) -> Response:
    """Type-ahead for the page's provision inputs (JSON): the same finder as the results page."""
    store = current_store(request)
    found = find(store, q, limit=limit)
    return JSONResponse({"q": found.query, "items": [hit.to_dict() for hit in found.hits[:limit]]})


# --------------------------------------------------------------------------- pages: compare


def resolve_side(store: Store, text: str | None, parameter: str) -> tuple[str | None, list[dict]]:
    """The provision id a compare input names, or the choices when it names several."""
    if text is None or not text.strip():
        return None, []
    pid = normalise_id(text)
    if pid is not None:
        if pid.eid is None:
            raise IdentifierError(text, "names an instrument; compare provisions (pick one from its contents)",
                                  parameter)
        return pid.short, []
    found = find(store, text, limit=ID_MATCHES)
    provisions = [hit for hit in found.hits if hit.kind == "provision"]
    numbered = [hit for hit in provisions if hit.match == "number"]
    exact = [hit for hit in provisions if (hit.label or "").lower() == found.query.lower()]
    for candidates in (numbered, exact, provisions):
        if len(candidates) == 1:
            return candidates[0].id, []
        if candidates:
            return None, [hit.to_dict() for hit in candidates]
    raise UnknownResourceError(text, [], kind=f"provision ({parameter}=) matching")


def compare_context(store: Store, left: str | None, right: str | None, as_of: str | None) -> dict:
    day = catalog.parse_as_of(as_of)
    left_id, left_choices = resolve_side(store, left, "left")
    right_id, right_choices = resolve_side(store, right, "right")
    context: dict = {
        "nav": "compare", "left": left_id or left or "", "right": right_id or right or "",
        "asOf": day.isoformat() if day else "", "choices": {}, "result": None,
    }
    for side, choices, other in (("left", left_choices, right_id or right), ("right", right_choices, left_id or left)):
        if choices:
            context["choices"][side] = [
                {**choice, "compareHref": "/compare?" + query_string(
                    **{side: choice["id"], ("right" if side == "left" else "left"): other, "asOf": as_of})}
                for choice in choices
            ]
    if left_id and right_id:
        context["result"] = comparison_view(store, left_id, right_id, day)
    return context


def comparison_view(store: Store, left_id: str, right_id: str, day: date | None) -> dict:
    """The comparison as the page shows it: both sides, the aligned pairs, the parts with no counterpart,
    and, with a date, what that date leaves out."""
    found = comparison.compare(store, left_id, right_id, day)
    outlines = Outlines(store)
    titles = source_titles(store)
    jurisdictions = jurisdiction_labels(store)
    sides = {}
    for side in ("left", "right"):
        view = found[side]
        outline = outlines[view["instrument"]]
        sides[side] = side_view(store, view, outline, jurisdictions, titles)
    left_label, right_label = sides["left"]["name"], sides["right"]["name"]
    pairs = [
        {
            "left": outlines.part(pair["left"]), "right": outlines.part(pair["right"]),
            "relation": relation_view(pair["relation"], outlines.part(pair["left"])["label"],
                                      outlines.part(pair["right"])["label"]),
            **statement_view(pair, titles),
        }
        for pair in found["pairs"]
    ]
    unmatched = {
        side: [{**outlines.part(part), "rationale": found["noCounterpart"].get(part)} for part in found[key]]
        for side, key in (("left", "unmatchedLeft"), ("right", "unmatchedRight"))
    }
    result = {
        "left": sides["left"], "right": sides["right"], "pairs": pairs, "unmatched": unmatched,
        "asOf": found["asOf"], "dateNotes": [], "leftOut": [],
        "swapHref": "/compare?" + query_string(left=right_id, right=left_id, asOf=found["asOf"]),
        "undatedHref": "/compare?" + query_string(left=left_id, right=right_id),
        "relations": [relation_view(name) for name in (*RELATION_NAMES, "none")],
        "labels": {"left": left_label, "right": right_label},
    }
    if day is not None:
        result["dateNotes"], result["leftOut"] = date_effects(store, found, day, sides, outlines)
    return result


def side_view(store: Store, view: Mapping, outline: Outline, jurisdictions: Mapping, titles: Mapping) -> dict:
    instrument = outline.instrument
    jurisdiction = jurisdictions.get(view["jurisdiction"], {})
    label, label_lang = text_of(view["labels"])
    code_label = text_of(jurisdiction.get("labels") or {})[0] or view["jurisdiction"].upper()
    return {
        "id": view["id"], "href": id_href(view["id"]), "label": label or view["id"], "labelLang": label_lang,
        "otherLabels": others(view["labels"]),
        "name": f"{view['jurisdiction'].upper()} {label or view['id']}",
        "jurisdiction": {"code": view["jurisdiction"], "label": code_label, "href": id_href(view["jurisdiction"])},
        "instrument": instrument_dates(instrument),
        "ancestors": outline.ancestors(view["id"]),
        "summary": view["summary"], "heading": view["heading"],
        "texts": texts_by_language(store, URIRef(view["iri"])),
        "norms": norms_view(view["norms"], outline),
        "official": sources([view["source"]], titles) if view["source"] else [],
        "appliesFrom": view["appliesFrom"], "appliesUntil": view["appliesUntil"],
        "dates": applicability(view, instrument),
    }


def norms_view(norms: Iterable[Mapping], outline: Outline) -> list[dict]:
    views = []
    for norm in norms:
        views.append({
            **norm,
            "modalityWord": MODALITIES.get(norm["modality"] or "", norm["modality"] or "norm"),
            "conditions": [{**q, "refersTo": [outline.part(p) for p in q["refersTo"]]} for q in norm["conditions"]],
            "exceptions": [{**q, "refersTo": [outline.part(p) for p in q["refersTo"]]} for q in norm["exceptions"]],
        })
    return views


def date_effects(
    store: Store, dated: Mapping, day: date, sides: Mapping[str, dict], outlines: Outlines
) -> tuple[list[str], list[dict]]:
    """What the date changes: sides that did not apply, instruments with no date, pairs and parts it left out."""
    notes = []
    for side in ("left", "right"):
        info = sides[side]
        if not info["dates"].applies_on(day):
            notes.append(f"{not_applying(info['name'], info['dates'])}: on {day.isoformat()} it did not apply, "
                         "so nothing of it is compared.")
        if info["instrument"]["note"]:
            notes.append(f"{info['instrument']['label']}: {info['instrument']['note']}.")
    undated = comparison.compare(store, sides["left"]["id"], sides["right"]["id"], None)
    kept = {(p["left"], p["right"], p["statement"]) for p in dated["pairs"]}
    left_out = [
        {"left": outlines.part(p["left"]), "right": outlines.part(p["right"]), "relation": relation_view(p["relation"])}
        for p in undated["pairs"] if (p["left"], p["right"], p["statement"]) not in kept
    ]
    if left_out:
        notes.append(f"On {day.isoformat()} the date leaves out {len(left_out)} of the {len(undated['pairs'])} "
                     "aligned pairs: one of their parts did not apply then (listed below).")
    return notes, left_out


@shared_paths.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    left: Annotated[str | None, Query()] = None,
    right: Annotated[str | None, Query()] = None,
    as_of: Annotated[str | None, Query(alias="asOf")] = None,
) -> Response:
    """Two provisions side by side (HTML); without both, the form to choose them."""
    return render(
        request, lambda: ("compare.html", compare_context(current_store(request), left, right, as_of)),
        nav="compare", form="compare", values={"left": left or "", "right": right or "", "asOf": as_of or ""},
    )


# --------------------------------------------------------------------------- pages: gaps


def gaps_context(store: Store, from_code: str | None, to_code: str | None, as_of: str | None) -> dict:
    day = catalog.parse_as_of(as_of)
    jurisdictions = catalog.jurisdictions(store)
    context: dict = {
        "nav": "gaps", "fromCode": from_code or "", "toCode": to_code or "", "asOf": day.isoformat() if day else "",
        "jurisdictions": [{"code": j["code"], "label": text_of(j["labels"])[0] or j["code"]} for j in jurisdictions],
        "result": None,
    }
    if not from_code and not to_code:
        return context
    if not from_code or not to_code:
        missing = "from" if not from_code else "to"
        raise IdentifierError("", "choose both jurisdictions", missing)
    dated = comparison.gaps(store, from_code, to_code, day, limit=comparison.MAX_GAPS_LIMIT)
    labels = {j["code"]: j["label"] for j in context["jurisdictions"]}
    result: dict = {
        "source": {"code": from_code, "label": labels.get(from_code, from_code)},
        "target": {"code": to_code, "label": labels.get(to_code, to_code)},
        "total": dated["total"], "groups": gap_groups(store, dated["items"], from_code),
        "asOf": dated["asOf"], "leftOut": [], "onlyOnDate": [], "instruments": [],
        "undatedHref": "/gaps?" + query_string(**{"from": from_code, "to": to_code}),
        "reverseHref": "/gaps?" + query_string(**{"from": to_code, "to": from_code, "asOf": dated["asOf"]}),
    }
    if day is not None:
        undated = comparison.gaps(store, from_code, to_code, None, limit=comparison.MAX_GAPS_LIMIT)
        before = {item["provision"]: item for item in undated["items"]}
        now = {item["provision"] for item in dated["items"]}
        result["leftOut"] = [gap_view(item) for pid, item in before.items() if pid not in now]
        result["onlyOnDate"] = [gap_view(item) for item in dated["items"] if item["provision"] not in before]
        result["instruments"] = [
            instrument_dates(item)
            for code in (from_code, to_code)
            for item in catalog.instruments(store, code, limit=catalog.MAX_INSTRUMENTS_LIMIT)["items"]
        ]
    context["result"] = result
    return context


def gap_view(item: Mapping) -> dict:
    return {
        "id": item["provision"], "href": id_href(item["provision"]), "label": item["label"] or item["provision"],
        "rationale": item["rationale"], "record": item["noCounterpart"],
        "recordHref": id_href(item["noCounterpart"]) if item["noCounterpart"] else None,
        "appliesFrom": item["appliesFrom"],
    }


def gap_groups(store: Store, items: Iterable[Mapping], code: str) -> list[dict]:
    """Gaps grouped by instrument, instruments in the catalogue's order."""
    instruments = catalog.instruments(store, code, limit=catalog.MAX_INSTRUMENTS_LIMIT)["items"]
    groups: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        groups[instrument_of(item["provision"])].append(gap_view(item))
    return [
        {"instrument": instrument_dates(instrument), "gaps": groups[instrument["id"]]}
        for instrument in instruments if groups.get(instrument["id"])
    ]


@shared_paths.get("/gaps", response_class=HTMLResponse)
def gaps_page(
    request: Request,
    from_: Annotated[str | None, Query(alias="from")] = None,
    to: Annotated[str | None, Query()] = None,
    as_of: Annotated[str | None, Query(alias="asOf")] = None,
) -> Response:
    """The gap view for a pair of jurisdictions (HTML); without them, the form."""
    return render(
        request, lambda: ("gaps.html", gaps_context(current_store(request), from_, to, as_of)),
        nav="gaps", form="gaps", values={"from": from_ or "", "to": to or "", "asOf": as_of or ""},
    )


# --------------------------------------------------------------------------- pages: resources (/id/...)


def describe(store: Store, iri: URIRef) -> dict[Node, list[tuple[Node, Node]]]:
    """The resource's description (as /id/ serves it in RDF), by subject."""
    found: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
    for subject, predicate, obj in store.construct(query_text("service-describe"), {"resource": iri}):
        found[subject].append((predicate, obj))
    return found


def resource_context(
    store: Store, path: str, iri: URIRef, nearest: Callable[[Store, URIRef], list[str]]
) -> tuple[str, dict]:
    """The template and context of a resource's page, chosen by what the resource is."""
    statements = describe(store, iri)
    own = statements.get(iri, [])
    if not own:
        raise UnknownResourceError(path, nearest(store, iri), kind="resource")
    properties = {predicate for predicate, _ in own}
    types = {obj for predicate, obj in own if predicate == RDF.type}
    if LG.eId in properties:
        return "provision.html", provision_context(store, parse_id(path, "path"))
    if LG.slug in properties and LG.jurisdiction in properties:
        return "instrument.html", instrument_context(store, parse_id(path, "path", allow_instrument=True))
    if LG.Jurisdiction in types:
        return "jurisdiction.html", jurisdiction_context(store, path)
    if types & {LG.Correspondence, LG.NoCounterpart}:
        return "statement.html", statement_context(store, iri, statements)
    return "resource.html", generic_context(iri, statements)


def provision_context(store: Store, pid: ProvisionId) -> dict:
    view = catalog.provision(store, pid.short)
    outline = Outline.load(store, view["instrument"])
    titles = source_titles(store)
    jurisdictions = jurisdiction_labels(store)
    side = side_view(store, view, outline, jurisdictions, titles)
    correspondences = []
    for code, jurisdiction in jurisdictions.items():
        if code == pid.jurisdiction:
            continue
        items = comparison.equivalents(store, pid.short, code)["equivalents"]
        if items:
            correspondences.append({
                "code": code, "label": text_of(jurisdiction["labels"])[0] or code, "statements": [
                    {
                        "other": {"id": item["provision"], "label": item["label"] or item["provision"],
                                  "href": id_href(item["provision"])} if item["provision"] else None,
                        "relation": relation_view(item["relation"], side["label"], item["label"] or item["provision"]),
                        "compareHref": "/compare?" + query_string(left=pid.short, right=item["provision"])
                        if item["provision"] else None,
                        **statement_view(item, titles),
                    }
                    for item in items
                ],
            })
    return {
        "nav": None, "view": view, "side": side, "outline": outline,
        "children": [outline.part(child) for child in view["children"]],
        "correspondences": correspondences,
        "sources": sources(view["sources"], titles),
        "restHref": "/provisions/" + quote(pid.short, safe="/-_.~"),
    }


def instrument_context(store: Store, pid: ProvisionId) -> dict:
    item = catalog.instrument(store, pid.jurisdiction, pid.instrument)
    jurisdiction = jurisdiction_labels(store).get(pid.jurisdiction, {})
    title, title_lang = text_of(item["titles"])
    return {
        "nav": None, "item": item, "title": title or item["id"], "titleLang": title_lang,
        "otherTitles": others(item["titles"]), "labels": item["labels"], "dates": instrument_dates(item),
        "jurisdiction": {"code": pid.jurisdiction, "label": text_of(jurisdiction.get("labels") or {})[0]
                         or pid.jurisdiction, "href": id_href(pid.jurisdiction)},
        "toc": item["toc"], "restHref": "/instruments/" + quote(item["id"], safe="/-_.~"),
        "notes": [(note, block["lang"]) for block in texts_by_language(store, pid.instrument_iri)
                  for note in block["notes"]],
    }


def jurisdiction_context(store: Store, code: str) -> dict:
    jurisdictions = jurisdiction_labels(store)
    jurisdiction = jurisdictions[code]
    label, lang = text_of(jurisdiction["labels"])
    items = catalog.instruments(store, code, limit=catalog.MAX_INSTRUMENTS_LIMIT)["items"]
    return {
        "nav": None, "code": code, "label": label or code, "labelLang": lang,
        "otherLabels": others(jurisdiction["labels"]), "summary": jurisdiction["summary"],
        "instruments": [{**instrument_dates(item), "kind": item["kind"], "title": item["title"],
                         "bindingForce": item["bindingForce"]} for item in items],
        "gapLinks": [{"code": other, "label": text_of(j["labels"])[0] or other,
                      "href": "/gaps?" + query_string(**{"from": code, "to": other})}
                     for other, j in jurisdictions.items() if other != code],
    }


def statement_context(store: Store, iri: URIRef, statements: Mapping[Node, list[tuple[Node, Node]]]) -> dict:
    """A correspondence or no-counterpart record: its two ends (or end and jurisdiction), relation,
    differences by aspect, rationale, sources and curator."""
    own = statements[iri]
    values: dict[Node, list[Node]] = defaultdict(list)
    for predicate, obj in own:
        values[predicate].append(obj)
    titles = source_titles(store)

    def end(predicate: Node) -> dict | None:
        if not values.get(predicate):
            return None
        provision = str(values[predicate][0]).split("#")[0]
        labels = catalog.provision(store, short_id(provision))["labels"]
        return {"id": short_id(provision), "label": text_of(labels)[0] or short_id(provision),
                "href": id_href(provision), "viaNorm": "#" in str(values[predicate][0])}

    source, target = end(LG.fromProvision), end(LG.toProvision)
    relation = catalog.notation(values[LG.relation][0]) if values.get(LG.relation) else "none"
    differences = []
    for difference in sorted(values.get(LG.hasDifference, []), key=lambda d: catalog.natural_key(str(d))):
        facts = dict(statements.get(difference, []))
        differences.append({"aspect": catalog.notation(facts[LG.aspect]) if LG.aspect in facts else "other",
                            "text": str(facts.get(LG.summary, ""))})
    target_jurisdiction = values.get(LG.targetJurisdiction, [None])[0]
    return {
        "nav": None, "iri": str(iri), "id": short_id(iri),
        "label": text_of({o.language or "": str(o) for o in values.get(RDFS.label, [])})[0] or short_id(iri),
        "kind": "no-counterpart record" if target is None else "correspondence",
        "source": source, "target": target,
        "targetJurisdiction": {"code": short_id(target_jurisdiction), "href": id_href(target_jurisdiction)}
        if target_jurisdiction else None,
        "relation": relation_view(relation, source and source["label"],
                                  target["label"] if target else short_id(target_jurisdiction or "").upper()),
        "diffs": differences,
        "rationale": text_of({o.language or "": str(o) for o in values.get(LG.rationale, [])})[0],
        "sources": sources(sorted(str(s) for s in values.get(LG.citesSource, [])), titles),
        "curators": [{"id": short_id(c), "href": id_href(c)} for c in values.get(LG.curatedBy, [])],
        "created": str(values[DCTERMS.created][0]) if values.get(DCTERMS.created) else None,
        "compareHref": "/compare?" + query_string(left=source["id"], right=target["id"]) if source and target else None,
    }


def generic_context(iri: URIRef, statements: Mapping[Node, list[tuple[Node, Node]]]) -> dict:
    """Any other resource (a finding, a discrepancy, a curator): its statements as a table."""
    def rows(subject: Node) -> list[dict]:
        found = []
        for predicate, obj in sorted(statements[subject], key=lambda po: (compact(str(po[0])), str(po[1]))):
            is_iri = isinstance(obj, URIRef)
            found.append({
                "property": compact(str(predicate)), "value": compact(str(obj)) if is_iri and not
                str(obj).startswith(ID_BASE) else (short_id(obj) if is_iri else str(obj)),
                "href": id_href(str(obj)) if is_iri and (str(obj).startswith(ID_BASE) or "://" in str(obj)) else None,
                "lang": getattr(obj, "language", None) or "",
            })
        return found

    labels = {o.language or "": str(o) for p, o in statements[iri] if p == RDFS.label}
    return {
        "nav": None, "iri": str(iri), "id": short_id(iri), "label": text_of(labels)[0] or short_id(iri),
        "rows": rows(iri),
        "parts": [{"id": short_id(s), "rows": rows(s)} for s in sorted(statements, key=str) if s != iri],
    }


async def resource_page(
    request: Request,
    path: str,
    store: Store,
    resource_iri: Callable[[str], URIRef],
    nearest: Callable[[Store, URIRef], list[str]],
) -> Response:
    """The HTML face of a resource IRI (called by `/id/{path}` for a client that prefers HTML)."""
    headers = {"Vary": "Accept"}

    def build() -> tuple[str, dict] | Response:
        template, context = resource_context(store, path, resource_iri(path), nearest)
        if request.method == "HEAD":
            return Response(b"", media_type=HTML_TYPE, headers=headers)
        return templates.TemplateResponse(request, template, context, headers=headers)

    response = await anyio.to_thread.run_sync(
        lambda: render(request, build, nav=None, form="search", values={"q": path})
    )
    response.headers.setdefault("Vary", "Accept")
    return response


# --------------------------------------------------------------------------- rendering and errors

ERROR_TITLES = {400: "Bad request", 404: "Not found", 406: "Not acceptable", 413: "Request too large",
                500: "Something went wrong", 503: "Service busy"}


def render(
    request: Request, build: Callable[[], tuple[str, dict] | Response], *, nav: str | None, form: str | None,
    values: Mapping[str, str],
) -> Response:
    """A page, or the error page (with the form to try again) when building it raised a LexGraph error."""
    try:
        built = build()
        if isinstance(built, Response):
            return built
        template, context = built
        return templates.TemplateResponse(request, template, context)
    except LexGraphError as error:
        return error_page(request, error, nav=nav, form=form, values=values)
    except Exception as error:  # a bug: logged, and a page that says so, never a traceback
        log.exception("unexpected error on %s", request.url.path, exc_info=error)
        return error_page(request, None, nav=nav, form=form, values=values)


def error_page(
    request: Request, error: LexGraphError | None, *, nav: str | None, form: str | None, values: Mapping[str, str]
) -> Response:
    status = status_of(error) if error is not None else 500
    message = str(error) if error is not None else "an unexpected error occurred; it has been logged"
    suggestions = []
    if isinstance(error, UnknownResourceError):
        suggestions = [{"id": s, "href": id_href(s)} for s in error.suggestions]
    context = {
        "nav": nav, "status": status, "title": ERROR_TITLES.get(status, "Error"), "message": message,
        "parameter": getattr(error, "parameter", None), "suggestions": suggestions, "form": form,
        "values": values, "languages": SEARCH_LANGUAGES, "jurisdictions": [],
    }
    store = getattr(request.app.state, "store", None)
    if form == "gaps" and store is not None:
        with contextlib.suppress(LexGraphError):  # the store fails too: the form falls back to text inputs
            context["jurisdictions"] = [{"code": j["code"], "label": text_of(j["labels"])[0] or j["code"]}
                                        for j in catalog.jurisdictions(store)]
    headers = {"Retry-After": "1"} if status == 503 else None
    return templates.TemplateResponse(request, "error.html", context, status_code=status, headers=headers)


templates.env.globals.update(id_href=id_href, relation_none=relation_view("none"))
router.include_router(shared_paths)
