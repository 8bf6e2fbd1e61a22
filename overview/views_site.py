"""Site administration in the browser: the people who run the deployment start partnerships (appointing
each one's first coordinator by invitation) and choose who else may do so. No step needs /admin/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.access import require
from core.forms import apply_service_errors
from core.paging import paginate
from members import selectors as member_selectors
from members import selectors_invitations as invitation_selectors
from members import services_invitations as services
from members.forms_invitations import PartnershipStartForm, SiteAdministratorForm
from partnership.selectors import county_groups, may_start_partnerships


def _site_page(view):
    """Signed-in site administrators only: others get 403, visitors are asked to sign in."""

    @login_required
    def wrapped(request, *args, **kwargs):
        require(may_start_partnerships(request.user))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_site_page
def site_home(request):
    return _site_home(request, SiteAdministratorForm())


def _site_home(request, admin_form):
    page = paginate(request, invitation_selectors.partnerships_on_site())
    return render(
        request,
        "overview/site_home.html",
        {
            "page_obj": page,
            "partnerships": invitation_selectors.with_coordinators(page.object_list),
            "administrators": invitation_selectors.site_administrators(),
            "admin_form": admin_form,
        },
    )


@_site_page
@require_http_methods(["GET", "POST"])
def partnership_start(request):
    form = PartnershipStartForm(
        request.POST if request.method == "POST" else None,
        counties=county_groups(),
        agencies=member_selectors.agencies_in_use(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            partnership, coordinator, invitation = services.partnership_start(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, _on_form_fields(error))
        else:
            if invitation is not None:
                messages.success(
                    request,
                    f"{partnership.name} has been set up. {coordinator.full_name} is its coordinator: an invitation "
                    f"has been sent to {invitation.email}.",
                )
            else:
                messages.success(
                    request,
                    f"{partnership.name} has been set up. {coordinator.full_name}, who already signs in, is its "
                    "coordinator.",
                )
            return redirect("site:home")
    return render(request, "overview/partnership_start.html", {"form": form})


COORDINATOR_FIELDS = {"first_name", "last_name", "email", "job_title", "username", "agency"}


def _on_form_fields(error):
    """The services name the person's fields plainly (`email`); the form prefixes them (`coordinator_email`)."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {
            (f"coordinator_{name}" if name in COORDINATOR_FIELDS else name): errors
            for name, errors in error.error_dict.items()
        }
    )


@_site_page
@require_POST
def site_administrator_add(request):
    form = SiteAdministratorForm(request.POST)
    if form.is_valid():
        try:
            user = services.site_administrator_add(login=form.cleaned_data["login"], by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{user.get_full_name() or user.get_username()} is now a site administrator.")
            return redirect("site:home")
    return _site_home(request, form)


@_site_page
@require_POST
def site_administrator_remove(request, pk):
    user = invitation_selectors.site_administrator_get(pk)
    try:
        services.site_administrator_remove(user=user, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{user.get_full_name() or user.get_username()} is no longer a site administrator.")
    return redirect("site:home")
