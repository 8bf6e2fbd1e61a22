"""Every URL of the reviews app, with the status each named person gets (after pretix's test_permissions).

404 to someone who may not see the record, 403 to someone who may see it but not change it, a redirect to
sign in for anonymous visitors (every page of the review is internal), 200 (or the redirect after a
change) to the one who may. The coordinator (alice) runs the cycle; each agency's lead officer edits only
its agency's return (leo the police's, fred the fire service's; olive, a police officer but not a lead,
reads it only); the chair (carol) approves; consolidation is for the coordinator and the chair.

Writes are posted; the people are tried in the table's order, with the coordinator last.

The records: `review` (open, on Northdale's locked copy of the Nacro framework) with its police return
(a draft, nothing rated) and fire return (submitted by fred); an earlier review being consolidated (on
the shipped Home Office hallmarks) with a recommendation; an approved review of the year before it with
its stored document; a copy of the hallmarks not yet used (so unlocked) with its questions; and
Southvale's own review, which nobody reaches from Northdale.
"""

import copy
import datetime
import importlib
import pkgutil
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.urls import reverse

from reviews import services
from tests.conftest import client_of, once_per_module
from tests.http import close_response
from tests.reviews.conftest import (
    HALLMARKS,
    MISSING_RETURNS,
    NACRO,
    days_from_today,
    make_framework,
    make_review,
    open_review,
    rate_all,
    shipped,
    submit_a_return,
)
from tests.test_permissions import COORDINATOR_ONLY, INTERNAL, NOWHERE, PEOPLE, expect, status_of

COORDINATOR_AND_CHAIR = expect(COORDINATOR_ONLY, carol=200)
CHAIR_ONLY = expect(COORDINATOR_ONLY, carol=200, alice=403)
NOBODY_MAY_CHANGE = expect(COORDINATOR_ONLY, alice=403)


@dataclass
class Row:
    url_name: str
    args: object  # args(records) -> the URL's arguments after the partnership
    expected: dict
    method: str = "get"
    data: dict | None = None


def make_records(world):
    alice, carol, fred = world.users["alice"], world.users["carol"], world.users["fred"]
    nacro = shipped(NACRO)
    review = make_review(world, make_framework(world, nacro))
    police_return = review.returns.get(agency=world.agencies["police"])
    fire_return = review.returns.get(agency=world.agencies["fire"])
    hallmarks = shipped(HALLMARKS)

    rate_all(fire_return, 3, by=fred)
    fire_return = services.return_submit(agency_return=fire_return, submitter=world.people["fred"], by=fred)

    year = datetime.timedelta(days=365)
    approved = open_review(
        world, hallmarks, title="Review of three years ago", period_start=days_from_today(-365) - 2 * year
    )
    submit_a_return(world, approved)
    approved = services.review_consolidate(review=approved, by=alice)
    approved = services.review_approve(
        review=approved, approver=world.people["carol"], by=carol, missing_reason=MISSING_RETURNS
    )

    consolidating = open_review(
        world, hallmarks, title="Review of two years ago", period_start=days_from_today(-365) - year
    )
    consolidating = services.review_consolidate(review=consolidating, by=alice)
    recommendation = services.recommendation_add(review=consolidating, text="Meet in the evenings too.", by=alice)

    unlocked = services.framework_copy(framework=hallmarks, partnership=world.northdale, by=alice, name="Our hallmarks")
    southvale_review = services.review_open(
        partnership=world.southvale,
        title="Southvale's review",
        period_start=days_from_today(-365),
        period_end=days_from_today(-1),
        deadline=days_from_today(14),
        framework=hallmarks,
        by=world.users["charlie"],
    )
    return SimpleNamespace(
        review=review,
        police_return=police_return,
        fire_return=fire_return,
        approved=approved,
        consolidating=consolidating,
        recommendation=recommendation,
        locked=review.framework,
        unlocked=unlocked,
        unlocked_question=unlocked.questions.order_by("order").first(),
        shipped=nacro,
        shipped_question=nacro.questions.order_by("order").first(),
        hallmarks_question=hallmarks.questions.order_by("order").first(),
        southvale_review=southvale_review,
        southvale_return=southvale_review.returns.first(),
    )


@pytest.fixture(scope="module")
def _records_of_the_module(_world_of_the_module, django_db_blocker, tmp_path_factory):
    """The records, made once for the module (tests/conftest.py's once_per_module): every test starts from them."""
    with once_per_module(django_db_blocker, tmp_path_factory):
        yield make_records(_world_of_the_module)


@pytest.fixture
def records(_records_of_the_module, world):
    """The records, as fresh Python objects for each test."""
    return copy.deepcopy(_records_of_the_module)


FINDING = {"finding-text": "Attendance fell in the second half of the year."}
RECOMMENDATION = {"recommendation-text": "Hold two meetings a year in the evening."}

TABLE = [
    # The cycle
    Row("reviews:reviews", lambda r: [], INTERNAL),
    Row("reviews:review_open", lambda r: [], COORDINATOR_ONLY),
    Row("reviews:review", lambda r: [r.review.pk], INTERNAL),
    Row("reviews:review", lambda r: [r.consolidating.pk], INTERNAL),
    Row("reviews:review", lambda r: [r.approved.pk], INTERNAL),
    # A return: read by every member; changed by its agency's lead officers and the coordinator.
    Row("reviews:return", lambda r: [r.police_return.pk], INTERNAL),
    Row("reviews:return", lambda r: [r.fire_return.pk], INTERNAL),
    Row("reviews:return", lambda r: [r.police_return.pk], expect(COORDINATOR_ONLY, leo=302, alice=302), "post"),
    Row("reviews:return", lambda r: [r.fire_return.pk], expect(COORDINATOR_ONLY, fred=302, alice=302), "post"),
    # Submitting with nothing rated shows the return again with the questions to rate.
    Row("reviews:return_submit", lambda r: [r.police_return.pk], expect(COORDINATOR_ONLY, leo=200, alice=200), "post"),
    Row("reviews:return_submit", lambda r: [r.fire_return.pk], expect(COORDINATOR_ONLY, fred=302, alice=302), "post"),
    Row("reviews:return_reopen", lambda r: [r.fire_return.pk], expect(COORDINATOR_ONLY, fred=302, alice=302), "post"),
    Row("reviews:return_reopen", lambda r: [r.police_return.pk], expect(COORDINATOR_ONLY, leo=302, alice=302), "post"),
    # Consolidation: the coordinator and the chair see it; the coordinator writes it.
    Row("reviews:consolidate", lambda r: [r.review.pk], COORDINATOR_AND_CHAIR),
    Row("reviews:consolidate", lambda r: [r.consolidating.pk], COORDINATOR_AND_CHAIR),
    Row("reviews:consolidate", lambda r: [r.review.pk], expect(COORDINATOR_ONLY, alice=302), "post"),
    Row("reviews:finding_add", lambda r: [r.consolidating.pk], expect(COORDINATOR_ONLY, alice=302)),
    Row("reviews:finding_add", lambda r: [r.consolidating.pk], expect(COORDINATOR_ONLY, alice=302), "post", FINDING),
    Row("reviews:recommendation_add", lambda r: [r.consolidating.pk], expect(COORDINATOR_ONLY, alice=302)),
    Row(
        "reviews:recommendation_add",
        lambda r: [r.consolidating.pk],
        expect(COORDINATOR_ONLY, alice=302),
        "post",
        RECOMMENDATION,
    ),
    Row("reviews:recommendation_to_workplan", lambda r: [r.recommendation.pk], COORDINATOR_ONLY),
    # Approval: the chair alone.
    Row("reviews:approve", lambda r: [r.consolidating.pk], CHAIR_ONLY),
    Row("reviews:correct", lambda r: [r.approved.pk], COORDINATOR_ONLY),
    Row("reviews:correct", lambda r: [r.review.pk], COORDINATOR_ONLY),
    # Asking again for a PDF whose background task failed: the coordinator (here it is stored: sent back).
    Row("reviews:document_retry", lambda r: [r.approved.pk], expect(COORDINATOR_ONLY, alice=302), "post"),
    Row("reviews:approve", lambda r: [r.review.pk], CHAIR_ONLY),
    # An open review cannot be approved: the chair is sent back to it.
    Row("reviews:approve", lambda r: [r.review.pk], expect(CHAIR_ONLY, carol=302), "post"),
    # Frameworks: read by every member; the coordinator copies them and edits the partnership's own
    # while no review has used them.
    Row("reviews:frameworks", lambda r: [], INTERNAL),
    Row("reviews:framework", lambda r: [r.locked.pk], INTERNAL),
    Row("reviews:framework", lambda r: [r.unlocked.pk], INTERNAL),
    Row("reviews:framework", lambda r: [r.shipped.pk], INTERNAL),
    Row("reviews:framework_copy", lambda r: [r.shipped.pk], COORDINATOR_ONLY),
    Row("reviews:framework_copy", lambda r: [r.locked.pk], COORDINATOR_ONLY),
    Row("reviews:question_add", lambda r: [r.unlocked.pk], COORDINATOR_ONLY),
    # A locked framework sends the coordinator back to it, to copy it.
    Row("reviews:question_add", lambda r: [r.locked.pk], expect(COORDINATOR_ONLY, alice=302)),
    Row("reviews:question_add", lambda r: [r.shipped.pk], NOBODY_MAY_CHANGE),
    Row("reviews:question_edit", lambda r: [r.unlocked_question.pk], COORDINATOR_ONLY),
    Row("reviews:question_edit", lambda r: [r.shipped_question.pk], NOBODY_MAY_CHANGE),
    Row("reviews:year_on_year", lambda r: [], INTERNAL),
    # Outputs
    Row("reviews:pdf", lambda r: [r.approved.pk], INTERNAL),
    Row("reviews:pdf", lambda r: [r.consolidating.pk], INTERNAL),
    Row("reviews:document", lambda r: [r.approved.pk, 1], INTERNAL),
    Row("reviews:document", lambda r: [r.approved.pk, 2], NOWHERE),
    Row("reviews:document", lambda r: [r.consolidating.pk, 1], NOWHERE),
    Row("reviews:chart_question", lambda r: [r.consolidating.pk, r.hallmarks_question.pk], INTERNAL),
    Row("reviews:chart_year_on_year", lambda r: [], INTERNAL),
]

# Records of another partnership give 404 to everyone in Northdale, whatever their role there (charlie,
# Southvale's coordinator, included: the address is Northdale's).
ELSEWHERE = [
    Row("reviews:review", lambda r: [r.southvale_review.pk], NOWHERE),
    Row("reviews:return", lambda r: [r.southvale_return.pk], NOWHERE),
    Row("reviews:return", lambda r: [r.southvale_return.pk], NOWHERE, "post"),
    Row("reviews:consolidate", lambda r: [r.southvale_review.pk], NOWHERE),
    Row("reviews:approve", lambda r: [r.southvale_review.pk], NOWHERE),
    Row("reviews:pdf", lambda r: [r.southvale_review.pk], NOWHERE),
    Row("reviews:chart_question", lambda r: [r.southvale_review.pk, r.hallmarks_question.pk], NOWHERE),
]


def _ids(table):
    return [f"{row.url_name}:{row.method}:{index}" for index, row in enumerate(table)]


def statuses(world, address, signed_in, method="get", data=None):
    """The status each named person gets, each in their own session from `signed_in` (a stored file closed after)."""
    found = {}
    for name in PEOPLE:
        client = client_of(name, world, signed_in)
        response = getattr(client, method)(address, data or {})
        found[name] = status_of(response)
        close_response(response)
    return found


def check(world, records, signed_in, row):
    address = reverse(row.url_name, args=["northdale", *row.args(records)])
    assert statuses(world, address, signed_in, method=row.method, data=row.data) == row.expected


@pytest.mark.parametrize("row", TABLE, ids=_ids(TABLE))
def test_each_person_gets_the_status_the_table_gives_them(world, records, signed_in, row):
    check(world, records, signed_in, row)


@pytest.mark.parametrize("row", ELSEWHERE, ids=_ids(ELSEWHERE))
def test_records_of_another_partnership_are_not_found_from_northdale(world, records, signed_in, row):
    check(world, records, signed_in, row)


def url_modules():
    """reviews/urls_*.py, found on disk, so a new part of the app cannot be left out of the table."""
    import reviews

    names = [m.name for m in pkgutil.iter_modules(reviews.__path__) if m.name.startswith("urls_")]
    return [importlib.import_module(f"reviews.{name}") for name in sorted(names)]


def test_the_table_lists_every_url_of_the_reviews_app():
    every = {f"reviews:{pattern.name}" for module in url_modules() for pattern in module.urlpatterns}
    listed = {row.url_name for row in TABLE}
    assert len(url_modules()) >= 2
    assert sorted(every - listed) == [], "add these to TABLE"
    assert sorted(listed - every) == [], "these are in TABLE but not in reviews/urls_*.py"


def test_the_app_serves_every_url_of_its_parts():
    from reviews import urls

    assert {p.name for p in urls.urlpatterns} == {p.name for m in url_modules() for p in m.urlpatterns}


# A refused write changes nothing ------------------------------------------------------------------


def test_an_officer_who_is_not_a_lead_cannot_rate_her_agencys_return(world, records, client, olive):
    question = records.review.framework.questions.order_by("order").first()
    client.force_login(olive)
    address = reverse("reviews:return", args=["northdale", records.police_return.pk])
    response = client.post(address, {f"q{question.pk}-rating": "4"})
    assert response.status_code == 403
    assert not records.police_return.answers.exists()


def test_the_police_lead_cannot_reopen_the_fire_services_return(world, records, client, leo):
    client.force_login(leo)
    response = client.post(reverse("reviews:return_reopen", args=["northdale", records.fire_return.pk]))
    assert response.status_code == 403
    records.fire_return.refresh_from_db()
    assert records.fire_return.state == "submitted"


def test_the_coordinator_cannot_approve_which_the_chair_does(world, records, client, alice, carol):
    client.force_login(alice)
    address = reverse("reviews:approve", args=["northdale", records.consolidating.pk])
    assert client.post(address).status_code == 403
    records.consolidating.refresh_from_db()
    assert (records.consolidating.state, records.consolidating.documents.count()) == ("consolidating", 0)
