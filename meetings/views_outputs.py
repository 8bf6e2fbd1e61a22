"""Outputs of meetings: agenda and minutes as PDF, meetings as iCalendar, and the page that gives a member
their personal calendar address."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from meetings import calendar, pdf, selectors
from members.pages import partnership_page
from partnership.selectors import group_get_for_user, groups_of


def _pdf_response(data, filename):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _ics_response(data, filename, *, private=False):
    response = HttpResponse(data, content_type=calendar.ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        # The address is the credential: keep the feed out of shared caches and search engines.
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response


@partnership_page(internal=False)
def agenda_pdf(request, partnership, pk):
    meeting = selectors.meeting_get_for_user(request.user, partnership, pk)
    data = pdf.agenda_pdf(request.user, meeting, request=request)
    return _pdf_response(data, pdf.filename("agenda", meeting))


@partnership_page(internal=False)
def minutes_pdf(request, partnership, pk):
    meeting = selectors.meeting_get_for_user(request.user, partnership, pk)
    data = pdf.minutes_pdf(request.user, meeting, request=request)
    return _pdf_response(data, pdf.filename("minutes", meeting))


@partnership_page(internal=False)
def meeting_ics(request, partnership, pk):
    meeting = selectors.meeting_get_for_user(request.user, partnership, pk)
    return _ics_response(calendar.meeting_ics(request.user, partnership, meeting), f"meeting-{meeting.pk}.ics")


@partnership_page(internal=False)
def group_ics(request, partnership, pk):
    group = group_get_for_user(request.user, partnership, pk)
    return _ics_response(calendar.group_ics(partnership, group), f"group-{group.pk}.ics")


@partnership_page(internal=False)
def person_ics(request, partnership, token):
    feed = calendar.calendar_feed_get_by_token(token)
    return _ics_response(calendar.person_ics(partnership, feed.person), "my-meetings.ics", private=True)


@partnership_page()
@require_http_methods(["GET", "POST"])
def calendar_page(request, partnership):
    person = request.access.person
    if request.method == "POST" and person is not None:
        if request.POST.get("action") == "reset":
            calendar.calendar_feed_reset(person=person, by=request.user)
            messages.success(request, "Your calendar has a new address. The old address no longer works.")
        else:
            calendar.calendar_feed_create(person=person, by=request.user)
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
