"""The one settings object of the service: environment variables `LEXGRAPH_*`, CLI flags and tests all fill it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Where the service listens, what it serves and how far one request may go.

    Lists come from the environment as comma-separated text (`LEXGRAPH_CORS_ORIGINS=https://a.org,https://b.org`).
    """

    model_config = SettingsConfigDict(env_prefix="LEXGRAPH_", extra="ignore", validate_default=True)

    host: str = Field("127.0.0.1", description="Interface uvicorn binds to.")
    port: int = Field(8000, ge=0, le=65535, description="TCP port (0: any free port).")
    store: str | None = Field(
        None,
        description="Where the triples live: unset for an in-memory Oxigraph store, a folder for an on-disk one "
        "(reloaded from the data files at startup); a URL names a remote SPARQL 1.1 store (http or https) "
        "(fill it with `lexgraph load`).",
    )
    data: Annotated[list[Path] | None, NoDecode] = Field(
        None, description="Data files or folders to serve; unset: the shipped data/ folder."
    )
    ontology: Path | None = Field(None, description="Ontology folder; unset: the shipped ontology/ folder.")
    include_ontology: bool = Field(True, description="Serve the ontology and vocabularies beside the data.")
    query_timeout: float = Field(
        5.0, gt=0, le=3600, description="Seconds one SPARQL query may run before it is stopped (then 503)."
    )
    max_rows: int = Field(10_000, ge=1, description="Result rows (or triples) one SPARQL answer holds at most.")
    max_request_bytes: int = Field(
        1_000_000, ge=1024, description="Largest request body, and longest query string, accepted (else 413)."
    )
    workers: int = Field(
        1,
        ge=1,
        le=64,
        description="Service processes sharing the port, each with its own copy of the store (in memory, or the "
        "on-disk store opened read-only) and its own SPARQL workers: more cores for concurrent clients, memory "
        "times processes. The data is checked once, before they start.",
    )
    query_workers: int = Field(2, ge=1, le=64, description="Worker processes that run SPARQL queries.")
    query_worker_memory: bool = Field(
        True,
        description="Each SPARQL worker copies the data into its memory (queries about twice as fast; memory "
        "times workers); false: workers read one shared on-disk snapshot.",
    )
    result_cache_bytes: int = Field(
        64 * 1024 * 1024,
        ge=0,
        description="Bytes of SPARQL answers kept for repeated queries (the data is read-only); 0: no cache.",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        ["*"], description="Origins allowed to call the service from a browser; empty: no CORS headers."
    )
    validate_data: bool = Field(
        True, description="Validate the data against the SHACL shapes at start and refuse to serve data that fails."
    )
    log_level: str = Field("info", description="uvicorn log level.")
    store_read_only: bool = Field(
        False,
        description="Open the on-disk store as it is, read-only, without reloading the data into it: what the "
        "processes of `workers` do once the first has loaded it.",
    )

    @field_validator("data", "cors_origins", mode="before")
    @classmethod
    def _split_commas(cls, value):
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @property
    def remote_store(self) -> bool:
        """Whether `store` is a URL: a remote store (`lexgraph.remote.RemoteStore` refuses any but an http(s)
        SPARQL endpoint), never a folder, so `ftp://...` is an error rather than a folder of that name."""
        return bool(self.store) and "://" in self.store

    @property
    def store_path(self) -> Path | None:
        return None if not self.store or self.remote_store else Path(self.store)
