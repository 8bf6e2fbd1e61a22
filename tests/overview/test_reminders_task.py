"""The reminders run each day in the background worker: `send_reminders --schedule` queues the first run for
the next REMINDERS_HOUR, the worker's run sends what is due and queues the next day's, and however often it is
asked there is one run waiting. The cron command is kept and sends each reminder once."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from overview import reminders
from tests.meetings.test_services import make_action
from tests.worker import DATABASE_TASKS, run_the_worker

pytestmark = pytest.mark.django_db


def waiting():
    return DBTaskResult.objects.filter(task_path="overview.reminders.reminders_daily", status=TaskResultStatus.READY)


def test_the_next_run_is_the_next_reminders_hour_local_time(settings):
    settings.REMINDERS_HOUR = 7
    zone = timezone.get_current_timezone()
    before = datetime.datetime(2027, 3, 1, 6, 30, tzinfo=zone)
    after = datetime.datetime(2027, 3, 1, 7, 0, tzinfo=zone)
    assert reminders.next_run(before) == datetime.datetime(2027, 3, 1, 7, 0, tzinfo=zone)
    assert reminders.next_run(after) == datetime.datetime(2027, 3, 2, 7, 0, tzinfo=zone)


def test_scheduling_queues_one_run_however_often_it_is_asked(settings):
    settings.TASKS = DATABASE_TASKS
    outputs = []
    for _ in range(3):
        out = io.StringIO()
        call_command("send_reminders", "--schedule", stdout=out)
        outputs.append(out.getvalue())
    assert waiting().count() == 1
    assert len(set(outputs)) == 1 and outputs[0].startswith("The daily reminders run next at")
    assert waiting().get().run_after == reminders.next_run()


def test_the_worker_s_run_sends_what_is_due_and_queues_the_next_day(world, settings, mailoutbox):
    settings.TASKS = DATABASE_TASKS
    make_action(world, due=timezone.localdate() + datetime.timedelta(days=1))
    reminders.reminders_schedule()
    first = waiting().get()
    with time_machine.travel(first.run_after + datetime.timedelta(minutes=1)):
        run_the_worker()
        first.refresh_from_db()
        assert first.status == TaskResultStatus.SUCCESSFUL
        assert first.return_value[0] == "Action points: sent 1 due-soon and 0 overdue reminders."
        assert len(mailoutbox) == 1
        following = waiting().get()
        assert following.run_after == first.run_after + datetime.timedelta(days=1)


def test_with_tasks_run_at_once_there_is_nothing_to_schedule():
    out = io.StringIO()
    call_command("send_reminders", "--schedule", stdout=out)
    assert "nothing to schedule" in out.getvalue()
    assert not DBTaskResult.objects.exists()
