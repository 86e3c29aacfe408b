"""tests/api/test_export.py on the remote store: /export, the Graph Store Protocol read side and /id/ answer
from Oxigraph server what the embedded store answers."""

import httpx
import pyoxigraph as ox
import pytest
from remote_reuse import reuse

globals().update(reuse("api/test_export.py"))


class MirroredRemote:
    """The remote store, plus `.oxigraph`: a local copy of its quads (read by a plain SELECT, not by the
    export code under test), which the reused tests read their expected answers from."""

    def __init__(self, remote):
        self.remote = remote
        self.oxigraph = ox.Store()
        answer = httpx.post(
            remote.url,
            data={"query": "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=60,
        )
        answer.raise_for_status()
        solutions = ox.parse_query_results(answer.content, ox.QueryResultsFormat.JSON)
        self.oxigraph.bulk_extend(ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in solutions)

    def __getattr__(self, name):
        return getattr(self.remote, name)

    def __len__(self) -> int:
        return len(self.remote)


@pytest.fixture(scope="module")
def shipped_store(client):
    return MirroredRemote(client.app.state.store)


def test_the_mirror_holds_the_shipped_data(shipped_store, embedded_store):
    """The expected answers above come from the server: check them against the files, blank nodes aside."""

    def ground(store: ox.Store) -> set:
        return {
            q for q in store.quads_for_pattern(None, None, None, None)
            if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)
        }

    assert len(shipped_store.oxigraph) == len(embedded_store.oxigraph) > 1000
    assert ground(shipped_store.oxigraph) == ground(embedded_store.oxigraph)
