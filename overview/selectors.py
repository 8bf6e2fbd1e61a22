"""Reads that gather from every app: the partnership's audit log."""

from django.db.models import CharField, Q
from django.db.models.functions import Cast

from members.models import PartnershipRole
from partnership.models import AuditEntry


def audit_entries_for(partnership):
    """History of the partnership's own records and of the agencies that are or were its members."""
    member_agencies = partnership.memberships.values("agency_id")
    # People with no agency (e.g. an independent board member) belong to the partnerships they serve.
    role_holders = PartnershipRole.objects.filter(partnership=partnership, person__agency__isnull=True).values(
        person_key=Cast("person_id", CharField())
    )
    return (
        AuditEntry.objects.filter(
            Q(partnership=partnership)
            | Q(partnership__isnull=True, agency_id__in=member_agencies)
            | Q(partnership__isnull=True, agency__isnull=True, kind="members.person", object_id__in=role_holders)
        )
        .select_related("user__person", "agency")
        .order_by("-history_date", "-pk")
    )
