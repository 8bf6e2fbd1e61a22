"""What a partnership still lacks of its statutory partners: the responsible authorities for its nation.

Crime and Disorder Act 1998 s.5(1) as amended (text as at 20 December 2023), in our words: the council
(in a two-tier area, the district and the county council), the chief officer of police, the fire and
rescue authority, the health body (an integrated care board in England, a local health board in Wales)
and the provider of probation services. A member counts when its membership here is as a responsible
authority and its agency is of that sector.
"""

from members.models import Sector, StatutoryRole
from members.selectors import current_memberships

RESPONSIBLE_AUTHORITIES = {
    "england": [
        (Sector.LOCAL_AUTHORITY, "the local authority (in a two-tier area, the district and the county council)"),
        (Sector.POLICE, "the chief officer of police"),
        (Sector.FIRE, "the fire and rescue authority"),
        (Sector.HEALTH, "the integrated care board"),
        (Sector.PROBATION, "the Probation Service"),
    ],
    "wales": [
        (Sector.LOCAL_AUTHORITY, "the county or county borough council"),
        (Sector.POLICE, "the chief officer of police"),
        (Sector.FIRE, "the fire and rescue authority"),
        (Sector.HEALTH, "the local health board"),
        (Sector.PROBATION, "the Probation Service"),
    ],
}
SOURCE = "Crime and Disorder Act 1998, s.5(1), as amended"


def missing_responsible_authorities(partnership):
    """Labels of the responsible authorities the partnership has no current member for (one query)."""
    present = set(
        current_memberships(partnership)
        .filter(statutory_role=StatutoryRole.RESPONSIBLE_AUTHORITY)
        .values_list("agency__sector", flat=True)
    )
    return [label for sector, label in RESPONSIBLE_AUTHORITIES[partnership.nation] if sector not in present]
