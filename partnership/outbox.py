"""Email to many people, sent by a background worker (README, "Background work").

An app registers a composer in its AppConfig.ready(): a function that takes a record's id and returns
(subject, body, addresses) as they are at the time of sending; for an invitation it also makes the link.
A service queues an EmailBatch naming the composer and the record (partnership.services.email_batch_queue),
and the worker's task below composes the message and sends each address its own copy. Each address is
written down as its message goes, so running the task again (a retry, a second worker, the coordinator's
"try again") sends only to those not yet sent to.
"""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django_tasks import task

from core.tasks import retry_later
from core.writes import save_with_history
from partnership.models import EmailBatch

_composers = {}


def composer_register(name, compose):
    """Register `compose(object_id) -> (subject, body, addresses)` under `name` (an app's ready())."""
    _composers[name] = compose


def composer_names():
    return sorted(_composers)


def _finish(batch_id, **fields):
    with transaction.atomic():
        batch = EmailBatch.objects.select_for_update().get(pk=batch_id)
        for name, value in fields.items():
            setattr(batch, name, value)
        reason = {
            EmailBatch.State.SENT: f"Sent to {len(batch.delivered)} of {batch.recipients} people",
            EmailBatch.State.FAILED: "Could not be sent",
            EmailBatch.State.QUEUED: "Sending failed; trying again later",
        }[batch.state]
        return save_with_history(batch, by=None, reason=reason)


@task()
def email_batch_send(batch_id):
    """The worker's part: send the batch's message to each address not yet sent to. Retries itself after a
    mail server's failure (core.tasks.RETRY_DELAYS); after the last, the batch shows as failed."""
    batch = EmailBatch.objects.get(pk=batch_id)
    if batch.state == EmailBatch.State.SENT:
        return "already sent"
    subject, body, addresses = _composers[batch.composer](batch.object_id)
    delivered = list(batch.delivered)
    waiting = [address for address in addresses if address not in set(delivered)]
    attempt = batch.attempts + 1
    EmailBatch.objects.filter(pk=batch_id).update(attempts=attempt, recipients=len(set(addresses) | set(delivered)))
    try:
        with get_connection() as connection:
            for address in waiting:
                connection.send_messages([EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])])
                delivered.append(address)
                EmailBatch.objects.filter(pk=batch_id).update(delivered=delivered)
    except (smtplib.SMTPException, OSError) as error:
        again = retry_later(email_batch_send, batch_id, attempt=attempt)
        message = Truncator(f"{type(error).__name__}: {error}").chars(300)
        if again:
            _finish(batch_id, state=EmailBatch.State.QUEUED, error=message)
        else:
            _finish(batch_id, state=EmailBatch.State.FAILED, error=message, finished_at=timezone.now())
        raise
    _finish(batch_id, state=EmailBatch.State.SENT, error="", finished_at=timezone.now())
    return f"sent to {len(waiting)} (of {len(delivered)} in all)"
