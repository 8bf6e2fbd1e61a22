"""Pages of the decisions log and the action points: lists, records, progress updates and the CSV export."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core import csv_export
from core.access import require
from core.forms import apply_service_errors
from core.paging import paginate, sort
from core.responses import csv_response
from meetings import selectors, services
from meetings.forms_actions import (
    MADE_BY_CORRESPONDENCE,
    ActionEditForm,
    ActionFilter,
    ActionForm,
    ActionStatusFilter,
    AgreementFormSet,
    DecisionFilter,
    DecisionForm,
    ProgressForm,
)
from meetings.links import workplan_item_choices
from meetings.models import ActionPoint
from members.pages import partnership_page
from members.selectors import current_people, member_agencies, people_of
from partnership.selectors import groups_of

ITEM_CHOICE_DAYS = 366
ACTION_COLUMNS = {
    "due": ["due", "pk"],
    "owner": ["owner__last_name", "owner__first_name", "due", "pk"],
    "agency": ["agency__name", "due", "pk"],
}
CSV_HEADER = [
    "id",
    "action",
    "owner",
    "agency",
    "due",
    "status",
    "closed on",
    "meeting",
    "group",
    "confidential",
    "last update",
]


def _meetings(request, partnership):
    return selectors.meetings_visible_to(request.user, partnership).order_by("-starts_at")


def _groups(partnership):
    return groups_of(partnership, include_closed=True).order_by("name")


def _agencies(partnership):
    return member_agencies(partnership)


def _owners(partnership, current=None):
    """People who can own an action: in post, working for an agency. The current owner stays choosable."""
    people = people_of(partnership).filter(agency__isnull=False)
    if current is not None:
        return people.filter(left_on__isnull=True) | people.filter(pk=current.pk)
    return people.filter(left_on__isnull=True)


def _open_first(actions):
    closed_last = Case(When(status__in=ActionPoint.OPEN_STATUSES, then=Value(0)), default=Value(1))
    return actions.annotate(closed_last=closed_last).order_by("closed_last", "due", "pk")


def _updatable(request, actions):
    """Ids of the listed actions the viewer may log progress on (one query at most)."""
    if selectors.sees_everything(request.access):
        return {action.pk for action in actions}
    return selectors.updatable_action_ids(request.user, actions)


def _with_item(request, partnership, actions):
    """With each action's agenda item, and whether the viewer may see that item (see the selector)."""
    return selectors.with_item_visible(actions.select_related("item"), request.user, partnership)


# Decisions ------------------------------------------------------------------------------------------


@partnership_page()
@require_GET
def decisions(request, partnership):
    filters = DecisionFilter(
        request.GET or None,
        queryset=selectors.decisions_visible_to(request.user, partnership),
        groups=_groups(partnership),
        meetings=_meetings(request, partnership),
    )
    page = paginate(request, filters.qs)
    return render(
        request,
        "meetings/decisions/list.html",
        {"partnership": partnership, "filter": filters, "page_obj": page, "access": request.access},
    )


@partnership_page()
@require_GET
def decision_detail(request, partnership, pk):
    decision = selectors.decision_get_for_user(request.user, partnership, pk)
    return render(
        request,
        "meetings/decisions/detail.html",
        {"partnership": partnership, "decision": decision, "access": request.access},
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def decision_create(request, partnership):
    require(request.access.is_coordinator)
    return _decision_form(request, partnership, item=None)


@partnership_page()
@require_http_methods(["GET", "POST"])
def item_decision_create(request, partnership, pk):
    item = selectors.item_get_for_user(request.user, partnership, pk, change=True)
    return _decision_form(request, partnership, item=item)


def _decision_form(request, partnership, item):
    data = request.POST if request.method == "POST" else None
    # The rows of who agreed count only for a decision by correspondence; otherwise they are not even read.
    correspondence = item is None and data is not None and data.get("made") == MADE_BY_CORRESPONDENCE
    if item is None:
        recent = timezone.now() - datetime.timedelta(days=ITEM_CHOICE_DAYS)
        items = (
            selectors.items_visible_to(request.user, partnership)
            .filter(meeting__starts_at__gte=recent)
            .order_by("-meeting__starts_at", "meeting_id", "order", "pk")
        )
        initial = {"meeting": request.GET.get("meeting")} if request.GET.get("meeting") else {}
        form = DecisionForm(data, meetings=_meetings(request, partnership), items=items, initial=initial)
        people = current_people(partnership)
        formset = AgreementFormSet(data if correspondence else None, prefix="agreed", people=people)
    else:
        form, formset = DecisionForm(data, item=item), None
    if data is not None:
        form_ok = form.is_valid()
        rows_ok = formset.is_valid() if correspondence else True
        if form_ok and rows_ok:
            decision = _record_decision(request, partnership, form, formset if correspondence else None)
            if decision is not None:
                messages.success(request, "The decision has been recorded.")
                return redirect("meetings:decision", partnership.slug, decision.pk)
    return render(
        request,
        "meetings/decisions/form.html",
        {
            "partnership": partnership,
            "form": form,
            "formset": formset,
            "checked_formsets": [formset] if correspondence else [],
            "item": item,
        },
    )


def _record_decision(request, partnership, form, formset):
    """Call the service; put its errors next to the fields (who agreed: the first row). None on error."""
    data = form.cleaned_data
    agreed = formset.agreements() if formset is not None else []
    decided_on = data["decided_on"]
    if decided_on is None and agreed:
        decided_on = max(day for _, day in agreed)
    if decided_on is None and data["meeting"] is not None:
        decided_on = timezone.localdate(data["meeting"].starts_at)
    try:
        return services.decision_record(
            partnership=partnership,
            by=request.user,
            wording=data["wording"],
            binds=data["binds"],
            decided_on=decided_on or timezone.localdate(),
            meeting=data["meeting"],
            item=data["item"],
            by_correspondence=formset is not None,
            agreed_by=agreed,
            is_confidential=data["is_confidential"],
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "agreed_by" in error.error_dict and formset is not None:
            formset.forms[0].add_error("person", error.error_dict.pop("agreed_by"))
            if not error.error_dict:
                return None
        apply_service_errors(form, error)
        return None


# Action points: lists -------------------------------------------------------------------------------


def _filtered_actions(request, partnership):
    filters = ActionFilter(
        request.GET or None,
        queryset=_with_item(request, partnership, selectors.actions_visible_to(request.user, partnership)),
        agencies=_agencies(partnership),
        people=people_of(partnership),
        groups=_groups(partnership),
        meetings=_meetings(request, partnership),
    )
    ordered, current_sort = sort(request, filters.qs, ACTION_COLUMNS, "due")
    return filters, ordered, current_sort


@partnership_page()
@require_GET
def actions(request, partnership):
    filters, ordered, current_sort = _filtered_actions(request, partnership)
    page = paginate(request, ordered)
    return render(
        request,
        "meetings/actions/list.html",
        {
            "partnership": partnership,
            "filter": filters,
            "page_obj": page,
            "sort": current_sort,
            "updatable": _updatable(request, page.object_list),
            "access": request.access,
            "today": timezone.localdate(),
        },
    )


@partnership_page()
@require_GET
def my_actions(request, partnership):
    person = request.access.person
    mine = selectors.actions_visible_to(request.user, partnership)
    mine = mine.filter(owner=person) if person is not None else mine.none()
    page = paginate(request, _open_first(_with_item(request, partnership, mine)))
    return render(
        request,
        "meetings/actions/mine.html",
        {
            "partnership": partnership,
            "person": person,
            "page_obj": page,
            "updatable": _updatable(request, page.object_list),
            "access": request.access,
            "today": timezone.localdate(),
        },
    )


@partnership_page()
@require_GET
def agency_actions(request, partnership):
    person = request.access.person
    agency = person.agency if person is not None else None
    theirs = selectors.actions_visible_to(request.user, partnership)
    theirs = theirs.filter(agency=agency) if agency is not None else theirs.none()
    filters = ActionStatusFilter(request.GET or None, queryset=_with_item(request, partnership, theirs))
    page = paginate(request, _open_first(filters.qs))
    return render(
        request,
        "meetings/actions/agency.html",
        {
            "partnership": partnership,
            "agency": agency,
            "filter": filters,
            "page_obj": page,
            "updatable": _updatable(request, page.object_list),
            "access": request.access,
            "today": timezone.localdate(),
        },
    )


@partnership_page()
@require_GET
def actions_csv(request, partnership):
    _, ordered, _ = _filtered_actions(request, partnership)
    rows = selectors.with_last_update(ordered)
    today = timezone.localdate()
    response = csv_response(f"actions-{partnership.slug}-{today:%Y-%m-%d}.csv")
    writer = csv_export.writer(response)  # formulas defused
    writer.writerow(CSV_HEADER)
    for action in rows.iterator(chunk_size=500):
        meeting = action.meeting
        last_update = ""
        if action.last_update_at is not None:
            last_update = f"{timezone.localdate(action.last_update_at):%Y-%m-%d}: {action.last_update_note}"
        writer.writerow(
            [
                action.pk,
                action.description,
                action.owner.full_name,
                action.agency.name,
                f"{action.due:%Y-%m-%d}",
                action.get_status_display(),
                f"{action.closed_on:%Y-%m-%d}" if action.closed_on else "",
                f"{timezone.localdate(meeting.starts_at):%Y-%m-%d}" if meeting else "",
                meeting.group.name if meeting else "",
                "yes" if action.is_confidential else "no",
                last_update,
            ]
        )
    return response


# Action points: one action --------------------------------------------------------------------------


def _status_history(action):
    """Each change of status, newest first, from the action's history."""
    changes, previous = [], None
    for record in action.history.select_related("history_user__person").order_by("history_date", "history_id"):
        if record.status != previous:
            user = record.history_user
            changes.append(
                {
                    "date": record.history_date,
                    "status": ActionPoint.Status(record.status).label,
                    "who": (getattr(user, "person", None) or user) if user else "System",
                }
            )
        previous = record.status
    changes.reverse()
    return changes


@partnership_page()
@require_http_methods(["GET", "POST"])
def action_detail(request, partnership, pk):
    posting = request.method == "POST"
    action = selectors.action_get_for_user(request.user, partnership, pk, update=posting)
    person = request.access.person
    may_update = person is not None and (posting or selectors.can_update_action(request.user, request.access, action))
    if posting:
        # Progress is written in someone's name: a sign-in with no person record cannot log it.
        require(may_update)
    form = None
    if may_update:
        initial = {
            "status": ActionPoint.Status.IN_PROGRESS if action.status == ActionPoint.Status.OPEN else action.status
        }
        form = ProgressForm(request.POST if posting else None, initial=initial)
    if posting and form.is_valid():
        try:
            services.action_log_progress(action=action, author=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Your update has been saved.")
            return redirect("meetings:action", partnership.slug, action.pk)
    return render(
        request,
        "meetings/actions/detail.html",
        {
            "partnership": partnership,
            "action": action,
            "item_visible": selectors.action_item_visible(request.user, partnership, action),
            "form": form,
            "updates": action.updates.select_related("author__agency"),
            "status_history": _status_history(action),
            "access": request.access,
            "today": timezone.localdate(),
        },
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def action_create(request, partnership):
    require(request.access.is_coordinator or request.access.is_chair)
    return _action_form(request, partnership, item=None)


@partnership_page()
@require_http_methods(["GET", "POST"])
def item_action_create(request, partnership, pk):
    item = selectors.item_get_for_user(request.user, partnership, pk, add_action=True)
    return _action_form(request, partnership, item=item)


def _action_form(request, partnership, item):
    data = request.POST if request.method == "POST" else None
    if item is None:
        initial = {"meeting": request.GET.get("meeting")} if request.GET.get("meeting") else {}
        form = ActionForm(
            data,
            owners=_owners(partnership),
            meetings=_meetings(request, partnership),
            workplan_items=workplan_item_choices(partnership),
            initial=initial,
        )
    else:
        form = ActionForm(data, owners=_owners(partnership), workplan_items=workplan_item_choices(partnership))
    if data is not None and form.is_valid():
        fields = form.cleaned_data
        try:
            action = services.action_create(
                partnership=partnership,
                by=request.user,
                description=fields["description"],
                owner=fields["owner"],
                due=fields["due"],
                meeting=item.meeting if item is not None else fields["meeting"],
                item=item,
                workplan_item=fields.get("workplan_item"),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The action has been given to {action.owner.full_name}.")
            return redirect("meetings:action", partnership.slug, action.pk)
    asked = request.GET.get("meeting", "")
    return render(
        request,
        "meetings/actions/form.html",
        {
            "partnership": partnership,
            "form": form,
            "item": item,
            "back_meeting": int(asked) if asked.isdigit() else None,
        },
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def action_edit(request, partnership, pk):
    action = selectors.action_get_for_user(request.user, partnership, pk, change=True)
    title = action.description  # the form writes its input onto the action; the page keeps the saved wording
    form = ActionEditForm(
        request.POST or None,
        instance=action,
        owners=_owners(partnership, current=action.owner),
        workplan_items=workplan_item_choices(partnership, current=action.workplan_item_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                action=action, by=request.user, version=form.cleaned_data["version"], **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The action has been saved.")
            return redirect("meetings:action", partnership.slug, action.pk)
    return render(
        request,
        "meetings/actions/edit.html",
        {"partnership": partnership, "form": form, "action": action, "title": title},
    )
