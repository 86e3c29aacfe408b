"""The side-by-side comparison: each input read as an id, a number or words (asking which one when words match
several), both provisions in full, the aligned parts with their relation badges and differences by aspect, the
parts with no counterpart, and what an as-of date leaves out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from lexgraph import catalog, comparison, lookup
from lexgraph.errors import IdentifierError, UnknownResourceError
from lexgraph.namespaces import RELATION_NAMES
from lexgraph.store import Store

from .search import find
from .views import (
    Outlines,
    jurisdiction_labels,
    not_applying,
    query_string,
    relation_view,
    side_view,
    source_titles,
    statement_view,
)


def resolve_side(store: Store, text: str | None, parameter: str) -> tuple[str | None, list[dict]]:
    """The provision id a compare input names, or the choices when it names several."""
    if text is None or not text.strip():
        return None, []
    pid = lookup.provision_id(text)
    if pid is not None:
        if pid.eid is None:
            raise IdentifierError(text, "names an instrument; compare provisions (pick one from its contents)",
                                  parameter)
        return pid.short, []
    found = find(store, text, limit=lookup.ID_MATCHES)
    provisions = [hit for hit in found.hits if hit.kind == "provision"]
    numbered = [hit for hit in provisions if hit.match == lookup.BY_NUMBER]
    exact = [hit for hit in provisions if (hit.label or "").lower() == found.query.lower()]
    for candidates in (numbered, exact, provisions):
        if len(candidates) == 1:
            return candidates[0].id, []
        if candidates:
            return None, [hit.to_dict() for hit in candidates]
    raise UnknownResourceError(text, [], kind=f"provision ({parameter}=) matching")


def compare_context(store: Store, left: str | None, right: str | None, as_of: str | None) -> dict:
    """The compare page: the form, the choices when an input names several provisions, and the comparison."""
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
        "asOf": found["asOf"], "dateNotes": [], "leftOut": [], "undatedInstruments": [],
        "swapHref": "/compare?" + query_string(left=right_id, right=left_id, asOf=found["asOf"]),
        "undatedHref": "/compare?" + query_string(left=left_id, right=right_id),
        "relations": [relation_view(name) for name in (*RELATION_NAMES, "none")],
        "labels": {"left": left_label, "right": right_label},
    }
    if day is not None:
        result["dateNotes"], result["leftOut"] = date_effects(store, found, day, sides, outlines)
        undated = {sides[side]["instrument"]["id"]: sides[side]["instrument"] for side in ("left", "right")}
        result["undatedInstruments"] = [dates for dates in undated.values() if dates["note"]]
    return result


def date_effects(
    store: Store, dated: Mapping, day: date, sides: Mapping[str, dict], outlines: Outlines
) -> tuple[list[str], list[dict]]:
    """What the date changes: sides that did not apply, pairs and parts it left out (the instruments with no
    date are listed beside these notes with their dates lines)."""
    notes = []
    for side in ("left", "right"):
        info = sides[side]
        if not info["dates"].applies_on(day):
            notes.append(f"{not_applying(info['name'], info['dates'])}: on {day.isoformat()} it did not apply, "
                         "so nothing of it is compared.")
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
