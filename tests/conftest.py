"""Shared fixtures: the shipped dataset is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from lexgraph.loader import LoadedDataset, load
from lexgraph.resources import resource_root

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference"


@pytest.fixture(scope="session")
def loaded() -> LoadedDataset:
    """Ontology, vocabularies and shipped data, one named graph per file."""
    return load()


@pytest.fixture(scope="session")
def union(loaded):
    """Every triple of the shipped dataset in one graph."""
    return loaded.union()


@pytest.fixture(scope="session")
def root() -> Path:
    return resource_root()


@pytest.fixture(scope="session")
def reference() -> Path:
    """../shared/reference, read in place; tests that need it skip where it is absent (CI has it)."""
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference is not beside this checkout")
    return REFERENCE
