"""The service-level tests of tests/api/test_errors.py that go through the store, on the remote store."""

from remote_reuse import reuse

globals().update(
    reuse(
        "api/test_errors.py",
        only={
            "test_health",
            "test_no_query_text_gets_a_server_error",
            "test_no_graph_or_accept_value_gets_a_server_error",
        },
    )
)
