"""The HTML face of every `/id/` IRI, chosen by what the resource is: a provision (its place, texts in every
language, parts, norm, correspondences read from its side, sources), an instrument (titles, dates, table of
contents), a jurisdiction (instruments, gaps against the others), a correspondence or no-counterpart record,
and any other resource as a table of its statements."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from urllib.parse import quote

from rdflib import URIRef
from rdflib.term import Node

from lexgraph import catalog, comparison, lookup
from lexgraph.errors import UnknownResourceError
from lexgraph.ids import ProvisionId, parse_id, short_id
from lexgraph.namespaces import DCTERMS, ID_BASE, LG, RDF, RDFS
from lexgraph.queries import query_text
from lexgraph.store import Store

from .views import (
    Outline,
    compact,
    id_href,
    instrument_dates,
    instruments_dates,
    jurisdiction_labels,
    others,
    query_string,
    relation_view,
    side_view,
    source_titles,
    sources,
    statement_view,
    text_of,
    texts_by_language,
)


def describe(store: Store, iri: URIRef) -> dict[Node, list[tuple[Node, Node]]]:
    """The resource's description (as /id/ serves it in RDF), by subject."""
    found: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
    for subject, predicate, obj in store.construct(query_text("service-describe"), {"resource": iri}):
        found[subject].append((predicate, obj))
    return found


def resource_context(store: Store, path: str) -> tuple[str, dict]:
    """The template and context of the page of `/id/{path}`, chosen by what the resource is."""
    iri = lookup.resource_iri(path)
    statements = describe(store, iri)
    own = statements.get(iri, [])
    if not own:
        raise UnknownResourceError(path, lookup.nearest_resources(store, iri), kind="resource")
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
        "otherTitles": others(item["titles"]), "labels": item["labels"], "dates": instruments_dates(store, [item])[0],
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
