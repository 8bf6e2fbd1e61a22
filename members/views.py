"""Pages of the partner register: partners, agencies, people, roles and handover."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.access import require
from core.forms import apply_service_errors
from core.paging import paginate, sort
from members import selectors, services
from members import selectors_invitations as invitation_selectors
from members.forms import (
    AgencyForm,
    AgencyRoleForm,
    HandoverForm,
    MembershipForm,
    PartnerAddForm,
    PartnershipRoleForm,
    PeopleFilter,
    PersonForm,
    RegisterFilter,
    RoleEndForm,
)
from members.pages import partnership_page
from members.selectors_groups import seats_of_person
from members.selectors_setup import SOURCE as RESPONSIBLE_SOURCE
from members.selectors_setup import missing_responsible_authorities

REGISTER_COLUMNS = {
    "agency": ["agency__name"],
    "role": ["statutory_role", "agency__name"],
    "sector": ["agency__sector", "agency__name"],
    "joined": ["joined", "agency__name"],
}
PEOPLE_COLUMNS = {
    "name": ["last_name", "first_name"],
    "agency": ["agency__name", "last_name"],
    "job": ["job_title", "last_name"],
}


@partnership_page()
def register(request, partnership):
    filters = RegisterFilter(request.GET, queryset=selectors.register_of(partnership))
    ordered, current_sort = sort(request, filters.qs, REGISTER_COLUMNS, "agency")
    page = paginate(request, ordered)
    return render(
        request,
        "members/register.html",
        {
            "partnership": partnership,
            "filter": filters,
            "page_obj": page,
            "sort": current_sort,
            "access": request.access,
            "missing_authorities": missing_responsible_authorities(partnership),
            "missing_source": RESPONSIBLE_SOURCE,
        },
    )


@partnership_page()
def partner_add(request, partnership):
    require(request.access.is_coordinator)
    form = PartnerAddForm(
        request.POST or None, agencies=selectors.agencies_to_add(partnership), nation=partnership.nation
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.partner_add(
                partnership=partnership,
                by=request.user,
                agency=data["agency"],
                new_agency={
                    "name": data["new_agency_name"].strip(),
                    "sector": data["new_agency_sector"],
                    "agency_type": data["new_agency_type"],
                },
                statutory_role=data["statutory_role"],
                joined=data["joined"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{membership.agency} is now a partner.")
            return redirect("members:agency", partnership.slug, membership.agency_id)
    return render(request, "members/partner_add.html", {"partnership": partnership, "form": form})


@partnership_page()
def membership_edit(request, partnership, pk):
    membership = selectors.membership_get_for_user(request.user, partnership, pk, change=True)
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                membership=membership, by=request.user, version=form.cleaned_data["version"], **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{membership.agency}'s membership has been saved.")
            return redirect("members:agency", partnership.slug, membership.agency_id)
    return render(
        request, "members/membership_form.html", {"partnership": partnership, "form": form, "membership": membership}
    )


@partnership_page()
def agency_detail(request, partnership, pk):
    agency = selectors.agency_get_for_user(request.user, partnership, pk)
    access = request.access
    return render(
        request,
        "members/agency_detail.html",
        {
            "partnership": partnership,
            "agency": agency,
            "memberships": agency.memberships.filter(partnership=partnership).order_by("-joined"),
            "people": agency.people.order_by("left_on", "last_name", "first_name"),
            "roles": selectors.current_agency_roles(partnership, agency),
            "can_edit": access.can_edit_agency(agency.pk),
            "can_assign_roles": access.can_assign_roles_for(agency.pk),
            "access": access,
        },
    )


@partnership_page()
def agency_edit(request, partnership, pk):
    agency = selectors.agency_get_for_user(request.user, partnership, pk, change=True)
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_update(
                agency=agency, by=request.user, version=form.cleaned_data["version"], **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{agency.name} has been saved.")
            return redirect("members:agency", partnership.slug, agency.pk)
    return render(request, "members/agency_form.html", {"partnership": partnership, "form": form, "agency": agency})


@partnership_page()
def people(request, partnership):
    filters = PeopleFilter(
        request.GET, queryset=selectors.people_of(partnership), agencies=selectors.member_agencies(partnership)
    )
    ordered, current_sort = sort(request, filters.qs, PEOPLE_COLUMNS, "name")
    page = paginate(request, ordered)
    return render(
        request,
        "members/people.html",
        {"partnership": partnership, "filter": filters, "page_obj": page, "sort": current_sort},
    )


def _editable_agencies(partnership, access):
    agencies = selectors.member_agencies(partnership)
    if access.is_coordinator:
        return agencies
    return agencies.filter(pk__in=access.editable_agency_ids)


@partnership_page()
def person_create(request, partnership):
    agencies = _editable_agencies(partnership, request.access)
    require(request.access.is_coordinator or agencies.exists())
    initial = {"agency": request.GET.get("agency")} if request.GET.get("agency") else None
    form = PersonForm(request.POST or None, initial=initial, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["agency"] is None and not request.access.is_coordinator:
            form.add_error("agency", "Choose your agency.")
        else:
            try:
                person = services.person_create(
                    by=request.user, username=form.cleaned_data["username"], added_to=partnership, **form.changes()
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"{person.full_name} has been added.")
                return redirect("members:person", partnership.slug, person.pk)
    return render(request, "members/person_form.html", {"partnership": partnership, "form": form})


@partnership_page()
def person_detail(request, partnership, pk):
    person = selectors.person_get_for_user(request.user, partnership, pk)
    partnership_roles, agency_roles = selectors.roles_of_person(partnership, person)
    access = request.access
    return render(
        request,
        "members/person_detail.html",
        {
            "partnership": partnership,
            "person": person,
            "partnership_roles": partnership_roles,
            "agency_roles": agency_roles,
            "can_edit": access.can_edit_person(person),
            "access": access,
            "invitations": invitation_selectors.invitations_of_person(person, partnership),
            "seats": seats_of_person(partnership, person),
            "may_invite": invitation_selectors.may_invite(request.user, partnership, person),
        },
    )


@partnership_page()
def person_edit(request, partnership, pk):
    person = selectors.person_get_for_user(request.user, partnership, pk, change=True)
    form = PersonForm(request.POST or None, instance=person, agencies=_editable_agencies(partnership, request.access))
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["agency"] is None and not request.access.is_coordinator:
            form.add_error("agency", "Choose your agency.")
        else:
            try:
                services.person_update(
                    person=person, by=request.user, version=form.cleaned_data["version"], **form.changes()
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, f"{person.full_name} has been saved.")
                return redirect("members:person", partnership.slug, person.pk)
    return render(request, "members/person_form.html", {"partnership": partnership, "form": form, "person": person})


@partnership_page()
def roles(request, partnership):
    access = request.access
    return render(
        request,
        "members/roles.html",
        {
            "partnership": partnership,
            "partnership_roles": selectors.current_partnership_roles(partnership),
            "agency_roles": selectors.current_agency_roles(partnership).order_by("agency__name", "role"),
            "access": access,
            "can_assign_agency_roles": access.is_coordinator or bool(access.lead_agency_ids),
        },
    )


@partnership_page()
def partnership_role_assign(request, partnership):
    require(request.access.is_coordinator)
    people = selectors.current_people(partnership)
    form = PartnershipRoleForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_role_assign(partnership=partnership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The role has been assigned.")
            return redirect("members:roles", partnership.slug)
    return render(
        request,
        "members/role_form.html",
        {"partnership": partnership, "form": form, "title": "Assign a partnership role"},
    )


@partnership_page()
def agency_role_assign(request, partnership, pk):
    agency = selectors.agency_get_for_user(request.user, partnership, pk, assign_roles=True)
    people = agency.people.filter(left_on__isnull=True).select_related("agency").order_by("last_name", "first_name")
    form = AgencyRoleForm(request.POST or None, people=people, may_appoint_lead=request.access.is_coordinator)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_role_assign(partnership=partnership, agency=agency, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The role for {agency} has been assigned.")
            return redirect("members:agency", partnership.slug, agency.pk)
    return render(
        request,
        "members/role_form.html",
        {"partnership": partnership, "form": form, "agency": agency, "title": f"Assign a role for {agency}"},
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def role_end(request, partnership, kind, pk):
    assignment = selectors.role_get_for_user(request.user, partnership, kind, pk, end=True)
    if assignment.ended is not None:
        raise Http404("This role has already ended")
    form = RoleEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_end(assignment=assignment, by=request.user, ended=form.cleaned_data["ended"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{assignment} has ended.")
            return redirect("members:roles", partnership.slug)
    return render(
        request, "members/role_end.html", {"partnership": partnership, "form": form, "assignment": assignment}
    )


@partnership_page()
def handover(request, partnership, pk):
    outgoing = selectors.person_get_for_user(request.user, partnership, pk, hand_over=True)
    people = selectors.current_people(partnership).exclude(pk=outgoing.pk)
    form = HandoverForm(request.POST or None, people=people)
    partnership_roles, agency_roles = selectors.roles_of_person(partnership, outgoing)
    if request.method == "POST" and form.is_valid():
        try:
            summary = services.officer_handover(
                partnership=partnership, outgoing=outgoing, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            successor = form.cleaned_data["successor"]
            if summary:
                messages.success(request, f"Handed to {successor.full_name}: " + "; ".join(summary) + ".")
            else:
                messages.success(request, f"{outgoing.full_name} held no roles to hand over.")
            return redirect("members:person", partnership.slug, successor.pk)
    return render(
        request,
        "members/handover.html",
        {
            "partnership": partnership,
            "form": form,
            "outgoing": outgoing,
            "current_partnership_roles": [r for r in partnership_roles if r.ended is None],
            "current_agency_roles": [r for r in agency_roles if r.ended is None],
            "groups_led": outgoing.groups_led.filter(partnership=partnership),
        },
    )
