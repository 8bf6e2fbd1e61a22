"""Queueing background work (Django's tasks interface: the django-tasks backport, its database backend).

With the database backend the task's row is written in the caller's transaction: a worker sees it only once
the change that calls for it is committed, and a rolled-back change leaves no task behind. Other backends (the
tests' immediate one) would run or send the task at once, so for them it is queued when the transaction
commits instead.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks_db import DatabaseBackend

# After the first, second and third failure a task that retries itself waits this long; then it has failed.
RETRY_DELAYS = (datetime.timedelta(minutes=1), datetime.timedelta(minutes=10), datetime.timedelta(hours=1))


def enqueue_with_transaction(task, *args, on_queued=None):
    """Queue `task(*args)` as part of the current transaction. `on_queued(result)` is called with the queued
    task's result handle (at once, or when the transaction commits)."""

    def queue():
        result = task.enqueue(*args)
        if on_queued:
            on_queued(result)
        return result

    if isinstance(task.get_backend(), DatabaseBackend):
        return queue()
    transaction.on_commit(queue)
    return None


def retry_later(task, *args, attempt):
    """Queue `task(*args)` again after the delay for failure number `attempt` (1 for the first). Returns the
    time it will run, or None when the attempts are used up or the backend cannot run a task later."""
    if attempt > len(RETRY_DELAYS) or not task.get_backend().supports_defer:
        return None
    when = timezone.now() + RETRY_DELAYS[attempt - 1]
    task.using(run_after=when).enqueue(*args)
    return when
