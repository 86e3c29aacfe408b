"""Provision ids: the short form `{jurisdiction}/{instrument}/{eId}` and the IRIs behind it (design.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from rdflib import URIRef

from .errors import IdentifierError
from .namespaces import ID_BASE

JURISDICTION_RE = re.compile(r"[a-z]{2,12}")
INSTRUMENT_RE = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")
# Akoma Ntoso-style eId: components joined by "__", each "<kind>_<number>" (intro has no number).
EID_COMPONENT = r"(?:(?:art|para|subpara|point|annex|sec|chp|part|title)_[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*|intro)"
EID_RE = re.compile(rf"{EID_COMPONENT}(?:__{EID_COMPONENT})*")
MAX_ID_LENGTH = 300


@dataclass(frozen=True)
class ProvisionId:
    """A parsed provision (or instrument) id; its derived forms are computed once (a comparison asks for them
    dozens of times)."""

    jurisdiction: str
    instrument: str
    eid: str | None = None  # None: the instrument itself

    @cached_property
    def short(self) -> str:
        parts = [self.jurisdiction, self.instrument] + ([self.eid] if self.eid else [])
        return "/".join(parts)

    @cached_property
    def iri(self) -> URIRef:
        return URIRef(ID_BASE + self.short)

    @property
    def instrument_iri(self) -> URIRef:
        return URIRef(f"{ID_BASE}{self.jurisdiction}/{self.instrument}")

    @cached_property
    def jurisdiction_iri(self) -> URIRef:
        return jurisdiction_iri(self.jurisdiction)

    def __str__(self) -> str:
        return self.short


def jurisdiction_iri(code: str) -> URIRef:
    check_jurisdiction(code)
    return URIRef(ID_BASE + code)


def check_jurisdiction(code: str, parameter: str = "jurisdiction") -> str:
    if not isinstance(code, str) or not JURISDICTION_RE.fullmatch(code):
        raise IdentifierError(str(code), "a jurisdiction code is 2-12 lower-case letters (eu, kz, oecd)", parameter)
    return code


def parse_id(value: str, parameter: str = "id", *, allow_instrument: bool = False) -> ProvisionId:
    """Parse a short id or a full LexGraph IRI; raise IdentifierError naming the parameter if malformed."""
    if not isinstance(value, str) or not value:
        raise IdentifierError(str(value), "empty id", parameter)
    if len(value) > MAX_ID_LENGTH:
        raise IdentifierError(value[:40] + "...", f"longer than {MAX_ID_LENGTH} characters", parameter)
    text = value[len(ID_BASE):] if value.startswith(ID_BASE) else value
    parts = text.split("/")
    if len(parts) == 2 and allow_instrument:
        parts.append("")
    if len(parts) != 3:
        expected = "jurisdiction/instrument[/eId]" if allow_instrument else "jurisdiction/instrument/eId"
        raise IdentifierError(value, f"expected {expected}, e.g. eu/reg-2024-1689/art_5__para_1__point_c", parameter)
    jurisdiction, instrument, eid = parts
    if not JURISDICTION_RE.fullmatch(jurisdiction):
        raise IdentifierError(value, f"bad jurisdiction {jurisdiction!r}: 2-12 lower-case letters", parameter)
    if not INSTRUMENT_RE.fullmatch(instrument):
        raise IdentifierError(value, f"bad instrument {instrument!r}: lower-case letters, digits, '-'", parameter)
    if eid and not EID_RE.fullmatch(eid):
        raise IdentifierError(value, f"bad eId {eid!r}: Akoma Ntoso style such as art_5__para_1__point_c", parameter)
    if not eid and not allow_instrument:
        raise IdentifierError(value, "an eId is required", parameter)
    return ProvisionId(jurisdiction, instrument, eid or None)


def short_id(iri: str | URIRef) -> str:
    """The short form of a LexGraph instance IRI (the IRI itself if it is not one)."""
    text = str(iri)
    return text[len(ID_BASE):] if text.startswith(ID_BASE) else text
