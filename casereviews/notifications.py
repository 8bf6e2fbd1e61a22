"""Email about case reviews. A reminder names the case by its reference and the deadline only: never a
pseudonym, a name, a date of death or anything from the file, which the reader opens after signing in."""

from django.template.loader import render_to_string
from django.urls import reverse

from core.email import send_each
from core.links import absolute_url


def case_reminder(case, people, deadline_name, due, threshold):
    recipients = sorted({person.email for person in people if person.email})
    if not recipients:
        return 0
    overdue = threshold == "overdue"
    subject = f"{'Overdue' if overdue else 'Due soon'}: {deadline_name} for {case.reference}"
    body = render_to_string(
        "casereviews/email/reminder.txt",
        {
            "case": case,
            "deadline_name": deadline_name,
            "due": due,
            "overdue": overdue,
            "url": absolute_url(reverse("casereviews:death_review", args=[case.partnership.slug, case.pk])),
        },
    )
    return send_each(subject, body, recipients)
