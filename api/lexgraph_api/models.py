"""Response models of the drafters' REST routes: the JSON the library returns, documented for OpenAPI.

Field names are the JSON keys (camelCase, as the issue names them); each model carries an example
taken from the shipped data (EU AI Act Art 5(1)(c) and KZ Law 230-VIII Art 17(3)(3)).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EU_C = "eu/reg-2024-1689/art_5__para_1__point_c"
KZ_3 = "kz/law-230-viii/art_17__para_3__point_3"
SEED = "https://doi.org/10.33327/AJEE-18-8.S-a000157"
EURLEX = "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"

Relation = Literal["exact", "close", "broader", "narrower", "related", "conflicting"]


def _example(example: dict) -> ConfigDict:
    return ConfigDict(populate_by_name=True, json_schema_extra={"examples": [example]})


class Jurisdiction(BaseModel):
    model_config = _example({
        "code": "kz", "iri": "https://w3id.org/lexgraph/id/kz",
        "labels": {"en": "Kazakhstan", "kk": "Қазақстан", "ru": "Казахстан"},
        "summary": "The Republic of Kazakhstan (ISO 3166 code KZ).",
        "instruments": ["kz/law-230-viii", "kz/law-94-v"],
    })

    code: str = Field(description="Lower-case code used in identifiers (eu, kz, oecd).")
    iri: str
    labels: dict[str, str] = Field(description="Name by language tag.")
    summary: str | None = None
    instruments: list[str] = Field(description="Ids (jurisdiction/instrument) of the instruments it issued.")


class Instrument(BaseModel):
    model_config = _example({
        "id": "eu/reg-2024-1689", "iri": "https://w3id.org/lexgraph/id/eu/reg-2024-1689", "jurisdiction": "eu",
        "kind": "Regulation", "slug": "reg-2024-1689", "number": "2024/1689",
        "title": "Regulation (EU) 2024/1689 (Artificial Intelligence Act)",
        "titles": {"en": "Regulation (EU) 2024/1689 (Artificial Intelligence Act)"}, "labels": {"en": "EU AI Act"},
        "summary": "The EU's horizontal regulation of AI systems by risk.", "dateAdopted": "2024-06-13",
        "dateInForce": "2024-08-01", "dateInForceNote": None, "appliesFrom": "2026-08-02", "appliesUntil": None,
        "appliesUntilNote": None, "status": "in-force",
        "bindingForce": "binding", "eli": "http://data.europa.eu/eli/reg/2024/1689/oj", "celex": "32024R1689",
        "adiletId": None, "officialText": EURLEX, "certainty": None,
    })

    id: str = Field(description="Short id: jurisdiction/instrument.")
    iri: str
    jurisdiction: str
    kind: str | None = Field(None, description="The ontology class: Regulation, Law, Code, Recommendation ...")
    slug: str | None = None
    number: str | None = None
    title: str | None = Field(None, description="The title in English when held, else in another language.")
    titles: dict[str, str] = Field(default_factory=dict, description="Title by language tag.")
    labels: dict[str, str] = Field(default_factory=dict, description="Short name by language tag.")
    summary: str | None = None
    dateAdopted: str | None = None
    dateInForce: str | None = None
    dateInForceNote: str | None = Field(
        None,
        description="Why the date in force is not given, or why it is uncertain (lg:dateInForceNote, beside or "
        "instead of dateInForce): in English when held, else in another language; null when there is none.",
        examples=["The resolution's own commencement clause was not seen, and no source searched gives the date it "
                  "took effect. ..."],
    )
    appliesFrom: str | None = None
    appliesUntil: str | None = Field(None, description="The last day it applied (repealed instruments).")
    appliesUntilNote: str | None = Field(
        None,
        description="Why the end date (appliesUntil) is not given, or why it is uncertain (lg:appliesUntilNote): "
        "in English when held, else in another language; null when there is none.",
        examples=["The Agency's official page shows a Board resolution ... whose point 2 declares Resolution No 56 "
                  "no longer in force; the page as seen gives neither that resolution's date nor when it takes "
                  "effect. ..."],
    )
    status: str | None = Field(None, description="in-force, adopted, draft or repealed.")
    bindingForce: str | None = Field(None, description="binding or soft-law.")
    eli: str | None = None
    celex: str | None = None
    adiletId: str | None = None
    officialText: str | None = Field(None, description="Link to the official publication.")
    certainty: str | None = None


class InstrumentPage(BaseModel):
    model_config = _example({
        "jurisdiction": "eu", "total": 1, "limit": 100, "offset": 0,
        "items": [Instrument.model_config["json_schema_extra"]["examples"][0]],
    })

    jurisdiction: str | None = None
    total: int
    limit: int
    offset: int
    items: list[Instrument]


class TocEntry(BaseModel):
    model_config = _example({
        "id": "eu/reg-2024-1689/art_5", "eId": "art_5", "kind": "Article", "number": "5", "label": "Article 5",
        "heading": "Prohibited AI practices", "order": 5, "children": [],
    })

    id: str
    eId: str | None = None
    kind: str | None = None
    number: str | None = None
    label: str | None = None
    heading: str | None = None
    order: int | None = Field(None, description="Position among its siblings (lg:order), from 1.")
    children: list[TocEntry] = Field(default_factory=list, description="Its parts, in document order.")


class InstrumentDetail(Instrument):
    model_config = _example({
        **Instrument.model_config["json_schema_extra"]["examples"][0],
        "toc": [TocEntry.model_config["json_schema_extra"]["examples"][0]],
    })

    toc: list[TocEntry] = Field(description="Table of contents: the provision tree in document order.")


class Qualifier(BaseModel):
    iri: str
    label: str | None = None
    text: str | None = Field(None, description="The team's summary of the condition or exception.")
    refersTo: list[str] = Field(default_factory=list, description="Provisions or instruments it refers to.")


class Norm(BaseModel):
    iri: str
    modality: Literal["prohibition", "obligation", "permission", "exemption"] | None = None
    label: str | None = None
    summary: str | None = None
    practices: list[str] = Field(default_factory=list, description="AI practices regulated (ai-practice scheme).")
    activities: list[str] = Field(default_factory=list, description="Activities caught (placing-on-market ...).")
    addressees: list[str] = Field(default_factory=list, description="Roles addressed (provider, deployer ...).")
    obligationTypes: list[str] = Field(default_factory=list)
    riskClasses: list[str] = Field(default_factory=list)
    conditions: list[Qualifier] = Field(default_factory=list)
    exceptions: list[Qualifier] = Field(default_factory=list)


PROVISION_EXAMPLE = {
    "id": EU_C, "iri": f"https://w3id.org/lexgraph/id/{EU_C}", "jurisdiction": "eu",
    "instrument": "eu/reg-2024-1689", "eId": "art_5__para_1__point_c", "kind": "Point", "number": "c", "order": 4,
    "labels": {"en": "Article 5(1)(c)"}, "heading": None,
    "summary": "Bans AI systems that score or classify people over time by their social behaviour or personal "
    "traits, where the score leads to detrimental or unfavourable treatment.",
    "keyTerms": ["social behaviour"], "parent": "eu/reg-2024-1689/art_5__para_1",
    "children": [f"{EU_C}__intro", f"{EU_C}__point_i", f"{EU_C}__point_ii"],
    "norms": [{
        "iri": f"https://w3id.org/lexgraph/id/{EU_C}#norm", "modality": "prohibition",
        "label": "Prohibition of social scoring leading to detrimental treatment", "summary": None,
        "practices": ["social-scoring"], "activities": ["placing-on-market", "putting-into-service", "use"],
        "addressees": ["deployer", "provider"], "obligationTypes": [], "riskClasses": ["prohibited"],
        "conditions": [{
            "iri": f"https://w3id.org/lexgraph/id/{EU_C}#norm-condition-1",
            "label": "Leads to detrimental or unfavourable treatment", "text": None,
            "refersTo": [f"{EU_C}__point_i", f"{EU_C}__point_ii"],
        }],
        "exceptions": [],
    }],
    "source": EURLEX, "sources": [], "appliesFrom": "2025-02-02", "appliesUntil": None, "certainty": None,
    "asOf": None,
}


class Provision(BaseModel):
    model_config = _example(PROVISION_EXAMPLE)

    id: str = Field(description="Short id: jurisdiction/instrument/eId.")
    iri: str
    jurisdiction: str
    instrument: str = Field(description="Id of the instrument (jurisdiction/instrument).")
    eId: str
    kind: str | None = Field(None, description="Article, Paragraph, Subparagraph, Point, ListIntroduction, Annex.")
    number: str | None = None
    order: int | None = None
    labels: dict[str, str] = Field(description="Label by language tag (en, ru, kk).")
    heading: str | None = None
    summary: str | None = Field(None, description="What it says, in the team's own words.")
    keyTerms: list[str] = Field(default_factory=list, description="Short terms quoted from the official text.")
    parent: str | None = Field(None, description="Id of the containing provision (or the instrument).")
    children: list[str] = Field(default_factory=list, description="Ids of its parts, in document order.")
    norms: list[Norm] = Field(default_factory=list)
    source: str | None = Field(
        None, description="Official link: its own lg:officialText, else its nearest ancestor's or its instrument's."
    )
    sources: list[str] = Field(default_factory=list, description="Other sources it cites.")
    appliesFrom: str | None = Field(
        None,
        description="Own date of application, else the nearest ancestor's, else the instrument's appliesFrom, "
        "else its date in force; null when none is known. Why an instrument's date is missing or uncertain is "
        "its dateInForceNote, at GET /instruments/{instrument}: not repeated here, since it is one note for all "
        "the instrument's provisions and a provision has no date notes of its own.",
    )
    appliesUntil: str | None = Field(
        None,
        description="Last day it applied: its own, else the nearest ancestor's, else the instrument's; null when "
        "none is known. Why an instrument's end date is missing or uncertain is its appliesUntilNote, at "
        "GET /instruments/{instrument}.",
    )
    certainty: str | None = None
    asOf: str | None = Field(None, description="The date asked, if any: children are those that applied then.")


class Difference(BaseModel):
    aspect: str | None = Field(
        None, description="scope, condition, exception, addressee, modality, sanction or definition."
    )
    text: str | None = None


EQUIVALENT_EXAMPLE = {
    "provision": KZ_3, "label": "Article 17(3)(3)", "relation": "narrower",
    "differences": [{
        "aspect": "condition",
        "text": "The EU bans social scoring only where it leads to detrimental treatment; the KZ ban has no such "
        "condition.",
    }],
    "rationale": "Both ban social scoring; the EU ban is narrower because of its detrimental-treatment condition.",
    "sources": [SEED, EURLEX], "curator": "LexGraph team",
    "statement": "https://w3id.org/lexgraph/id/correspondence/eu-kz/social-scoring", "created": "2026-11-29",
}


class Equivalent(BaseModel):
    model_config = _example(EQUIVALENT_EXAMPLE)

    provision: str | None = Field(description="Id of the corresponding provision; null for relation 'none'.")
    label: str | None = None
    relation: Literal["exact", "close", "broader", "narrower", "related", "conflicting", "none"] = Field(
        description="Read from the asked provision's side (broader and narrower swap when the correspondence is "
        "stored from the other side); 'none': a curated no-counterpart record."
    )
    differences: list[Difference] = Field(default_factory=list)
    rationale: str | None = None
    sources: list[str] = Field(default_factory=list)
    curator: str | None = None
    statement: str = Field(description="IRI of the correspondence or no-counterpart record.")
    created: str | None = None


class Equivalents(BaseModel):
    model_config = _example(
        {"provision": EU_C, "jurisdiction": "kz", "asOf": None, "equivalents": [EQUIVALENT_EXAMPLE]}
    )

    provision: str
    jurisdiction: str
    asOf: str | None = None
    equivalents: list[Equivalent]


class Pair(BaseModel):
    model_config = _example({
        "left": EU_C, "right": KZ_3, "relation": "narrower",
        "differences": EQUIVALENT_EXAMPLE["differences"], "rationale": EQUIVALENT_EXAMPLE["rationale"],
        "sources": [SEED, EURLEX], "curator": "LexGraph team", "statement": EQUIVALENT_EXAMPLE["statement"],
    })

    left: str
    right: str
    relation: Relation = Field(description="Read from the left side.")
    differences: list[Difference] = Field(default_factory=list)
    rationale: str | None = None
    sources: list[str] = Field(default_factory=list)
    curator: str | None = None
    statement: str


class Comparison(BaseModel):
    model_config = _example({
        "left": PROVISION_EXAMPLE, "right": {**PROVISION_EXAMPLE, "id": KZ_3}, "asOf": None,
        "pairs": [Pair.model_config["json_schema_extra"]["examples"][0]],
        "unmatchedLeft": ["eu/reg-2024-1689/art_5__para_1__point_d"],
        "unmatchedRight": ["kz/law-230-viii/art_17__para_3__point_4"],
        "noCounterpart": {"eu/reg-2024-1689/art_5__para_1__point_d": "The KZ law has no ban on predictive policing."},
    })

    left: Provision
    right: Provision
    asOf: str | None = None
    pairs: list[Pair] = Field(description="Parts of each side linked by a correspondence, in document order.")
    unmatchedLeft: list[str] = Field(
        description="Highest parts of the left side that carry a norm (or a no-counterpart record) and have no "
        "correspondence to the right side, directly, through a part below them, or through a matched part "
        "above them below the compared root."
    )
    unmatchedRight: list[str]
    noCounterpart: dict[str, str] = Field(
        default_factory=dict, description="Rationale of the curated no-counterpart record of an unmatched part."
    )


class Gap(BaseModel):
    model_config = _example({
        "provision": "eu/reg-2024-1689/art_5__para_1__point_d", "label": "Article 5(1)(d)",
        "noCounterpart": "https://w3id.org/lexgraph/id/no-counterpart/eu-kz/predictive-policing",
        "rationale": "The KZ law has no ban on predicting crime from profiling.", "appliesFrom": None,
    })

    provision: str
    label: str | None = None
    noCounterpart: str | None = Field(None, description="IRI of the curated no-counterpart record, if any.")
    rationale: str | None = None
    appliesFrom: str | None = Field(None, description="Given when asOf is: its effective date of application.")


class GapPage(BaseModel):
    model_config = _example({
        "from": "eu", "to": "kz", "asOf": None, "total": 1, "limit": 100, "offset": 0,
        "items": [Gap.model_config["json_schema_extra"]["examples"][0]],
    })

    from_: str = Field(alias="from")
    to: str
    asOf: str | None = None
    total: int
    limit: int
    offset: int
    items: list[Gap]


class SearchHit(BaseModel):
    model_config = _example({
        "id": KZ_3, "kind": "provision", "label": "Article 17(3)(3)", "field": "keyTerm",
        "text": "социального поведения", "lang": "ru", "rank": 1,
    })

    id: str
    kind: Literal["provision", "instrument"]
    label: str | None = None
    field: str = Field(description="How it was found: 'id', 'id prefix' or 'number' (by how it is named), else "
                       "where the words matched: label, heading, keyTerm, summary, or 'norm ...'.")
    text: str = Field(description="The text that matched; the id for an id, id prefix or number.")
    lang: str | None = None
    rank: int = Field(
        description="0 an exact id, a number or an exact label, 1 an id or label starting with the query, "
        "2 label/heading/key term containing it, 3 summary, 4 a norm's or qualifier's text."
    )


class SearchPage(BaseModel):
    model_config = _example({
        "q": "социального", "lang": None, "total": 1, "limit": 20, "offset": 0,
        "items": [SearchHit.model_config["json_schema_extra"]["examples"][0]],
    })

    q: str
    lang: str | None = None
    total: int
    limit: int
    offset: int
    items: list[SearchHit]


TocEntry.model_rebuild()
