"""Delete security events older than SECURITY_LOG_RETENTION_DAYS (default 730: two years). Run it daily
from cron beside send_reminders. The only deletion of the log; history of records is never pruned."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from security.models import SecurityEvent


class Command(BaseCommand):
    help = "Delete security log events older than the retention period (SECURITY_LOG_RETENTION_DAYS)."

    def handle(self, *args, **options):
        days = settings.SECURITY_LOG_RETENTION_DAYS
        cutoff = timezone.now() - datetime.timedelta(days=days)
        deleted, _ = SecurityEvent.objects.all().prune_before(cutoff)
        self.stdout.write(f"{deleted} security events older than {days} days deleted.")
