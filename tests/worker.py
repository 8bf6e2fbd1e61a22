"""Running the real background worker inside a test.

Most of the suite runs tasks at once (tests/settings.py's immediate backend); a test that sets
`settings.TASKS = DATABASE_TASKS` queues them in the database as production does, and `run_the_worker()`
runs the real worker command (`db_worker`) until the queue is empty.
"""

import io
from unittest import mock

from django.core.management import call_command

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_the_worker():
    """The real worker command, until no task is ready. Like Django's test client (which disconnects
    close_old_connections from its request signals), it must not close the test's connection: inside the
    test's transaction autocommit is off, which close_old_connections takes for a connection to drop, and
    on PostgreSQL that would end the test's transaction."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "db_worker", batch=True, no_startup_delay=True, interval=0, stdout=io.StringIO(), stderr=io.StringIO()
        )
