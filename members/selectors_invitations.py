"""Permission-aware reads of invitations: 404 to those who may not see the person, 403 to those who may
see them but not invite them (coordinators invite anyone; a lead officer, people of their own agency)."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from core.access import require
from members.access import access_for
from members.models import Invitation, PartnershipRole
from members.services_invitations import SITE_ADMINISTRATORS
from partnership.models import Partnership


def may_invite(user, partnership, person):
    access = access_for(user, partnership)
    return access.is_coordinator or (person.agency_id is not None and access.can_edit_person(person))


def invitation_get_for_user(user, partnership, pk, *, change=False):
    invitation = (
        Invitation.objects.filter(pk=pk, partnership=partnership)
        .select_related("person__agency", "person__user")
        .first()
    )
    if invitation is None or not access_for(user, partnership).can_view_internal:
        raise Http404("No such invitation")
    if change:
        require(may_invite(user, partnership, invitation.person))
    return invitation


def invitations_of_person(person, partnership):
    """The person's invitations to this partnership, newest first, each with its status now."""
    now = timezone.now()
    invitations = list(
        Invitation.objects.filter(person=person, partnership=partnership).select_related("invited_by__person")[:20]
    )
    for invitation in invitations:
        invitation.status = invitation.status_at(now)
        invitation.status_label = Invitation.Status(invitation.status).label
    return invitations


def site_administrators():
    """Who runs the deployment: members of the site administrators group, and superusers."""
    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(groups__name=SITE_ADMINISTRATORS), is_active=True)
        .distinct()
        .select_related("person")
        .order_by("username")
    )


def partnerships_on_site():
    """Every partnership on the deployment, by name (the site administrators' list)."""
    return Partnership.objects.select_related("parent").order_by("name")


def with_coordinators(partnerships):
    """Attach to each partnership (a page of them) its current coordinators and each one's newest
    invitation there, as `coordinator_roles`: two queries for the whole page."""
    partnerships = list(partnerships)
    roles = list(
        PartnershipRole.objects.current()
        .filter(role=PartnershipRole.Role.COORDINATOR, partnership__in=partnerships)
        .select_related("person__user")
        .order_by("person__last_name")
    )
    latest = {}
    now = timezone.now()
    for invitation in Invitation.objects.filter(
        partnership__in=partnerships, person__in=[role.person_id for role in roles]
    ).order_by("sent_at", "pk"):
        invitation.status = invitation.status_at(now)
        invitation.status_label = Invitation.Status(invitation.status).label
        latest[(invitation.partnership_id, invitation.person_id)] = invitation
    by_partnership = {}
    for role in roles:
        role.invitation = latest.get((role.partnership_id, role.person_id))
        by_partnership.setdefault(role.partnership_id, []).append(role)
    for partnership in partnerships:
        partnership.coordinator_roles = by_partnership.get(partnership.pk, [])
    return partnerships


def site_administrator_get(pk):
    """A member of the site administrators group (superusers are not removed this way); 404 otherwise."""
    user = get_user_model().objects.filter(pk=pk, groups__name=SITE_ADMINISTRATORS).first()
    if user is None:
        raise Http404("No such site administrator")
    return user
