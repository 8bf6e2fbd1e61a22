"""An email backend for tests of a mail server's partial refusal: Django's in-memory backend, refusing the
addresses listed in settings.TEST_REFUSED_ADDRESSES as an SMTP server refuses a recipient. (A server that
cannot be reached at all is tested with Django's real SMTP backend and a port nothing listens on.)"""

import smtplib

from django.conf import settings
from django.core.mail.backends import locmem


class RefusingBackend(locmem.EmailBackend):
    def send_messages(self, messages):
        refused_list = set(getattr(settings, "TEST_REFUSED_ADDRESSES", ()))
        for message in messages:
            refused = set(message.to) & refused_list
            if refused:
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(refused, (550, b"Mailbox unavailable")))
        return super().send_messages(messages)
