"""A handover takes the outgoing officer off every restricted case at once; the successor is seated only where
a case would otherwise have no manager (or an application no handler). The summary gives counts, no case."""

import datetime

import pytest

from casereviews import selectors, services
from casereviews.models import CaseRole, PanelMember
from members import services as member_services
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


def _visible(user, partnership):
    return list(selectors.death_reviews_visible_to(_fresh(user), partnership))


def test_a_handover_ends_the_outgoing_officers_seats_at_once(world):
    alice = world.users["alice"]
    case = services.death_review_notify(
        partnership=world.northdale,
        by=alice,
        notified_on=datetime.date(2026, 10, 1),
        circumstances="Canary circumstances",
        pseudonym="Canary",
    )
    services.panel_member_add(case=case, person=world.people["leo"], role=CaseRole.PANEL_MEMBER, by=alice)
    newcomer = make_person(
        by=world.administrator,
        first_name="Nadia",
        last_name="Noor",
        agency=world.agencies["police"],
        email="nadia@example.org",
        username="nadia",
    )
    assert _visible(world.users["leo"], world.northdale) == [case]

    summary = member_services.officer_handover(
        partnership=world.northdale, outgoing=world.people["leo"], successor=newcomer, by=alice
    )

    assert PanelMember.objects.current().filter(case=case, person=world.people["leo"]).count() == 0
    assert selectors.case_perms(_fresh(world.users["leo"]), case) == frozenset()
    # The successor is not seated: the case manager decides who joins in the leaver's place.
    assert selectors.case_perms(_fresh(newcomer.user), case) == frozenset()
    text = " ".join(summary)
    assert "left 1 seat" in text
    assert case.reference not in text and "Canary" not in text


def test_the_last_manager_handing_over_makes_the_successor_manager(world):
    alice = world.users["alice"]
    case = services.death_review_notify(
        partnership=world.northdale, by=world.users["leo"], notified_on=datetime.date(2026, 10, 1), circumstances="c"
    )
    application = services.asb_application_record(
        partnership=world.northdale,
        by=world.users["leo"],
        received_on=datetime.date(2026, 10, 2),
        channel="phone",
        applicant_name="Canary Applicant",
        summary="s",
    )
    successor = world.people["olive"]

    member_services.officer_handover(
        partnership=world.northdale, outgoing=world.people["leo"], successor=successor, by=alice
    )

    assert selectors.case_perms(_fresh(world.users["leo"]), case) == frozenset()
    assert selectors.case_perms(_fresh(world.users["olive"]), case) >= {selectors.VIEW, selectors.MANAGE}
    assert list(selectors.asb_applications_visible_to(_fresh(world.users["olive"]), world.northdale)) == [application]
    assert list(selectors.asb_applications_visible_to(_fresh(world.users["leo"]), world.northdale)) == []
