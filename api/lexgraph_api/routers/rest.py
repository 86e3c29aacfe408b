"""The drafters' REST routes (JSON): a thin layer over `lexgraph.catalog` and `lexgraph.comparison`.

Routes are plain `def`: FastAPI runs them in its thread pool, so store queries never block the event
loop. Malformed ids, dates and page sizes are IdentifierErrors (400, naming the parameter); unknown ids
are UnknownResourceErrors (404, with the closest ids); both are mapped in `lexgraph_api.errors`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from lexgraph import catalog, comparison
from lexgraph.store import Store

from ..deps import get_store
from ..errors import error_response
from ..models import (
    Comparison,
    Equivalents,
    GapPage,
    InstrumentDetail,
    InstrumentPage,
    Jurisdiction,
    Provision,
    SearchPage,
)

router = APIRouter(tags=["drafters"])

StoreDep = Annotated[Store, Depends(get_store)]
EU_C = "eu/reg-2024-1689/art_5__para_1__point_c"
KZ_3 = "kz/law-230-viii/art_17__para_3__point_3"

BAD_REQUEST = error_response(
    400, "A malformed id, date or page size; the message names the parameter", "IdentifierError",
    "asOf='2026-13-01': not a calendar date (month must be in 1..12)",
)
NOT_FOUND = error_response(
    404, "An id that names nothing (the message suggests the closest ids), or a provision that did not apply "
    "on the date asked", "UnknownResourceError",
    "unknown provision 'eu/reg-2024-1689/art_5__para_1__point_z'; did you mean: "
    "eu/reg-2024-1689/art_5__para_1__point_a, eu/reg-2024-1689/art_5__para_1__point_b",
)

AsOf = Annotated[
    str | None,
    Query(
        alias="asOf",
        description="Only what applied on this date (YYYY-MM-DD): a provision applies from its effective "
        "appliesFrom until its appliesUntil; a correspondence counts when both its ends apply.",
        examples=["2026-02-01"],
    ),
]


def _limit(default: int, cap: int) -> object:
    return Query(description=f"Page size, 1 to {cap}.", examples=[default])


OFFSET = Query(description=f"Items to skip, 0 to {catalog.MAX_OFFSET}.", examples=[0])


@router.get(
    "/jurisdictions",
    response_model=list[Jurisdiction],
    summary="Jurisdictions",
    description="Every jurisdiction or body whose instruments LexGraph describes, with its instruments' ids.",
)
def jurisdictions(store: StoreDep) -> list[dict]:
    return catalog.jurisdictions(store)


@router.get(
    "/instruments",
    response_model=InstrumentPage,
    summary="Instruments",
    description="Legal and soft-law instruments, all or one jurisdiction's, ordered by jurisdiction and slug.",
    responses={**BAD_REQUEST, **NOT_FOUND},
)
def instruments(
    store: StoreDep,
    jurisdiction: Annotated[str | None, Query(description="A jurisdiction code.", examples=["kz"])] = None,
    limit: Annotated[int, _limit(100, catalog.MAX_INSTRUMENTS_LIMIT)] = 100,
    offset: Annotated[int, OFFSET] = 0,
) -> dict:
    return catalog.instruments(store, jurisdiction, limit=limit, offset=offset)


@router.get(
    "/instruments/{jurisdiction}/{instrument}",
    response_model=InstrumentDetail,
    summary="One instrument with its table of contents",
    description="The instrument and its provision tree in document order (lg:order).",
    responses={**BAD_REQUEST, **NOT_FOUND},
)
def instrument(
    store: StoreDep,
    jurisdiction: Annotated[str, Path(examples=["eu"])],
    instrument: Annotated[str, Path(examples=["reg-2024-1689"])],
) -> dict:
    return catalog.instrument(store, jurisdiction, instrument)


@router.get(
    "/provisions/{jurisdiction}/{instrument}/{eId}",
    response_model=Provision,
    summary="One provision",
    description="Labels, summary, parent, children in document order, the norms it establishes (modality, "
    "practices, conditions, exceptions, addressees), its official source and its date of application.",
    responses={**BAD_REQUEST, **NOT_FOUND},
)
def provision(
    store: StoreDep,
    jurisdiction: Annotated[str, Path(examples=["eu"])],
    instrument: Annotated[str, Path(examples=["reg-2024-1689"])],
    eId: Annotated[str, Path(description="Akoma Ntoso style eId.", examples=["art_5__para_1__point_c"])],
    as_of: AsOf = None,
) -> dict:
    return catalog.provision(store, f"{jurisdiction}/{instrument}/{eId}", as_of)


@router.get(
    "/equivalents",
    response_model=Equivalents,
    summary="Equivalents of a provision in another jurisdiction",
    description="The provisions of `jurisdiction` that correspond to `provision` (or to a norm it establishes), "
    "with the relation read from the asked provision's side, the differences, sources and curator; curated "
    "'no counterpart' records come back with relation `none` and their rationale. Correspondences attached "
    "only to an ancestor or a descendant of the provision are not listed: ask for that provision, or use "
    "`/compare`.",
    responses={**BAD_REQUEST, **NOT_FOUND},
)
def equivalents(
    store: StoreDep,
    provision: Annotated[str, Query(description="A provision id.", examples=[EU_C])],
    jurisdiction: Annotated[str, Query(description="The other jurisdiction's code.", examples=["kz"])],
    as_of: AsOf = None,
) -> dict:
    return comparison.equivalents(store, provision, jurisdiction, as_of)


@router.get(
    "/compare",
    response_model=Comparison,
    summary="Two provisions side by side",
    description="Both provision views, their parts aligned pair by pair through correspondences, and the parts "
    "of each side with no counterpart on the other. A part is matched when it, a part below it, or a matched "
    "part above it (below the compared root) has a correspondence to the other side; unmatched are the highest "
    "parts that set a norm or have a no-counterpart record (list lead-ins never count).",
    responses={**BAD_REQUEST, **NOT_FOUND},
)
def compare(
    store: StoreDep,
    left: Annotated[str, Query(description="A provision id.", examples=["eu/reg-2024-1689/art_5__para_1"])],
    right: Annotated[str, Query(description="A provision id.", examples=["kz/law-230-viii/art_17__para_3"])],
    as_of: AsOf = None,
) -> dict:
    return comparison.compare(store, left, right, as_of)


@router.get(
    "/gaps",
    response_model=GapPage,
    response_model_by_alias=True,
    summary="Provisions with no counterpart in another jurisdiction",
    description="Provisions of `from` that set a norm or have a no-counterpart record toward `to`, and no "
    "correspondence with any provision of `to`; with the curated rationale when there is one.",
    responses={**BAD_REQUEST, **NOT_FOUND},
)
def gaps(
    store: StoreDep,
    from_: Annotated[str, Query(alias="from", description="Jurisdiction code.", examples=["eu"])],
    to: Annotated[str, Query(description="Jurisdiction code.", examples=["kz"])],
    as_of: AsOf = None,
    limit: Annotated[int, _limit(100, comparison.MAX_GAPS_LIMIT)] = 100,
    offset: Annotated[int, OFFSET] = 0,
) -> dict:
    return comparison.gaps(store, from_, to, as_of, limit=limit, offset=offset)


@router.get(
    "/search",
    response_model=SearchPage,
    summary="Search labels, headings, summaries and key terms",
    description="Case-insensitive, in any language held (Cyrillic included) or only `lang`; exact label matches "
    "first.",
    responses={**BAD_REQUEST},
)
def search(
    store: StoreDep,
    q: Annotated[str, Query(description="Words to find.", examples=["social scoring", "социального"])],
    lang: Annotated[str | None, Query(description="Only texts in this language.", examples=["ru"])] = None,
    limit: Annotated[int, _limit(20, catalog.MAX_SEARCH_LIMIT)] = 20,
    offset: Annotated[int, OFFSET] = 0,
) -> dict:
    return catalog.search(store, q, lang, limit=limit, offset=offset)
