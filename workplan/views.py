"""Pages of the workplan: the plan by priority, by agency and by officer, what needs attention, each item
with its progress, the coordinator's forms, and the indicators with their values."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.access import require
from core.forms import apply_service_errors
from core.paging import paginate
from meetings.selectors import actions_visible_to
from members.pages import partnership_page
from members.selectors import current_member_agencies, current_officers, member_agencies, people_of
from workplan import selectors, services
from workplan.forms import (
    AgencyChoiceForm,
    CommentForm,
    IndicatorForm,
    IndicatorValueForm,
    ItemForm,
    MilestoneDoneForm,
    MilestoneForm,
    ObjectiveForm,
    OfficerChoiceForm,
    PriorityForm,
    ProgressForm,
    ResourceForm,
    SupporterForm,
    WorkplanForm,
)
from workplan.models import STALE_AFTER_WEEKS, Indicator, ProgressUpdate, Workplan, WorkplanItem

STATUSES = WorkplanItem.Status


# Shared helpers -------------------------------------------------------------------------------------


def _chosen_plan(request, partnership):
    """The plan named by `?plan=`, else the current plan (None when the partnership has none)."""
    pk = request.GET.get("plan", "")
    if pk.isdigit():
        return selectors.workplan_get_for_user(request.user, partnership, int(pk))
    return selectors.current_workplan(partnership)


def _status_table(items, by, groups):
    """Rows of (label, [count per status], total) for `groups` in order, then a total row."""
    counts = selectors.status_counts(items, by)
    rows, totals = [], [0] * len(STATUSES.values)
    for label in groups:
        cells = [counts.get(label, {}).get(value, 0) for value in STATUSES.values]
        totals = [a + b for a, b in zip(totals, cells, strict=True)]
        rows.append({"label": label, "counts": cells, "total": sum(cells)})
    return {"rows": rows, "totals": totals, "total": sum(totals), "statuses": STATUSES.labels}


def _no_plan(request, partnership):
    return render(request, "workplan/no_plan.html", {"partnership": partnership, "access": request.access})


def _may_update(request, items):
    """Ids of the listed items whose progress the viewer may log (one query at most)."""
    if request.access.is_coordinator:
        return {item.pk for item in items}
    return selectors.updatable_item_ids(request.user, [item.pk for item in items])


# The plan -------------------------------------------------------------------------------------------


@partnership_page()
@require_GET
def plan(request, partnership):
    current = selectors.current_workplan(partnership)
    if current is None:
        return _no_plan(request, partnership)
    return _plan_page(request, partnership, current)


@partnership_page()
@require_GET
def workplan(request, partnership, pk):
    return _plan_page(request, partnership, selectors.workplan_get_for_user(request.user, partnership, pk))


def _plan_page(request, partnership, plan):
    priorities = list(selectors.plan_tree(plan))
    items = selectors.items_of(partnership).filter(workplan=plan)
    return render(
        request,
        "workplan/plan.html",
        {
            "partnership": partnership,
            "plan": plan,
            "priorities": priorities,
            "summary": _status_table(items, "priority", [p.title for p in priorities]),
            "annual_plans": plan.annual_plans.order_by("starts") if plan.kind == Workplan.Kind.STRATEGY else [],
            "access": request.access,
            "stale_weeks": STALE_AFTER_WEEKS,
            "view": "priority",
        },
    )


@partnership_page()
@require_GET
def workplans(request, partnership):
    plans = selectors.workplans_visible_to(request.user, partnership).order_by("-starts", "title")
    current = selectors.current_workplan(partnership)
    return render(
        request,
        "workplan/workplans.html",
        {"partnership": partnership, "plans": plans, "current": current, "access": request.access},
    )


def _strategies(request, partnership):
    return selectors.workplans_visible_to(request.user, partnership).filter(kind=Workplan.Kind.STRATEGY)


@partnership_page()
@require_http_methods(["GET", "POST"])
def workplan_create(request, partnership):
    require(request.access.is_coordinator)
    form = WorkplanForm(request.POST or None, partnership=partnership, strategies=_strategies(request, partnership))
    if request.method == "POST" and form.is_valid():
        try:
            created = services.workplan_create(partnership=partnership, by=request.user, **form.changes())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{created.title} has been created. Add its priorities next.")
            return redirect("workplan:workplan", partnership.slug, created.pk)
    return _form_page(request, partnership, form, title="Create a plan", submit="Create the plan")


@partnership_page()
@require_http_methods(["GET", "POST"])
def workplan_edit(request, partnership, pk):
    plan = selectors.workplan_get_for_user(request.user, partnership, pk, change=True)
    name = plan.title
    form = WorkplanForm(
        request.POST or None, instance=plan, partnership=partnership, strategies=_strategies(request, partnership)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.workplan_update(
                workplan=plan, by=request.user, version=form.cleaned_data["version"], **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The plan has been saved.")
            return redirect("workplan:workplan", partnership.slug, plan.pk)
    return _form_page(
        request, partnership, form, title="Change the plan", caption=name, back=_plan_url(partnership, plan)
    )


def _plan_url(partnership, plan, anchor=""):
    return reverse("workplan:workplan", args=[partnership.slug, plan.pk]) + anchor


def _item_url(partnership, item, anchor=""):
    return reverse("workplan:item", args=[partnership.slug, item.pk]) + anchor


def _form_page(request, partnership, form, *, title, caption="", back=None, submit="Save", intro=""):
    return render(
        request,
        "workplan/form.html",
        {
            "partnership": partnership,
            "form": form,
            "title": title,
            "caption": caption,
            "back": back,
            "submit": submit,
            "intro": intro,
        },
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def priority_create(request, partnership, pk):
    plan = selectors.workplan_get_for_user(request.user, partnership, pk, change=True)
    form = PriorityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            priority = services.priority_create(workplan=plan, by=request.user, **form.changes())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The priority {priority.title} has been added. Add its objectives next.")
            return redirect(_plan_url(partnership, plan, f"#priority-{priority.pk}"))
    return _form_page(
        request,
        partnership,
        form,
        title="Add a priority",
        caption=plan.title,
        back=_plan_url(partnership, plan),
        submit="Add the priority",
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def priority_edit(request, partnership, pk):
    priority = selectors.priority_get_for_user(request.user, partnership, pk, change=True)
    back = _plan_url(partnership, priority.workplan, f"#priority-{priority.pk}")
    name = priority.title
    form = PriorityForm(request.POST or None, instance=priority)
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_update(
                priority=priority, by=request.user, version=form.cleaned_data["version"], **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The priority has been saved.")
            return redirect(back)
    return _form_page(request, partnership, form, title="Change the priority", caption=name, back=back)


@partnership_page()
@require_http_methods(["GET", "POST"])
def objective_create(request, partnership, pk):
    priority = selectors.priority_get_for_user(request.user, partnership, pk, change=True)
    form = ObjectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            objective = services.objective_create(priority=priority, by=request.user, **form.changes())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The objective {objective.title} has been added.")
            return redirect(_plan_url(partnership, priority.workplan, f"#objective-{objective.pk}"))
    return _form_page(
        request,
        partnership,
        form,
        title="Add an objective",
        caption=priority.title,
        back=_plan_url(partnership, priority.workplan, f"#priority-{priority.pk}"),
        submit="Add the objective",
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def objective_edit(request, partnership, pk):
    objective = selectors.objective_get_for_user(request.user, partnership, pk, change=True)
    back = _plan_url(partnership, objective.priority.workplan, f"#objective-{objective.pk}")
    name = objective.title
    form = ObjectiveForm(request.POST or None, instance=objective)
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_update(
                objective=objective, by=request.user, version=form.cleaned_data["version"], **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The objective has been saved.")
            return redirect(back)
    return _form_page(request, partnership, form, title="Change the objective", caption=name, back=back)


# Other views of the plan ----------------------------------------------------------------------------


@partnership_page()
@require_GET
def by_agency(request, partnership):
    plan = _chosen_plan(request, partnership)
    if plan is None:
        return _no_plan(request, partnership)
    agencies = member_agencies(partnership)
    form = AgencyChoiceForm(request.GET if "agency" in request.GET else None, agencies=agencies)
    agency = None
    if form.is_bound:
        agency = form.cleaned_data["agency"] if form.is_valid() else None
    else:
        person = request.access.person
        agency = agencies.filter(pk=person.agency_id).first() if person is not None and person.agency_id else None
        form = AgencyChoiceForm(initial={"agency": agency}, agencies=agencies)
    commitments = selectors.agency_commitments(plan, agency) if agency is not None else None
    led = list(commitments["led"]) if commitments else []
    supported = list(commitments["supported"]) if commitments else []
    items = selectors.items_of(partnership).filter(workplan=plan)
    lead_names = list(agencies.filter(pk__in=items.values("lead_agency_id")).values_list("name", flat=True))
    return render(
        request,
        "workplan/by_agency.html",
        {
            "partnership": partnership,
            "plan": plan,
            "form": form,
            "agency": agency,
            "led": led,
            "supported": supported,
            "resources": list(commitments["resources"]) if commitments else [],
            "may_update": _may_update(request, led + [s.item for s in supported]),
            "summary": _status_table(items, "agency", lead_names),
            "access": request.access,
            "stale_weeks": STALE_AFTER_WEEKS,
            "view": "agency",
        },
    )


@partnership_page()
@require_GET
def by_officer(request, partnership):
    plan = _chosen_plan(request, partnership)
    if plan is None:
        return _no_plan(request, partnership)
    items = selectors.items_of(partnership).filter(workplan=plan)
    me = request.access.person
    responsible = Q(pk__in=items.values("responsible_officer_id"))
    people = people_of(partnership).filter(responsible | Q(pk=me.pk) if me is not None else responsible)
    form = OfficerChoiceForm(request.GET if "officer" in request.GET else None, people=people)
    officer = None
    if form.is_bound:
        officer = form.cleaned_data["officer"] if form.is_valid() else None
    else:
        officer = me
        form = OfficerChoiceForm(initial={"officer": me}, people=people)
    theirs = list(items.filter(responsible_officer=officer)) if officer is not None else []
    return render(
        request,
        "workplan/by_officer.html",
        {
            "partnership": partnership,
            "plan": plan,
            "form": form,
            "officer": officer,
            "is_me": officer is not None and me is not None and officer.pk == me.pk,
            "items": theirs,
            "may_update": _may_update(request, theirs),
            "access": request.access,
            "stale_weeks": STALE_AFTER_WEEKS,
            "view": "officer",
        },
    )


@partnership_page()
@require_GET
def attention(request, partnership):
    plan = _chosen_plan(request, partnership)
    if plan is None:
        return _no_plan(request, partnership)
    page = paginate(request, selectors.attention(partnership, plan))
    return render(
        request,
        "workplan/attention.html",
        {
            "partnership": partnership,
            "plan": plan,
            "page_obj": page,
            "may_update": _may_update(request, page.object_list),
            "access": request.access,
            "stale_weeks": STALE_AFTER_WEEKS,
            "view": "attention",
        },
    )


# One item -------------------------------------------------------------------------------------------


@partnership_page()
@require_GET
def item(request, partnership, pk):
    return _item_page(request, partnership, selectors.item_get_for_user(request.user, partnership, pk))


def _item_page(request, partnership, item, *, progress_form=None, comment_form=None):
    access = request.access
    rights = selectors.item_rights(request.user, access, item)
    # Progress and comments are written in someone's name: a sign-in with no person record cannot add them.
    has_person = access.person is not None
    if progress_form is None and rights["update"] and has_person:
        progress_form = ProgressForm(initial={"status": item.status})
    if comment_form is None and rights["comment"] and has_person:
        comment_form = CommentForm(prefix="comment")
    detail = selectors.item_detail(item)
    history = [
        {"made_at": row["made_at"], "status": STATUSES(row["status"]).label} for row in selectors.status_over_time(item)
    ]
    history.reverse()
    return render(
        request,
        "workplan/item.html",
        {
            "partnership": partnership,
            "item": item,
            "rights": rights,
            "progress_form": progress_form,
            "comment_form": comment_form,
            "forms": [f for f in (progress_form, comment_form) if f is not None],
            "supporters": list(detail["supporters"]),
            "resources": list(detail["resources"]),
            "milestones": list(detail["milestones"]),
            "updates": list(detail["updates"]),
            "status_history": history,
            "actions": list(actions_visible_to(request.user, partnership).filter(workplan_item=item)),
            "back": _plan_url(partnership, item.workplan, f"#objective-{item.objective_id}"),
            "today": timezone.localdate(),
            "access": access,
            "stale_weeks": STALE_AFTER_WEEKS,
        },
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def item_progress(request, partnership, pk):
    item = selectors.item_get_for_user(request.user, partnership, pk, update=True)
    require(request.access.person is not None)
    if request.method == "GET":
        return redirect(_item_url(partnership, item, "#progress"))
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.progress_log(item=item, author=request.access.person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Your progress update has been saved.")
            return redirect("workplan:item", partnership.slug, item.pk)
    return _item_page(request, partnership, item, progress_form=form)


@partnership_page()
@require_http_methods(["GET", "POST"])
def item_comment(request, partnership, pk):
    item = selectors.item_get_for_user(request.user, partnership, pk, comment=True)
    require(request.access.person is not None)
    if request.method == "GET":
        return redirect(_item_url(partnership, item, "#comment"))
    form = CommentForm(request.POST, prefix="comment")
    if form.is_valid():
        try:
            services.progress_log(
                item=item,
                author=request.access.person,
                by=request.user,
                narrative=form.cleaned_data["narrative"],
                kind=ProgressUpdate.Kind.COMMENT,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Your comment has been added.")
            return redirect("workplan:item", partnership.slug, item.pk)
    return _item_page(request, partnership, item, comment_form=form)


def _item_form(request, partnership, plan, instance=None):
    initial = {"objective": request.GET.get("objective")} if instance is None and request.GET.get("objective") else None
    return ItemForm(
        request.POST or None,
        instance=instance,
        initial=initial,
        workplan=plan,
        objectives=selectors.objectives_of(plan),
        agencies=current_member_agencies(partnership, keep=instance.lead_agency_id if instance else None),
        people=current_officers(partnership, keep=instance.responsible_officer_id if instance else None),
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def item_create(request, partnership, pk):
    plan = selectors.workplan_get_for_user(request.user, partnership, pk, change=True)
    form = _item_form(request, partnership, plan)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.item_create(
                workplan=plan, by=request.user, supporters=form.cleaned_data["supporters"], **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The item has been added and given to {created.lead_agency}.")
            return redirect("workplan:item", partnership.slug, created.pk)
    return _form_page(
        request,
        partnership,
        form,
        title="Add an item",
        caption=plan.title,
        back=_plan_url(partnership, plan),
        submit="Add the item",
        intro="The lead agency's officers will be able to log progress on it, and the supporting agencies' "
        "officers to comment.",
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def item_edit(request, partnership, pk):
    item = selectors.item_get_for_user(request.user, partnership, pk, change=True)
    name = item.title
    form = _item_form(request, partnership, item.workplan, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(item=item, by=request.user, version=form.cleaned_data["version"], **form.changes())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The item has been saved.")
            return redirect("workplan:item", partnership.slug, item.pk)
    return _form_page(
        request,
        partnership,
        form,
        title="Change the item",
        caption=name,
        back=_item_url(partnership, item),
        intro="A new lead agency takes over the right to log progress on the item.",
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def milestone_add(request, partnership, pk):
    item = selectors.item_get_for_user(request.user, partnership, pk, change=True)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_add(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The milestone has been added.")
            return redirect(_item_url(partnership, item, "#milestones"))
    return _form_page(
        request,
        partnership,
        form,
        title="Add a milestone",
        caption=item.title,
        back=_item_url(partnership, item, "#milestones"),
        submit="Add the milestone",
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def milestone_done(request, partnership, pk, milestone):
    item = selectors.item_get_for_user(request.user, partnership, pk, update=True)
    reached = item.milestones.filter(pk=milestone).first()
    if reached is None:
        raise Http404("No such milestone")
    form = MilestoneDoneForm(request.POST or None, initial={"done_on": reached.done_on} if reached.done_on else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_complete(milestone=reached, done_on=form.cleaned_data["done_on"], by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The milestone {reached.title} is marked as reached.")
            return redirect(_item_url(partnership, item, "#milestones"))
    return _form_page(
        request,
        partnership,
        form,
        title="Mark a milestone as reached",
        caption=f"{item.title}: {reached.title}",
        back=_item_url(partnership, item, "#milestones"),
        submit="Mark as reached",
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def supporter_add(request, partnership, pk):
    item = selectors.item_get_for_user(request.user, partnership, pk, change=True)
    agencies = (
        current_member_agencies(partnership)
        .exclude(pk=item.lead_agency_id)
        .exclude(workplan_items_supported__item=item)
    )
    form = SupporterForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            supporter = services.supporter_add(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{supporter.agency} now supports the item; its officers can comment on it.")
            return redirect(_item_url(partnership, item, "#supporters"))
    return _form_page(
        request,
        partnership,
        form,
        title="Add a supporting agency",
        caption=item.title,
        back=_item_url(partnership, item, "#supporters"),
        submit="Add the agency",
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def supporter_remove(request, partnership, pk, supporter):
    item = selectors.item_get_for_user(request.user, partnership, pk, change=True)
    support = item.supporters.filter(pk=supporter).select_related("agency").first()
    if support is None:
        raise Http404("No such supporting agency")
    if request.method == "POST":
        services.supporter_remove(supporter=support, by=request.user)
        messages.success(request, f"{support.agency} no longer supports the item.")
        return redirect(_item_url(partnership, item, "#supporters"))
    return render(
        request,
        "workplan/supporter_remove.html",
        {
            "partnership": partnership,
            "item": item,
            "support": support,
            "back": _item_url(partnership, item, "#supporters"),
        },
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def resource_add(request, partnership, pk):
    item = selectors.item_get_for_user(request.user, partnership, pk, change=True)
    form = ResourceForm(request.POST or None, agencies=current_member_agencies(partnership))
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_commit(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The resource has been recorded.")
            return redirect(_item_url(partnership, item, "#resources"))
    return _form_page(
        request,
        partnership,
        form,
        title="Record a resource committed",
        caption=item.title,
        back=_item_url(partnership, item, "#resources"),
        submit="Record the resource",
    )


# Indicators -----------------------------------------------------------------------------------------


def _trend(indicator, values):
    """The latest value, whether it meets the target, and how it moved since the one before."""
    latest = values[-1] if values else None
    previous = values[-2] if len(values) > 1 else None
    trend = None
    if latest is not None and previous is not None:
        if latest.value == previous.value:
            trend = {"word": "No change", "since": previous, "better": None}
        else:
            up = latest.value > previous.value
            better = up == (indicator.direction == Indicator.Direction.UP)
            trend = {"word": "Up" if up else "Down", "since": previous, "better": better}
    return {
        "latest": latest,
        "meets": indicator.meets_target(latest.value) if latest is not None else None,
        "trend": trend,
    }


@partnership_page()
@require_GET
def indicators(request, partnership):
    listed = list(selectors.indicators_visible_to(request.user, partnership))
    series = selectors.indicator_series(listed)
    if request.access.is_coordinator:
        enterable = {indicator.pk for indicator in listed}
    else:
        enterable = selectors.enterable_indicator_ids(request.user, [indicator.pk for indicator in listed])
    rows = [
        {"indicator": one, "may_enter": one.pk in enterable, **_trend(one, series.get(one.pk, []))} for one in listed
    ]
    return render(
        request,
        "workplan/indicators.html",
        {"partnership": partnership, "rows": rows, "access": request.access},
    )


@partnership_page()
@require_GET
def indicator(request, partnership, pk):
    found = selectors.indicator_get_for_user(request.user, partnership, pk)
    values = selectors.indicator_values(found)
    for value in values:
        value.meets = found.meets_target(value.value)
    access = request.access
    return render(
        request,
        "workplan/indicator.html",
        {
            "partnership": partnership,
            "indicator": found,
            "values": list(reversed(values)),
            "summary": _trend(found, values),
            "may_enter": selectors.can_enter_values(request.user, access, found),
            "access": access,
        },
    )


def _indicator_form(request, partnership, instance=None):
    taken = selectors.indicators_visible_to(request.user, partnership)
    if instance is not None:
        taken = taken.exclude(pk=instance.pk)
    return IndicatorForm(
        request.POST or None,
        instance=instance,
        partnership=partnership,
        agencies=current_member_agencies(partnership, keep=instance.agency_id if instance else None),
        priorities=selectors.priorities_in(partnership),
        taken_names={name.casefold() for name in taken.values_list("name", flat=True)},
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def indicator_create(request, partnership):
    require(request.access.is_coordinator)
    form = _indicator_form(request, partnership)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.indicator_create(partnership=partnership, by=request.user, **form.changes())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{created.name} has been added: {created.agency}'s officers enter its values.")
            return redirect("workplan:indicator", partnership.slug, created.pk)
    return _form_page(
        request,
        partnership,
        form,
        title="Add an indicator",
        back=reverse("workplan:indicators", args=[partnership.slug]),
        submit="Add the indicator",
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def indicator_edit(request, partnership, pk):
    found = selectors.indicator_get_for_user(request.user, partnership, pk, change=True)
    name = found.name
    form = _indicator_form(request, partnership, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(
                indicator=found, by=request.user, version=form.cleaned_data["version"], **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The indicator has been saved.")
            return redirect("workplan:indicator", partnership.slug, found.pk)
    return _form_page(
        request,
        partnership,
        form,
        title="Change the indicator",
        caption=name,
        back=reverse("workplan:indicator", args=[partnership.slug, found.pk]),
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def indicator_value(request, partnership, pk):
    found = selectors.indicator_get_for_user(request.user, partnership, pk, enter_values=True)
    form = IndicatorValueForm(request.POST or None, unit=found.unit)
    if request.method == "POST" and form.is_valid():
        try:
            recorded = services.indicator_value_record(indicator=found, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The value for {recorded.period:%B %Y} has been saved.")
            return redirect("workplan:indicator", partnership.slug, found.pk)
    return _form_page(
        request,
        partnership,
        form,
        title="Enter a value",
        caption=found.name,
        back=reverse("workplan:indicator", args=[partnership.slug, found.pk]),
        submit="Save the value",
    )
