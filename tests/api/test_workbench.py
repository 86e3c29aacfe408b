"""The SPARQL workbench and the API documentation pages, over HTTP: the pages and their assets are served by the
service itself, every example query runs through /sparql and answers what its stored query answers, the prefixes
are the project's, /sparql tells browsers from SPARQL clients, and the vendored builds are what their README says.
(tests/browser/test_workbench_page.py drives the same pages in Chromium.)"""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest

from lexgraph.namespaces import PREFIXES
from lexgraph.queries import query_text, rows, run
from lexgraph.remote import bind
from lexgraph.sparql import prefers_html
from lexgraph.store import OX_PREFIXES, to_oxigraph
from lexgraph.workbench import EU_PROHIBITIONS_APPLY, EXAMPLES, documented_terms
from lexgraph_api.templating import STATIC_DIR

VENDOR = STATIC_DIR / "vendor"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # what Chromium sends
YASGUI_ACCEPT = "application/sparql-results+json,*/*;q=0.9"  # what YASGUI sends with a SELECT
ASSET_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}


class Assets(HTMLParser):
    """Every script, style sheet and icon a page loads, and the JSON of its `workbench-config` script."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.config_text = ""
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.urls.append(attributes["src"])
        if tag == "link" and attributes.get("rel") in ("stylesheet", "shortcut icon", "icon"):
            self.urls.append(attributes["href"])
        self._in_config = tag == "script" and attributes.get("id") == "workbench-config"

    def handle_endtag(self, tag):
        self._in_config = False

    def handle_data(self, data):
        if self._in_config:
            self.config_text += data


def page_assets(client, path: str) -> Assets:
    response = client.get(path, headers={"Accept": BROWSER})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assets = Assets()
    assets.feed(response.text)
    return assets


@pytest.fixture(scope="module")
def config(client) -> dict:
    return json.loads(page_assets(client, "/workbench").config_text)


# ------------------------------------------------------------------ the pages and their assets


def test_workbench_page_is_served_with_its_examples(client):
    page = client.get("/workbench", headers={"Accept": BROWSER})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<div id="yasgui">' in page.text
    assert '<h1>SPARQL workbench</h1>' in page.text
    assert 'aria-current="page">SPARQL</a>' in page.text  # the site's navigation marks where the reader is
    for example in EXAMPLES:
        assert f'data-example="{example.slug}"' in page.text
        assert f">{example.title}</button>" in page.text.replace("&#39;", "'")


@pytest.mark.parametrize("path", ["/workbench", "/docs", "/redoc"])
def test_pages_load_only_assets_the_service_serves(client, path):
    urls = page_assets(client, path).urls
    assert urls, f"{path} loads no script or style at all"
    for url in urls:
        if url.startswith("data:"):  # inline, nothing to fetch
            continue
        assert url.startswith("/static/"), f"{path} loads {url} from elsewhere"
        asset = client.get(url)
        assert asset.status_code == 200, url
        expected = ASSET_TYPES[Path(url).suffix]
        assert asset.headers["content-type"].split(";")[0] == expected, url
        assert len(asset.content) > 0


def test_workbench_loads_the_vendored_yasgui_and_its_own_script(client):
    urls = page_assets(client, "/workbench").urls
    for expected in ("/static/vendor/yasgui/yasgui.min.js", "/static/vendor/yasgui/yasgui.min.css",
                     "/static/js/workbench.js", "/static/css/workbench.css"):
        assert expected in urls


def test_docs_pages_use_the_vendored_builds_and_never_the_validator(client):
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert '"validatorUrl": null' in docs  # Swagger UI would otherwise send the schema to its public validator
    redoc = client.get("/redoc").text
    assert "/static/vendor/redoc/redoc.standalone.js" in redoc
    assert "fonts.googleapis" not in redoc


def test_pages_stay_out_of_the_openapi_schema(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert not {"/workbench", "/docs", "/redoc"} & set(paths)


# ------------------------------------------------------------------ the examples


def test_examples_are_the_ones_the_issue_asks_for():
    names = [example.query_name for example in EXAMPLES]
    assert names[:5] == [f"seed-table-{n}" for n in range(1, 6)]
    assert {"cookbook-eu-art5-kz-art17", "cookbook-high-risk-without-counterpart", "provisions-applicable-on"} <= set(
        names
    )
    assert len({example.slug for example in EXAMPLES}) == len(EXAMPLES)


def test_page_config_carries_each_example_as_the_library_makes_it(config):
    assert [e["slug"] for e in config["examples"]] == [e.slug for e in EXAMPLES]
    for shown, example in zip(config["examples"], EXAMPLES, strict=True):
        assert shown["query"] == example.text
        header = " ".join(line.lstrip("#").strip() for line in query_text(example.query_name).splitlines()
                          if line.startswith("#"))
        assert shown["description"] == example.description and shown["description"] in header


def answer(client, query: str) -> list[dict[str, ox.NamedNode | ox.Literal]]:
    """Rows of a SELECT sent as YASGUI sends it (POST, form-encoded)."""
    response = client.post("/sparql", data={"query": query}, headers={"Accept": YASGUI_ACCEPT})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    solutions = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
    names = [variable.value for variable in solutions.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in solutions]


def lexical(rows: list[dict]) -> list[list[tuple[str, str]]]:
    """Rows as sorted (variable, lexical form) pairs, whether their terms are pyoxigraph's or rdflib's."""
    def text(term) -> str:
        return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)

    return sorted(sorted((name, text(term)) for name, term in row.items()) for row in rows)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.slug)
def test_every_example_runs_through_sparql_and_answers_what_its_stored_query_answers(client, union, example):
    """Through the endpoint as the workbench sends it, the example answers what the library answers for the stored
    query with the same values bound (rdflib, as the CLI runs it): writing the values in changed nothing."""
    shown = answer(client, example.text)
    assert shown, f"{example.slug} returns no rows"
    stored = rows(run(union, query_text(example.query_name), dict(example.bindings)))
    assert lexical(shown) == lexical(stored)


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.bindings], ids=lambda e: e.slug)
def test_bound_examples_declare_their_values_and_their_prefixes(example):
    text = example.text
    for name, value in example.bindings:
        assert str(to_oxigraph(value)) in text  # written in, for the reader to change
        assert f"?{name} =" in text  # and said so in the header comment
    # Runnable anywhere: a store that predeclares no prefix parses it (an empty one answers nothing).
    assert list(ox.Store().query(text)) == []


def test_cookbook_examples_bind_what_their_recipe_documents():
    for example in EXAMPLES:
        if example.query_name.startswith("cookbook-"):
            assert example.bindings == documented_terms(example.query_name)


def test_as_of_date_example_lists_what_applied_that_day_and_nothing_later(client):
    (example,) = [e for e in EXAMPLES if e.query_name == "provisions-applicable-on"]
    shown = answer(client, example.text)
    assert "art_5" in {row["eId"].value for row in shown}  # the prohibitions applied from that day
    days = {row["appliesFrom"].value for row in shown}
    assert days and max(days) <= str(EU_PROHIBITIONS_APPLY)
    provisions = bind("SELECT (COUNT(*) AS ?n) WHERE { ?p lg:eId ?e ; lg:partOf+ ?instrument }",
                      {"instrument": dict(example.bindings)["instrument"]})
    (everything,) = answer(client, provisions)
    assert len(shown) < int(everything["n"].value)  # the rest applied later


# ------------------------------------------------------------------ prefixes


def test_prefixes_are_the_projects_and_the_endpoints(config):
    assert config["prefixes"] == {name: str(namespace) for name, namespace in PREFIXES.items()}
    assert config["prefixes"] == OX_PREFIXES  # the ones /sparql predeclares


def test_page_lists_every_predeclared_prefix(client):
    page = client.get("/workbench").text
    for name, iri in OX_PREFIXES.items():
        assert f"<code>{name}:</code></td><td><code>{iri}</code>" in page


def test_default_query_declares_what_it_uses_and_runs(client, config):
    assert config["defaultQuery"].startswith("PREFIX ")
    assert answer(client, config["defaultQuery"])


# ------------------------------------------------------------------ /sparql: browsers and SPARQL clients


@pytest.mark.parametrize("accept", [BROWSER, "text/html", "application/xhtml+xml", "text/html, text/turtle;q=0.5"])
def test_a_browser_opening_sparql_is_sent_to_the_workbench(client, accept):
    response = client.get("/sparql", headers={"Accept": accept}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].endswith("/workbench")
    assert "Accept" in response.headers["vary"]
    assert client.get("/sparql", headers={"Accept": accept}).url.path == "/workbench"


@pytest.mark.parametrize(
    "accept",
    ["", "*/*", "text/turtle", "application/ld+json", "text/html, text/turtle", "text/turtle, text/html;q=0.9",
     "application/rdf+xml, text/html;q=0.1"],
)
def test_sparql_clients_keep_the_service_description(client, accept):
    response = client.get("/sparql", headers={"Accept": accept}, follow_redirects=False)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] in (
        "text/turtle", "application/ld+json", "application/rdf+xml"
    )
    assert "sparql-service-description" in response.text


def test_a_browser_asking_a_query_gets_results_not_the_workbench(client):
    response = client.get("/sparql", params={"query": "ASK { lgid:eu a lg:Jurisdiction }"},
                          headers={"Accept": BROWSER}, follow_redirects=False)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+xml")
    assert "<boolean>true</boolean>" in response.text


def test_prefers_html_needs_html_ranked_strictly_first():
    assert prefers_html(BROWSER)
    assert not prefers_html(None) and not prefers_html("*/*") and not prefers_html("text/*, text/turtle")
    assert not prefers_html("text/html;q=0, */*")


# ------------------------------------------------------------------ the vendored builds


def vendored() -> list[dict[str, str]]:
    """The rows of the vendor README's table: folder, package, version, tarball, integrity."""
    text = (VENDOR / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\S+)/ \| (\S+) \| (\S+) \| (\S+) \| (sha512-\S+) \|$", text, re.MULTILINE)
    return [dict(zip(("folder", "package", "version", "tarball", "integrity"), row, strict=True)) for row in rows]


def test_readme_lists_the_three_builds():
    assert {row["package"] for row in vendored()} == {"@zazuko/yasgui", "swagger-ui-dist", "redoc"}


@pytest.mark.parametrize("row", vendored(), ids=lambda r: r["folder"])
def test_each_build_is_the_version_the_readme_records_with_its_licence(row):
    folder = VENDOR / row["folder"]
    manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    assert (manifest["name"], manifest["version"]) == (row["package"], row["version"])
    assert row["tarball"].endswith(f"-{row['version']}.tgz")
    licence = (folder / "LICENSE").read_text(encoding="utf-8")
    assert manifest["license"] in ("MIT", "Apache-2.0")
    assert {"MIT": "MIT License", "Apache-2.0": "Apache License"}[manifest["license"]] in licence
    refresh = (VENDOR / "refresh.sh").read_text(encoding="utf-8")
    assert f"{row['package']}@{row['version']}" in refresh  # the script pins what the README records


def test_vendored_files_are_the_ones_refresh_wrote():
    listed = {}
    for line in (VENDOR / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name] = digest
    on_disk = {
        path.relative_to(VENDOR).as_posix()
        for row in vendored()
        for path in (VENDOR / row["folder"]).rglob("*")
        if path.is_file()
    }
    assert set(listed) == on_disk
    for name, digest in listed.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name


def test_redoc_build_names_no_cdn():
    assert "https://cdn." not in (VENDOR / "redoc" / "redoc.standalone.js").read_text(encoding="utf-8")
