"""Where the ontology, vocabularies, shapes, data and stored queries live, installed or in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .errors import ResourceNotFoundError

_PACKAGE_DIR = Path(__file__).resolve().parent
QUERIES_DIR = _PACKAGE_DIR / "queries"
RESOURCE_DIRS = ("ontology", "shapes", "data")


@cache
def resource_root() -> Path:
    """The folder holding ontology/, shapes/ and data/.

    A wheel carries them in lexgraph/_resources; an editable install or a checkout finds them at the
    repository root, two levels above this package.
    """
    for candidate in (_PACKAGE_DIR / "_resources", _PACKAGE_DIR.parents[1]):
        if all((candidate / name).is_dir() for name in RESOURCE_DIRS):
            return candidate
    raise ResourceNotFoundError(
        f"cannot find {', '.join(RESOURCE_DIRS)} beside {_PACKAGE_DIR}: the installation is incomplete"
    )


def ontology_dir() -> Path:
    return resource_root() / "ontology"


def shapes_dir() -> Path:
    return resource_root() / "shapes"


def data_dir() -> Path:
    return resource_root() / "data"


def turtle_files(directory: Path) -> list[Path]:
    """All .ttl files below a folder, in a stable order."""
    return sorted(p for p in directory.rglob("*.ttl") if p.is_file())
