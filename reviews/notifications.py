"""Email about the annual review, through Django's email framework."""

from django.template.loader import render_to_string
from django.urls import reverse

from core.email import send_each
from core.links import absolute_url
from members.models import Person


def return_reminder(agency_return, threshold):
    """To the agency's lead officers and deputies (its leads group), each on their own."""
    people = Person.objects.filter(
        user__groups=agency_return.agency.leads_group, left_on__isnull=True, user__is_active=True
    ).exclude(email="")
    addresses = sorted({p.email for p in people})
    if not addresses:
        return 0
    review = agency_return.review
    path = reverse("reviews:return", args=[review.partnership.slug, agency_return.pk])
    body = render_to_string(
        "reviews/email/return_reminder.txt",
        {
            "return": agency_return,
            "review": review,
            "threshold": threshold,
            "url": absolute_url(path),
        },
    )
    subject = ("Review return overdue" if threshold == "overdue" else "Review return due soon") + f": {review}"
    return send_each(subject, body, addresses)
