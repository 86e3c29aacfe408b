"""The gaps between two jurisdictions: the provisions of one with no counterpart in the other, grouped by
instrument, and with an as-of date what the date leaves out, what counts as a gap on that date only, and the
dates of every instrument of both."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from lexgraph import catalog, comparison
from lexgraph.errors import IdentifierError
from lexgraph.store import Store

from .views import id_href, instrument_dates, instrument_of, instruments_dates, query_string, text_of


def gaps_context(store: Store, from_code: str | None, to_code: str | None, as_of: str | None) -> dict:
    """The gaps page: the form, and with both jurisdictions the gaps from the first to the second."""
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
        result["instruments"] = instruments_dates(store, [
            item
            for code in (from_code, to_code)
            for item in catalog.instruments(store, code, limit=catalog.MAX_INSTRUMENTS_LIMIT)["items"]
        ])
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
