"""The security pages: a person's own sign-in and security page (two-step sign-in, recovery codes, sessions),
a coordinator's reset of someone's lost device, the security log (site-wide and a partnership's), and the
site's sign-in policy."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.access import require
from core.paging import paginate
from members.pages import partnership_page
from partnership.selectors import may_start_partnerships
from security import policy, selectors, services
from security.forms import SecurityLogFilter, SitePolicyForm


@login_required
@never_cache
def account(request):
    user = request.user
    return render(
        request,
        "security/account.html",
        {
            "has_app": selectors.has_authenticator_app(user),
            "codes_left": selectors.recovery_codes_left(user),
            "required_because": request.session.get(policy.SESSION_KEY) or policy.mfa_required_for(user),
            "sessions": selectors.sessions_of(user),
            "current_key": request.session.session_key,
        },
    )


@login_required
@never_cache
@require_POST
def recovery_codes(request):
    """Make a new set of recovery codes and show them, this once (the page is never cached)."""
    if not selectors.has_authenticator_app(request.user):
        messages.error(request, "Set up an authenticator app first: recovery codes stand in for it.")
        return redirect("security:account")
    codes = services.recovery_codes_generate(user=request.user, request=request)
    return render(request, "security/recovery_codes.html", {"codes": codes})


@login_required
@require_POST
def sessions_end(request):
    ended = services.other_sessions_end(request=request, user=request.user)
    messages.success(
        request, f"{ended} other session{'s' if ended != 1 else ''} ended." if ended else "No other session was open."
    )
    return redirect("security:account")


@partnership_page()
@require_http_methods(["GET", "POST"])
def mfa_reset(request, partnership, pk):
    person = selectors.person_for_mfa_reset(request.user, partnership, pk)
    if request.method == "POST":
        services.mfa_reset(person=person, partnership=partnership, by=request.user, request=request)
        messages.success(
            request,
            f"{person.full_name}'s two-step sign-in has been reset and their sessions ended. They sign in with "
            "their password and set up their authenticator app again.",
        )
        return redirect("members:person", partnership.slug, person.pk)
    return render(
        request,
        "security/mfa_reset.html",
        {"partnership": partnership, "person": person, "has_app": selectors.has_authenticator_app(person.user)},
    )


def _log_page(request, queryset, template, context):
    filters = SecurityLogFilter(request.GET or None, queryset=queryset)
    page = paginate(request, filters.qs)
    return render(
        request,
        template,
        {**context, "filter": filters, "page_obj": page, "retention_days": settings.SECURITY_LOG_RETENTION_DAYS},
    )


@partnership_page()
def partnership_log(request, partnership):
    require(request.access.is_coordinator)
    return _log_page(
        request, selectors.events_of_partnership(partnership), "security/log.html", {"partnership": partnership}
    )


@login_required
def site_log(request):
    require(may_start_partnerships(request.user))
    return _log_page(request, selectors.events_on_site(), "security/log.html", {"partnership": None})


@login_required
@require_http_methods(["GET", "POST"])
def site_policy(request):
    require(may_start_partnerships(request.user))
    current = policy.site_policy()
    form = SitePolicyForm(request.POST or None, initial={"require_mfa_for_everyone": current.require_mfa_for_everyone})
    if request.method == "POST" and form.is_valid():
        services.site_policy_set(by=request.user, request=request, **form.cleaned_data)
        messages.success(request, "The sign-in policy has been saved. It applies from each person's next sign-in.")
        return redirect("site:home")
    return render(request, "security/site_policy.html", {"form": form})
