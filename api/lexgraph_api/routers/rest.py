"""The drafters' REST routes (JSON): a thin layer over `lexgraph.catalog` and `lexgraph.comparison`.

Where the work is anchored on one or two provisions (a provision, its equivalents, a comparison, the
jurisdictions), the route is `async def` and calls the library on the event loop: a millisecond or two of
work, where a hop to FastAPI's thread pool and back costs about as much again in CPU and, with concurrent
requests, more in contention for the GIL (docs/performance.md). Routes whose work grows with a whole
jurisdiction or instrument (gaps, instruments, a table of contents, search) run in a thread, so that a long
one never holds the loop, one at a time per process (`heavy`): several at once would only take turns at the
GIL, each slower, for more CPU in all (measured: /gaps under 8 clients did fewer requests a second than
under 1). Malformed ids, dates and page sizes are
IdentifierErrors (400, naming the parameter); unknown ids are UnknownResourceErrors (404, with the closest
ids); both are mapped in `lexgraph_api.errors`.
"""

from __future__ import annotations

import asyncio
import functools
import weakref
from typing import Annotated

import anyio
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
_HEAVY: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # event loop -> its limiter


async def heavy(function, *arguments):
    """Run `function(*arguments)` in a worker thread, one such call at a time per event loop (per process,
    when served; tests may run several apps, each on its own loop)."""
    loop = asyncio.get_running_loop()
    limiter = _HEAVY.get(loop)
    if limiter is None:
        limiter = _HEAVY[loop] = anyio.CapacityLimiter(1)
    return await anyio.to_thread.run_sync(functools.partial(function, *arguments), limiter=limiter)

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
async def jurisdictions(store: StoreDep) -> list[dict]:
    return catalog.jurisdictions(store)


@router.get(
    "/instruments",
    response_model=InstrumentPage,
    summary="Instruments",
    description="Legal and soft-law instruments, all or one jurisdiction's, ordered by jurisdiction and slug.",
    responses={**BAD_REQUEST, **NOT_FOUND},
)
async def instruments(
    store: StoreDep,
    jurisdiction: Annotated[str | None, Query(description="A jurisdiction code.", examples=["kz"])] = None,
    limit: Annotated[int, _limit(100, catalog.MAX_INSTRUMENTS_LIMIT)] = 100,
    offset: Annotated[int, OFFSET] = 0,
) -> dict:
    return await heavy(functools.partial(catalog.instruments, limit=limit, offset=offset), store, jurisdiction)


@router.get(
    "/instruments/{jurisdiction}/{instrument}",
    response_model=InstrumentDetail,
    summary="One instrument with its table of contents",
    description="The instrument and its provision tree in document order (lg:order).",
    responses={**BAD_REQUEST, **NOT_FOUND},
)
async def instrument(
    store: StoreDep,
    jurisdiction: Annotated[str, Path(examples=["eu"])],
    instrument: Annotated[str, Path(examples=["reg-2024-1689"])],
) -> dict:
    return await heavy(catalog.instrument, store, jurisdiction, instrument)


@router.get(
    "/provisions/{jurisdiction}/{instrument}/{eId}",
    response_model=Provision,
    summary="One provision",
    description="Labels, summary, parent, children in document order, the norms it establishes (modality, "
    "practices, conditions, exceptions, addressees), its official source and its date of application.",
    responses={**BAD_REQUEST, **NOT_FOUND},
)
async def provision(
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
async def equivalents(
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
async def compare(
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
async def gaps(
    store: StoreDep,
    from_: Annotated[str, Query(alias="from", description="Jurisdiction code.", examples=["eu"])],
    to: Annotated[str, Query(description="Jurisdiction code.", examples=["kz"])],
    as_of: AsOf = None,
    limit: Annotated[int, _limit(100, comparison.MAX_GAPS_LIMIT)] = 100,
    offset: Annotated[int, OFFSET] = 0,
) -> dict:
    return await heavy(functools.partial(comparison.gaps, limit=limit, offset=offset), store, from_, to, as_of)


@router.get(
    "/search",
    response_model=SearchPage,
    summary="Find provisions by id, number or words",
    description="First what `q` names, in any language: the provision or instrument it names as an id (short "
    "form, IRI, or short components such as `eu/reg-2024-1689/art_5/par_1/pt_c`; `field` \"id\", rank 0), the "
    "provisions whose id starts with it (\"id prefix\", rank 1, at most 20) and the provisions with the number it "
    "cites, such as `Art 5(1)(c)`, `17(3)(3)`, `ст. 17` or `Annex III(1)`, in every instrument or, after a "
    "jurisdiction code (`KZ 17(3)(3)`), in that jurisdiction's (\"number\", rank 0). Then the provisions and "
    "instruments whose labels, headings, summaries or key terms contain `q`: case-insensitive, in any language "
    "held (Cyrillic included) or only `lang`; exact label matches first.",
    responses={**BAD_REQUEST},
)
async def search(
    store: StoreDep,
    q: Annotated[str, Query(description="An id (or its start), a number such as Art 5(1)(c), or words.",
                            examples=["social scoring", "социального", "Art 5(1)(c)"])],
    lang: Annotated[str | None, Query(description="Only texts in this language.", examples=["ru"])] = None,
    limit: Annotated[int, _limit(20, catalog.MAX_SEARCH_LIMIT)] = 20,
    offset: Annotated[int, OFFSET] = 0,
) -> dict:
    return await heavy(functools.partial(catalog.search, limit=limit, offset=offset), store, q, lang)
