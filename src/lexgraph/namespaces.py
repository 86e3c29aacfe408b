"""Every IRI the code uses, in one place (checked against the ontology by tests/test_namespaces.py)."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD, DefinedNamespace

BASE = "https://w3id.org/lexgraph/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")
ID_BASE = BASE + "id/"
GRAPH_BASE = BASE + "graph/"
VOCAB_BASE = BASE + "vocab/"


class LG(DefinedNamespace):
    """The LexGraph ontology (`lg:`). Unknown names raise AttributeError, so typos fail early."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # core
    Jurisdiction: URIRef
    LegalInstrument: URIRef
    Regulation: URIRef
    Law: URIRef
    Code: URIRef
    Constitution: URIRef
    GovernmentResolution: URIRef
    SubordinateRules: URIRef
    Recommendation: URIRef
    Standard: URIRef
    PolicyDocument: URIRef
    Provision: URIRef
    Article: URIRef
    Paragraph: URIRef
    Subparagraph: URIRef
    Point: URIRef
    ListIntroduction: URIRef
    Annex: URIRef
    Section: URIRef
    Indicator: URIRef
    Source: URIRef
    OfficialSource: URIRef
    SecondarySource: URIRef
    Curator: URIRef
    jurisdiction: URIRef
    partOf: URIRef
    status: URIRef
    bindingForce: URIRef
    officialText: URIRef
    eli: URIRef
    reportedIn: URIRef
    citesSource: URIRef
    curatedBy: URIRef
    code: URIRef
    slug: URIRef
    number: URIRef
    eId: URIRef
    order: URIRef
    heading: URIRef
    summary: URIRef
    keyTerm: URIRef
    dateAdopted: URIRef
    dateInForce: URIRef
    appliesFrom: URIRef
    appliesUntil: URIRef
    dateInForceNote: URIRef
    appliesUntilNote: URIRef
    celex: URIRef
    adiletId: URIRef
    doi: URIRef
    certainty: URIRef
    # norms
    Norm: URIRef
    Prohibition: URIRef
    Obligation: URIRef
    Permission: URIRef
    Exemption: URIRef
    Qualifier: URIRef
    Condition: URIRef
    Exception: URIRef
    AIPractice: URIRef
    Role: URIRef
    RiskClass: URIRef
    AutonomyLevel: URIRef
    ObligationType: URIRef
    RegulatedActivity: URIRef
    establishes: URIRef
    regulatesPractice: URIRef
    regulatesActivity: URIRef
    addressee: URIRef
    hasCondition: URIRef
    hasException: URIRef
    obligationType: URIRef
    appliesToRiskClass: URIRef
    triggersObligation: URIRef
    definedIn: URIRef
    refersTo: URIRef
    # correspondence
    ComparativeStatement: URIRef
    Correspondence: URIRef
    NoCounterpart: URIRef
    Difference: URIRef
    CorrespondenceRelation: URIRef
    DifferenceAspect: URIRef
    SourceDiscrepancy: URIRef
    fromProvision: URIRef
    toProvision: URIRef
    relation: URIRef
    hasDifference: URIRef
    aspect: URIRef
    targetJurisdiction: URIRef
    inverseRelation: URIRef
    rationale: URIRef
    concernsProvision: URIRef
    secondaryReading: URIRef
    officialReading: URIRef
    # analysis
    AnalysisStatement: URIRef
    RiskClassCharacterisation: URIRef
    RequirementCharacterisation: URIRef
    RegulatoryApproach: URIRef
    RegulatoryModel: URIRef
    IdentifiedRisk: URIRef
    Finding: URIRef
    Proposal: URIRef
    RiskCategoryProposal: URIRef
    characterises: URIRef
    requirementType: URIRef
    concernsJurisdiction: URIRef
    recommends: URIRef
    addressesFinding: URIRef
    identifiedBy: URIRef
    inTable: URIRef
    tableRow: URIRef
    listPosition: URIRef
    section: URIRef
    sourceLabel: URIRef
    description: URIRef
    measures: URIRef
    examples: URIRef
    definitionOfAI: URIRef
    degreeOfRegulation: URIRef
    ethicalStandards: URIRef
    problems: URIRef
    advantages: URIRef
    limitations: URIRef
    applicability: URIRef
    proposedMeasures: URIRef
    curatorNote: URIRef


LGID = Namespace(ID_BASE)
SHAPES = Namespace(BASE + "shapes#")
LGGRAPH = Namespace(GRAPH_BASE)

# SKOS concept schemes (ontology/vocab/<slug>.ttl): one namespace per scheme.
STATUS = Namespace(VOCAB_BASE + "instrument-status/")
FORCE = Namespace(VOCAB_BASE + "binding-force/")
EURISK = Namespace(VOCAB_BASE + "eu-risk-class/")
KZRISK = Namespace(VOCAB_BASE + "kz-risk-degree/")
KZAUTO = Namespace(VOCAB_BASE + "kz-autonomy-level/")
SEEDRISK = Namespace(VOCAB_BASE + "seed-kz-risk-category/")
RELATION = Namespace(VOCAB_BASE + "correspondence-relation/")
ASPECT = Namespace(VOCAB_BASE + "difference-aspect/")
ACTIVITY = Namespace(VOCAB_BASE + "regulated-activity/")
ROLE = Namespace(VOCAB_BASE + "role/")
OBLIGATION = Namespace(VOCAB_BASE + "obligation-type/")
PRACTICE = Namespace(VOCAB_BASE + "ai-practice/")

# Public vocabularies LexGraph aligns with.
ELI = Namespace("http://data.europa.eu/eli/ontology#")
DPV = Namespace("https://w3id.org/dpv#")
AIACT = Namespace("https://w3id.org/dpv/legal/eu/aiact#")
AIRO = Namespace("https://w3id.org/airo#")
VAIR = Namespace("https://w3id.org/vair#")
SW = Namespace("http://www.w3.org/2003/06/sw-vocab-status/ns#")
VANN = Namespace("http://purl.org/vocab/vann/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

# The seed article every fact from it cites.
SEED_DOI = "10.33327/AJEE-18-8.S-a000157"
SEED_SOURCE = URIRef("https://doi.org/" + SEED_DOI)

# Relation short names used by the API (`exact`, `broader` ...) map onto RELATION concepts.
RELATION_NAMES = ("exact", "close", "broader", "narrower", "related", "conflicting")
ASPECT_NAMES = ("scope", "condition", "exception", "addressee", "modality", "sanction", "definition")

PREFIXES: dict[str, Namespace | str] = {
    "lg": LG._NS,
    "lgid": LGID,
    "lgsh": SHAPES,
    "status": STATUS,
    "force": FORCE,
    "eurisk": EURISK,
    "kzrisk": KZRISK,
    "kzauto": KZAUTO,
    "seedrisk": SEEDRISK,
    "relation": RELATION,
    "aspect": ASPECT,
    "activity": ACTIVITY,
    "role": ROLE,
    "obligation": OBLIGATION,
    "practice": PRACTICE,
    "eli": ELI,
    "dpv": DPV,
    "aiact": AIACT,
    "airo": AIRO,
    "vair": VAIR,
    "sw": SW,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "sh": SH,
}

__all__ = [
    "ACTIVITY", "AIACT", "AIRO", "ASPECT", "ASPECT_NAMES", "BASE", "DCTERMS", "DPV", "ELI", "EURISK",
    "FORCE", "GRAPH_BASE", "ID_BASE", "KZAUTO", "KZRISK", "LG", "LGGRAPH", "LGID", "OBLIGATION",
    "ONTOLOGY_IRI", "OWL", "PRACTICE", "PREFIXES", "PROV", "RDF", "RDFS", "RELATION",
    "RELATION_NAMES", "ROLE", "SD", "SEEDRISK", "SEED_DOI", "SEED_SOURCE", "SH", "SHAPES", "SKOS", "STATUS",
    "SW", "VAIR", "VANN", "VOCAB_BASE", "XSD",
]
