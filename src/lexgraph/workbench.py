"""Example queries and prefixes for the SPARQL workbench, made from the stored queries (`queries/*.rq`).

A stored query that takes bound values is not runnable as it stands in an editor, so each example is its
stored text with chosen values written in by the term serialiser the library binds with (`remote.bind`:
SEP-0007 substitution, decision 10), never typed into a second copy of the query. The prefixes the
endpoint predeclares are declared in the text too, so an example also runs on another SPARQL endpoint.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from rdflib import Literal
from rdflib.term import Node

from .namespaces import LGID, XSD
from .queries import as_term, documented_bindings, query_text
from .remote import _declared_prefixes, bind
from .sparql import _tokens
from .store import OX_PREFIXES, to_oxigraph

# The prefixes /sparql predeclares (namespaces.PREFIXES): offered by the editor and declared in the examples.
PREFIXES: Mapping[str, str] = OX_PREFIXES

# The day the EU AI Act's prohibitions (Article 5) began to apply: the as-of-date example asks what applied then.
EU_PROHIBITIONS_APPLY = Literal("2025-02-02", datatype=XSD.date)


@dataclass(frozen=True)
class Example:
    """One example of the workbench: a stored query and the values bound into it."""

    slug: str
    title: str
    query_name: str
    bindings: tuple[tuple[str, Node], ...] = ()
    group: str = "Examples"

    @property
    def description(self) -> str:
        """The first sentence of the stored query's own header comment."""
        return _first_sentence(query_text(self.query_name))

    @property
    def text(self) -> str:
        """The query as the editor shows it: runnable, with its values written in and its prefixes declared."""
        return example_text(self.query_name, self.bindings)


def documented_terms(query_name: str) -> tuple[tuple[str, Node], ...]:
    """The values a stored query's `# example:` line documents (`queries.documented_bindings`), as terms."""
    return tuple((name, as_term(value)) for name, value in documented_bindings(query_name).items())


def _table(number: int) -> Example:
    return Example(f"seed-table-{number}", f"Seed article, Table {number}", f"seed-table-{number}",
                   group="The seed article's tables")


EXAMPLES: tuple[Example, ...] = (
    *(_table(number) for number in range(1, 6)),
    Example("eu-art5-kz-art17", "EU AI Act Art 5(1) against KZ AI Law Art 17(3)", "cookbook-eu-art5-kz-art17",
            documented_terms("cookbook-eu-art5-kz-art17"), group="Comparing jurisdictions"),
    Example("gaps-eu-high-risk-kz", "Gaps: EU high-risk duties with no KZ counterpart",
            "cookbook-high-risk-without-counterpart", documented_terms("cookbook-high-risk-without-counterpart"),
            group="Comparing jurisdictions"),
    Example("as-of-2025-02-02", "As of a date: the EU AI Act on 2 February 2025", "provisions-applicable-on",
            (("instrument", LGID["eu/reg-2024-1689"]), ("date", EU_PROHIBITIONS_APPLY)), group="Over time"),
)


@cache
def example_text(query_name: str, bindings: tuple[tuple[str, Node], ...] = ()) -> str:
    """A stored query made runnable: `bindings` written in (and said so in a comment), and the predeclared
    prefixes it uses declared."""
    text = declare_prefixes(bind(query_text(query_name), dict(bindings)))
    if not bindings:
        return text
    values = ", ".join(f"?{name} = {_term(value)}" for name, value in bindings)
    return _after_header(text, f"# This example binds {values}.\n")


def declare_prefixes(text: str) -> str:
    """The query with a PREFIX line for each predeclared prefix it uses without declaring it, placed after
    its opening comments so the header still reads first."""
    used = {token.split(":", 1)[0] for kind, token in _tokens(text) if kind == "pname"}
    missing = [name for name in PREFIXES if name in used - _declared_prefixes(text)]
    if not missing:
        return text
    width = max(len(name) for name in missing)
    return _after_header(text, "".join(f"PREFIX {name + ':':<{width + 1}} <{PREFIXES[name]}>\n" for name in missing))


def _after_header(text: str, insert: str) -> str:
    lines = text.splitlines(keepends=True)
    header = 0
    while header < len(lines) and lines[header].lstrip().startswith("#"):
        header += 1
    return "".join(lines[:header]) + insert + "".join(lines[header:])


def _term(value: Node) -> str:
    return str(to_oxigraph(value))


def _first_sentence(text: str) -> str:
    header = []
    for line in text.splitlines():
        if not line.startswith("#") or line.startswith("# example:"):
            break
        header.append(line.lstrip("#").strip())
    paragraph = " ".join(part for part in header if part)
    match = re.match(r"(.+?(?<!\be\.g)(?<!\bi\.e)\.)(\s|$)", paragraph)
    return match.group(1) if match else paragraph
