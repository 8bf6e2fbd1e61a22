"""Defects of the review pages found by use, each pinned by a test that failed before its fix."""

from django.urls import reverse

from reviews import services
from tests.reviews.conftest import rate_all


def test_the_consolidation_table_scrolls_in_its_own_box_with_mean_and_spread_first(world, client, review, alice):
    for agency, who in [("police", "leo"), ("fire", "fred")]:
        agency_return = review.returns.get(agency=world.agencies[agency])
        rate_all(agency_return, 3, by=world.users[who])
        services.return_submit(agency_return=agency_return, submitter=world.people[who], by=world.users[who])
    services.review_consolidate(review=review, by=alice)
    client.force_login(alice)
    page = client.get(reverse("reviews:consolidate", args=["northdale", review.pk])).text
    table = page[page.index('class="app-table-scroll"') :]
    header = table[: table.index("</thead>")]
    assert header.index(">Mean<") < header.index(">Spread<") < header.index("Shire Constabulary")
