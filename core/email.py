"""Sending email through Django's email framework (the console backend unless settings say otherwise)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection


def send_each(subject, body, recipients):
    """The same message to each address on its own, so no recipient sees another's address, over one
    connection. Returns how many were sent."""
    if not recipients:
        return 0
    messages = [EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
    return get_connection().send_messages(messages)
