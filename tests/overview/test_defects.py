"""Defects found by use across the pages, each pinned by a test that failed before its fix."""

import re

from django.urls import reverse

from members.models import PartnershipRole
from tests.factories import make_partnership_role, make_person


def test_on_the_sign_in_page_tab_goes_from_the_username_straight_to_the_password(client):
    html = client.get(reverse("account_login")).text
    username = html.index('name="login"')
    password = html.index('name="password"')
    forgotten = html.index("Forgotten your password?")
    assert username < password < forgotten
    # Nothing focusable (a link, a button, another input) between the two boxes.
    between = html[username:password]
    assert not re.search(r"<a\s|<button|<select|<textarea", between)


def test_the_public_page_says_when_two_people_share_a_role(world, client):

    second = make_person(
        by=world.administrator,
        first_name="Bea",
        last_name="Brown",
        agency=world.agencies["police"],
        job_title="Analyst",
    )
    make_partnership_role(
        by=world.administrator, partnership=world.northdale, person=second, role=PartnershipRole.Role.COORDINATOR
    )
    page = client.get(reverse("partnership:public", args=["northdale"])).text
    assert page.count("Coordinators (shared)") == 1
    assert ">Coordinator<" not in page
    assert "Alice Archer, Community safety coordinator, Northdale District Council" in page
    assert "Bea Brown, Analyst, Shire Constabulary" in page


def test_no_stray_blank_radio_on_resource_kind_and_indicator_direction(world):
    from workplan.forms import IndicatorForm, ResourceForm
    from workplan.models import Indicator

    resource = ResourceForm(agencies=world.northdale.memberships.none())
    assert ("", "---------") not in list(resource.fields["kind"].choices)
    assert "---------" not in str(resource["kind"])
    indicator = IndicatorForm(
        partnership=world.northdale,
        agencies=world.northdale.memberships.none(),
        priorities=world.northdale.memberships.none(),
        taken_names=set(),
    )
    assert list(indicator.fields["direction"].choices) == list(Indicator.Direction.choices)
    assert "---------" not in str(indicator["direction"])
