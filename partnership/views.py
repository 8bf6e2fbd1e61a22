"""Pages of the partnership itself: home, switcher, public page, dashboard, structure, audit, history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render

from meetings import selectors as meeting_selectors
from meetings.models import ActionPoint, Meeting
from members import selectors as member_selectors
from members.models import AgencyRole, Membership, StatutoryRole
from partnership import services
from partnership.decorators import partnership_page
from partnership.forms import AuditFilter, GroupForm, PartnershipForm, apply_service_errors
from partnership.history import history_rows
from partnership.models import Partnership
from partnership.paging import paginate
from partnership.selectors import (
    audit_entries_for,
    group_get_for_user,
    partnerships_for_user,
    require,
    structure_tree,
)
from reviews import selectors as review_selectors
from workplan import selectors as workplan_selectors


def home(request):
    mine = list(partnerships_for_user(request.user))
    if len(mine) == 1:
        return redirect(mine[0].get_absolute_url())
    if mine:
        return redirect("partnership:switch")
    partnerships = Partnership.objects.select_related("parent").order_by("name")
    return render(request, "partnership/home.html", {"partnerships": partnerships})


@login_required
def switch(request):
    return render(request, "partnership/switch.html", {"partnerships": partnerships_for_user(request.user)})


def _members_by_role(partnership):
    memberships = (
        Membership.objects.filter(partnership=partnership, left__isnull=True)
        .select_related("agency")
        .order_by("agency__name")
    )
    grouped = {value: [] for value in StatutoryRole.values}
    for membership in memberships:
        grouped[membership.statutory_role].append(membership)
    return [(StatutoryRole(value).label, items) for value, items in grouped.items() if items]


@partnership_page(internal=False)
def public(request, partnership):
    return render(
        request,
        "partnership/public.html",
        {
            "partnership": partnership,
            "tree": structure_tree(partnership),
            "members_by_role": _members_by_role(partnership),
            "contacts": member_selectors.public_contacts(partnership),
            "roles": member_selectors.current_partnership_roles(partnership).exclude(role="member"),
        },
    )


@partnership_page()
def dashboard(request, partnership):
    access = request.access
    current = Membership.objects.filter(partnership=partnership, left__isnull=True)
    counts = current.aggregate(
        total=Count("pk"),
        **{value: Count("pk", filter=Q(statutory_role=value)) for value in StatutoryRole.values},
    )
    without_lead = (
        current.exclude(
            agency__roles__in=AgencyRole.objects.current().filter(
                partnership=partnership, role=AgencyRole.Role.LEAD_OFFICER
            )
        )
        .select_related("agency")
        .order_by("agency__name")
    )
    person = access.person
    my_roles = member_selectors.roles_of_person(partnership, person) if person else ([], [])
    attention = workplan_selectors.attention(partnership)
    my_actions = (
        meeting_selectors.actions_visible_to(request.user, partnership)
        .filter(owner=person, status__in=ActionPoint.OPEN_STATUSES)
        .order_by("due")
        if person
        else ActionPoint.objects.none()
    )
    upcoming, _ = meeting_selectors.upcoming_and_past(
        meeting_selectors.meetings_visible_to(request.user, partnership).exclude(status=Meeting.Status.POSTPONED)
    )
    return render(
        request,
        "partnership/dashboard.html",
        {
            "partnership": partnership,
            "access": access,
            "counts": [(StatutoryRole(v).label, counts[v]) for v in StatutoryRole.values],
            "total": counts["total"],
            "without_lead": list(without_lead[:50]),
            "person": person,
            "my_partnership_roles": [r for r in my_roles[0] if r.ended is None],
            "my_agency_roles": [r for r in my_roles[1] if r.ended is None],
            "recent": audit_entries_for(partnership)[:8] if (access.is_coordinator or access.is_chair) else [],
            "attention": list(attention[:8]),
            "attention_count": attention.count(),
            "my_actions": list(my_actions[:6]),
            "upcoming": list(upcoming[:3]),
            "my_returns": list(review_selectors.my_returns(request.user, partnership)),
        },
    )


@partnership_page()
def structure(request, partnership):
    show_closed = request.GET.get("closed") == "1"
    return render(
        request,
        "partnership/structure.html",
        {
            "partnership": partnership,
            "tree": structure_tree(partnership, include_closed=show_closed),
            "show_closed": show_closed,
            "access": request.access,
        },
    )


@partnership_page()
def partnership_edit(request, partnership):
    require(request.access.is_coordinator)
    form = PartnershipForm(request.POST or None, instance=Partnership.objects.get(pk=partnership.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_update(
                partnership=partnership, by=request.user, version=form.cleaned_data["version"], **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The partnership's details have been saved.")
            return redirect("partnership:structure", partnership.slug)
    return render(request, "partnership/partnership_form.html", {"partnership": partnership, "form": form})


def _group_form(request, partnership, instance=None):
    return GroupForm(
        request.POST or None,
        instance=instance,
        partnership=partnership,
        people=member_selectors.people_list(partnership).filter(left_on__isnull=True),
    )


@partnership_page()
def group_create(request, partnership):
    require(request.access.is_coordinator)
    form = _group_form(request, partnership)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(partnership=partnership, by=request.user, **form.changes())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{group.name} has been added to the structure.")
            return redirect("partnership:group", partnership.slug, group.pk)
    return render(request, "partnership/group_form.html", {"partnership": partnership, "form": form})


@partnership_page()
def group_detail(request, partnership, pk):
    group = group_get_for_user(request.user, partnership, pk)
    children = group.children.select_related("lead__agency").order_by("name")
    return render(
        request,
        "partnership/group_detail.html",
        {"partnership": partnership, "group": group, "children": children, "access": request.access},
    )


@partnership_page()
def group_edit(request, partnership, pk):
    group = group_get_for_user(request.user, partnership, pk, change=True)
    form = _group_form(request, partnership, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(group=group, by=request.user, version=form.cleaned_data["version"], **form.changes())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{group.name} has been saved.")
            return redirect("partnership:group", partnership.slug, group.pk)
    return render(request, "partnership/group_form.html", {"partnership": partnership, "form": form, "group": group})


@partnership_page()
def audit(request, partnership):
    require(request.access.is_coordinator or request.access.is_chair)
    people = member_selectors.people_list(partnership).filter(user__isnull=False)
    filters = AuditFilter(
        request.GET or None,
        queryset=audit_entries_for(partnership),
        people=people,
        agencies=member_selectors.member_agencies(partnership),
    )
    page = paginate(request, filters.qs)
    return render(
        request,
        "partnership/audit.html",
        {"partnership": partnership, "filter": filters, "page_obj": page},
    )


def _history_target(request, partnership, kind, pk):
    from meetings import selectors as meetings
    from members import selectors as m
    from reviews import selectors as reviews
    from workplan import selectors as workplan

    if kind == "partnership":
        if pk != partnership.pk:
            raise Http404
        return partnership, "Partnership details"
    getters = {
        "group": lambda: group_get_for_user(request.user, partnership, pk),
        "agency": lambda: m.agency_get_for_user(request.user, partnership, pk),
        "person": lambda: m.person_get_for_user(request.user, partnership, pk),
        "membership": lambda: m.membership_get_for_user(request.user, partnership, pk),
        "partnershiprole": lambda: m.role_in_partnership(partnership, "partnership", pk),
        "agencyrole": lambda: m.role_in_partnership(partnership, "agency", pk),
        "meeting": lambda: meetings.meeting_get_for_user(request.user, partnership, pk),
        "agendaitem": lambda: meetings.item_get_for_user(request.user, partnership, pk),
        "decision": lambda: meetings.decision_get_for_user(request.user, partnership, pk),
        "actionpoint": lambda: meetings.action_get_for_user(request.user, partnership, pk),
        "workplanitem": lambda: workplan.item_get_for_user(request.user, partnership, pk),
        "indicator": lambda: workplan.indicator_get_for_user(request.user, partnership, pk),
        "annualreview": lambda: reviews.review_get_for_user(request.user, partnership, pk),
        "agencyreturn": lambda: reviews.return_get_for_user(request.user, partnership, pk),
    }
    if kind not in getters:
        raise Http404
    obj = getters[kind]()
    return obj, str(obj)


@partnership_page()
def history(request, partnership, kind, pk):
    obj, title = _history_target(request, partnership, kind, pk)
    return render(
        request,
        "partnership/history.html",
        {
            "partnership": partnership,
            "object": obj,
            "title": title,
            "rows": history_rows(
                obj, hide=lambda model, ids: meeting_selectors.hidden_ids(request.user, partnership, model, ids)
            ),
            "kind": kind,
        },
    )
