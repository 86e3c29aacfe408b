"""The LexGraph HTTP service: a thin FastAPI layer over the `lexgraph` library."""

from __future__ import annotations

from lexgraph.settings import Settings

from .app import create_app

__all__ = ["Settings", "create_app", "serve"]


def serve(settings: Settings | None = None) -> None:
    """Run the service with uvicorn until interrupted (what `lexgraph serve` calls)."""
    import uvicorn

    settings = settings or Settings()
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        timeout_graceful_shutdown=5,
    )
