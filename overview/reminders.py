"""The reminders, run each day by the background worker (or from cron by `send_reminders`).

`reminders_send_all` runs the three reminder runs (action points, review returns, death review deadlines);
each sends a reminder once per threshold and due date, so running it again, or on two machines at once,
sends nothing twice. `reminders_schedule` queues the daily task for the next REMINDERS_HOUR (local time)
unless one is already queued; the daily task queues the next one as it runs.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from casereviews.services import death_review_reminders
from meetings.services import reminders_send
from reviews.services import return_reminders_send


def reminders_send_all(*, by=None):
    """Send what is due; returns the counts sent, for the command's and the task's report."""
    return {
        "actions": reminders_send(by=by),
        "returns": return_reminders_send(by=by),
        "death_reviews": death_review_reminders(),
    }


def report_lines(sent):
    actions, returns = sent["actions"], sent["returns"]
    return [
        f"Action points: sent {actions['due_soon']} due-soon and {actions['overdue']} overdue reminders.",
        f"Review returns: sent {returns['due_soon']} due-soon and {returns['overdue']} overdue reminders.",
        f"Death reviews: sent {sent['death_reviews']} deadline reminders.",
    ]


def next_run(now=None):
    """The next REMINDERS_HOUR o'clock, local time, after `now`."""
    now = timezone.localtime(now or timezone.now())
    hour = getattr(settings, "REMINDERS_HOUR", 7)
    at = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return at if at > now else at + datetime.timedelta(days=1)


def _task_path():
    return f"{reminders_daily.func.__module__}.{reminders_daily.func.__qualname__}"


def reminders_schedule(now=None):
    """Queue the daily run unless one is waiting already. Returns when it will run, or None where tasks
    run at once (no database queue to wait in)."""
    if not isinstance(reminders_daily.get_backend(), DatabaseBackend):
        return None
    waiting = (
        DBTaskResult.objects.filter(task_path=_task_path(), status=TaskResultStatus.READY)
        .order_by("run_after")
        .values_list("run_after", flat=True)
        .first()
    )
    if waiting is not None:
        return timezone.localtime(waiting)
    when = next_run(now)
    reminders_daily.using(run_after=when).enqueue()
    return when


@task()
def reminders_daily():
    """The worker's daily run: send what is due, then queue tomorrow's."""
    lines = report_lines(reminders_send_all())
    when = reminders_schedule()
    return [*lines, f"Next run: {when.isoformat() if when else 'none'}"]
