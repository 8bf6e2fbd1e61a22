"""What the load balancer's health check reads: can this app server reach its databases and the task queue?

An app server that cannot reach the database cannot serve a page, so it answers 503 and the balancer stops
sending it people. Tasks waiting long for a worker are reported (for monitoring) but do not fail the check:
pages still work, and taking app servers out would not bring the workers back.
"""

from django.db import DatabaseError, connections, transaction
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult


def _database(connection):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unreachable"
    return "ok"


def _tasks():
    """The queue's state, read from the task table of the database backend (the only backend deployed)."""
    try:
        if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            return {"tasks": "ok"}  # the tests' immediate backend: no queue to read
        with transaction.atomic():  # a failed read rolls back to here, not the whole connection
            waiting = DBTaskResult.objects.ready()
            oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
            count = waiting.count()
        return {
            "tasks": "ok",
            "tasks_waiting": count,
            "oldest_waiting_seconds": int((timezone.now() - oldest).total_seconds()) if oldest else 0,
        }
    except DatabaseError:
        return {"tasks": "unreachable"}


def health_report(handler=connections):
    """(healthy, report): every database alias reachable and the task queue readable."""
    report = {"database" if alias == "default" else f"database_{alias}": _database(handler[alias]) for alias in handler}
    report.update(_tasks() if report.get("database") == "ok" else {"tasks": "unreachable"})
    healthy = all(value != "unreachable" for value in report.values())
    return healthy, report
