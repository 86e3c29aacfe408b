"""Run a module of the embedded store's tests again in a module of tests/remote, against the remote store.

The module is executed under its own name and its tests and fixtures are copied into the caller's namespace,
where pytest collects them; their fixtures `client`, `app`, `shipped_store` then resolve to
tests/remote/conftest.py's, which serve the same shipped data from an Oxigraph server.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def reuse(relative: str, *, only: set[str] | None = None, exclude: dict[str, str] | None = None) -> dict:
    """The names of tests/<relative> to copy: every test (or `only` those) but the `exclude`d ones, each
    excluded with its reason, plus the module's fixtures and helpers. A name in `only` or `exclude` that the
    module lacks is an error, so a renamed test cannot silently drop out."""
    path = TESTS / relative
    spec = importlib.util.spec_from_file_location(f"lexgraph_remote_reuse_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    names = vars(module)
    tests = {name for name in names if name.startswith("test_")}
    unknown = ((only or set()) | set(exclude or {})) - tests
    if unknown:
        raise LookupError(f"{relative} has no tests named {sorted(unknown)}")
    keep = (only if only is not None else tests) - set(exclude or {})
    return {
        name: value
        for name, value in names.items()
        if not name.startswith("__") and (not name.startswith("test_") or name in keep)
    }
