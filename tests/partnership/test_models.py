"""Rules the partnership's structure keeps, whichever service writes it."""

import pytest
from django.core.exceptions import ValidationError

from partnership import services
from partnership.models import Partnership, PartnershipGroup
from tests.factories import make_group, make_partnership

SELF_OR_DESCENDANT = "A group cannot report to itself or to one of its own sub-groups."
BOARD_HAS_NO_PARENT = "The strategic board is the top of the structure and reports to no group."
OTHER_PARTNERSHIP = "The parent group must belong to the same partnership."


def test_a_group_cannot_report_to_itself(world):
    asb = world.groups["asb"]
    with pytest.raises(ValidationError) as caught:
        services.group_update(group=asb, by=world.administrator, version=asb.version, parent=asb)
    assert caught.value.message_dict == {"parent": [SELF_OR_DESCENDANT]}
    asb.refresh_from_db()
    assert asb.parent == world.groups["board"]


def test_a_group_cannot_report_to_one_of_its_own_sub_groups(world):
    asb = world.groups["asb"]
    youth = make_group(by=world.administrator, partnership=world.northdale, name="Youth panel", parent=asb)
    task = make_group(by=world.administrator, partnership=world.northdale, name="Task group", parent=youth)
    with pytest.raises(ValidationError) as caught:
        services.group_update(group=asb, by=world.administrator, version=asb.version, parent=task)
    assert caught.value.message_dict == {"parent": [SELF_OR_DESCENDANT]}
    asb.refresh_from_db()
    assert asb.parent == world.groups["board"]
    assert asb.history.count() == 1


def test_a_group_may_move_under_another_branch(world):
    asb = world.groups["asb"]
    other = make_group(by=world.administrator, partnership=world.northdale, name="Reducing reoffending")
    moved = services.group_update(group=asb, by=world.administrator, version=asb.version, parent=other)
    assert moved.parent == other


def test_the_strategic_board_reports_to_no_group(world):
    with pytest.raises(ValidationError) as caught:
        make_group(
            by=world.administrator,
            partnership=world.northdale,
            name="Second board",
            kind=PartnershipGroup.Kind.BOARD,
            parent=world.groups["asb"],
        )
    assert caught.value.message_dict == {"parent": [BOARD_HAS_NO_PARENT]}
    assert not PartnershipGroup.objects.filter(name="Second board").exists()


def test_a_group_reports_to_a_group_of_its_own_partnership(world):
    with pytest.raises(ValidationError) as caught:
        make_group(
            by=world.administrator,
            partnership=world.northdale,
            name="Borrowed",
            parent=world.groups["southvale_board"],
        )
    assert caught.value.message_dict == {"parent": [OTHER_PARTNERSHIP]}


def test_group_names_are_unique_within_a_partnership_only(world):
    with pytest.raises(ValidationError):
        make_group(by=world.administrator, partnership=world.northdale, name="Strategic board")
    assert make_group(by=world.administrator, partnership=world.southvale, name="Strategic board").pk


def test_a_county_strategy_group_reports_to_no_other_partnership(world):
    county = make_partnership(by=world.administrator, kind=Partnership.Kind.COUNTY)
    with pytest.raises(ValidationError) as caught:
        make_partnership(by=world.administrator, kind=Partnership.Kind.COUNTY, parent=county)
    assert caught.value.message_dict == {"parent": ["A county strategy group does not report to another partnership."]}


def test_a_partnership_cannot_report_to_itself(world):
    northdale = world.northdale
    with pytest.raises(ValidationError) as caught:
        services.partnership_update(
            partnership=northdale, by=world.administrator, version=northdale.version, parent=northdale
        )
    assert caught.value.message_dict == {"parent": ["A partnership cannot report to itself."]}


def test_a_district_partnership_may_report_to_a_county_strategy_group(world):
    county = make_partnership(by=world.administrator, kind=Partnership.Kind.COUNTY)
    northdale = services.partnership_update(
        partnership=world.northdale, by=world.administrator, version=world.northdale.version, parent=county
    )
    assert northdale.parent == county
