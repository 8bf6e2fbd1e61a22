"""Small makers of test data. Each calls the services, so history and permissions are as production makes them."""

import datetime
import itertools

from members import services as member_services
from members.models import AgencyRole, PartnershipRole, Sector, StatutoryRole
from partnership import services as partnership_services
from partnership.models import PartnershipGroup

PASSWORD = "a-long-test-password-9431"
JOINED = datetime.date(2020, 4, 1)

_numbers = itertools.count(1)


def _next():
    return next(_numbers)


def make_partnership(*, by, name=None, slug=None, area=None, **details):
    n = _next()
    return partnership_services.partnership_create(
        by=by,
        name=name or f"Partnership {n}",
        slug=slug or f"partnership-{n}",
        area=area or f"Area {n}",
        **details,
    )


def make_agency(*, by, name=None, sector=Sector.OTHER, **details):
    return member_services.agency_create(by=by, name=name or f"Agency {_next()}", sector=sector, **details)


def make_member(
    *, by, partnership, agency=None, statutory_role=StatutoryRole.NON_STATUTORY, joined=JOINED, **agency_details
):
    """An agency (new unless given) made a member of the partnership; returns the membership."""
    if agency is None:
        agency = make_agency(by=by, **agency_details)
    return member_services.membership_create(
        partnership=partnership, agency=agency, statutory_role=statutory_role, by=by, joined=joined
    )


def make_person(*, by, agency=None, first_name=None, last_name=None, username="", password=None, **details):
    n = _next()
    return member_services.person_create(
        by=by,
        first_name=first_name or f"First{n}",
        last_name=last_name or f"Last{n}",
        agency=agency,
        username=username,
        password=password or (PASSWORD if username else None),
        **details,
    )


def make_agency_role(*, by, partnership, person, role=AgencyRole.Role.LEAD_OFFICER, agency=None):
    return member_services.agency_role_assign(
        partnership=partnership, agency=agency or person.agency, person=person, role=role, by=by
    )


def make_partnership_role(*, by, partnership, person, role=PartnershipRole.Role.MEMBER):
    return member_services.partnership_role_assign(partnership=partnership, person=person, role=role, by=by)


def make_group(*, by, partnership, name=None, kind=PartnershipGroup.Kind.SUB_GROUP, **details):
    return partnership_services.group_create(
        partnership=partnership, by=by, name=name or f"Group {_next()}", kind=kind, **details
    )
