"""Provisions found by how a person names them rather than by their words: an id (the short form, the IRI,
an `/id/` path, short component names such as `eu/reg-2024-1689/art_5/par_1/pt_c`, or the start of an id
being typed) and a number as drafters cite it ("Art 5(1)(c)", "17(3)(3)", "ст. 17", "Annex III(1)", after
a jurisdiction code to keep only its own: "KZ 17(3)(3)").

`catalog.search` lists what this finds before its word matches, so the REST `/search`, the web page's
results and its type-ahead find a provision the same way. Every value read from the text is bound into
the stored query `rest-provisions-by-eid`, never pasted.

The resource an `/id/` path names, and the ids nearest to one that names nothing, are found here too: the
RDF and the HTML face of `/id/` both need them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from . import catalog
from .errors import IdentifierError, UnknownResourceError
from .export import MAX_GRAPH_LENGTH
from .ids import EID_RE, ProvisionId, parse_id, short_id
from .namespaces import ID_BASE
from .queries import query_text
from .store import Store

ID_MATCHES = 20  # provisions listed for an id being typed (the start of an id)

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
# The `field` of a hit found here rather than by words.
BY_ID, BY_ID_PREFIX, BY_NUMBER = "id", "id prefix", "number"
FIELDS = (BY_ID, BY_ID_PREFIX, BY_NUMBER)


def provision_id(text: str) -> ProvisionId | None:
    """An id as typed (short form, full IRI, /id/ path, or eId components split by '/' such as
    eu/reg-2024-1689/art_5/par_1/pt_c) as a ProvisionId; None when it is not an id."""
    value = _without_base(text.strip())
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


def _without_base(value: str) -> str:
    for base in (ID_BASE, "/id/"):
        if value.startswith(base):
            return value[len(base):]
    return value


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
class Named:
    """What a text names as an id or a number: the hits in order (the id itself, the ids that start so, the
    provisions with that number), the id when it names something, or why it names nothing."""

    hits: list[dict] = field(default_factory=list)
    exact: str | None = None
    unknown: UnknownResourceError | None = None
    ids: set[str] = field(default_factory=set, repr=False)

    def add(self, hits: Iterable[dict]) -> None:
        """Append the hits not listed yet (a provision found by id and by number is listed once)."""
        for hit in hits:
            if hit["id"] not in self.ids:
                self.ids.add(hit["id"])
                self.hits.append(hit)


def named_by_id(store: Store, pid: ProvisionId) -> Named:
    """The provision or instrument an id names, or the 404 with the closest ids when it names nothing."""
    found = Named()
    if pid.eid is None:
        if catalog.run(store, "rest-instruments", instrument=pid.instrument_iri):
            found.exact = pid.short
            found.add([_hit(pid.short, {}, "instrument", BY_ID)])
        return found
    rows = catalog.run(store, "rest-provisions-by-eid", eId=Literal(pid.eid), prefix=Literal(str(pid.iri)))
    labels = _labelled(row for row in rows if row["provision"] == pid.iri)
    if labels:
        found.exact = pid.short
        found.add(_provision_hits(labels, BY_ID))
    else:
        found.unknown = catalog.unknown_provision(store, pid)
    return found


def named(store: Store, text: str) -> Named:
    """Everything `text` names as an id, the start of an id, or a number, in that order."""
    text = text.strip()
    pid = provision_id(text)
    found = named_by_id(store, pid) if pid is not None else Named()
    if "/" in text and ID_TEXT_RE.fullmatch(text):  # an id being typed: the ids that start so
        prefix = pid.short if pid is not None and pid.eid else _without_base(text)  # par_1, pt_c spelt out
        rows = catalog.run(store, "rest-provisions-by-eid", prefix=Literal(ID_BASE + prefix))
        found.add(_provision_hits(_labelled(rows), BY_ID_PREFIX)[:ID_MATCHES])
    code, number = _jurisdiction_and_number(store, text)
    for eid in number_eids(number):
        rows = catalog.run(store, "rest-provisions-by-eid", eId=Literal(eid),
                           prefix=Literal(ID_BASE + (f"{code}/" if code else "")))
        found.add(_provision_hits(_labelled(rows), BY_NUMBER))
    return found


def _jurisdiction_and_number(store: Store, text: str) -> tuple[str | None, str]:
    """A number with an optional jurisdiction code first ("EU Art 5(1)(c)"): (code or None, the number)."""
    first, _, rest = text.partition(" ")
    if rest and number_eids(rest) and first.lower() in catalog.known_jurisdictions(store):
        return first.lower(), rest
    return None, text


def _labelled(rows: Iterable[Mapping[str, Node]]) -> dict[URIRef, dict[str, str]]:
    """rest-provisions-by-eid rows as provision -> language -> label."""
    found: dict[URIRef, dict[str, str]] = {}
    for row in rows:
        labels = found.setdefault(row["provision"], {})
        if "label" in row:
            labels[row["label"].language or ""] = str(row["label"])
    return found


def _provision_hits(found: Mapping[URIRef, dict[str, str]], how: str) -> list[dict]:
    return [_hit(short_id(iri), found[iri], "provision", how)
            for iri in sorted(found, key=lambda i: catalog.natural_key(str(i)))]


def _hit(resource_id: str, labels: dict[str, str], kind: str, how: str) -> dict:
    """A hit in the shape of `catalog.search`'s: what matched is the id (a number is read as one); rank 0 for
    an id or number, 1 for an id that starts with what was typed (as a label that starts so)."""
    return {"id": resource_id, "kind": kind, "label": catalog.pick_text(labels), "labels": labels, "field": how,
            "text": resource_id, "lang": None, "rank": 1 if how == BY_ID_PREFIX else 0}


# --------------------------------------------------------------------------- resources under /id/


def resource_iri(path: str) -> URIRef:
    """The IRI an `/id/{path}` names; a path no IRI can hold (or too long to be one of ours) is a 400."""
    if len(path) > MAX_GRAPH_LENGTH:  # no IRI of this dataset is that long: refused before any search
        raise IdentifierError(path[:40] + "...", f"longer than {MAX_GRAPH_LENGTH} characters", "path")
    try:
        ox.NamedNode(ID_BASE + path)
    except ValueError as error:
        raise IdentifierError(path, f"not a resource path below /id/ ({error})", "path") from None
    if not path:
        raise IdentifierError(path, "not a resource path below /id/", "path")
    return URIRef(ID_BASE + path)


def nearest_resources(store: Store, iri: URIRef) -> list[str]:
    """Close resource ids, searched among those sharing the first path segment (or all, if none do)."""
    text = str(iri)
    first = text[len(ID_BASE):].split("/")[0]
    candidates: list[str] = []
    for prefix in (f"{ID_BASE}{first}/", ID_BASE):
        rows = store.select(query_text("service-resources-under"), {"prefix": Literal(prefix)})
        candidates = [str(r["resource"]) for r in rows if "#" not in str(r["resource"])]
        if candidates:
            break
    nearest = difflib.get_close_matches(text, candidates, n=5, cutoff=0.6)
    return [c[len(ID_BASE):] for c in nearest]
