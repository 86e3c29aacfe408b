"""Index walks: the embedded store's answers to the three queries every comparison request runs
(`rest-provision`, `rest-subtree`, `rest-compare`), read off Oxigraph's indexes instead of parsed and
planned as SPARQL.

Why: at a million triples Oxigraph answers those queries from a handful of index look-ups, yet parsing
and planning their text costs more than the look-ups (about 75 ns a character, 2 µs an element of a
FILTER IN list), and a /compare request runs four of them; under eight clients that overhead is what
stands between the comparison route and its latency target (docs/decisions.md, decision 16).

What: each walk returns exactly the rows its stored query returns, as a multiset, with the same
variable names: SPARQL's semantics over the union of the graphs (a triple held in two graphs counts
twice; a property path `p*`, `p+` or `p?` yields each node once). The `.rq` files stay the definition,
and the only form a remote store sees; tests/test_walks.py runs both on the shipped data, a synthetic
corpus and a snippet of corner cases and asserts the same rows, and that each walk's property lists
are the FILTER IN lists of its query.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pyoxigraph as ox
from rdflib.term import Node

from .namespaces import LG, RDF, RDFS, SKOS
from .store import to_oxigraph, to_rdflib

Row = dict[str, Node]


def _iri(term: Node) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def _iris(*terms: Node) -> frozenset[ox.NamedNode]:
    return frozenset(map(_iri, terms))


PART_OF, ESTABLISHES, EID = _iri(LG.partOf), _iri(LG.establishes), _iri(LG.eId)
FROM_PROVISION, TO_PROVISION = _iri(LG.fromProvision), _iri(LG.toProvision)
TARGET_JURISDICTION, RATIONALE = _iri(LG.targetJurisdiction), _iri(LG.rationale)
RELATION, INVERSE_RELATION, NOTATION = _iri(LG.relation), _iri(LG.inverseRelation), _iri(SKOS.notation)
HAS_DIFFERENCE, SUMMARY, ASPECT = _iri(LG.hasDifference), _iri(LG.summary), _iri(LG.aspect)
CITES_SOURCE, CURATED_BY, LABEL = _iri(LG.citesSource), _iri(LG.curatedBy), _iri(RDFS.label)

# The FILTER IN lists of the queries (tests/test_walks.py checks them against the .rq text).
PROVISION_OWN = _iris(RDF.type, LG.number, LG.order, RDFS.label, LG.heading, LG.summary, LG.keyTerm, LG.partOf,
                      LG.certainty, LG.citesSource, LG.officialText, LG.appliesFrom, LG.appliesUntil)
PROVISION_CHILD = _iris(LG.eId, LG.order, LG.appliesFrom, LG.appliesUntil)
PROVISION_ANCESTOR = _iris(LG.partOf, LG.officialText, LG.appliesFrom, LG.appliesUntil, LG.dateInForce, LG.status)
PROVISION_NORM = _iris(RDF.type, RDFS.label, LG.summary, LG.regulatesPractice, LG.regulatesActivity, LG.addressee,
                       LG.obligationType, LG.appliesToRiskClass)
QUALIFIER_KINDS = _iris(LG.hasCondition, LG.hasException)
QUALIFIER_PROPERTIES = _iris(RDFS.label, LG.summary, LG.refersTo)
SUBTREE_PROPERTIES = _iris(LG.partOf, LG.order, LG.appliesFrom, LG.appliesUntil, RDF.type, LG.establishes)


def _row(**terms) -> Row:
    """A result row: variable name -> the rdflib term of each pyoxigraph term."""
    return {name: to_rdflib(term) for name, term in terms.items()}


class _Index:
    """One store's quads, asked the way the walks ask: objects of a subject, subjects of an object."""

    def __init__(self, store: ox.Store):
        self.quads = store.quads_for_pattern

    def about(self, subject) -> list[tuple[ox.NamedNode, object]]:
        """(predicate, object) of every quad whose subject is `subject` (none for a literal)."""
        if isinstance(subject, ox.Literal):
            return []
        return [(q.predicate, q.object) for q in self.quads(subject, None, None)]

    def objects(self, subject, predicate) -> list:
        if isinstance(subject, ox.Literal):
            return []
        return [q.object for q in self.quads(subject, predicate, None)]

    def subjects(self, predicate, obj) -> list:
        return [q.subject for q in self.quads(None, predicate, obj)]

    def descendants(self, root) -> list:
        """`?part lg:partOf* root`: the root and every part below it, each once. (SPARQL yields the root only
        when it is the subject or object of some triple; when it is not, no pattern the walks match finds it
        either, so the difference never shows.)"""
        found = {root: None}
        pending = [root]
        while pending:
            for part in self.subjects(PART_OF, pending.pop()):
                if part not in found:
                    found[part] = None
                    pending.append(part)
        return list(found)

    def ends(self, part) -> list:
        """`part lg:establishes? ?end`: the part itself and the norms it establishes, each once."""
        return list(dict.fromkeys([part, *self.objects(part, ESTABLISHES)]))


def provision_rows(store: ox.Store, provision: ox.NamedNode | list[ox.NamedNode]) -> list[Row]:
    """rest-provision.rq: the provision view's facts, for one provision or each of a list."""
    index = _Index(store)
    rows: list[Row] = []
    for iri in provision if isinstance(provision, list) else [provision]:
        rows += _provision_rows(index, iri)
    return rows


def _provision_rows(index: _Index, iri) -> list[Row]:
    rows: list[Row] = []
    own = index.about(iri)
    eids = sum(1 for predicate, _ in own if predicate == EID)
    for predicate, value in own:
        if predicate in PROVISION_OWN:
            rows += [_row(provision=iri, property=predicate, value=value) for _ in range(eids)]
    for child in index.subjects(PART_OF, iri):
        for predicate, value in index.about(child):
            if predicate in PROVISION_CHILD:
                rows.append(_row(provision=iri, child=child, childProperty=predicate, childValue=value))
    seen: set = set()
    pending = [value for predicate, value in own if predicate == PART_OF]
    while pending:
        ancestor = pending.pop()
        if ancestor in seen:
            continue
        seen.add(ancestor)
        for predicate, value in index.about(ancestor):
            if predicate in PROVISION_ANCESTOR:
                rows.append(_row(provision=iri, ancestor=ancestor, ancestorProperty=predicate, ancestorValue=value))
            if predicate == PART_OF:
                pending.append(value)
    for predicate, norm in own:
        if predicate != ESTABLISHES:
            continue
        for norm_predicate, value in index.about(norm):
            if norm_predicate in PROVISION_NORM:
                rows.append(_row(provision=iri, norm=norm, normProperty=norm_predicate, normValue=value))
            if norm_predicate in QUALIFIER_KINDS:
                for qualifier_predicate, qualifier_value in index.about(value):
                    if qualifier_predicate in QUALIFIER_PROPERTIES:
                        rows.append(_row(provision=iri, qualifier=value, qualifierNorm=norm,
                                         qualifierKind=norm_predicate, qualifierProperty=qualifier_predicate,
                                         qualifierValue=qualifier_value))
    return rows


def subtree_rows(store: ox.Store, root: ox.NamedNode, target: ox.NamedNode | None = None) -> list[Row]:
    """rest-subtree.rq: the parts below `root` with their structure, and their no-counterpart records
    toward `target` (any jurisdiction when None)."""
    index = _Index(store)
    rows: list[Row] = []
    for part in index.descendants(root):
        for predicate, value in index.about(part):
            if predicate in SUBTREE_PROPERTIES:
                rows.append(_row(part=part, property=predicate, value=value))
        for end in index.ends(part):
            for record in index.subjects(FROM_PROVISION, end):
                if next(iter(index.quads(record, TARGET_JURISDICTION, target)), None) is None:
                    continue
                rationales = index.objects(record, RATIONALE)
                if not rationales:
                    rows.append(_row(part=part, noCounterpart=record))
                rows += [_row(part=part, noCounterpart=record, rationale=rationale) for rationale in rationales]
    return rows


def compare_rows(store: ox.Store, left: ox.NamedNode, right: ox.NamedNode) -> list[Row]:
    """rest-compare.rq: the correspondences between a part of `left`'s subtree and one of `right`'s,
    one row per fact of each."""
    index = _Index(store)
    right_parts = set(index.descendants(right))
    facets: dict[object, list[Row]] = {}
    rows: list[Row] = []
    for left_part in index.descendants(left):
        for left_end in index.ends(left_part):
            for side, other_side in ((FROM_PROVISION, TO_PROVISION), (TO_PROVISION, FROM_PROVISION)):
                for statement in index.subjects(side, left_end):
                    for right_end in index.objects(statement, other_side):
                        right_candidates = dict.fromkeys([right_end, *index.subjects(ESTABLISHES, right_end)])
                        for right_part in right_candidates:
                            if right_part not in right_parts:
                                continue
                            if statement not in facets:
                                facets[statement] = _statement_facets(index, statement)
                            head = _row(statement=statement, leftPart=left_part, leftSide=side, rightPart=right_part)
                            rows += [{**head, **facet} for facet in facets[statement]]
    return rows


def _statement_facets(index: _Index, statement) -> list[Row]:
    """The facts of one correspondence, one dict per row of rest-compare's closing UNION."""
    facets: list[Row] = []
    for concept in index.objects(statement, RELATION):
        for relation in index.objects(concept, NOTATION):
            for inverse_concept in index.objects(concept, INVERSE_RELATION):
                facets += [_row(relation=relation, inverse=inverse)
                           for inverse in index.objects(inverse_concept, NOTATION)]
    for difference in index.objects(statement, HAS_DIFFERENCE):
        for text in index.objects(difference, SUMMARY):
            for aspect_concept in index.objects(difference, ASPECT):
                facets += [_row(difference=difference, differenceText=text, aspect=aspect)
                           for aspect in index.objects(aspect_concept, NOTATION)]
    facets += [_row(source=source) for source in index.objects(statement, CITES_SOURCE)]
    facets += [_row(rationale=rationale) for rationale in index.objects(statement, RATIONALE)]
    for curator in index.objects(statement, CURATED_BY):
        facets += [_row(curatorLabel=label) for label in index.objects(curator, LABEL)]
    return facets


WALKS: dict[str, Callable[..., list[Row]]] = {
    "rest-provision": provision_rows,
    "rest-subtree": subtree_rows,
    "rest-compare": compare_rows,
}


def walk(store: ox.Store, name: str, bindings: Mapping[str, Node | list[Node]]) -> list[Row]:
    """The rows of stored query `name` (a key of WALKS) with `bindings` bound, read by its walk."""
    converted = {key: [to_oxigraph(v) for v in value] if isinstance(value, list) else to_oxigraph(value)
                 for key, value in bindings.items()}
    return WALKS[name](store, **converted)
