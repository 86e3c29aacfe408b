"""LexGraph errors as HTTP answers: one JSON shape, `{"error", "message", ...}`, and never a traceback."""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from lexgraph.errors import (
    DataFileError,
    IdentifierError,
    LexGraphError,
    QueryError,
    ReasonerError,
    ResourceNotFoundError,
    UnknownQueryError,
    UnknownResourceError,
    UnsupportedFormatError,
)
from lexgraph.sparql import (
    NotAcceptableError,
    QueryTimeoutError,
    RequestTooLargeError,
    ServiceBusyError,
    UnsupportedMediaTypeError,
    UpdateRefusedError,
    WorkerLostError,
)
from lexgraph.store import StoreUnavailableError

log = logging.getLogger("lexgraph.api")

# Most specific first: the first class in an error's MRO found here decides the status.
STATUS: dict[type[LexGraphError], int] = {
    UpdateRefusedError: 403,
    QueryTimeoutError: 503,
    ServiceBusyError: 503,
    WorkerLostError: 503,
    StoreUnavailableError: 503,
    RequestTooLargeError: 413,
    NotAcceptableError: 406,
    UnsupportedMediaTypeError: 415,
    UnsupportedFormatError: 400,
    IdentifierError: 400,
    UnknownResourceError: 404,
    UnknownQueryError: 404,
    QueryError: 400,  # syntax errors, SERVICE, unknown graphs: the parser's or the check's message
    DataFileError: 500,
    ResourceNotFoundError: 500,
    ReasonerError: 500,
    LexGraphError: 400,
}

# Documented error bodies, reused by the routes' OpenAPI `responses`.
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
}


def error_response(status: int, description: str, error: str, message: str) -> dict:
    """An OpenAPI `responses` entry for an error status, with an example body."""
    return {
        status: {
            "description": description,
            "content": {"application/json": {"schema": ERROR_SCHEMA, "example": {"error": error, "message": message}}},
        }
    }


def status_of(error: LexGraphError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def lexgraph_error_response(error: LexGraphError) -> JSONResponse:
    status = status_of(error)
    headers = {"Retry-After": "1"} if status == 503 else None
    if status >= 500 and status != 503:
        log.error("server-side error: %s", error)
    return JSONResponse(error.to_dict(), status_code=status, headers=headers)


async def _lexgraph_error(_request: Request, error: LexGraphError) -> JSONResponse:
    return lexgraph_error_response(error)


async def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
    if error.status_code == 405:
        allowed = (error.headers or {}).get("Allow", "")
        message = f"method {request.method} is not allowed on {request.url.path}: this service is read-only"
        message += f" (allowed: {allowed})" if allowed else ""
    elif error.status_code == 404 and error.detail == "Not Found":
        message = f"no route {request.url.path}; see /docs for the routes this service offers"
    else:
        message = str(error.detail)
    try:
        name = HTTPStatus(error.status_code).phrase.replace(" ", "")
    except ValueError:
        name = "HTTPError"
    return JSONResponse({"error": name, "message": message}, status_code=error.status_code, headers=error.headers)


async def _validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
    details = error.errors()
    parts = []
    for item in details:
        where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where}: {item.get('msg')}" if where else str(item.get("msg")))
    body = {
        "error": "RequestValidationError",
        "message": "; ".join(parts) or "invalid request",
        "detail": [{k: v for k, v in d.items() if k in ("loc", "msg", "type")} for d in details],
    }
    return JSONResponse(body, status_code=422)


async def _unexpected(_request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=error)
    return JSONResponse(
        {"error": "InternalServerError", "message": "an unexpected error occurred; it has been logged"},
        status_code=500,
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(LexGraphError, _lexgraph_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)
