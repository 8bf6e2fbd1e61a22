"""The load balancer's health check: 200 while the database and the task queue are reachable, 503 when not,
and nothing in it that a visitor should not read."""

import datetime

import pytest
from django.db import connection
from django.db.utils import ConnectionHandler
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from overview import health

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_visitor_reads_ok_with_no_session_and_no_cache(client):
    response = client.get(reverse("partnership:health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "tasks": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


def test_the_queue_s_length_and_the_oldest_waiting_task_are_reported(client, settings):
    from reviews.services import review_document_render

    settings.TASKS = DB_TASKS
    result = review_document_render.using().enqueue(1, 1, 1, "a reason")
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - datetime.timedelta(minutes=5))
    body = client.get(reverse("partnership:health")).json()
    assert body["tasks"] == "ok"
    assert body["tasks_waiting"] == 1
    assert 299 <= body["oldest_waiting_seconds"] <= 310
    # The task's arguments (ids, a reason a coordinator wrote) are not shown.
    assert "a reason" not in str(body)


def test_an_empty_queue_reads_zero(client, settings):
    settings.TASKS = DB_TASKS
    body = client.get(reverse("partnership:health")).json()
    assert (body["tasks_waiting"], body["oldest_waiting_seconds"]) == (0, 0)


def test_an_unreachable_database_is_reported_unavailable(tmp_path):
    """A real connection to a database that cannot be opened (a file in a folder that does not exist)."""
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "missing" / "db.sqlite3")}}
    )
    assert health.health_report(handler) == (False, {"database": "unreachable", "tasks": "unreachable"})


def test_an_unreadable_task_table_answers_503(client, settings):
    """The task table dropped inside the test's transaction (rolled back after it)."""
    settings.TASKS = DB_TASKS
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {DBTaskResult._meta.db_table}")
    response = client.get(reverse("partnership:health"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "tasks": "unreachable"}


def test_only_get_is_answered(client):
    assert client.post(reverse("partnership:health")).status_code == 405
