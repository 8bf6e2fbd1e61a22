"""Email due-soon and overdue reminders for open action points, unsubmitted review returns and the
deadlines of death reviews (to the people on the case only);
run it from cron as often as you like."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from casereviews.services import death_review_reminders
from meetings.services import reminders_send
from reviews.services import return_reminders_send


class Command(BaseCommand):
    help = "Send each action point's and each review return's due-soon and overdue reminder once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--as", dest="username", help="The user the reminder log's history names (default: none, shown as System)."
        )

    def handle(self, *args, **options):
        by = None
        if options["username"]:
            by = get_user_model().objects.get(username=options["username"])
        sent = reminders_send(by=by)
        self.stdout.write(f"Action points: sent {sent['due_soon']} due-soon and {sent['overdue']} overdue reminders.")
        sent = return_reminders_send(by=by)
        self.stdout.write(f"Review returns: sent {sent['due_soon']} due-soon and {sent['overdue']} overdue reminders.")
        sent = death_review_reminders()
        self.stdout.write(f"Death reviews: sent {sent} deadline reminders.")
