"""Cross-jurisdiction comparison for drafters: equivalents of a provision, two provisions compared part
by part, and the gaps of one jurisdiction against another, optionally as of a date.

Decisions (documented here and in the API's OpenAPI descriptions):
- A correspondence belongs to a provision when one of its ends is the provision itself or a norm the
  provision establishes (`{provision}#norm`). Correspondences attached only to an ancestor or a
  descendant are not the provision's: ask for that provision, or use `compare`, which walks subtrees.
- Relations read from the asked (or left) side. A correspondence stored from the other side is read
  through `lg:inverseRelation` (broader <-> narrower; the others are their own inverse).
- No-counterpart records come back from `equivalents` as relation "none" with their rationale.
- With `as_of`, a provision counts when it applied on that day (see lexgraph.catalog for how dates
  are inherited) and a correspondence only when both its ends applied.
- `compare` aligns the parts (each root and everything below it) through the correspondences between
  a left part and a right part. A part is matched when it, one of its descendants, or one of its
  ancestors strictly below the compared root has such a correspondence: so a paragraph-to-paragraph
  correspondence between the roots does not hide which of their points lack a counterpart, while
  the sub-points of a matched point are matched with it. Unmatched are the parts that carry
  substance (they set a norm, have a no-counterpart record toward the other side, or have such a
  part below them; list lead-ins never count), reported at the highest level only: when point (h)
  is unmatched, its own points are not listed again. A subtree that sets no norm at all falls back
  to all of its parts but lead-ins.
- `gaps` is exact to the provision too: a provision of `from` that sets a norm (or has a
  no-counterpart record toward `to`) is a gap unless it has a correspondence with a provision of
  `to`, whatever its ancestors or descendants have.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from rdflib import URIRef
from rdflib.term import Node

from .catalog import (
    Applicability,
    ProvisionView,
    TreeNode,
    check_page,
    eid_of,
    iso,
    natural_key,
    page,
    parse_as_of,
    pick_text,
    provision_view,
    provision_views,
    require_jurisdiction,
    resolve,
    run,
    tree_nodes,
)
from .errors import IdentifierError
from .ids import check_jurisdiction, jurisdiction_iri, parse_id, short_id
from .namespaces import LG, RDF, RELATION_NAMES
from .store import Store

MAX_GAPS_LIMIT = 1000
RELATION_RANK = {name: rank for rank, name in enumerate((*RELATION_NAMES, "none"))}
SIDES = {LG.fromProvision: "from", LG.toProvision: "to", LG.targetJurisdiction: "none"}
# Looked up in a dictionary, not compared one by one (rdflib term comparison runs Python code).
_SUBTREE_ROLES = {LG.order: "order", RDF.type: "type", LG.establishes: "establishes"}
LIST_INTRODUCTION = LG.ListIntroduction


@dataclass
class Statement:
    """A correspondence or no-counterpart record, read from one side, out of facet rows."""

    iri: str
    side: str  # "from", "to" (the asked side is that end) or "none" (a no-counterpart record)
    relation: str | None = None
    label_texts: dict[str, str] = field(default_factory=dict)
    differences: dict[str, dict] = field(default_factory=dict)
    sources: set[str] = field(default_factory=set)
    rationales: dict[str, str] = field(default_factory=dict)
    curators: set[str] = field(default_factory=set)
    created: str | None = None

    def add_facet(self, row: Mapping[str, Node]) -> None:
        """Take in one row; which variable it binds says which fact it carries (rest-compare.rq)."""
        if "otherLabel" in row:
            self.label_texts[row["otherLabel"].language or ""] = str(row["otherLabel"])
        if "relation" in row:
            # Read from the asked side: as stored from the "from" end, else the stored relation's inverse.
            self.relation = str(row["relation"] if self.side == "from" else row["inverse"])
        elif "difference" in row:
            difference = self.differences.setdefault(
                str(row["difference"]), {"aspect": str(row["aspect"]), "texts": {}}
            )
            difference["texts"][row["differenceText"].language or ""] = str(row["differenceText"])
        elif "source" in row:
            self.sources.add(str(row["source"]))
        elif "rationale" in row:
            self.rationales[row["rationale"].language or ""] = str(row["rationale"])
        elif "curatorLabel" in row:
            self.curators.add(str(row["curatorLabel"]))
        elif "created" in row:
            self.created = str(row["created"])

    def details(self) -> dict:
        differences = [
            {"aspect": d["aspect"], "text": pick_text(d["texts"])}
            for _, d in sorted(self.differences.items(), key=lambda item: natural_key(item[0]))
        ]
        return {
            "differences": differences,
            "rationale": pick_text(self.rationales),
            "sources": sorted(self.sources),
            "curator": "; ".join(sorted(self.curators)) or None,
            "statement": self.iri,
        }


# --------------------------------------------------------------------------- equivalents


def equivalents(store: Store, provision_id: str, jurisdiction: str, as_of: str | date | None = None) -> dict:
    """The provisions of `jurisdiction` that correspond to a provision, read from its side, plus the
    no-counterpart records from it toward that jurisdiction (relation "none")."""
    pid = parse_id(provision_id, "provision")
    code = check_jurisdiction(jurisdiction, "jurisdiction")
    day = parse_as_of(as_of)
    target = jurisdiction_iri(code)
    asked = provision_view(store, pid) if day is not None else None  # its dates; raises when unknown
    rows = run(store, "rest-equivalents", provision=pid.iri, jurisdiction=target)
    if not rows:
        # Only now is it worth checking the names: an empty answer may be an unknown id.
        if asked is None:
            provision_view(store, pid)
        require_jurisdiction(store, code)
    statements: dict[tuple[str, str | None], Statement] = {}
    for row in rows:
        side = SIDES[row["side"]]
        other = str(row["other"]) if side != "none" else None
        key = (str(row["statement"]), other)
        statement = statements.setdefault(key, Statement(str(row["statement"]), side))
        statement.add_facet(row)
    if asked is not None and day is not None:
        statements = _applying_equivalents(store, asked, target, day, statements)
    items = []
    for (_, other), statement in statements.items():
        items.append({
            "provision": short_id(other) if other else None,
            "label": pick_text(statement.label_texts),
            "relation": "none" if statement.side == "none" else (statement.relation or "related"),
            **statement.details(),
            "created": statement.created,
        })
    items.sort(key=lambda i: (RELATION_RANK.get(i["relation"], 99), natural_key(i["provision"] or ""), i["statement"]))
    return {"provision": pid.short, "jurisdiction": code, "asOf": iso(day), "equivalents": items}


def _applying_equivalents(
    store: Store,
    asked: ProvisionView,
    target: URIRef,
    day: date,
    statements: dict[tuple[str, str | None], Statement],
) -> dict[tuple[str, str | None], Statement]:
    """Keep what counts on `day`: nothing if the asked provision did not apply; else the
    correspondences whose other end applied too, and the no-counterpart records."""
    if not asked.applicability.applies_on(day):
        return {}
    provision = URIRef(asked.view["iri"])
    others = tree_nodes(run(store, "rest-equivalents-lineage", provision=provision, jurisdiction=target))
    memo: dict[URIRef, Applicability] = {}
    return {
        key: statement
        for key, statement in statements.items()
        if key[1] is None or resolve(others, URIRef(key[1]), memo).applies_on(day)
    }


# --------------------------------------------------------------------------- compare


@dataclass
class Subtree:
    """A compared provision and its parts: structure, dates and what makes a part count."""

    root: URIRef
    nodes: dict[URIRef, TreeNode]
    order: dict[URIRef, int | None]
    eids: dict[URIRef, str]
    intro: set[URIRef]
    normative: set[URIRef]
    no_counterpart: dict[URIRef, str | None]

    @classmethod
    def load(cls, store: Store, root: URIRef, target: URIRef) -> Subtree:
        """One query: the parts under `root`, and their no-counterpart records toward `target`."""
        nodes: dict[URIRef, TreeNode] = {}
        order: dict[URIRef, int | None] = {}
        eids: dict[URIRef, str] = {}
        intro: set[URIRef] = set()
        normative: set[URIRef] = set()
        records: set[URIRef] = set()
        rationales: dict[URIRef, dict[str, str]] = defaultdict(dict)
        for row in run(store, "rest-subtree", root=root, target=target):
            part = row["part"]
            eids.setdefault(part, eid_of(part))
            if "noCounterpart" in row:
                records.add(part)
                if "rationale" in row:
                    rationales[part][row["rationale"].language or ""] = str(row["rationale"])
                continue
            prop, value = row["property"], row["value"]
            nodes.setdefault(part, TreeNode()).add(prop, value)
            role = _SUBTREE_ROLES.get(prop)
            if role == "order":
                order[part] = int(value) if str(value).lstrip("-").isdigit() else None
            elif role == "type":
                if value == LIST_INTRODUCTION:
                    intro.add(part)
            elif role == "establishes":
                normative.add(part)
        if root in nodes:
            nodes[root].parent = None  # the root's own parent lies outside the subtree
        no_counterpart = {part: pick_text(rationales[part]) for part in records if part in nodes}
        return cls(root, nodes, order, eids, intro, normative, no_counterpart)

    def ancestors(self, part: URIRef) -> list[URIRef]:
        """The ancestors of a part inside the subtree, nearest first, the root last."""
        found: list[URIRef] = []
        current = self.nodes[part].parent
        while current is not None and current in self.nodes and current not in found:
            found.append(current)
            current = self.nodes[current].parent
        return found

    def document_key(self, part: URIRef) -> tuple:
        path = [part, *self.ancestors(part)]
        return tuple(
            (self.order[p] if self.order.get(p) is not None else 1 << 30, natural_key(self.eids.get(p, "")))
            for p in reversed(path)
        )

    def applying(self, root_dates: Applicability, day: date | None) -> set[URIRef]:
        """The parts that applied on `day` (all when no day), the root's inherited dates included."""
        if day is None:
            return set(self.nodes)
        memo: dict[URIRef, Applicability] = {}
        nodes = dict(self.nodes)
        # The root carries the dates it inherits from outside the subtree.
        nodes[self.root] = TreeNode(
            applies_from=root_dates.applies_from,
            applies_until=root_dates.applies_until,
            status="draft" if root_dates.draft else None,
        )
        return {part for part in nodes if resolve(nodes, part, memo).applies_on(day)}

    def unmatched(self, parts: set[URIRef], matched_directly: set[URIRef]) -> list[URIRef]:
        """The highest parts with no counterpart among those that carry substance (module docstring)."""
        matched = set()
        for part in matched_directly:
            matched.add(part)
            matched.update(self.ancestors(part))
        for part in parts:
            if any(a in matched_directly and a != self.root for a in self.ancestors(part)):
                matched.add(part)
        substantive = {p for p in parts if p not in self.intro and (p in self.normative or p in self.no_counterpart)}
        if not substantive:
            substantive = {p for p in parts if p not in self.intro}
        counted = set(substantive)
        for part in substantive:
            counted.update(a for a in self.ancestors(part) if a in parts)
        unmatched = {p for p in counted if p not in matched}
        highest = [p for p in unmatched if not any(a in unmatched for a in self.ancestors(p))]
        return sorted(highest, key=self.document_key)


def compare(store: Store, left_id: str, right_id: str, as_of: str | date | None = None) -> dict:
    """Two provisions side by side, their parts aligned pair by pair through correspondences, and the
    parts of each side with no counterpart in the other (see the module docstring for the rules)."""
    left_pid = parse_id(left_id, "left")
    right_pid = parse_id(right_id, "right")
    day = parse_as_of(as_of)
    left_view, right_view = provision_views(store, [left_pid, right_pid])
    left = Subtree.load(store, left_pid.iri, right_pid.jurisdiction_iri)
    right = Subtree.load(store, right_pid.iri, left_pid.jurisdiction_iri)
    left_parts = left.applying(left_view.applicability, day)
    right_parts = right.applying(right_view.applicability, day)

    statements: dict[tuple[str, URIRef, URIRef], Statement] = {}
    for row in run(store, "rest-compare", left=left_pid.iri, right=right_pid.iri):
        key = (str(row["statement"]), row["leftPart"], row["rightPart"])
        statement = statements.setdefault(key, Statement(str(row["statement"]), SIDES[row["leftSide"]]))
        statement.add_facet(row)
    pairs = []
    matched_left: set[URIRef] = set()
    matched_right: set[URIRef] = set()
    for (_, left_part, right_part), statement in statements.items():
        if left_part not in left_parts or right_part not in right_parts:
            continue
        matched_left.add(left_part)
        matched_right.add(right_part)
        pairs.append({
            "left": short_id(left_part), "right": short_id(right_part), "relation": statement.relation or "related",
            **statement.details(),
            "_key": (left.document_key(left_part), right.document_key(right_part)),
        })
    pairs.sort(key=lambda p: p.pop("_key"))
    unmatched_left = left.unmatched(left_parts, matched_left)
    unmatched_right = right.unmatched(right_parts, matched_right)
    rationales = {
        short_id(part): side.no_counterpart[part]
        for side, parts in ((left, unmatched_left), (right, unmatched_right))
        for part in parts
        if side.no_counterpart.get(part)
    }
    return {
        "left": left_view.view,
        "right": right_view.view,
        "asOf": iso(day),
        "pairs": pairs,
        "unmatchedLeft": [short_id(p) for p in unmatched_left],
        "unmatchedRight": [short_id(p) for p in unmatched_right],
        "noCounterpart": rationales,
    }


# --------------------------------------------------------------------------- gaps


def gaps(
    store: Store,
    from_code: str,
    to_code: str,
    as_of: str | date | None = None,
    limit: int = 100,
    offset: int = 0,
) -> dict:
    """The provisions of `from_code` with no counterpart in `to_code`: those that set a norm or have a
    no-counterpart record toward it, and no correspondence with any of its provisions (on `as_of`,
    none whose both ends applied). The no-counterpart rationale comes along when one exists.

    Two queries: the facts of every provision of `from_code` (rest-gaps, which also confirms both
    jurisdictions), then the labels of the page returned (rest-labels); on a date, the dates of
    `from_code`'s tree and of the counterparts' lineages besides."""
    check_page(limit, offset, MAX_GAPS_LIMIT)
    day = parse_as_of(as_of)
    check_jurisdiction(from_code, "from")
    check_jurisdiction(to_code, "to")
    source, target = jurisdiction_iri(from_code), jurisdiction_iri(to_code)
    if source == target:
        require_jurisdiction(store, from_code, "from")  # an unknown code is a 404 before anything else
        raise IdentifierError(to_code, "must differ from 'from': gaps are between two jurisdictions", "to")
    candidates: dict[URIRef, dict] = {}
    normative: set[URIRef] = set()
    counterparts: dict[URIRef, set[URIRef]] = defaultdict(set)
    rationales: dict[URIRef, dict[str, str]] = defaultdict(dict)
    known: dict[Node, str] = {}
    for row in run(store, "rest-gaps", **{"from": source, "to": target}):
        if "knownCode" in row:
            known[row["knownJurisdiction"]] = str(row["knownCode"])
            continue
        part = row["provision"]
        item = candidates.get(part)
        if item is None:
            item = candidates[part] = {
                "provision": short_id(part), "label": None, "noCounterpart": None, "rationale": None,
                "appliesFrom": None,
            }
        if "norm" in row:
            normative.add(part)
        elif "noCounterpart" in row:
            item["noCounterpart"] = min(str(row["noCounterpart"]), item["noCounterpart"] or str(row["noCounterpart"]))
        elif "counterpart" in row:
            counterparts[part].add(row["counterpart"])
        elif "rationale" in row:
            rationales[part][row["rationale"].language or ""] = str(row["rationale"])
    for code, iri, parameter in ((from_code, source, "from"), (to_code, target, "to")):
        if known.get(iri) != code:
            require_jurisdiction(store, code, parameter)  # 404 with the closest codes
    dates: dict[URIRef, Applicability] = {}
    applies = None
    if day is not None:
        others = {other for part, found in counterparts.items() if part in candidates for other in found}
        applies = _applies_on(store, source, others, day, dates)
    items = []
    for part, item in candidates.items():
        if part not in normative and item["noCounterpart"] is None:
            continue
        item["rationale"] = pick_text(rationales[part])
        if applies is not None:
            if not applies(part):
                continue
            item["appliesFrom"] = iso(dates[part].applies_from)
            if any(applies(other) for other in counterparts[part]):
                continue
        elif counterparts[part]:
            continue
        items.append((part, item))
    items.sort(key=lambda found: natural_key(found[1]["provision"]))
    shown = items[offset : offset + limit]
    if shown:
        labels: dict[Node, dict[str, str]] = defaultdict(dict)
        for row in run(store, "rest-labels", resource=[part for part, _ in shown]):
            labels[row["resource"]][row["label"].language or ""] = str(row["label"])
        for part, item in shown:
            item["label"] = pick_text(labels[part])
    return page([item for _, item in items], limit, offset, **{"from": from_code, "to": to_code, "asOf": iso(day)})


def _applies_on(
    store: Store, source: URIRef, others: set[URIRef], day: date, memo: dict[URIRef, Applicability]
) -> Callable[[URIRef], bool]:
    """A test 'did this provision apply on day', over the whole tree of `source` and the lineages of the
    provisions `others` (the counterparts on the other side)."""
    nodes = tree_nodes(run(store, "rest-jurisdiction-dates", jurisdiction=source))
    if others:
        nodes.update(tree_nodes(run(store, "rest-lineage-dates", start=sorted(others))))

    def applies(part: URIRef) -> bool:
        return part in nodes and resolve(nodes, part, memo).applies_on(day)

    return applies


__all__ = ["compare", "equivalents", "gaps"]
