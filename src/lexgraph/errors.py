"""Typed errors. Each class carries the CLI exit code it maps to (documented in docs/cli.md)."""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_FINDINGS = 1  # validation violations, an inconsistent ontology: the input is wrong, the tool worked
EXIT_ERROR = 2  # bad input the tool could not process: malformed Turtle or SPARQL, unknown id or file
EXIT_ENVIRONMENT = 3  # something the machine lacks (Java for the reasoner)


class LexGraphError(Exception):
    """Base of every error LexGraph raises on purpose."""

    exit_code = EXIT_ERROR

    def to_dict(self) -> dict:
        return {"error": type(self).__name__, "message": str(self)}


class ResourceNotFoundError(LexGraphError):
    """The ontology, shapes or data directory could not be found."""


class DataFileError(LexGraphError):
    """A data file could not be read or parsed. Names the file, and the line and column when known."""

    def __init__(self, path: Path | str, cause: str, line: int | None = None, column: int | None = None):
        self.path = str(path)
        self.cause = cause
        self.line = line
        self.column = column
        where = self.path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {cause}")

    def to_dict(self) -> dict:
        return {**super().to_dict(), "file": self.path, "line": self.line, "column": self.column, "cause": self.cause}


class DataValidationError(DataFileError):
    """The data parses but violates the SHACL shapes: names the file, and the line of the first violation."""

    exit_code = EXIT_FINDINGS


class IdentifierError(LexGraphError):
    """A provision id (or other identifier) is malformed. Names the parameter and the value."""

    def __init__(self, value: str, reason: str, parameter: str = "id"):
        self.value = value
        self.parameter = parameter
        super().__init__(f"{parameter}={value!r}: {reason}")


class UnknownResourceError(LexGraphError):
    """A well-formed id names nothing in the graph. Offers the closest ids that exist."""

    def __init__(self, value: str, suggestions: list[str] | None = None, kind: str = "provision"):
        self.value = value
        self.kind = kind
        self.suggestions = list(suggestions or [])
        hint = f"; did you mean: {', '.join(self.suggestions)}" if self.suggestions else ""
        super().__init__(f"unknown {kind} {value!r}{hint}")

    def to_dict(self) -> dict:
        return {**super().to_dict(), "id": self.value, "suggestions": self.suggestions}


class QueryError(LexGraphError):
    """A SPARQL query is malformed, names an unknown stored query, or asks for what is refused."""


class QuerySyntaxError(QueryError):
    """The SPARQL parser rejected the query; the message is the parser's."""


class QueryRefusedError(QueryError):
    """The query is well formed but not allowed: an update, SERVICE federation, a remote graph."""


class UnknownQueryError(QueryError):
    """No stored .rq query has that name."""


class UnsupportedFormatError(LexGraphError):
    """An export or result format that LexGraph cannot produce."""


class ReasonerError(LexGraphError):
    """The OWL reasoner failed for a reason other than an inconsistency."""


class JavaNotFoundError(ReasonerError):
    """HermiT needs a Java runtime and none was found."""

    exit_code = EXIT_ENVIRONMENT
