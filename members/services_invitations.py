"""Invitations to sign in, and starting a new partnership with its first coordinator invited.

An inviter never sets a password: the invitation's link, used once before it expires, leads the
person to set their own through django-allauth's set-password form and adapter.
"""

import datetime
import hashlib
import secrets

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.links import absolute_url
from core.writes import save_with_history
from members.models import Invitation, PartnershipRole, Person
from members.services import _create_login, partnership_role_assign, person_create, person_sync_access
from partnership.services import email_batch_queue, partnership_create

INVITATION_DAYS = 7
NEEDS_EMAIL = "Add an email address to this person's record before inviting them."
HAS_LEFT = "This person has left their post: they cannot be invited."
ALREADY_SIGNED_IN = "This person has already accepted an invitation and signs in with their own password."
NOT_OPEN = "This invitation has already been accepted, withdrawn or replaced."
USERNAME_NEEDED = "Enter a username for the person's login."


def invitation_token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(token):
    return absolute_url(reverse("invitations:accept", args=[token]))


def _has_accepted(person):
    return person.user is not None and person.user.has_usable_password()


def _invitation_message(invitation_id):
    """The invitation's email, composed by the background worker as it sends (partnership.outbox; registered in
    members.apps). The link is made here, so the only copy of the token is the one in the email; an
    invitation accepted, withdrawn, replaced or expired before the worker reaches it is sent to nobody."""
    invitation = Invitation.objects.select_related("person__user", "partnership", "invited_by__person").get(
        pk=invitation_id
    )
    subject = f"You are invited to {invitation.partnership.name} on Partnership Hub"
    if not invitation.is_open:
        return subject, "", []
    token = secrets.token_urlsafe(32)
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=invitation_token_hash(token))
    inviter = invitation.invited_by
    context = {
        "invitation": invitation,
        "person": invitation.person,
        "partnership": invitation.partnership,
        "inviter": getattr(inviter, "person", None) or inviter,
        "username": invitation.person.user.get_username(),
        "link": invitation_link(token),
        "expires": timezone.localtime(invitation.expires_at),
    }
    return subject, render_to_string("members/emails/invitation.txt", context), [invitation.email]


def _issue(*, person, partnership, by, days):
    # No link exists until the worker sends the email (_invitation_message): until then the hash is of a
    # token nobody holds.
    placeholder = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation(
        person=person,
        partnership=partnership,
        invited_by=by,
        email=person.email,
        token_hash=invitation_token_hash(placeholder),
        sent_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    save_with_history(invitation, by=by)
    email_batch_queue(
        partnership=partnership,
        key=f"members.invitation:{invitation.pk}",
        composer="members.invitation",
        object_id=invitation.pk,
        description=f"Invitation to sign in: {person.full_name}",
        by=by,
    )
    return invitation


@transaction.atomic
def invitation_send(*, person, partnership, by, username="", days=INVITATION_DAYS):
    """Invite `person` to sign in to `partnership`: a login is made for them if they have none (with the
    username given, or their email address), open invitations of theirs are replaced, and the email is
    queued for the background worker, which sends it once the transaction commits."""
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    if person.left_on is not None:
        raise ValidationError(HAS_LEFT)
    if not person.email:
        raise ValidationError({"email": NEEDS_EMAIL})
    if _has_accepted(person):
        raise ValidationError(ALREADY_SIGNED_IN)
    if person.user is None:
        username = (username or person.email).strip()
        if not username:
            raise ValidationError({"username": USERNAME_NEEDED})
        person.user = _create_login(username=username, email=person.email, password=None, by=by)
        save_with_history(person, by=by, reason="Login made for an invitation")
        person_sync_access(person)
    for earlier in Invitation.objects.select_for_update().filter(
        person=person, accepted_at__isnull=True, withdrawn_at__isnull=True, replaced_at__isnull=True
    ):
        earlier.replaced_at = timezone.now()
        save_with_history(earlier, by=by, reason="Replaced by a new invitation")
    return _issue(person=person, partnership=partnership, by=by, days=days)


def invitation_resend(*, invitation, by, days=INVITATION_DAYS):
    """Send a fresh link (the old one stops working) with a new expiry date."""
    return invitation_send(person=invitation.person, partnership=invitation.partnership, by=by, days=days)


@transaction.atomic
def invitation_withdraw(*, invitation, by):
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_open:
        raise ValidationError(NOT_OPEN)
    locked.withdrawn_at = timezone.now()
    return save_with_history(locked, by=by, reason="Invitation withdrawn")


def invitation_lookup(token):
    """The invitation a link's token belongs to, or None for a forged or mistyped link."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.filter(token_hash=invitation_token_hash(token))
        .select_related("person__user", "partnership", "invited_by__person")
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation, password):
    """Use the invitation once: the person's password is set through allauth, their email address is
    marked verified (they proved it by following the link), and the invitation is closed."""
    locked = Invitation.objects.select_for_update(of=("self",)).select_related("person__user").get(pk=invitation.pk)
    now = timezone.now()
    if locked.status_at(now) != Invitation.Status.INVITED:
        raise ValidationError(NOT_OPEN)
    user = locked.person.user
    user._history_user = user
    get_adapter().set_password(user, password)
    EmailAddress.objects.update_or_create(
        user=user, email__iexact=locked.email, defaults={"email": locked.email, "verified": True, "primary": True}
    )
    locked.accepted_at = now
    save_with_history(locked, by=user, reason="Invitation accepted")
    return locked


@transaction.atomic
def partnership_start(
    *,
    by,
    name,
    slug,
    area,
    kind,
    nation,
    parent=None,
    coordinator_first_name,
    coordinator_last_name,
    coordinator_email,
    coordinator_job_title="",
    coordinator_agency=None,
    coordinator_username="",
):
    """A site administrator starts a partnership and appoints its first coordinator, who is invited by email."""
    partnership = partnership_create(by=by, name=name, slug=slug, area=area, kind=kind, nation=nation, parent=parent)
    existing = Person.objects.filter(email__iexact=coordinator_email, left_on__isnull=True).first()
    coordinator = existing or person_create(
        by=by,
        first_name=coordinator_first_name,
        last_name=coordinator_last_name,
        email=coordinator_email,
        job_title=coordinator_job_title,
        agency=coordinator_agency,
        added_to=partnership,
    )
    partnership_role_assign(partnership=partnership, person=coordinator, role=PartnershipRole.Role.COORDINATOR, by=by)
    invitation = None
    if not _has_accepted(coordinator):
        invitation = invitation_send(person=coordinator, partnership=partnership, by=by, username=coordinator_username)
    return partnership, coordinator, invitation


# Site administrators -------------------------------------------------------------------------------

SITE_ADMINISTRATORS = "Site administrators"
SITE_ADMINISTRATOR_PERMS = ["add_partnership"]
NO_SUCH_LOGIN = "No one signs in with that username or email address."
CANNOT_REMOVE_SELF = "You cannot remove yourself: ask another site administrator."


def site_administrators_group():
    """The group whose members run the deployment: they start partnerships (superusers always may)."""
    group, created = Group.objects.get_or_create(name=SITE_ADMINISTRATORS)
    if created:
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="partnership", codename__in=SITE_ADMINISTRATOR_PERMS)
        )
    return group


def _find_login(login):
    User = get_user_model()
    login = login.strip()
    user = User.objects.filter(username__iexact=login).first()
    if user is None and "@" in login:
        user = User.objects.filter(email__iexact=login).first()
    if user is None:
        raise ValidationError({"login": NO_SUCH_LOGIN})
    return user


@transaction.atomic
def site_administrator_add(*, login, by):
    """Make the person who signs in as `login` a site administrator (recorded in their login's history)."""
    user = _find_login(login)
    user.groups.add(site_administrators_group())
    save_with_history(user, by=by, exclude=["password"], reason="Made a site administrator")
    return user


@transaction.atomic
def site_administrator_remove(*, user, by):
    if user.pk == by.pk:
        raise ValidationError(CANNOT_REMOVE_SELF)
    user.groups.remove(site_administrators_group())
    save_with_history(user, by=by, exclude=["password"], reason="No longer a site administrator")
    return user
