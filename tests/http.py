"""Helpers for tests that read responses."""

from django.core import signals
from django.db import close_old_connections


def close_response(response):
    """Close a (file) response without Django's request_finished handler closing the database connection.

    Outside a request, closing a response sends request_finished; on PostgreSQL, close_old_connections
    would then close the connection in the middle of the test's transaction (SQLite's in-memory
    connection ignores it). The test client itself disconnects the handler the same way during requests.
    """
    signals.request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        signals.request_finished.connect(close_old_connections)
