"""Pages of meetings: the list, the meeting page, planning a year, agendas and papers, need-to-know
sharing, attendance and quorum, and minutes from draft to publication."""

import datetime
import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core.access import require
from core.forms import apply_service_errors
from core.paging import paginate
from core.responses import file_response
from meetings import selectors, services
from meetings.forms import (
    AddAttendeeForm,
    AgendaItemForm,
    ApproveForm,
    AttendanceFormSet,
    CirculateForm,
    DateRangeForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesForm,
    PaperForm,
    PlanDatesForm,
    PlanRuleForm,
    QuorumForm,
    ShareForm,
    StatusForm,
    people_choices,
)
from meetings.models import AgendaItem, Attendance, Meeting, Minutes
from members import selectors as member_selectors
from members.forms import person_label
from members.pages import partnership_page
from partnership.selectors import group_get_for_user, groups_of

PLAN_NO_DATES = "The rule gives no dates between the first and last dates: check the day and week."

# Which state of the minutes each step starts from, who may take it, and what to say when it is done.
MINUTES_STEPS = {
    "circulate": (Minutes.State.DRAFT, "The draft minutes have been circulated to members."),
    "approve": (Minutes.State.CIRCULATED, "The minutes have been approved."),
    "publish": (Minutes.State.APPROVED, "The minutes have been published."),
}
MINUTES_VERBS = {"circulate": "circulated", "approve": "approved", "publish": "published"}


def _service_errors(form, error, rename):
    """Show a service's errors next to the form's own fields where the form names them differently."""
    if hasattr(error, "error_dict"):
        error = ValidationError({rename.get(name, name): errors for name, errors in error.error_dict.items()})
    apply_service_errors(form, error)


def _meeting_url(meeting, anchor=""):
    url = reverse("meetings:meeting", args=[meeting.partnership.slug, meeting.pk])
    return f"{url}#{anchor}" if anchor else url


# The list and the meeting page ---------------------------------------------------------------------


@partnership_page(internal=False)
def meetings(request, partnership):
    groups = groups_of(partnership, include_closed=True).order_by("name")
    filters = MeetingFilterForm(request.GET, groups=groups)
    visible = selectors.meetings_visible_to(request.user, partnership).select_related("postponed_to")
    group = filters.cleaned_data["group"] if filters.is_valid() else None
    if group is not None:
        visible = visible.filter(group=group)
    upcoming, past = selectors.upcoming_and_past(visible)
    return render(
        request,
        "meetings/meetings.html",
        {
            "partnership": partnership,
            "access": request.access,
            "filter": filters,
            "group": group,
            "upcoming": upcoming,
            "page_obj": paginate(request, past),
        },
    )


def _attendance_summary(records):
    present = [r for r in records if r.is_present]
    return {
        "recorded": bool(records),
        "present": present,
        "apologies": [r for r in records if r.status == Attendance.Status.APOLOGIES],
        "absent": [r for r in records if r.status == Attendance.Status.ABSENT],
    }


def _minutes_late(meeting):
    if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.POSTPONED) or meeting.starts_at > timezone.now():
        return False
    return selectors.circulated_late(meeting.minutes)


@partnership_page(internal=False)
def meeting(request, partnership, pk):
    meeting = selectors.meeting_get_for_user(request.user, partnership, pk)
    access = request.access
    items = list(selectors.meeting_items_visible_to(request.user, meeting))
    context = {
        "partnership": partnership,
        "meeting": meeting,
        "access": access,
        "items": items,
        "agenda_visible": selectors.agenda_visible(request.user, meeting),
        "minutes": selectors.minutes_visible(request.user, meeting),
    }
    if access.can_view_internal:
        records = list(
            meeting.attendance.select_related("person__agency", "substitute_for").order_by("person__last_name")
        )
        met, reasons = selectors.quorum_status(meeting)
        matters = list(selectors.matters_arising(meeting, request.user)[: MATTERS_SHOWN + 1])
        context.update(
            {
                "show_internal": True,
                "hidden_count": selectors.hidden_item_count(request.user, meeting),
                # The first MATTERS_SHOWN, due soonest; the rest are on the actions page (one row more says so).
                "matters": matters[:MATTERS_SHOWN],
                "matters_more": len(matters) > MATTERS_SHOWN,
                "matters_in_agenda": any(i.standing == AgendaItem.Standing.MATTERS_ARISING for i in items),
                "attendance": _attendance_summary(records),
                "quorum_rule": getattr(meeting.group, "quorum", None),
                "quorum_met": met,
                "quorum_reasons": reasons,
                "minutes_late": _minutes_late(meeting),
                "replaces": _predecessor(meeting),
                "is_past": meeting.starts_at <= timezone.now(),
            }
        )
    return render(request, "meetings/meeting.html", context)


MATTERS_SHOWN = 50


def _predecessor(meeting):
    """The meeting this one replaces, when it was made by postponing another."""
    try:
        return meeting.postponed_from
    except Meeting.DoesNotExist:
        return None


# Scheduling ----------------------------------------------------------------------------------------


@partnership_page()
def meeting_create(request, partnership):
    require(request.access.is_coordinator)
    form = MeetingForm(request.POST or None, partnership=partnership, groups=groups_of(partnership).order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(partnership=partnership, by=request.user, **form.changes())
        except ValidationError as error:
            _service_errors(form, error, {"starts_at": "date", "ends_at": "finishes"})
        else:
            messages.success(request, f"The meeting of {meeting.group.name} has been added, with the standing items.")
            return redirect("meetings:meeting", partnership.slug, meeting.pk)
    return render(request, "meetings/meeting_form.html", {"partnership": partnership, "form": form})


@partnership_page()
def meeting_edit(request, partnership, pk):
    meeting = selectors.meeting_get_for_user(request.user, partnership, pk, change=True)
    groups = groups_of(partnership, include_closed=True).filter(Q(is_archived=False) | Q(pk=meeting.group_id))
    form = MeetingForm(request.POST or None, instance=meeting, partnership=partnership, groups=groups.order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                meeting=meeting, by=request.user, version=form.cleaned_data["version"], **form.changes()
            )
        except ValidationError as error:
            _service_errors(form, error, {"starts_at": "date", "ends_at": "finishes"})
        else:
            messages.success(request, "The meeting's details have been saved.")
            return redirect("meetings:meeting", partnership.slug, meeting.pk)
    return render(request, "meetings/meeting_form.html", {"partnership": partnership, "form": form, "meeting": meeting})


@partnership_page()
def meeting_plan(request, partnership):
    """Plan a year in two steps: the rule, then the dates it gives (all ticked). The rule travels in
    hidden fields between the steps, so nothing is kept on the server until the meetings are made."""
    require(request.access.is_coordinator)
    groups = groups_of(partnership).order_by("name")
    step = request.POST.get("step") if request.method == "POST" else None
    rule = PlanRuleForm(request.POST if step else None, groups=groups)
    if step is None or step == "change" or not rule.is_valid():
        return render(request, "meetings/plan_rule.html", {"partnership": partnership, "form": rule})
    moments = rule.dates()
    if not moments:
        rule.add_error("week", PLAN_NO_DATES)
        return render(request, "meetings/plan_rule.html", {"partnership": partnership, "form": rule})
    form = PlanDatesForm(request.POST if step == "create" else None, moments=moments)
    if step == "create" and form.is_valid():
        data = rule.cleaned_data
        try:
            made = services.meetings_plan(
                partnership=partnership,
                group=data["group"],
                dates=form.chosen(),
                by=request.user,
                duration=datetime.timedelta(minutes=data["length"]) if data["length"] else None,
                location=data["location"],
                online_link=data["online_link"],
                is_public=data["is_public"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            added = "1 meeting has" if len(made) == 1 else f"{len(made)} meetings have"
            messages.success(request, f"{added} been added for {data['group'].name}.")
            url = reverse("meetings:meetings", args=[partnership.slug])
            return redirect(f"{url}?group={data['group'].pk}")
    return render(
        request,
        "meetings/plan_dates.html",
        {"partnership": partnership, "rule": rule, "form": form, "description": rule.describe()},
    )


@partnership_page()
def meeting_status(request, partnership, pk):
    meeting = selectors.meeting_get_for_user(request.user, partnership, pk, change=True)
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = meeting
        try:
            if data["action"] == StatusForm.HELD:
                services.meeting_mark_held(meeting=meeting, by=request.user)
                done = "The meeting is recorded as held."
            elif data["action"] == StatusForm.CANCEL:
                services.meeting_cancel(meeting=meeting, by=request.user, reason=data["reason"])
                done = "The meeting has been cancelled."
            else:
                target = services.meeting_postpone(
                    meeting=meeting, new_starts_at=data["new_starts_at"], by=request.user, reason=data["reason"]
                )
                done = "The meeting has been postponed. This is the new meeting, with the agenda moved to it."
        except ValidationError as error:
            _service_errors(form, error, {"new_starts_at": "new_date"})
        else:
            messages.success(request, done)
            return redirect("meetings:meeting", partnership.slug, target.pk)
    return render(
        request, "meetings/meeting_status.html", {"partnership": partnership, "form": form, "meeting": meeting}
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def agenda_publish(request, partnership, pk):
    meeting = selectors.meeting_get_for_user(request.user, partnership, pk, change=True)
    if request.method == "POST":
        try:
            services.agenda_publish(meeting=meeting, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The agenda has been published and members have been sent an email.")
        return redirect("meetings:meeting", partnership.slug, meeting.pk)
    items = list(selectors.meeting_items_visible_to(request.user, meeting))
    return render(
        request,
        "meetings/agenda_publish.html",
        {
            "partnership": partnership,
            "meeting": meeting,
            "public_items": [i for i in items if not i.is_confidential],
            "confidential_items": [i for i in items if i.is_confidential],
            "recipients": selectors.seats_at(meeting).count(),
        },
    )


# Agenda items ---------------------------------------------------------------------------------------


@partnership_page()
def item_create(request, partnership, pk):
    meeting = selectors.meeting_get_for_user(request.user, partnership, pk, change=True)
    form = AgendaItemForm(request.POST or None, people=member_selectors.current_people(partnership))
    if request.method == "POST" and form.is_valid():
        try:
            item = services.agenda_item_create(meeting=meeting, by=request.user, **form.changes())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"“{item.title}” has been added to the agenda.")
            return redirect(_meeting_url(meeting, f"item-{item.pk}"))
    return render(request, "meetings/item_form.html", {"partnership": partnership, "form": form, "meeting": meeting})


@partnership_page()
def item(request, partnership, pk):
    item = selectors.item_get_for_user(request.user, partnership, pk)
    access = request.access
    sees_everything = selectors.sees_everything(access)
    return render(
        request,
        "meetings/item.html",
        {
            "partnership": partnership,
            "item": item,
            "meeting": item.meeting,
            "access": access,
            "papers": selectors.papers_visible_to(request.user, partnership, item),
            "decisions": selectors.decisions_visible_to(request.user, partnership).filter(item=item),
            "actions": selectors.actions_visible_to(request.user, partnership).filter(item=item).order_by("due"),
            "shares": [s for s in selectors.shares_of(item) if s.is_current] if sees_everything else None,
            "sees_everything": sees_everything,
            "corrections": item.corrections.select_related("made_by__person").order_by("number"),
        },
    )


@partnership_page()
def item_edit(request, partnership, pk):
    item = selectors.item_get_for_user(request.user, partnership, pk, change=True)
    form = AgendaItemForm(request.POST or None, instance=item, people=member_selectors.current_people(partnership))
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(
                item=item, by=request.user, version=form.cleaned_data["version"], **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The agenda item has been saved.")
            return redirect("meetings:item", partnership.slug, item.pk)
    return render(
        request,
        "meetings/item_form.html",
        {"partnership": partnership, "form": form, "meeting": item.meeting, "item": item},
    )


@partnership_page()
@require_POST
def item_move(request, partnership, pk):
    item = selectors.item_get_for_user(request.user, partnership, pk, change=True)
    direction = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if direction is None:
        raise Http404("No such direction")
    services.agenda_item_move(item=item, by=request.user, direction=direction)
    return redirect(_meeting_url(item.meeting, f"item-{item.pk}"))


# Papers ---------------------------------------------------------------------------------------------


@partnership_page()
def paper_add(request, partnership, pk):
    item = selectors.item_get_for_user(request.user, partnership, pk, change=True)
    form = PaperForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            paper = services.paper_add(
                item=item, title=form.cleaned_data["title"], file=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"“{paper.title}” has been added to the item.")
            return redirect("meetings:item", partnership.slug, item.pk)
    return render(request, "meetings/paper_form.html", {"partnership": partnership, "form": form, "item": item})


@partnership_page(internal=False)
def paper(request, partnership, pk):
    paper = selectors.paper_get_for_user(request.user, partnership, pk)
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The paper's file is missing") from missing
    return file_response(handle, os.path.basename(paper.file.name))


@partnership_page()
@require_POST
def paper_withdraw(request, partnership, pk):
    paper = selectors.paper_get_for_user(request.user, partnership, pk, withdraw=True)
    services.paper_withdraw(paper=paper, by=request.user)
    messages.success(request, f"“{paper.title}” has been withdrawn. It stays in the record but is no longer shown.")
    return redirect("meetings:item", partnership.slug, paper.item_id)


# Need-to-know sharing -------------------------------------------------------------------------------


@partnership_page()
def item_share(request, partnership, pk):
    item = selectors.item_get_for_user(request.user, partnership, pk, share=True)
    form = ShareForm(
        request.POST or None,
        agencies=member_selectors.current_member_agencies(partnership),
        people=member_selectors.current_people(partnership).filter(user__isnull=False),
    )
    if request.method == "POST" and item.is_confidential and form.is_valid():
        try:
            share = services.item_share(
                item=item, by=request.user, agency=form.cleaned_data["agency"], person=form.cleaned_data["person"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The item is now shared with {share.agency or share.person}.")
            return redirect("meetings:item_share", partnership.slug, item.pk)
    shares = list(selectors.shares_of(item))
    return render(
        request,
        "meetings/item_share.html",
        {
            "partnership": partnership,
            "item": item,
            "form": form,
            "current": [s for s in shares if s.is_current],
            "revoked": [s for s in shares if not s.is_current],
        },
    )


@partnership_page()
@require_POST
def share_revoke(request, partnership, pk):
    share = selectors.share_get_for_user(request.user, partnership, pk, revoke=True)
    services.item_unshare(share=share, by=request.user)
    messages.success(request, f"{share.agency or share.person} can no longer see the item, unless cleared otherwise.")
    return redirect("meetings:item_share", partnership.slug, share.item_id)


# Attendance and quorum ------------------------------------------------------------------------------


def _quorum_message(meeting):
    met, reasons = selectors.quorum_status(meeting)
    if met is None:
        return "The group has no quorum rule."
    if met:
        return "The meeting was quorate."
    return "The meeting was not quorate: " + " ".join(reasons)


@partnership_page()
def attendance(request, partnership, pk):
    meeting = selectors.meeting_get_for_user(request.user, partnership, pk, change=True)
    expected = list(selectors.expected_attendees(meeting))
    substitutes = selectors.named_substitutes(meeting)
    recorded = {record.person_id: record for record in meeting.attendance.all()}
    everyone = list(member_selectors.current_people(partnership))
    people = {person.pk: person for person in [*everyone, *expected]}
    choices = people_choices(everyone)
    expected_ids = {person.pk for person in expected}
    initial = [
        {
            "person": person.pk,
            "status": recorded[person.pk].status if person.pk in recorded else "",
            "substitute_for": recorded[person.pk].substitute_for_id
            if person.pk in recorded
            else substitutes.get(person.pk),
        }
        for person in expected
    ]
    formset = AttendanceFormSet(
        request.POST or None,
        initial=initial,
        form_kwargs={"people_choices": choices, "names": {p.pk: person_label(p) for p in expected}},
    )
    extra = AddAttendeeForm(
        request.POST or None,
        people_choices=choices,
        others=[(p.pk, person_label(p)) for p in everyone if p.pk not in expected_ids],
    )
    if request.method == "POST" and formset.is_valid() and extra.is_valid():
        rows = [form.cleaned_data for form in formset if form.cleaned_data.get("person") in expected_ids]
        if extra.cleaned_data.get("person") in people:
            rows.append(extra.cleaned_data)
        entries = [
            (
                people[row["person"]],
                row["status"],
                people.get(row["substitute_for"]) if row["status"] == Attendance.Status.SUBSTITUTE else None,
            )
            for row in rows
            if row.get("status")
        ]
        try:
            services.attendance_record(meeting=meeting, entries=entries, by=request.user)
        except ValidationError as error:
            apply_service_errors(extra, error)
        else:
            messages.success(request, f"Attendance has been recorded. {_quorum_message(meeting)}")
            return redirect(_meeting_url(meeting, "attendance"))
    met, reasons = selectors.quorum_status(meeting)
    return render(
        request,
        "meetings/attendance.html",
        {
            "partnership": partnership,
            "meeting": meeting,
            "formset": formset,
            "extra": extra,
            "quorum_rule": getattr(meeting.group, "quorum", None),
            "quorum_met": met,
            "quorum_reasons": reasons,
        },
    )


@partnership_page()
def quorum_edit(request, partnership, pk):
    group = group_get_for_user(request.user, partnership, pk, change=True)
    rule = getattr(group, "quorum", None)
    initial = (
        {"minimum_present": rule.minimum_present, "every_responsible_authority": rule.every_responsible_authority}
        if rule
        else {"minimum_present": 3, "every_responsible_authority": True}
    )
    form = QuorumForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.quorum_set(group=group, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The quorum of {group.name} has been saved.")
            return redirect("meetings:quorum_edit", partnership.slug, group.pk)
    return render(
        request, "meetings/quorum_form.html", {"partnership": partnership, "form": form, "group": group, "rule": rule}
    )


@partnership_page()
def agency_attendance(request, partnership):
    form = DateRangeForm(request.GET or None)
    since = until = None
    if form.is_bound and form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    rows = [] if form.errors else selectors.agency_attendance(partnership, since=since, until=until)
    return render(
        request,
        "meetings/agency_attendance.html",
        {"partnership": partnership, "form": form, "rows": rows, "held": rows[0]["held"] if rows else None},
    )


# Minutes --------------------------------------------------------------------------------------------


@partnership_page()
def item_minutes(request, partnership, pk):
    item = selectors.item_get_for_user(request.user, partnership, pk, change=True)
    minutes = item.meeting.minutes
    form = MinutesForm(request.POST or None, initial={"discussion": item.discussion}, locked=minutes.is_locked)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_write(
                item=item,
                discussion=form.cleaned_data["discussion"],
                by=request.user,
                correction_reason=form.cleaned_data.get("correction_reason", ""),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The minutes of the item have been saved.")
            return redirect("meetings:item", partnership.slug, item.pk)
    return render(
        request,
        "meetings/item_minutes.html",
        {
            "partnership": partnership,
            "form": form,
            "item": item,
            "minutes": minutes,
            "corrections": item.corrections.select_related("made_by__person").order_by("number"),
        },
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def minutes_step(request, partnership, pk, step):
    if step not in MINUTES_STEPS:
        raise Http404("No such step")
    approving = step == "approve"
    meeting = selectors.meeting_get_for_user(
        request.user, partnership, pk, change=not approving, approve_minutes=approving
    )
    access = request.access
    minutes = meeting.minutes
    from_state, done = MINUTES_STEPS[step]
    form = None
    if step == "approve":
        form = ApproveForm(request.POST or None, meetings=selectors.approval_meetings(meeting).select_related("group"))
    elif step == "circulate" and meeting.agenda_published_at is None:
        form = CirculateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if step == "circulate":
                services.minutes_circulate(minutes=minutes, by=request.user)
            elif step == "approve":
                services.minutes_approve(
                    minutes=minutes, at_meeting=form.cleaned_data["at_meeting"], approver=access.person, by=request.user
                )
            else:
                services.minutes_publish(minutes=minutes, by=request.user)
        except ValidationError as error:
            if form is None or not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
                return redirect("meetings:meeting", partnership.slug, meeting.pk)
            apply_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("meetings:meeting", partnership.slug, meeting.pk)
    wrong_state = None
    if minutes.state != from_state:
        wrong_state = services.MINUTES_WRONG_STATE.format(
            state=minutes.get_state_display().lower(), verb=MINUTES_VERBS[step]
        )
    return render(
        request,
        "meetings/minutes_step.html",
        {
            "partnership": partnership,
            "meeting": meeting,
            "minutes": minutes,
            "step": step,
            "form": form,
            "wrong_state": wrong_state,
        },
    )
