"""Outputs of meetings: agenda and minutes as PDF, meetings as iCalendar, and the page that gives a member
their personal calendar address."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.responses import ical_response, pdf_response
from meetings import calendar, pdf, selectors, services
from members.pages import partnership_page
from partnership.selectors import group_get_for_user, groups_of


def _secret_feed_response(data, filename):
    response = ical_response(data, filename)
    # The address is the credential: private (as every output but a public one) and out of search engines.
    response["X-Robots-Tag"] = "noindex"
    return response


@partnership_page(internal=False)
def agenda_pdf(request, partnership, pk):
    meeting = selectors.meeting_get_for_user(request.user, partnership, pk)
    data = pdf.agenda_pdf(request.user, meeting, request=request)
    return pdf_response(data, pdf.filename("agenda", meeting))


@partnership_page(internal=False)
def minutes_pdf(request, partnership, pk):
    meeting = selectors.meeting_get_for_user(request.user, partnership, pk)
    data = pdf.minutes_pdf(request.user, meeting, request=request)
    return pdf_response(data, pdf.filename("minutes", meeting))


@partnership_page(internal=False)
def meeting_ics(request, partnership, pk):
    meeting = selectors.meeting_get_for_user(request.user, partnership, pk)
    # Not public: members' events carry the online link that the public's do not.
    return ical_response(calendar.meeting_ics(request.user, partnership, meeting), f"meeting-{meeting.pk}.ics")


@partnership_page(internal=False)
def group_ics(request, partnership, pk):
    group = group_get_for_user(request.user, partnership, pk)
    # The same feed for everyone (see calendar.group_ics): a shared cache may keep it.
    return ical_response(calendar.group_ics(partnership, group), f"group-{group.pk}.ics", public=True)


@partnership_page(internal=False)
def person_ics(request, partnership, token):
    feed = calendar.calendar_feed_get_by_token(token)
    return _secret_feed_response(calendar.person_ics(partnership, feed.person), "my-meetings.ics")


@partnership_page()
@require_http_methods(["GET", "POST"])
def calendar_page(request, partnership):
    person = request.access.person
    if request.method == "POST" and person is not None:
        if request.POST.get("action") == "reset":
            services.calendar_feed_reset(person=person, by=request.user)
            messages.success(request, "Your calendar has a new address. The old address no longer works.")
        else:
            services.calendar_feed_create(person=person, by=request.user)
            messages.success(request, "Your calendar address is ready.")
        return redirect("meetings:calendar", partnership.slug)
    feed = calendar.calendar_feed_of(person)
    feed_url = calendar.absolute(reverse("meetings:person_ics", args=[partnership.slug, feed.token])) if feed else ""
    groups = [
        (group, calendar.absolute(reverse("meetings:group_ics", args=[partnership.slug, group.pk])))
        for group in groups_of(partnership).order_by("name")
    ]
    return render(
        request,
        "meetings/calendar.html",
        {"partnership": partnership, "person": person, "feed": feed, "feed_url": feed_url, "groups": groups},
    )
