"""Group membership pages: the coordinator gives people seats on a group and ends them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.forms import apply_service_errors
from members import selectors
from members import selectors_groups as group_selectors
from members import services_groups as services
from members.forms_groups import GroupMemberForm, SeatEndForm
from members.pages import partnership_page
from partnership.selectors import group_get_for_user


@partnership_page()
@require_http_methods(["GET", "POST"])
def group_member_add(request, partnership, pk):
    group = group_get_for_user(request.user, partnership, pk, change=True)
    form = GroupMemberForm(
        request.POST if request.method == "POST" else None,
        people=selectors.current_people(partnership),
        members=group_selectors.voting_seats_of(group),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            seat = services.group_member_add(
                group=group,
                person=data["person"],
                seat=data["seat"],
                substitute_for=data["substitute_for"],
                joined=data["joined"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{seat.person.full_name} now has a seat on {group.name}.")
            return redirect("partnership:group", partnership.slug, group.pk)
    return render(request, "members/group_member_form.html", {"partnership": partnership, "group": group, "form": form})


@partnership_page()
@require_http_methods(["GET", "POST"])
def seat_end(request, partnership, pk):
    seat = group_selectors.seat_get_for_user(request.user, partnership, pk, change=True)
    form = SeatEndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_member_end(member=seat, left=form.cleaned_data["left"], by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{seat.person.full_name}'s seat on {seat.group.name} has ended.")
            return redirect("partnership:group", partnership.slug, seat.group_id)
    return render(request, "members/seat_end.html", {"partnership": partnership, "seat": seat, "form": form})
