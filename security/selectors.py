"""Reads of the security log: the whole site's for site administrators, a partnership's for its coordinators
(events on its pages, and the sign-ins and account events of its people); and a person's two-step state."""

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from members.selectors import people_of, person_get_for_user
from security import recovery
from security.models import SecurityEvent


def events_on_site():
    return SecurityEvent.objects.select_related("partnership")


def events_of_partnership(partnership):
    users = people_of(partnership).filter(user__isnull=False).order_by().values("user_id")
    return SecurityEvent.objects.filter(
        Q(partnership=partnership) | Q(partnership__isnull=True, user_id__in=users)
    ).select_related("partnership")


def recovery_codes_left(user):
    return recovery.unused_count(user)


def has_authenticator_app(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def person_for_mfa_reset(user, partnership, pk):
    """A person of the partnership whose lost device the coordinator may deal with: 404 for others, 403 for
    all but the coordinator; and never a superuser's or the coordinator's own (they use their own page)."""
    person = person_get_for_user(user, partnership, pk, hand_over=True)
    if person.user_id is None or person.user.is_superuser or person.user_id == user.pk:
        raise PermissionDenied
    return person


def sessions_of(user, limit=50):
    """The person's open sessions (allauth's record of them), newest first."""
    return list(UserSession.objects.filter(user=user).order_by("-created_at")[:limit])
