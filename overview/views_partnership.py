"""The partnership's own pages: its public page, its structure of groups, and their edit forms.

They sit above the domain apps because they show people and agencies (members) beside the structure.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.access import require
from core.forms import apply_service_errors
from members import selectors as member_selectors
from members.forms_invitations import ConfirmForm
from members.pages import partnership_page
from members.selectors_groups import seats_of_group
from partnership import services
from partnership.forms import GroupForm, PartnershipForm
from partnership.selectors import email_batch_get_for_user, group_get_for_user, partnership_for_edit, structure_tree


@partnership_page(internal=False)
def public(request, partnership):
    return render(
        request,
        "partnership/public.html",
        {
            "partnership": partnership,
            "tree": structure_tree(partnership),
            "members_by_role": member_selectors.memberships_by_role(partnership),
            "contacts": member_selectors.public_contacts(partnership),
            "roles": member_selectors.public_roles(partnership),
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
    form = PartnershipForm(request.POST or None, instance=partnership_for_edit(partnership))
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
        people=member_selectors.current_people(partnership),
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
        {
            "partnership": partnership,
            "group": group,
            "children": children,
            "seats": seats_of_group(group),
            "access": request.access,
        },
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
@require_http_methods(["GET", "POST"])
def email(request, partnership, pk):
    """One of the partnership's emails to many people: its state, and for one that could not be sent, the
    coordinator's button to try again (only the people not yet sent it are sent it)."""
    batch = email_batch_get_for_user(request.user, partnership, pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.email_batch_retry(batch=batch, by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"“{batch.description}” will be sent again to the people not yet sent it.")
            return redirect("partnership:dashboard", partnership.slug)
    return render(request, "overview/email.html", {"partnership": partnership, "batch": batch, "form": form})
