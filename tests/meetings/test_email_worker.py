"""Emails to a group's members go through the background worker (partnership.outbox): queued with the change
that calls for them, composed and sent by the worker, each address once however often the task runs; a mail
server's failure is retried, and a batch that still fails is shown to the coordinator, who can send it again
to the people not yet sent it. Nothing confidential waits in the queue."""

import datetime
import socket

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from meetings import services
from meetings.models import Minutes
from partnership import services as partnership_services
from partnership.models import AuditEntry, EmailBatch
from partnership.outbox import email_batch_send
from tests.conftest import client_of
from tests.meetings.conftest import CANARY, add_public_and_canary_items
from tests.worker import DATABASE_TASKS, run_the_worker

pytestmark = pytest.mark.django_db

BOARD = sorted(f"{name}@example.org" for name in ["alice", "carol", "leo", "fred", "maya"])


@pytest.fixture
def queued(settings):
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def unreachable_mail_server(settings):
    """Django's real SMTP backend, pointed at a loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2


def published(next_meeting, alice):
    add_public_and_canary_items(next_meeting, by=alice)
    services.agenda_publish(meeting=next_meeting, by=alice)
    return EmailBatch.objects.get(composer="meetings.agenda_published", object_id=next_meeting.pk)


def test_publishing_queues_the_email_and_the_worker_sends_it_to_each_member_once(
    world, next_meeting, alice, queued, mailoutbox
):
    batch = published(next_meeting, alice)
    assert (batch.state, mailoutbox) == (EmailBatch.State.QUEUED, [])
    assert DBTaskResult.objects.get(id=batch.task_id).status == TaskResultStatus.READY
    run_the_worker()
    assert sorted(address for message in mailoutbox for address in message.to) == BOARD
    assert all(len(message.to) == 1 for message in mailoutbox)
    batch.refresh_from_db()
    assert (batch.state, batch.recipients, sorted(batch.delivered)) == (EmailBatch.State.SENT, 5, BOARD)
    assert DBTaskResult.objects.get(id=batch.task_id).status == TaskResultStatus.SUCCESSFUL
    # The task run again (a second worker, a retry) sends nothing more.
    assert email_batch_send.call(batch.pk) == "already sent"
    assert len(mailoutbox) == 5


def test_nothing_confidential_waits_in_the_queue_or_the_batch_or_its_history(world, next_meeting, alice, queued):
    batch = published(next_meeting, alice)
    task = DBTaskResult.objects.get(id=batch.task_id)
    assert task.args_kwargs == {"args": [batch.pk], "kwargs": {}}
    run_the_worker()
    rows = [str(list(EmailBatch.objects.filter(pk=batch.pk).values())), str(list(batch.history.values()))]
    rows.append(str(list(AuditEntry.objects.filter(kind="partnership.emailbatch").values())))
    rows.append(str(list(DBTaskResult.objects.values())))
    for row in rows:
        assert CANARY not in row
    # The addresses stay out of the history, and so out of the audit log.
    assert "leo@example.org" not in str(list(batch.history.values()))


def test_a_partly_refused_batch_is_retried_and_sends_only_to_those_not_yet_sent_it(
    world, next_meeting, alice, queued, settings, mailoutbox
):
    settings.EMAIL_BACKEND = "tests.mail_backends.RefusingBackend"
    settings.TEST_REFUSED_ADDRESSES = ["leo@example.org"]
    batch = published(next_meeting, alice)
    run_the_worker()  # the retry waits a minute, so the worker stops with it still queued
    batch.refresh_from_db()
    assert batch.state == EmailBatch.State.QUEUED
    assert "SMTPRecipientsRefused" in batch.error
    assert (batch.attempts, len(batch.delivered)) == (1, 3)  # in address order: alice, carol, fred; then leo
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now() + datetime.timedelta(seconds=50)
    settings.TEST_REFUSED_ADDRESSES = []
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_the_worker()
    batch.refresh_from_db()
    assert (batch.state, sorted(batch.delivered)) == (EmailBatch.State.SENT, BOARD)
    assert sorted(address for message in mailoutbox for address in message.to) == BOARD  # each once


def test_a_batch_that_keeps_failing_is_shown_to_the_coordinator_who_sends_it_again(
    world, next_meeting, alice, queued, unreachable_mail_server, signed_in, settings, mailoutbox
):
    batch = published(next_meeting, alice)
    for _ in range(4):  # the first attempt and three retries, each brought forward
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_the_worker()
    batch.refresh_from_db()
    assert (batch.state, batch.attempts, batch.delivered) == (EmailBatch.State.FAILED, 4, [])
    assert "ConnectionRefusedError" in batch.error
    assert not DBTaskResult.objects.filter(status="READY").exists()

    coordinator = client_of("alice", world, signed_in)
    dashboard = coordinator.get(reverse("partnership:dashboard", args=["northdale"])).text
    assert "1 email could not be sent" in dashboard
    assert f"Agenda published: {next_meeting}" in dashboard
    # A member who is not a coordinator sees neither the banner nor the page.
    assert (
        "could not be sent"
        not in client_of("maya", world, signed_in).get(reverse("partnership:dashboard", args=["northdale"])).text
    )
    email_page = reverse("partnership:email", args=["northdale", batch.pk])
    assert client_of("maya", world, signed_in).get(email_page).status_code == 404
    page = coordinator.get(email_page).text
    assert "Try sending again" in page and "ConnectionRefusedError" in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = coordinator.post(email_page)
    assert response.status_code == 302
    run_the_worker()
    batch.refresh_from_db()
    assert (batch.state, sorted(batch.delivered)) == (EmailBatch.State.SENT, BOARD)
    assert len(mailoutbox) == 5
    reasons = list(batch.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert "Tried again by the coordinator" in reasons and reasons[-1] == "Sent to 5 of 5 people"


def test_only_a_failed_batch_can_be_tried_again(world, next_meeting, alice, queued, signed_in):
    batch = published(next_meeting, alice)
    response = client_of("alice", world, signed_in).post(reverse("partnership:email", args=["northdale", batch.pk]))
    assert response.status_code == 200
    assert "Only an email that could not be sent can be tried again" in response.text
    assert DBTaskResult.objects.count() == 1


def test_the_same_email_asked_for_twice_is_queued_once(world, next_meeting, alice, queued):
    batch = published(next_meeting, alice)
    again = partnership_services.email_batch_queue(
        partnership=world.northdale,
        key=batch.key,
        composer=batch.composer,
        object_id=batch.object_id,
        description=batch.description,
        by=alice,
    )
    assert again.pk == batch.pk
    assert DBTaskResult.objects.count() == 1


def test_circulated_minutes_go_through_the_worker_too(world, meeting, confidential_item, alice, queued, mailoutbox):
    services.minutes_circulate(minutes=Minutes.objects.get(meeting=meeting), by=alice)
    assert mailoutbox == []
    run_the_worker()
    assert mailoutbox
    for message in mailoutbox:
        assert CANARY not in message.subject + message.body
    assert EmailBatch.objects.get(composer="meetings.minutes_circulated").state == EmailBatch.State.SENT
