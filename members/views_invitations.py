"""Invitations: a coordinator (or a lead officer, for their own agency's people) invites a person to sign
in, re-sends or withdraws the invitation; the person follows the link once and sets their password."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.access import require
from core.forms import apply_service_errors
from members import selectors
from members import selectors_invitations as invitation_selectors
from members import services_invitations as services
from members.forms_invitations import AcceptForm, ConfirmForm, InviteForm
from members.models import Invitation
from members.pages import partnership_page

PROBLEMS = {
    "forged": (
        "This invitation link is not valid",
        "The link may have been copied wrongly or cut short. Check it against the email, or ask the person who "
        "invited you to send a new invitation.",
    ),
    Invitation.Status.EXPIRED: (
        "This invitation has expired",
        "Invitation links work for 7 days. Ask {inviter} to send you a new one.",
    ),
    Invitation.Status.ACCEPTED: (
        "This invitation has already been used",
        "You have set your password already: sign in with your username or email address. If you have forgotten "
        "the password, use 'Forgotten your password?' on the sign-in page.",
    ),
    Invitation.Status.WITHDRAWN: (
        "This invitation has been withdrawn",
        "{inviter} withdrew it. Ask them if you still need to sign in.",
    ),
    Invitation.Status.REPLACED: (
        "A newer invitation replaced this one",
        "Use the link in the most recent invitation email you were sent.",
    ),
}


def _expiry(invitation):
    return f"{timezone.localtime(invitation.expires_at):%-d %B %Y at %H:%M}"


@partnership_page()
@require_http_methods(["GET", "POST"])
def person_invite(request, partnership, pk):
    person = selectors.person_get_for_user(request.user, partnership, pk)
    require(invitation_selectors.may_invite(request.user, partnership, person))
    form = InviteForm(request.POST if request.method == "POST" else None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_send(
                person=person, partnership=partnership, by=request.user, username=form.cleaned_data.get("username", "")
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Invitation sent to {invitation.email}. The link works once and expires on {_expiry(invitation)}.",
            )
            return redirect("members:person", partnership.slug, person.pk)
    return render(request, "members/person_invite.html", {"partnership": partnership, "person": person, "form": form})


def _invitation_action(request, partnership, pk, *, verb):
    invitation = invitation_selectors.invitation_get_for_user(request.user, partnership, pk, change=True)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if verb == "resend":
                sent = services.invitation_resend(invitation=invitation, by=request.user)
                messages.success(
                    request,
                    f"A new invitation has been sent to {sent.email}; the earlier link no longer works. "
                    f"It expires on {_expiry(sent)}.",
                )
            else:
                services.invitation_withdraw(invitation=invitation, by=request.user)
                messages.success(request, f"The invitation to {invitation.person.full_name} has been withdrawn.")
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("members:person", partnership.slug, invitation.person_id)
    return render(
        request,
        "members/invitation_confirm.html",
        {"partnership": partnership, "invitation": invitation, "form": form, "verb": verb},
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def invitation_resend(request, partnership, pk):
    return _invitation_action(request, partnership, pk, verb="resend")


@partnership_page()
@require_http_methods(["GET", "POST"])
def invitation_withdraw(request, partnership, pk):
    return _invitation_action(request, partnership, pk, verb="withdraw")


def _problem(request, problem, invitation=None, status=410):
    title, text = PROBLEMS[problem]
    inviter = "the person who invited you"
    if invitation is not None:
        inviter = getattr(invitation.invited_by, "person", None) or invitation.invited_by
    return render(
        request,
        "members/invitation_problem.html",
        {"title": title, "text": text.format(inviter=inviter)},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = services.invitation_lookup(token)
    if invitation is None:
        return _problem(request, "forged", status=404)
    status = invitation.status_at(timezone.now())
    if status != Invitation.Status.INVITED:
        return _problem(request, status, invitation)
    user = invitation.person.user
    form = AcceptForm(user=user, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            accepted = services.invitation_accept(invitation=invitation, password=form.cleaned_data["password1"])
        except ValidationError:
            invitation.refresh_from_db()
            return _problem(request, invitation.status_at(timezone.now()), invitation)
        # The login that now holds the new password (the session keeps a hash of it).
        login(request, accepted.person.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome to {invitation.partnership.name}. Your password is set.")
        return redirect(invitation.partnership.get_absolute_url())
    return render(
        request,
        "members/invitation_accept.html",
        {"invitation": invitation, "form": form, "username": user.get_username()},
    )
