"""Email due-soon and overdue reminders for open action points, unsubmitted review returns and the
deadlines of death reviews (to the people on the case only). The background worker runs them each day
(`--schedule` queues the first run; scripts/run.sh does so); from cron, run this command as often as you like:
each reminder is sent once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from overview.reminders import reminders_schedule, reminders_send_all, report_lines


class Command(BaseCommand):
    help = "Send each action point's, review return's and death review deadline's reminder once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--as", dest="username", help="The user the reminder log's history names (default: none, shown as System)."
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Send nothing now: queue the background worker's daily run (unless one is queued already).",
        )

    def handle(self, *args, **options):
        if options["schedule"]:
            when = reminders_schedule()
            if when is None:
                self.stdout.write("Tasks run at once here (no database queue): nothing to schedule.")
            else:
                self.stdout.write(f"The daily reminders run next at {when:%Y-%m-%d %H:%M %Z}.")
            return
        by = None
        if options["username"]:
            by = get_user_model().objects.get(username=options["username"])
        for line in report_lines(reminders_send_all(by=by)):
            self.stdout.write(line)
