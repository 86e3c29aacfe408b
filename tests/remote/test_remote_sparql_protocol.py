"""tests/api/test_sparql_protocol.py on the remote store: /sparql forwards checked queries to Oxigraph server,
with the same refusals, budgets, row cap, result syntaxes and answers."""

from remote_reuse import reuse

globals().update(
    reuse(
        "api/test_sparql_protocol.py",
        exclude={
            # The embedded store's worker processes; a remote store has none (see test_remote_store.py for
            # what replaces them: the store going away and coming back).
            "test_a_worker_killed_from_outside_is_replaced": "embedded worker pool",
            # Pure functions of lexgraph.sparql, store-independent: run once in tests/api.
            "test_scan_reads_form_and_dataset_without_a_parser": "no store involved",
            "test_plan_refuses_before_any_worker_runs": "no store involved",
            "test_negotiate_breaks_ties_in_server_order": "no store involved",
        },
    )
)
