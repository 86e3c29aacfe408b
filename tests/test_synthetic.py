"""The synthetic corpus generator (lexgraph.synthetic): it conforms to the shapes, hits its size, is
deterministic by seed, and mixes every kind of thing the model has. 10k triples here; the benchmark
script exercises 100k and 1M.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from lexgraph.ids import EID_RE, JURISDICTION_RE
from lexgraph.loader import load
from lexgraph.namespaces import ASPECT, ASPECT_NAMES, ID_BASE, LG, RELATION, RELATION_NAMES
from lexgraph.queries import rows, run_named
from lexgraph.resources import data_dir, ontology_dir
from lexgraph.synthetic import (
    ACTIVITIES,
    DUTIES,
    KINDS,
    MARKER,
    MODALITIES,
    OBLIGATION_LABELS,
    PRACTICES,
    RISK_CLASSES,
    ROLES,
    THEMES,
    OutputNotEmptyError,
    generate,
    literal,
)
from lexgraph.validation import validate

TARGET = 10_000
SEED = 2026
PROVISION_CLASSES = (LG.Article, LG.Paragraph, LG.Subparagraph, LG.Point, LG.ListIntroduction, LG.Annex, LG.Section,
                     LG.Provision)
NORM_CLASSES = tuple(getattr(LG, name) for name in MODALITIES)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generate(TARGET, SEED, tmp_path_factory.mktemp("synthetic") / "corpus")


@pytest.fixture(scope="module")
def corpus_loaded(corpus):
    return load(data=[corpus.output])


@pytest.fixture(scope="module")
def corpus_graph(corpus_loaded) -> Graph:
    return corpus_loaded.union()


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def parsed_triples(folder: Path) -> int:
    """Triples per file, summed, as an independent parser (Oxigraph) reads them."""
    return sum(len(set(pyoxigraph.parse(path=str(p), format=pyoxigraph.RdfFormat.TURTLE)))
               for p in sorted(folder.rglob("*.ttl")))


def subjects_of(graph: Graph, classes) -> set:
    return {s for cls in classes for s in graph.subjects(RDF.type, cls)}


# --- conformance and size -----------------------------------------------------------------------------------


def test_corpus_conforms_to_the_shapes(corpus_loaded):
    report = validate(corpus_loaded)
    assert report.conforms, report.to_text()
    assert not [r for r in report.results if r.severity == "Violation"]


def test_loaded_corpus_hits_the_target(corpus, corpus_loaded):
    data_triples = sum(f.triples for f in corpus_loaded.files if f.kind == "data")
    assert abs(data_triples - TARGET) <= 0.05 * TARGET
    assert abs(data_triples - TARGET) <= 0.01 * TARGET  # what the generator promises
    assert data_triples == corpus.triples  # its own count is exact, so it can be trusted at 1M


@pytest.mark.parametrize(("target", "jurisdictions"), [(5_000, None), (30_000, 2), (30_000, 9)])
def test_other_sizes_hit_the_target(tmp_path, target, jurisdictions):
    summary = generate(target, 5, tmp_path / "out", jurisdictions=jurisdictions)
    assert parsed_triples(tmp_path / "out") == summary.triples
    assert abs(summary.triples - target) <= 0.01 * target
    assert summary.jurisdictions == (jurisdictions or summary.jurisdictions)
    assert len({p.name for p in (tmp_path / "out").iterdir() if p.is_dir()} - {"correspondences"}) == \
        summary.jurisdictions


def test_summary_counts_what_was_written(corpus, corpus_graph):
    assert corpus.jurisdictions == len(set(corpus_graph.subjects(RDF.type, LG.Jurisdiction)))
    assert corpus.instruments == len(subjects_of(corpus_graph, [getattr(LG, k) for k in KINDS]))
    assert corpus.provisions == len(subjects_of(corpus_graph, PROVISION_CLASSES))
    assert corpus.norms == len(subjects_of(corpus_graph, NORM_CLASSES))
    assert corpus.correspondences == len(set(corpus_graph.subjects(RDF.type, LG.Correspondence)))
    assert corpus.no_counterparts == len(set(corpus_graph.subjects(RDF.type, LG.NoCounterpart)))
    assert corpus.files == len(list(corpus.output.rglob("*.ttl")))
    assert corpus.seconds < 10


# --- layout and identifiers ----------------------------------------------------------------------------------


def test_layout_follows_data_folder(corpus, corpus_graph):
    out = corpus.output
    assert (out / "jurisdictions.ttl").is_file() and (out / "curators.ttl").is_file()
    instrument_files = [p for p in out.glob("*/*.ttl") if p.parent.name != "correspondences"]
    assert len(instrument_files) == corpus.instruments
    for path in instrument_files:
        instrument = URIRef(f"{ID_BASE}{path.parent.name}/{path.stem}")
        assert (instrument, LG.slug, Literal(path.stem)) in corpus_graph
        assert corpus_graph.value(instrument, LG.jurisdiction) == URIRef(ID_BASE + path.parent.name)
    assert list((out / "correspondences").glob("*.ttl"))


def test_jurisdiction_codes_are_synthetic(corpus_graph):
    real = Graph().parse(data_dir() / "jurisdictions.ttl")
    real_codes = {str(code) for code in real.objects(None, LG.code)}
    codes = {str(code) for code in corpus_graph.objects(None, LG.code)}
    assert codes and not codes & real_codes
    assert all(JURISDICTION_RE.fullmatch(code) and code.startswith("syn") for code in codes)


def test_corpus_loads_beside_the_real_data(corpus):
    """Only the two registries share a path with data/; everything else can be loaded with the real corpus."""
    shared = {p.relative_to(corpus.output).as_posix() for p in corpus.output.rglob("*.ttl")} & \
        {p.relative_to(data_dir()).as_posix() for p in data_dir().rglob("*.ttl")}
    assert shared == {"jurisdictions.ttl", "curators.ttl"}


def test_provision_ids_are_well_formed(corpus_graph):
    for provision in subjects_of(corpus_graph, PROVISION_CLASSES):
        eid = str(corpus_graph.value(provision, LG.eId))
        assert EID_RE.fullmatch(eid) and str(provision).endswith("/" + eid)


# --- determinism -----------------------------------------------------------------------------------------------


def test_same_seed_same_bytes_and_another_seed_differs(corpus, tmp_path):
    again = generate(TARGET, SEED, tmp_path / "again")
    other = generate(TARGET, SEED + 1, tmp_path / "other")
    assert files_of(again.output) == files_of(corpus.output)
    assert again.triples == corpus.triples
    first, second = files_of(corpus.output), files_of(other.output)
    assert first != second
    assert sum(first.get(name) != content for name, content in second.items()) > len(second) // 2


# --- the mix ---------------------------------------------------------------------------------------------------


def test_every_kind_status_modality_relation_and_aspect_appears(corpus_graph):
    g = corpus_graph
    assert {k for k in KINDS if next(g.subjects(RDF.type, getattr(LG, k)), None)} == set(KINDS)
    assert {m for m in MODALITIES if next(g.subjects(RDF.type, getattr(LG, m)), None)} == set(MODALITIES)
    assert {str(r)[len(str(RELATION)):] for r in g.objects(None, LG.relation)} == set(RELATION_NAMES)
    assert {str(a)[len(str(ASPECT)):] for a in g.objects(None, LG.aspect)} == set(ASPECT_NAMES)
    statuses = {str(s).rsplit("/", 1)[-1] for s in g.objects(None, LG.status)}
    assert statuses == {"in-force", "adopted", "draft", "repealed"}
    assert len(set(g.objects(None, LG.bindingForce))) == 2


def test_norms_carry_what_the_model_offers(corpus_graph):
    g = corpus_graph
    for predicate in (LG.regulatesPractice, LG.regulatesActivity, LG.addressee, LG.appliesToRiskClass,
                      LG.obligationType, LG.hasCondition, LG.hasException):
        assert len(set(g.objects(None, predicate))) >= 2, predicate
    assert len(set(g.objects(None, LG.regulatesPractice))) >= 10
    assert next(g.subjects(RDF.type, LG.NoCounterpart), None) is not None
    assert next(g.subjects(LG.refersTo, None), None) is not None


def test_trees_go_down_to_sub_points(corpus_graph):
    g = corpus_graph
    eids = [str(e) for e in g.objects(None, LG.eId)]
    assert any(e.count("__point_") == 2 for e in eids)  # art_5__para_1__point_c__point_ii
    assert any("__subpara_" in e for e in eids) and any(e.endswith("__intro") for e in eids)
    assert any(e.startswith("annex_") for e in eids)
    assert any(e.startswith("sec_") for e in eids) and next(g.subjects(RDF.type, LG.Section), None) is not None
    assert len(set(g.subjects(RDF.type, LG.Point))) > len(set(g.subjects(RDF.type, LG.Article)))


def test_labels_headings_and_summaries(corpus_graph):
    g = corpus_graph
    label_languages = Counter(o.language for s in subjects_of(g, PROVISION_CLASSES) for o in g.objects(s, RDFS.label))
    assert len(label_languages) >= 3 and None not in label_languages
    heading_languages = {o.language for o in g.objects(None, LG.heading)}
    assert len(heading_languages) >= 3
    title_languages = {o.language for o in g.objects(None, URIRef("http://purl.org/dc/terms/title"))}
    assert len(title_languages) >= 3
    summaries = [str(o) for o in g.objects(None, LG.summary)]
    assert sum(len(s) for s in summaries) / len(summaries) > 80  # a sentence or more on average
    assert any(s.count(". ") >= 2 for s in summaries)


def test_correspondences_cross_jurisdictions(corpus_loaded, corpus):
    statements = rows(run_named(corpus_loaded.dataset, "corr-statements"))
    assert statements
    pairs = set()
    for row in statements:
        from_code = str(row["fromJurisdiction"])[len(ID_BASE):]
        to_code = str(row["toJurisdiction"])[len(ID_BASE):]
        assert from_code != to_code
        file_pair = str(row["graph"]).rsplit("/", 1)[-1]
        assert file_pair == f"{from_code}-{to_code}"  # correspondences/<a>-<b>.ttl: the from side is a
        pairs.add(file_pair)
    assert len(pairs) >= 3
    assert any(str(row["from"]).count("#norm") for row in statements)  # some statements link norms


def test_every_vocabulary_term_the_generator_uses_exists():
    vocab = Graph()
    for path in sorted((ontology_dir() / "vocab").glob("*.ttl")):
        vocab.parse(path)
    base = "https://w3id.org/lexgraph/vocab/"
    schemes = {"eurisk": "eu-risk-class", "kzrisk": "kz-risk-degree", "seedrisk": "seed-kz-risk-category"}
    used = [f"{base}ai-practice/{p}" for p in PRACTICES] + [f"{base}role/{r}" for r in ROLES]
    used += [f"{base}obligation-type/{o}" for o in (*DUTIES, *OBLIGATION_LABELS)]
    used += [f"{base}obligation-type/{o}" for theme in THEMES for o in theme.obligations]
    used += [f"{base}regulated-activity/{a}" for a in ACTIVITIES]
    used += [f"{base}{schemes[r.split(':')[0]]}/{r.split(':')[1]}" for r in RISK_CLASSES]
    used += [f"{base}{schemes[r.split(':')[0]]}/{r.split(':')[1]}" for theme in THEMES for r in theme.risks]
    missing = sorted({term for term in used if (URIRef(term), RDF.type, None) not in vocab})
    assert not missing


# --- the output folder and the Turtle writer ---------------------------------------------------------------------


def test_refuses_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(OutputNotEmptyError):
        generate(5_000, 1, tmp_path)
    with pytest.raises(OutputNotEmptyError):
        generate(5_000, 1, tmp_path, overwrite=True)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_overwrite_replaces_an_earlier_corpus_without_leftovers(tmp_path):
    out = tmp_path / "out"
    generate(20_000, 1, out, jurisdictions=6)
    with pytest.raises(OutputNotEmptyError):
        generate(5_000, 2, out)
    summary = generate(5_000, 2, out, jurisdictions=3, overwrite=True)
    fresh = generate(5_000, 2, tmp_path / "fresh", jurisdictions=3)
    assert files_of(out) == files_of(fresh.output)
    assert parsed_triples(out) == summary.triples
    assert (out / MARKER).is_file()


def test_rejects_impossible_arguments(tmp_path):
    with pytest.raises(ValueError):
        generate(4_999, 1, tmp_path / "small")
    with pytest.raises(ValueError):
        generate(10_000, 1, tmp_path / "one", jurisdictions=1)


@pytest.mark.parametrize("text", ['say "hi"', "back\\slash", "two\nlines\r\tend", "Статья 5 «кавычки»", ""])
def test_literal_escaping_round_trips(text):
    turtle = f'<urn:s> <urn:p> {literal(text, "en")} , {literal(text)} .'
    objects = set(Graph().parse(data=turtle, format="turtle").objects())
    assert objects == {Literal(text, lang="en"), Literal(text)}
