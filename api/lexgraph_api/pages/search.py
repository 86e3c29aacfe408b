"""The search page and its type-ahead: what `catalog.search` finds (the id typed, the ids that start so, the
provisions with a number, then words), in the shape the results page and `static/js/combobox.js` read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from lexgraph import catalog, lookup
from lexgraph.store import Store

from .views import id_href, instrument_dates, text_of

SEARCH_LANGUAGES = (("", "any language"), ("en", "English"), ("ru", "Russian"), ("kk", "Kazakh"))
RESULTS_LIMIT = 50
SUGGESTIONS_LIMIT = 8


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

    @classmethod
    def of(cls, item: Mapping) -> Hit:
        """A hit of `catalog.search`, its label picked from its labels with the language it is in."""
        label, label_lang = text_of(item.get("labels") or {})
        return cls(item["id"], label, label_lang, item["kind"], item["field"], item["text"], item["lang"] or "")

    def to_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "labelLang": self.label_lang, "kind": self.kind,
                "match": self.match, "text": self.text, "textLang": self.text_lang, "href": id_href(self.id)}


@dataclass
class Found:
    """What a search found: the hits in order, how many in all, and the id typed when it names nothing."""

    query: str
    hits: list[Hit] = field(default_factory=list)
    unknown: dict | None = None  # {"id": ..., "suggestions": [...]}
    total: int = 0


def find(store: Store, q: str, lang: str | None = None, limit: int = RESULTS_LIMIT) -> Found:
    """Provisions and instruments for what a drafter typed (`catalog.search`); among the word matches,
    provisions before instruments: an instrument's summary mentions everything its provisions say."""
    page = catalog.search(store, q, lang or None, limit=min(limit, catalog.MAX_SEARCH_LIMIT))
    items = sorted(page["items"], key=lambda item: item["kind"] == "instrument" and item["field"] not in lookup.FIELDS)
    return Found(page["q"], [Hit.of(item) for item in items], page["unknown"], page["total"])


def named_page(store: Store, q: str) -> str | None:
    """The page of what `q` names as an id, when it names something: the search goes straight there."""
    pid = lookup.provision_id(q)
    if pid is None:
        return None
    exact = lookup.named_by_id(store, pid).exact
    return id_href(exact) if exact else None


def home_context(store: Store, q: str | None, lang: str | None) -> dict:
    """The search page: every jurisdiction with its instruments, and with `q` what it finds."""
    jurisdictions = catalog.jurisdictions(store)
    listed = catalog.instruments(store, limit=catalog.MAX_INSTRUMENTS_LIMIT)["items"]
    instruments = {item["id"]: item for item in listed}
    return {
        "nav": "search", "q": q or "", "lang": lang or "", "languages": SEARCH_LANGUAGES,
        "jurisdictions": [
            {"code": j["code"], "label": text_of(j["labels"])[0] or j["code"], "href": id_href(j["code"]),
             "instruments": [instrument_dates(instruments[i]) for i in j["instruments"] if i in instruments]}
            for j in jurisdictions
        ],
        "found": find(store, q, lang) if q is not None else None,
    }


def suggestions(store: Store, q: str, limit: int = SUGGESTIONS_LIMIT) -> dict:
    """The type-ahead's answer (JSON): the same finder as the results page, cut to `limit`."""
    found = find(store, q, limit=limit)
    return {"q": found.query, "items": [hit.to_dict() for hit in found.hits[:limit]]}
