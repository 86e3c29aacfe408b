"""The documentation stays true to the code and the data.

- The generated ontology reference and model picture under docs/ are what `lexgraph docs` makes today, and
  making them fetches nothing.
- Every cookbook recipe (src/lexgraph/queries/cookbook-*.rq) runs with the bindings its `# example:` line
  documents, in rdflib (the CLI) and in Oxigraph (the HTTP service) alike, and gives the answers the
  researchers' guide promises.
- The researchers' guide embeds each recipe verbatim and shows the tested bindings.
- The curators' guide: its worked example validates, and each broken copy it shows prints what it shows.
"""

from __future__ import annotations

import datetime
import re
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import owlready2
import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from typer.testing import CliRunner

from lexgraph import docs as docs_module
from lexgraph.cli import app
from lexgraph.docs import (
    DocsToolNotFoundError,
    build_docs,
    model_dot,
    ontology_graph,
    render_svg,
    svg_is_current,
)
from lexgraph.loader import load
from lexgraph.namespaces import ASPECT, EURISK, LG, LGID, SEED_SOURCE
from lexgraph.queries import as_term, documented_bindings, query_text, rows, run
from lexgraph.resources import QUERIES_DIR
from lexgraph.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
RESEARCHERS_GUIDE = DOCS / "guide-researchers.md"
CURATORS_GUIDE = DOCS / "guide-curators.md"
COOKBOOK = sorted(QUERIES_DIR.glob("cookbook-*.rq"))
EU = "https://w3id.org/lexgraph/id/eu/reg-2024-1689/"
KZ = "https://w3id.org/lexgraph/id/kz/law-230-viii/"
STALE = "is not what `lexgraph docs` generates from the ontology today: run `lexgraph docs` and commit the result"


# ------------------------------------------------------------------------------------------------------------
# Generated documentation: current, deterministic, offline
# ------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> tuple[Path, list[Path], list[tuple]]:
    """build_docs() into a fresh folder with the network cut off; the committed SVG is copied in first, so a
    machine without Graphviz can still check it against the DOT source."""
    output = tmp_path_factory.mktemp("docs")
    committed_svg = DOCS / "img" / "model.svg"
    if committed_svg.is_file():
        (output / "img").mkdir()
        shutil.copy(committed_svg, output / "img" / "model.svg")
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted while building the docs")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        written = build_docs(output)
    return output, written, attempts


def test_build_fetches_nothing(regenerated):
    _output, _written, attempts = regenerated
    assert attempts == [], f"building the docs tried to open network connections: {attempts}"


def test_build_writes_the_reference_and_the_picture(regenerated):
    output, written, _ = regenerated
    names = sorted(p.relative_to(output).as_posix() for p in written)
    assert names == ["img/model.dot", "img/model.svg", "reference/ontology.html", "reference/vocabularies.html"]


def test_committed_reference_is_current(regenerated):
    output, _, _ = regenerated
    generated = sorted(p.name for p in (output / "reference").iterdir())
    committed = sorted(p.name for p in (DOCS / "reference").iterdir()) if (DOCS / "reference").is_dir() else []
    assert committed == generated, f"docs/reference holds {committed}, the generator writes {generated}: {STALE}"
    for name in generated:
        fresh = (output / "reference" / name).read_bytes()
        assert (DOCS / "reference" / name).read_bytes() == fresh, f"docs/reference/{name} {STALE}"


def test_committed_model_picture_is_current(regenerated):
    output, _, _ = regenerated
    fresh_dot = (output / "img" / "model.dot").read_text(encoding="utf-8")
    committed_dot = DOCS / "img" / "model.dot"
    assert committed_dot.is_file(), f"docs/img/model.dot is missing: {STALE}"
    assert committed_dot.read_text(encoding="utf-8") == fresh_dot, f"docs/img/model.dot {STALE}"
    svg = (DOCS / "img" / "model.svg").read_text(encoding="utf-8")
    assert svg_is_current(svg, fresh_dot), f"docs/img/model.svg was not rendered from the current model.dot: {STALE}"
    assert "<svg" in svg and "Correspondence" in svg
    assert "](img/model.svg)" in (DOCS / "model.md").read_text(encoding="utf-8")


def test_pages_are_self_contained(regenerated):
    """Offline docs: no scripts, styles or fonts loaded from elsewhere."""
    output, _, _ = regenerated
    for page in (output / "reference").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=", text), page.name
        for link in re.findall(r"<link[^>]*>", text):
            assert 'href="data:' in link, f"{page.name} links to an outside resource: {link[:80]}"
        assert "@import" not in text, page.name


def test_ontology_reference_documents_every_term(regenerated):
    output, _, _ = regenerated
    page = (output / "reference" / "ontology.html").read_text(encoding="utf-8")
    terms = {s for s in ontology_graph().subjects(RDFS.isDefinedBy, URIRef("https://w3id.org/lexgraph/ontology"))
             if str(s).startswith(str(LG._NS))}
    assert len(terms) > 100
    missing = sorted(str(t) for t in terms if str(t) not in page)
    assert missing == [], f"terms missing from the ontology reference: {missing}"
    assert "<title>LexGraph ontology</title>" in page


def test_vocabulary_reference_lists_every_concept(regenerated):
    output, _, _ = regenerated
    page = (output / "reference" / "vocabularies.html").read_text(encoding="utf-8")
    concepts = {str(c) for graph in docs_module.vocabulary_graphs() for c in graph.subjects(RDF.type, SKOS.Concept)}
    assert len(concepts) > 90
    assert sorted(c for c in concepts if c not in page) == []
    assert 'id="correspondence-relation"' in page and 'id="difference-aspect"' in page
    # the inverse of narrower and the DPV alignment of the high risk class are shown
    assert "inverse relation: <code>relation:broader</code>" in page
    assert "aiact:RiskLevelHigh" in page


def test_model_dot_draws_classes_subclasses_and_object_properties():
    graph = ontology_graph()
    dot = model_dot(graph)
    lg = str(LG._NS)
    module_classes = set()
    for module in docs_module.MODULES:
        module_graph = docs_module.parse_turtle(docs_module.ontology_dir() / f"{module}.ttl")
        classes = module_graph.subjects(RDF.type, OWL.Class)
        module_classes |= {str(c)[len(lg):] for c in classes if str(c).startswith(lg)}
    assert len(module_classes) > 40
    for name in module_classes:
        assert re.search(rf"^\s+{name} \[label=<", dot, re.M), f"class {name} not drawn"
    assert "Correspondence -> ComparativeStatement [arrowhead=onormal];" in dot
    assert "Prohibition -> Norm [arrowhead=onormal];" in dot
    assert 'Norm -> Condition [label="hasCondition"];' in dot
    assert 'Correspondence -> CorrespondenceRelation [label="relation"];' in dot
    assert 'Provision -> any_resource [label="partOf", style=dashed];' in dot
    assert 'any_resource -> Source [label="citesSource", style=dashed];' in dot
    assert "eId: string" in dot  # a datatype property shown in the class that is its domain
    assert model_dot(graph) == dot, "the DOT source must not depend on iteration order"


def test_svg_stamp_tracks_the_dot_source():
    dot = "digraph x { a -> b; }\n"
    if shutil.which("dot") is None:
        with pytest.raises(DocsToolNotFoundError):
            render_svg(dot, "dot")
        return
    svg = render_svg(dot)
    assert svg_is_current(svg, dot)
    assert not svg_is_current(svg, dot.replace("b", "c"))
    assert svg.startswith("<?xml")


def test_without_graphviz_a_stale_picture_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(docs_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(docs_module, "ontology_reference", lambda graph: "<html></html>\n")
    with pytest.raises(DocsToolNotFoundError, match="graphviz"):
        build_docs(tmp_path)
    dot = (tmp_path / "img" / "model.dot").read_text(encoding="utf-8")
    (tmp_path / "img" / "model.svg").write_text(f"<svg><!-- {docs_module.SVG_STAMP}: stale --></svg>")
    with pytest.raises(DocsToolNotFoundError):
        build_docs(tmp_path)
    current = f"<?xml version='1.0'?>\n<!-- {docs_module.SVG_STAMP}: {docs_module._digest(dot)} -->\n<svg/>\n"
    (tmp_path / "img" / "model.svg").write_text(current)
    assert tmp_path / "img" / "model.svg" in build_docs(tmp_path)


def test_importing_pylode_leaves_logging_alone():
    import logging

    root = logging.getLogger()
    before = (root.level, list(root.handlers))
    docs_module._ontpub()
    assert (root.level, list(root.handlers)) == before


# ------------------------------------------------------------------------------------------------------------
# Cookbook recipes
# ------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def oxigraph() -> OxigraphStore:
    return OxigraphStore.load()


def answer(union, name: str, **bindings: object) -> list[dict]:
    return rows(run(union, query_text(name), bindings or documented_bindings(name)))


def lexical(rows_: list[dict]) -> list[list[tuple[str, str]]]:
    return sorted(sorted((k, str(v)) for k, v in row.items()) for row in rows_)


def test_there_are_recipes():
    assert len(COOKBOOK) >= 8


def test_every_recipe_documents_its_bindings_as_the_cli_takes_them():
    """`lexgraph.queries.documented_bindings` reads the `# example: --bind var=value` line (the workbench's
    examples use it too); a query without one is refused by name."""
    assert documented_bindings("cookbook-eu-art5-kz-art17") == {
        "firstList": "https://w3id.org/lexgraph/id/eu/reg-2024-1689/art_5__para_1",
        "secondList": "https://w3id.org/lexgraph/id/kz/law-230-viii/art_17__para_3"}
    assert all(isinstance(documented_bindings(path.stem), dict) for path in COOKBOOK)
    with pytest.raises(ValueError, match="seed-table-1"):
        documented_bindings("seed-table-1")


@pytest.mark.parametrize("path", COOKBOOK, ids=lambda p: p.stem)
def test_recipe_answers_alike_in_rdflib_and_oxigraph(path, union, oxigraph):
    text = path.read_text(encoding="utf-8")
    bindings = documented_bindings(path.stem)
    in_rdflib = rows(run(union, text, bindings))
    assert in_rdflib, f"{path.name} returns nothing with its documented bindings"
    in_oxigraph = oxigraph.select(text, {k: as_term(v) for k, v in bindings.items()})
    assert lexical(in_oxigraph) == lexical(in_rdflib)


def test_eu_art5_against_kz_art17(union):
    result = answer(union, "cookbook-eu-art5-kz-art17")
    pairs = {(str(r.get("firstNumber", "")), str(r.get("secondNumber", ""))): r for r in result}
    social = pairs[("c", "3")]
    assert str(social["relation"]) == "narrower"
    assert social["correspondence"] == URIRef("https://w3id.org/lexgraph/id/correspondence/eu-kz/social-scoring")
    assert "condition" in str(social["aspects"]).split(", ")
    assert str(pairs[("a", "1")]["relation"]) == "narrower"
    assert str(pairs[("b", "2")]["relation"]) == "close"
    assert str(pairs[("g", "5")]["relation"]) == "related"
    # the two points without a counterpart carry their no-counterpart records
    assert pairs[("h", "")]["noCounterpart"].endswith("no-counterpart/eu-kz/real-time-remote-biometric-identification")
    assert pairs[("", "7")]["noCounterpart"].endswith("no-counterpart/kz-eu/prohibited-output")
    # every point of both lists appears: counted from the graph, not from the query
    eu_points = {str(n) for p in union.subjects(LG.partOf, URIRef(EU + "art_5__para_1"))
                 if (p, RDF.type, LG.Point) in union for n in union.objects(p, LG.number)}
    kz_points = {str(n) for p in union.subjects(LG.partOf, URIRef(KZ + "art_17__para_3"))
                 if (p, RDF.type, LG.Point) in union for n in union.objects(p, LG.number)}
    assert eu_points == set("abcdefgh") and kz_points == set("1234567")
    assert {first for first, _ in pairs} - {""} == eu_points
    assert {second for _, second in pairs} - {""} == kz_points


def test_high_risk_obligations_without_kz_counterpart(union):
    labels = {str(r["label"]) for r in answer(union, "cookbook-high-risk-without-counterpart")}
    expected = {f"Article {n}" for n in (8, 10, 11, 12, 13, 15, 16, 26, 27, 49, 71, 72)}
    assert labels == expected
    # Arts 9 and 14 have KZ correspondences; towards the OECD they have none
    towards_oecd = {str(r["label"]) for r in answer(
        union, "cookbook-high-risk-without-counterpart",
        riskClass=str(EURISK.high), target=str(LGID.oecd))}
    assert towards_oecd == expected | {"Article 9", "Article 14"}


def test_differences_by_aspect(union):
    result = answer(union, "cookbook-differences-by-aspect")
    by_correspondence = {str(r["correspondence"]).rsplit("/", 1)[-1]: r for r in result}
    social = by_correspondence["social-scoring"]
    assert (str(social["from"]), str(social["to"]), str(social["relation"])) == (
        EU + "art_5__para_1__point_c", KZ + "art_17__para_3__point_3", "narrower")
    assert "detrimental" in str(social["summary"])
    condition_differences = set(union.subjects(LG.aspect, ASPECT.condition))
    assert {r["difference"] for r in result} == condition_differences


def test_articles_applicable_on_a_date(union):
    def applicable(instrument: str, date: object) -> set[str]:
        return {str(r["label"]) for r in answer(
            union, "cookbook-articles-applicable-on", instrument=instrument, date=date)}

    act = EU.rstrip("/")
    assert applicable(act, "2025-03-01") == {"Article 3", "Article 4", "Article 5"}
    assert applicable(act, datetime.date(2025, 3, 1)) == {"Article 3", "Article 4", "Article 5"}
    assert applicable(act, "2025-09-01") == {"Article 3", "Article 4", "Article 5", "Article 99"}
    assert applicable(act, "2025-01-31") == set()
    assert {"Article 6", "Article 9", "Article 50", "Article 72"} <= applicable(act, "2026-08-02")
    law = KZ.rstrip("/")
    assert applicable(law, "2026-01-17") == set()
    assert {"Article 17", "Article 18", "Article 21"} <= applicable(law, "2026-01-18")


def test_norms_by_modality(union):
    result = answer(union, "cookbook-norms-by-modality", jurisdiction=str(LGID.kz))
    kz = {str(r["modality"]): (int(r["norms"]), int(r["withCondition"]), int(r["withException"])) for r in result}
    assert kz["prohibition"] == (8, 7, 2)
    # every jurisdiction, cross-checked against a count made in Python
    counted: dict[tuple[str, str], int] = {}
    for cls, name in ((LG.Prohibition, "prohibition"), (LG.Obligation, "obligation"),
                      (LG.Permission, "permission"), (LG.Exemption, "exemption")):
        for norm in set(union.subjects(RDF.type, cls)):
            for provision in union.subjects(LG.establishes, norm):
                node = provision
                while (parent := union.value(node, LG.partOf)) is not None:
                    node = parent
                key = (str(union.value(node, LG.jurisdiction)), name)
                counted[key] = counted.get(key, 0) + 1
    everything = rows(run(union, (QUERIES_DIR / "cookbook-norms-by-modality.rq").read_text(encoding="utf-8")))
    assert {(str(r["jurisdiction"]), str(r["modality"])): int(r["norms"]) for r in everything} == counted
    assert counted[(str(LGID.eu), "prohibition")] == 8


def test_russian_labels(union):
    result = {str(r["eId"]): r for r in answer(union, "cookbook-russian-labels")}
    point = result["art_17__para_3__point_3"]
    assert point["labelRu"] == Literal("Статья 17 п.3 пп.3)", lang="ru")
    assert str(point["labelEn"]) == "Article 17(3)(3)"
    assert "социального поведения" in str(point["keyTermsRu"])
    assert str(result["art_17"]["headingRu"]) == "Правовой режим систем искусственного интеллекта"
    assert all(r["labelRu"].language == "ru" for r in result.values())
    provisions_with_ru = {s for s, label in union.subject_objects(RDFS.label)
                          if getattr(label, "language", None) == "ru" and str(s).startswith(KZ)}
    assert len(result) == len(provisions_with_ru)


def test_correspondence_sources(union):
    result = answer(union, "cookbook-correspondence-sources")
    sources = {str(r["source"]): r for r in result}
    assert set(sources) == {
        "https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
        "https://adilet.zan.kz/rus/docs/Z2500000230",
        str(SEED_SOURCE),
    }
    assert str(sources[str(SEED_SOURCE)]["kind"]) == "secondary"
    assert str(sources[str(SEED_SOURCE)]["doi"]) == "10.33327/AJEE-18-8.S-a000157"
    assert {str(sources[s]["kind"]) for s in sources if s != str(SEED_SOURCE)} == {"official"}
    assert {str(r["curator"]) for r in result} == {"LexGraph team"}


def test_seed_discrepancies(union):
    result = answer(union, "cookbook-seed-discrepancies")
    recorded = {s for s in union.subjects(RDF.type, LG.SourceDiscrepancy) if (s, LG.citesSource, SEED_SOURCE) in union}
    assert {r["discrepancy"] for r in result} == recorded
    assert len(recorded) >= 15
    numbering = next(r for r in result if str(r["discrepancy"]).endswith("/biometric-categorisation-article"))
    assert str(numbering["provision"]) == KZ + "art_17__para_3__point_5"
    assert "Article 18" in str(numbering["secondaryReading"])
    assert "17(3)(5)" in str(numbering["officialReading"])


# ------------------------------------------------------------------------------------------------------------
# The researchers' guide embeds the recipes verbatim
# ------------------------------------------------------------------------------------------------------------

EMBEDDED_QUERY = re.compile(r"<!-- query: (\S+\.rq) -->\n```sparql\n(.*?)```", re.S)


def embedded_queries() -> dict[str, str]:
    return {name: text for name, text in EMBEDDED_QUERY.findall(RESEARCHERS_GUIDE.read_text(encoding="utf-8"))}


def test_guide_embeds_every_recipe_and_the_seed_tables():
    embedded = set(embedded_queries())
    wanted = {p.name for p in COOKBOOK} | {f"seed-table-{n}.rq" for n in range(1, 6)}
    assert wanted - embedded == set(), "recipes not shown in docs/guide-researchers.md"


@pytest.mark.parametrize("name", sorted(embedded_queries()) or ["(none)"])
def test_guide_query_text_is_the_file(name):
    path = QUERIES_DIR / name
    assert path.is_file(), f"docs/guide-researchers.md embeds {name}, which is not a stored query"
    assert embedded_queries()[name] == path.read_text(encoding="utf-8"), (
        f"the text of {name} in docs/guide-researchers.md differs from src/lexgraph/queries/{name}: copy it again")


@pytest.mark.parametrize("path", COOKBOOK, ids=lambda p: p.stem)
def test_guide_shows_the_tested_bindings(path):
    guide = re.sub(r"\s+", " ", RESEARCHERS_GUIDE.read_text(encoding="utf-8").replace("\\\n", " "))
    binds = [f"--bind {var}={value}" for var, value in documented_bindings(path.stem).items()]
    command = " ".join([f"lexgraph query --name {path.stem}", *binds])
    assert command in guide


def test_data_page_names_every_data_file(root):
    page = (DOCS / "data.md").read_text(encoding="utf-8")
    files = sorted(p.relative_to(root).as_posix() for p in (root / "data").rglob("*.ttl"))
    assert len(files) > 20
    missing = [f for f in files if f"`{f}`" not in page and f"`{Path(f).name}`" not in page]
    assert missing == [], f"docs/data.md does not describe {missing}"


def with_values(text: str, bindings: dict[str, str]) -> str:
    """A recipe with its bindings written as a VALUES line, as guide-data.md tells users of other stores."""
    if not bindings:
        return text
    terms = " ".join(as_term(v).n3() for v in bindings.values())
    line = f"\n  VALUES ({' '.join('?' + k for k in bindings)}) {{ ({terms}) }}"
    return re.sub(r"\bWHERE\s*\{", lambda m: m.group(0) + line, text, count=1)


def test_trig_export_keeps_the_graphs_and_answers_the_recipes(loaded, union, tmp_path):
    """guide-data.md: export TriG, load it into Oxigraph with the union as default graph, run the recipes."""
    export = tmp_path / "lexgraph.trig"
    with export.open("wb") as out:
        OxigraphStore.load().dump(out, "trig")
    copy = OxigraphStore()
    copy.oxigraph.load(path=str(export), format=ox.RdfFormat.TRIG)
    assert set(copy.graph_names()) == set(loaded.graphs())
    assert len(copy) == len(loaded)
    for path in COOKBOOK:
        bindings = documented_bindings(path.stem)
        recipe = path.read_text(encoding="utf-8")
        expected = rows(run(union, recipe, bindings))
        assert lexical(copy.select(with_values(recipe, bindings))) == lexical(expected), path.name


def test_ontology_only_file_for_protege():
    """guide-data.md: load(data=[]) is the ontology and vocabularies without any data."""
    ontology_only = load(data=[])
    assert ontology_only.files and {f.kind for f in ontology_only.files} == {"ontology"}
    assert (None, RDF.type, LG.Jurisdiction) not in ontology_only.union()


@pytest.mark.parametrize("page", [*sorted(path.name for path in DOCS.glob("*.md")), "../README.md"])
def test_links_between_docs_resolve(page):
    text = (DOCS / page).read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        assert (DOCS / page).parent.joinpath(target).exists(), f"docs/{page} links to {target}, which does not exist"


# ------------------------------------------------------------------------------------------------------------
# The curators' guide: the worked example validates, each broken copy prints what the guide shows
# ------------------------------------------------------------------------------------------------------------

CURATOR_FILE = re.compile(r"<!-- curator-file: (\S+)( \(append\))? -->\n```turtle\n(.*?)```", re.S)
CURATOR_BREAK = re.compile(r"<!-- curator-break: (\S+) (\S+) -->\n```diff\n(.*?)```", re.S)
CURATOR_OUTPUT = re.compile(
    r"<!-- curator-output: break=(\S+?)( java=absent)? -->\n```console\n\$ lexgraph (\w+)\n(.*?)```", re.S)


def curator_example(guide: str) -> tuple[list, dict, list]:
    """(files, breaks, outputs) as the guide shows them."""
    files = [(path, bool(append), text) for path, append, text in CURATOR_FILE.findall(guide)]
    breaks = {}
    for name, path, diff in CURATOR_BREAK.findall(guide):
        old = "".join(line[1:] + "\n" for line in diff.splitlines() if line.startswith("-"))
        new = "".join(line[1:] + "\n" for line in diff.splitlines() if line.startswith("+"))
        breaks[name] = (path, old, new)
    outputs = [(brk, bool(java), command, body) for brk, java, command, body in CURATOR_OUTPUT.findall(guide)]
    return files, breaks, outputs


def make_example(data: Path, target: Path, files: list, broken: tuple | None) -> Path:
    """A copy of the shipped data with the guide's files added and, optionally, one break applied."""
    shutil.copytree(data, target / "data")
    for path, append, text in files:
        file = target / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text((file.read_text(encoding="utf-8") + "\n" if append else "") + text, encoding="utf-8")
    if broken is not None:
        path, old, new = broken
        file = target / path
        content = file.read_text(encoding="utf-8")
        assert old in content, f"the guide's diff for {path} does not apply: {old!r} not found"
        file.write_text(content.replace(old, new, 1), encoding="utf-8")
    return target


def run_lexgraph(command: str, cwd: Path, java_absent: bool = False) -> tuple[int, str]:
    """`lexgraph <command> data` in cwd, as a curator runs it in a checkout; (exit code, what it printed)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        if java_absent:
            empty = cwd / "no-java-here"
            empty.mkdir(exist_ok=True)
            patch.setenv("PATH", str(empty))
            patch.delenv("JAVA_HOME", raising=False)
            patch.setattr(owlready2, "JAVA_EXE", "java")
        result = CliRunner().invoke(app, [command, "data"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    text = "\n".join(line.rstrip() for line in result.output.rstrip("\n").splitlines())
    return result.exit_code, text


def _any_statement(text: str) -> str:
    """Where several statements put a resource in a class, the reasoner's diagnosis names one of them, and which
    one can change from run to run; the guide shows one."""
    return re.sub(r"\(via the domain of lg:\w+\)", "(via the domain of lg:...)", text)


def guide_outputs() -> Iterator:
    _files, _breaks, outputs = curator_example(CURATORS_GUIDE.read_text(encoding="utf-8"))
    for brk, java, command, body in outputs:
        marks = [pytest.mark.reasoner] if command in ("reason", "check") and not java else []
        yield pytest.param(brk, java, command, body, id=f"{command}-{brk}{'-no-java' if java else ''}", marks=marks)


def test_curators_guide_has_its_examples():
    files, breaks, outputs = curator_example(CURATORS_GUIDE.read_text(encoding="utf-8"))
    assert {path for path, _, _ in files} >= {
        "data/jurisdictions.ttl", "data/unesco/recommendation-ethics-ai-2021.ttl", "data/correspondences/eu-unesco.ttl"}
    assert len(breaks) >= 10
    used = {brk for brk, *_ in outputs}
    assert set(breaks) <= used, f"breaks without an output: {set(breaks) - used}"
    assert used - {"none"} <= set(breaks)


@pytest.mark.parametrize(("brk", "java_absent", "command", "shown"), list(guide_outputs()))
def test_curators_guide_output_is_real(brk, java_absent, command, shown, tmp_path, root):
    files, breaks, _ = curator_example(CURATORS_GUIDE.read_text(encoding="utf-8"))
    example = make_example(root / "data", tmp_path, files, breaks.get(brk))
    expected_output, _, code = shown.rstrip("\n").rpartition("$ echo $?\n")
    exit_code, printed = run_lexgraph(command, example, java_absent)
    assert _any_statement(printed) == _any_statement(expected_output.rstrip("\n")), (
        f"`lexgraph {command}` on the guide's example ({brk}) now prints something else; "
        f"update docs/guide-curators.md:\n{printed}")
    assert exit_code == int(code)
