"""The pieces every page shows the same way: links to `/id/` pages, texts by language, relation badges and the
details of a correspondence, an instrument's dates, a provision's place in its instrument (breadcrumbs and the
names of its parts), and a provision as one side of a comparison or the head of its own page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote, urlencode

from rdflib import URIRef

from lexgraph import catalog
from lexgraph.ids import short_id
from lexgraph.namespaces import ID_BASE, LG, PREFIXES, RDFS
from lexgraph.store import Store

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


# --------------------------------------------------------------------------- links and texts


def id_href(value: str) -> str:
    """The page of a LexGraph id or IRI (its HTML face under /id/); other IRIs are links as they are."""
    text = str(value)
    if text.startswith(ID_BASE):
        text = text[len(ID_BASE):]
    elif "://" in text:
        return text
    return "/id/" + quote(text, safe="/-_.~")


def query_string(**params: str | None) -> str:
    return urlencode({key: value for key, value in params.items() if value})


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


def texts_by_language(store: Store, iri: URIRef) -> list[dict]:
    """A resource's labels, headings, summaries and key terms, grouped by language (English first)."""
    names = {RDFS.label: "labels", LG.heading: "headings", LG.summary: "summaries", LG.keyTerm: "keyTerms",
             LG.curatorNote: "notes", LG.dateInForceNote: "dateInForceNotes", LG.appliesUntilNote: "appliesUntilNotes"}
    by_lang: dict[str, dict[str, list[str]]] = defaultdict(lambda: {name: [] for name in names.values()})
    for row in catalog.run(store, "web-texts", resource=iri):
        by_lang[row["text"].language or ""][names[row["property"]]].append(str(row["text"]))
    order = {"en": 0, "": 1}
    return [
        {"lang": lang, "language": LANGUAGES.get(lang, lang), **{k: sorted(v) for k, v in texts.items()}}
        for lang, texts in sorted(by_lang.items(), key=lambda item: (order.get(item[0], 2), item[0]))
    ]


def jurisdiction_labels(store: Store) -> dict[str, dict]:
    return {item["code"]: item for item in catalog.jurisdictions(store)}


# --------------------------------------------------------------------------- correspondences


def source_titles(store: Store) -> dict[str, str]:
    titles: dict[str, dict[str, str]] = defaultdict(dict)
    for row in catalog.run(store, "web-source-titles"):
        titles[str(row["source"])][row["title"].language or ""] = str(row["title"])
    return {source: text_of(texts)[0] or source for source, texts in titles.items()}


def sources(urls: Iterable[str], titles: Mapping[str, str]) -> list[dict]:
    return [{"href": id_href(url), "url": url, "title": titles.get(url)} for url in urls]


def relation_view(relation: str, left: str | None = None, right: str | None = None) -> dict:
    """A relation's badge (symbol, word, help) and, given both ends, the sentence that reads it."""
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


# --------------------------------------------------------------------------- dates


def as_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# The notes saying why a date is missing or uncertain, as dates lines name them.
DATE_NOTES = {LG.dateInForceNote: "Date in force", LG.appliesUntilNote: "End date"}


def date_notes(store: Store, items: Iterable[Mapping]) -> dict[str, list[dict]]:
    """The date notes of the given instruments by id, in one query: per note, its name and the text in the page's
    language (English) where held, else the one `text_of` picks, with its language."""
    iris = [URIRef(item["iri"]) for item in items]
    if not iris:
        return {}
    texts: dict[str, dict[URIRef, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for row in catalog.run(store, "web-texts", resource=iris, property=list(DATE_NOTES)):
        texts[short_id(row["resource"])][row["property"]][row["text"].language or ""] = str(row["text"])
    found: dict[str, list[dict]] = {}
    for instrument, by_property in texts.items():
        for prop, name in DATE_NOTES.items():
            if prop in by_property:
                text, lang = text_of(by_property[prop])
                found.setdefault(instrument, []).append({"name": name, "text": text, "lang": lang})
    return found


def instrument_dates(item: Mapping, notes: Iterable[Mapping] = ()) -> dict:
    """What a page says about an instrument's dates: in force, applies from, or why it has none and what that
    means for as-of views; `notes` are its date notes (`date_notes`), shown after the dates."""
    repealed = item.get("status") == "repealed"
    if item.get("status") == "draft":
        note = "a draft, its provisions apply on no date"
    elif item.get("dateInForce") or item.get("appliesFrom"):
        note = None
    elif item.get("appliesUntil"):
        note = (f"no date in force recorded, applies until {item['appliesUntil']}{' (repealed)' if repealed else ''}, "
                "so its provisions count on any date up to then unless they carry their own dates")
    elif repealed:
        note = ("no date in force and no end date recorded (repealed), so no date excludes its provisions from "
                "as-of views unless they carry their own dates")
    else:
        note = "no date in force recorded, so its provisions count on any date unless they carry their own dates"
    label, label_lang = text_of(item.get("labels") or {})
    if label is None:
        label, label_lang = text_of(item.get("titles") or {})
    return {"id": item["id"], "label": label or item["id"], "labelLang": label_lang,
            "href": id_href(item["id"]), "dateInForce": item.get("dateInForce"),
            "appliesFrom": item.get("appliesFrom"), "appliesUntil": item.get("appliesUntil"),
            "status": item.get("status"), "note": note, "dateNotes": list(notes)}


def instruments_dates(store: Store, items: Iterable[Mapping]) -> list[dict]:
    """`instrument_dates` of each instrument with its date notes, fetched in one query."""
    items = list(items)
    notes = date_notes(store, items)
    return [instrument_dates(item, notes.get(item["id"], ())) for item in items]


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


# --------------------------------------------------------------------------- a provision in its instrument


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


def side_view(store: Store, view: Mapping, outline: Outline, jurisdictions: Mapping, titles: Mapping) -> dict:
    """A provision as a comparison's side and its own page's head: place, texts, norms, official text, dates."""
    instrument = outline.instrument
    jurisdiction = jurisdictions.get(view["jurisdiction"], {})
    label, label_lang = text_of(view["labels"])
    code_label = text_of(jurisdiction.get("labels") or {})[0] or view["jurisdiction"].upper()
    return {
        "id": view["id"], "href": id_href(view["id"]), "label": label or view["id"], "labelLang": label_lang,
        "otherLabels": others(view["labels"]),
        "name": f"{view['jurisdiction'].upper()} {label or view['id']}",
        "jurisdiction": {"code": view["jurisdiction"], "label": code_label, "href": id_href(view["jurisdiction"])},
        "instrument": instruments_dates(store, [instrument])[0],
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
