"""Pages that gather from every app: home, the partnership switcher, the dashboard, the audit log and
the history page of any record."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from casereviews import selectors as casereview_selectors
from core.access import require
from core.history import history_rows
from core.paging import paginate
from meetings import selectors as meeting_selectors
from meetings.models import Meeting
from members import selectors as member_selectors
from members.pages import partnership_page
from overview.forms import AuditFilter
from overview.selectors import audit_entries_for, recent_audit_entries, setup_checklist
from partnership.selectors import (
    email_batches_needing_attention,
    group_get_for_user,
    partnerships_listed,
    partnerships_visible_to,
)
from reviews import selectors as review_selectors
from workplan import selectors as workplan_selectors


def home(request):
    mine = list(partnerships_visible_to(request.user))
    if len(mine) == 1:
        return redirect(mine[0].get_absolute_url())
    if mine:
        return redirect("partnership:switch")
    partnerships = partnerships_listed()
    return render(request, "overview/home.html", {"partnerships": partnerships})


@login_required
def switch(request):
    return render(request, "overview/switch.html", {"partnerships": partnerships_visible_to(request.user)})


@partnership_page()
def dashboard(request, partnership):
    access = request.access
    total, counts = member_selectors.membership_counts(partnership)
    person = access.person
    my_roles = member_selectors.roles_of_person(partnership, person) if person else ([], [])
    attention = workplan_selectors.attention(partnership)
    my_actions = meeting_selectors.open_actions_of(request.user, partnership, person)
    upcoming, _ = meeting_selectors.upcoming_and_past(
        meeting_selectors.meetings_visible_to(request.user, partnership).exclude(status=Meeting.Status.POSTPONED)
    )
    return render(
        request,
        "overview/dashboard.html",
        {
            "partnership": partnership,
            "access": access,
            "counts": counts,
            "total": total,
            "without_lead": list(member_selectors.memberships_without_lead(partnership)[:50]),
            "person": person,
            "my_partnership_roles": [r for r in my_roles[0] if r.ended is None],
            "my_agency_roles": [r for r in my_roles[1] if r.ended is None],
            "recent": recent_audit_entries(partnership) if (access.is_coordinator or access.is_chair) else [],
            "checklist": setup_checklist(partnership) if access.is_coordinator else [],
            "failed_emails": list(email_batches_needing_attention(partnership)[:10]) if access.is_coordinator else [],
            "attention": list(attention[:8]),
            "attention_count": attention.count(),
            "my_actions": list(my_actions[:6]),
            "upcoming": list(upcoming[:3]),
            "my_returns": list(review_selectors.returns_to_complete_by(request.user, partnership)),
            "case_reviews": casereview_selectors.cases_in_progress(partnership) if access.can_view_internal else None,
        },
    )


@partnership_page()
def audit(request, partnership):
    require(request.access.is_coordinator or request.access.is_chair)
    people = member_selectors.people_of(partnership).filter(user__isnull=False)
    filters = AuditFilter(
        request.GET or None,
        queryset=audit_entries_for(partnership),
        people=people,
        agencies=member_selectors.member_agencies(partnership),
    )
    page = paginate(request, filters.qs)
    return render(
        request,
        "overview/audit.html",
        {"partnership": partnership, "filter": filters, "page_obj": page},
    )


def _history_target(request, partnership, kind, pk):
    if kind == "partnership":
        if pk != partnership.pk:
            raise Http404
        return partnership, "Partnership details"
    getters = {
        "group": lambda: group_get_for_user(request.user, partnership, pk),
        "agency": lambda: member_selectors.agency_get_for_user(request.user, partnership, pk),
        "person": lambda: member_selectors.person_get_for_user(request.user, partnership, pk),
        "membership": lambda: member_selectors.membership_get_for_user(request.user, partnership, pk),
        "partnershiprole": lambda: member_selectors.role_get_for_user(request.user, partnership, "partnership", pk),
        "agencyrole": lambda: member_selectors.role_get_for_user(request.user, partnership, "agency", pk),
        "meeting": lambda: meeting_selectors.meeting_get_for_user(request.user, partnership, pk),
        "agendaitem": lambda: meeting_selectors.item_get_for_user(request.user, partnership, pk),
        "decision": lambda: meeting_selectors.decision_get_for_user(request.user, partnership, pk),
        "actionpoint": lambda: meeting_selectors.action_get_for_user(request.user, partnership, pk),
        "workplanitem": lambda: workplan_selectors.item_get_for_user(request.user, partnership, pk),
        "indicator": lambda: workplan_selectors.indicator_get_for_user(request.user, partnership, pk),
        "annualreview": lambda: review_selectors.review_get_for_user(request.user, partnership, pk),
        "agencyreturn": lambda: review_selectors.return_get_for_user(request.user, partnership, pk),
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
        "overview/history.html",
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
