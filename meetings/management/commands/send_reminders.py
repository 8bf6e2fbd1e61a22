"""Email due-soon and overdue reminders for open action points; run it from cron as often as you like."""

from django.core.management.base import BaseCommand

from meetings.services import reminders_send


class Command(BaseCommand):
    help = "Send each action point's due-soon and overdue reminder once."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"Sent {sent['due_soon']} due-soon and {sent['overdue']} overdue reminders.")
