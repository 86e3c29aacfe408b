"""The wheel carries the ontology, shapes and data, and an installed package finds them outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from lexgraph.resources import RESOURCE_DIRS, turtle_files

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("lexgraph-*.whl")
    return built


@pytest.mark.parametrize("folder", RESOURCE_DIRS)
def test_wheel_ships_every_turtle_file(wheel, folder):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"lexgraph/_resources/{p.relative_to(ROOT).as_posix()}" for p in turtle_files(ROOT / folder)}
    assert expected and expected <= names


def test_wheel_ships_the_stored_queries(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("lexgraph/queries/") and n.endswith(".rq") for n in names)


@pytest.mark.parametrize(
    "pattern",
    [
        "lexgraph_api/templates/base.html",
        "lexgraph_api/templates/workbench.html",
        "lexgraph_api/static/css/site.css",
        "lexgraph_api/static/js/combobox.js",
        "lexgraph_api/static/js/workbench.js",
        "lexgraph_api/static/vendor/yasgui/yasgui.min.js",
        "lexgraph_api/static/vendor/yasgui/LICENSE",
        "lexgraph_api/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "lexgraph_api/static/vendor/swagger-ui/LICENSE",
        "lexgraph_api/static/vendor/redoc/redoc.standalone.js",
        "lexgraph_api/static/vendor/redoc/LICENSE",
    ],
)
def test_wheel_ships_the_web_pages_and_their_assets(wheel, pattern):
    """The pages, scripts and styles are served from the installed package: no CDN, no checkout."""
    assert pattern in zipfile.ZipFile(wheel).namelist()


def test_wheel_ships_every_template_and_static_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "api" / "lexgraph_api"
    for folder in ("templates", "static"):
        for path in (package / folder).rglob("*"):
            if path.is_file():
                assert f"lexgraph_api/{path.relative_to(package).as_posix()}" in names, path


def test_installed_package_finds_its_resources_outside_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import lexgraph.resources as r; from lexgraph.loader import load;"
        "print(r.resource_root()); print(len(load()))"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", probe, str(site)], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    root_line, triples = result.stdout.split()
    assert Path(root_line) == site / "lexgraph" / "_resources"
    assert int(triples) > 1000
