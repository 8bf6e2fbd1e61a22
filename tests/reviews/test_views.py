"""Pages of the annual review: who may see and change what, the return's draft and submit rules, reopening
around the deadline, consolidation's spread, recommendations carried into the workplan, the chair's
approval, frameworks, year on year, and query counts that do not grow with the number of agencies."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import AgencyRole, StatutoryRole
from reviews import services
from reviews.forms import RATE_BEFORE_SUBMIT, REVIEW_YEAR_TAKEN
from reviews.models import AgencyReturn, AnnualReview, Answer, Recommendation, ReviewFramework
from tests.factories import make_agency_role, make_member, make_person
from tests.reviews.conftest import (
    HALLMARKS,
    MISSING_RETURNS,
    clock_at,
    days_from_today,
    open_review,
    rate_all,
    submit_a_return,
)
from workplan import services as workplan_services
from workplan.models import WorkplanItem


def url(name, *args):
    return reverse(f"reviews:{name}", args=["northdale", *args])


def answers_post(agency_return, ratings=None, *, evidence="", comment=""):
    """The return form's data: `ratings` maps question order -> rating (missing: not rated)."""
    ratings = ratings or {}
    data = {}
    for question in agency_return.review.framework.questions.all():
        rating = ratings.get(question.order)
        data[f"q{question.pk}-rating"] = "" if rating is None else str(rating)
        data[f"q{question.pk}-evidence"] = evidence if rating is not None else ""
        data[f"q{question.pk}-comment"] = comment if rating is not None else ""
    return data


def every_question(agency_return, rating):
    return dict.fromkeys(agency_return.review.framework.questions.values_list("order", flat=True), rating)


def reloaded(obj):
    return type(obj).objects.get(pk=obj.pk)


def submit(agency_return, rating, *, by, person, **overrides):
    rate_all(agency_return, rating, by=by, **overrides)
    return services.return_submit(agency_return=agency_return, submitter=person, by=by)


@pytest.fixture
def hallmarks(db):
    return ReviewFramework.objects.get(partnership=None, name=HALLMARKS)


@pytest.fixture
def consolidating(world, review, police_return, fire_return, alice, leo, fred):
    """The review with the police and fire returns submitted, moved to consolidation."""
    submit(police_return, 1, by=leo, person=world.people["leo"], q2=2)
    submit(fire_return, 3, by=fred, person=world.people["fred"], q2=2)
    return services.review_consolidate(review=review, by=alice)


@pytest.fixture
def next_objective(world, alice):
    plan = workplan_services.workplan_create(
        partnership=world.northdale,
        title="Annual plan for next year",
        starts=days_from_today(30),
        ends=days_from_today(394),
        by=alice,
    )
    priority = workplan_services.priority_create(workplan=plan, title="A stronger partnership", by=alice)
    return workplan_services.objective_create(priority=priority, title="Partners act on the review", by=alice)


# The list and opening a review ----------------------------------------------------------------------


def test_members_see_the_reviews_with_their_state_and_returns_submitted(
    world, client, maya, review, police_return, leo
):
    submit(police_return, 3, by=leo, person=world.people["leo"])
    client.force_login(maya)

    page = client.get(url("reviews")).content.decode()

    assert review.title in page
    assert "Open for returns" in page
    assert "1 of 3" in page
    assert url("review_open") not in page


def test_a_lead_officer_is_pointed_to_their_agencys_return(client, leo, review, police_return, fire_return):
    client.force_login(leo)

    for page in (client.get(url("reviews")), client.get(url("review", review.pk))):
        html = page.content.decode()
        assert url("return", police_return.pk) in html
        assert "Your agency" in html


def test_the_coordinator_opens_the_years_review_with_a_return_for_each_agency(world, client, alice, hallmarks):
    client.force_login(alice)
    assert client.get(url("review_open")).status_code == 200

    response = client.post(
        url("review_open"),
        {
            "title": "Annual review 2025 to 2026",
            "period_start": "2025-04-01",
            "period_end": "2026-03-31",
            "deadline": days_from_today(21).isoformat(),
            "framework": hallmarks.pk,
        },
    )

    review = AnnualReview.objects.get(partnership=world.northdale)
    assert response.status_code == 302
    assert response["Location"] == url("review", review.pk)
    assert (review.framework, review.state, review.returns.count()) == (hallmarks, AnnualReview.State.OPEN, 3)


def test_a_second_review_of_the_same_year_and_a_past_deadline_are_refused_beside_the_fields(
    client, alice, review, hallmarks
):
    client.force_login(alice)

    response = client.post(
        url("review_open"),
        {
            "title": "Another review",
            "period_start": review.period_start.isoformat(),
            "period_end": review.period_end.isoformat(),
            "deadline": days_from_today(0).isoformat(),
            "framework": hallmarks.pk,
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert REVIEW_YEAR_TAKEN in form.non_field_errors()
    assert AnnualReview.objects.count() == 1
    assert response.content.decode().startswith("<!DOCTYPE html>")
    assert "<title>Error: " in response.content.decode()


@pytest.mark.parametrize("name", ["maya", "leo", "carol"])
def test_only_the_coordinator_opens_a_review(client, world, name):
    client.force_login(world.users[name])
    assert client.get(url("review_open")).status_code == 403


def test_someone_from_another_partnership_gets_404_on_every_review_page(client, charlie, review, police_return):
    client.force_login(charlie)
    for name, args in [
        ("reviews", ()),
        ("review", (review.pk,)),
        ("return", (police_return.pk,)),
        ("consolidate", (review.pk,)),
        ("approve", (review.pk,)),
        ("frameworks", ()),
        ("year_on_year", ()),
    ]:
        assert client.get(url(name, *args)).status_code == 404, name


# The return -----------------------------------------------------------------------------------------


def test_the_lead_officer_sees_the_form_and_another_agencys_lead_reads_it_without_one(client, leo, fred, police_return):
    client.force_login(leo)
    assert (
        'formaction="' + url("return_submit", police_return.pk)
        in client.get(url("return", police_return.pk)).content.decode()
    )

    client.force_login(fred)
    page = client.get(url("return", police_return.pk))
    assert page.status_code == 200
    assert "Save draft" not in page.content.decode()


def test_another_agencys_lead_gets_403_on_every_post_and_nothing_is_saved(client, fred, police_return):
    client.force_login(fred)
    data = answers_post(police_return, every_question(police_return, 4))

    for name in ("return", "return_submit", "return_reopen"):
        assert client.post(url(name, police_return.pk), data).status_code == 403, name

    assert not Answer.objects.filter(agency_return=police_return).exists()
    assert reloaded(police_return).state == AgencyReturn.State.DRAFT


def test_a_board_member_and_the_chair_cannot_change_a_return(client, world, police_return):
    for name in ("maya", "carol", "olive"):
        client.force_login(world.users[name])
        response = client.post(url("return", police_return.pk), answers_post(police_return, {1: 3}))
        assert response.status_code == 403, name
    assert not Answer.objects.filter(agency_return=police_return).exists()


def test_saving_a_draft_keeps_the_ratings_given_and_leaves_the_rest_unrated(client, leo, police_return):
    client.force_login(leo)

    response = client.post(
        url("return", police_return.pk), answers_post(police_return, {1: 4, 2: 1}, evidence="Quarterly reports")
    )

    assert response.status_code == 302
    assert response["Location"] == url("return", police_return.pk)
    saved = {a.question.order: (a.rating, a.evidence) for a in police_return.answers.select_related("question")}
    assert saved == {1: (4, "Quarterly reports"), 2: (1, "Quarterly reports")}
    assert reloaded(police_return).state == AgencyReturn.State.DRAFT
    page = client.get(url("return", police_return.pk)).content.decode()
    assert "2 of 48" in page


def test_submit_is_refused_until_every_question_is_rated_with_the_missing_numbers_beside_them(
    client, leo, police_return
):
    client.force_login(leo)
    ratings = every_question(police_return, 3)
    del ratings[5], ratings[17]

    response = client.post(url("return_submit", police_return.pk), answers_post(police_return, ratings))

    assert response.status_code == 200
    page = response.content.decode()
    assert services.SUBMIT_NEEDS_RATINGS.format(questions="5, 17") in page
    assert RATE_BEFORE_SUBMIT.format(number=5) in page
    assert RATE_BEFORE_SUBMIT.format(number=17) in page
    assert "<title>Error: " in page
    errors = {form.question.order for form in response.context["forms"] if form.errors.get("rating")}
    assert errors == {5, 17}
    assert reloaded(police_return).state == AgencyReturn.State.DRAFT
    # The draft is kept, so nothing typed is lost.
    assert police_return.answers.filter(rating__isnull=False).count() == 46


def test_a_return_with_every_question_rated_is_submitted_and_then_read_only(world, client, leo, police_return):
    client.force_login(leo)

    response = client.post(
        url("return_submit", police_return.pk), answers_post(police_return, every_question(police_return, 2))
    )

    assert response.status_code == 302
    submitted = reloaded(police_return)
    assert (submitted.state, submitted.submitted_by) == (AgencyReturn.State.SUBMITTED, world.people["leo"])
    page = client.get(url("return", police_return.pk)).content.decode()
    assert "Save draft" not in page
    assert "Reopen the return" in page
    assert client.post(url("return", police_return.pk), answers_post(police_return, {1: 4})).status_code == 302
    assert police_return.answers.get(question__order=1).rating == 2


def test_an_invalid_rating_is_shown_next_to_its_question_and_nothing_is_saved(client, leo, police_return):
    client.force_login(leo)
    data = answers_post(police_return, {1: 3})
    question = police_return.review.framework.questions.get(order=2)
    data[f"q{question.pk}-rating"] = "7"

    response = client.post(url("return", police_return.pk), data)

    assert response.status_code == 200
    assert f'href="#id_q{question.pk}-rating_0"' in response.content.decode()
    assert not police_return.answers.exists()


def test_the_lead_officer_reopens_their_return_before_the_deadline(world, client, leo, police_return):
    submit(police_return, 3, by=leo, person=world.people["leo"])
    client.force_login(leo)

    response = client.post(url("return_reopen", police_return.pk))

    assert response.status_code == 302
    assert reloaded(police_return).state == AgencyReturn.State.DRAFT


def test_after_the_deadline_the_lead_officer_cannot_reopen_but_the_coordinator_can(
    world, client, leo, alice, review, police_return
):
    submit(police_return, 3, by=leo, person=world.people["leo"])
    after_deadline = review.deadline + datetime.timedelta(days=1)
    with clock_at(after_deadline):
        client.force_login(leo)
        page = client.get(url("return", police_return.pk)).content.decode()
        assert "Reopen the return" not in page
        assert "ask the partnership's coordinator" in page

        response = client.post(url("return_reopen", police_return.pk), follow=True)
        assert services.REOPEN_AFTER_DEADLINE in response.content.decode()
        assert reloaded(police_return).state == AgencyReturn.State.SUBMITTED

        client.force_login(alice)
        response = client.post(url("return_reopen", police_return.pk), {"next": "review"})
        assert response["Location"] == url("review", review.pk) + "#returns"
        assert reloaded(police_return).state == AgencyReturn.State.DRAFT


def test_one_save_reads_the_answers_once_whatever_the_number_of_questions(
    world, client, alice, leo, police_return, hallmarks
):
    """Saving a return whose answers have not changed makes no query per question."""
    small = open_review(world, hallmarks, title="A short review", period_start=days_from_today(-800))
    small_return = small.returns.get(agency=world.agencies["police"])
    client.force_login(leo)
    counts = []
    for agency_return in (small_return, police_return):
        data = answers_post(agency_return, every_question(agency_return, 3))
        client.post(url("return", agency_return.pk), data)
        with CaptureQueriesContext(connection) as queries:
            client.post(url("return", agency_return.pk), data)
        counts.append(len(queries))
    assert counts[0] == counts[1]


# The tracker ----------------------------------------------------------------------------------------


def test_the_tracker_shows_each_agency_rated_x_of_y_submitted_or_not_and_late(world, client, alice, leo, review):
    police = review.returns.get(agency=world.agencies["police"])
    fire = review.returns.get(agency=world.agencies["fire"])
    submit(police, 3, by=leo, person=world.people["leo"])
    rate_all(fire, 2, by=alice, q1=None, q2=None)
    with clock_at(review.deadline + datetime.timedelta(days=2)):
        client.force_login(alice)
        response = client.get(url("review", review.pk))

    rows = {row["return"].agency.name: row for row in response.context["rows"]}
    assert (rows["Shire Constabulary"]["rated"], rows["Shire Constabulary"]["late"]) == (48, False)
    assert (rows["Shire Fire and Rescue Service"]["rated"], rows["Shire Fire and Rescue Service"]["late"]) == (46, True)
    page = response.content.decode()
    assert "46 of 48" in page
    assert "Not yet" in page
    assert "Late" in page
    assert url("return_reopen", police.pk) in page
    assert "Move to consolidation" in page


def test_only_the_coordinator_sees_the_reopen_and_consolidate_buttons(world, client, maya, leo, review, police_return):
    submit(police_return, 3, by=leo, person=world.people["leo"])
    client.force_login(maya)
    page = client.get(url("review", review.pk)).content.decode()
    assert url("return_reopen", police_return.pk) not in page
    assert "Move to consolidation" not in page
    assert client.post(url("consolidate", review.pk)).status_code == 403
    assert reloaded(review).state == AnnualReview.State.OPEN


# Consolidation --------------------------------------------------------------------------------------


def test_the_coordinator_moves_the_review_to_consolidation(client, alice, review):
    client.force_login(alice)

    response = client.post(url("consolidate", review.pk))

    assert response["Location"] == url("consolidate", review.pk)
    assert reloaded(review).state == AnnualReview.State.CONSOLIDATING


def test_consolidation_shows_the_ratings_side_by_side_with_mean_spread_and_disagreement(client, alice, consolidating):
    client.force_login(alice)

    response = client.get(url("consolidate", consolidating.pk))

    assert response.status_code == 200
    rows = {row["question"].order: row for row in response.context["rows"]}
    assert (rows[1]["ratings"], rows[1]["mean"], rows[1]["spread"], rows[1]["disagree"]) == ([1, 3], 2, 2, True)
    assert (rows[2]["ratings"], rows[2]["spread"], rows[2]["disagree"]) == ([2, 2], 0, False)
    page = response.content.decode()
    assert "Partners disagree" in page
    assert "Partners disagree on 47 questions" in page
    assert "Evidence from the partnership's records" in page


@pytest.mark.parametrize(("name", "status"), [("carol", 200), ("maya", 403), ("leo", 403)])
def test_the_coordinator_and_the_chair_read_the_consolidation(client, world, consolidating, name, status):
    client.force_login(world.users[name])
    assert client.get(url("consolidate", consolidating.pk)).status_code == status


def test_findings_and_recommendations_are_added_and_an_empty_one_is_refused(client, alice, consolidating):
    client.force_login(alice)

    response = client.post(url("finding_add", consolidating.pk), {"finding-text": "", "finding-question": ""})
    assert response.status_code == 200
    assert "<title>Error: " in response.content.decode()

    response = client.post(
        url("finding_add", consolidating.pk),
        {"finding-text": "Partners disagree about leadership.", "finding-question": ""},
    )
    assert response["Location"] == url("consolidate", consolidating.pk) + "#findings"
    response = client.post(
        url("recommendation_add", consolidating.pk), {"recommendation-text": "Hold a development day."}
    )
    assert response["Location"] == url("consolidate", consolidating.pk) + "#recommendations"

    page = client.get(url("consolidate", consolidating.pk)).content.decode()
    assert "Partners disagree about leadership." in page
    assert "Hold a development day." in page


def test_the_chair_cannot_add_findings(client, carol, consolidating):
    client.force_login(carol)
    assert client.post(url("finding_add", consolidating.pk), {"finding-text": "A finding"}).status_code == 403
    assert not consolidating.findings.exists()


def test_a_recommendation_becomes_a_workplan_item_linked_both_ways(world, client, alice, consolidating, next_objective):
    recommendation = services.recommendation_add(review=consolidating, text="Hold a development day.", by=alice)
    client.force_login(alice)
    plan = next_objective.priority.workplan
    page = client.get(url("recommendation_to_workplan", recommendation.pk))
    assert page.status_code == 200
    assert page.context["plan"] == plan

    response = client.post(
        url("recommendation_to_workplan", recommendation.pk) + f"?plan={plan.pk}",
        {
            "objective": next_objective.pk,
            "lead_agency": world.agencies["police"].pk,
            "responsible_officer": world.people["leo"].pk,
            "starts": days_from_today(30).isoformat(),
            "due": days_from_today(200).isoformat(),
        },
    )

    assert response["Location"] == url("consolidate", consolidating.pk) + "#recommendations"
    item = reloaded(recommendation).workplan_item
    assert (item.workplan, item.objective, item.lead_agency) == (plan, next_objective, world.agencies["police"])
    assert WorkplanItem.objects.get(pk=item.pk).recommendation == recommendation
    page = client.get(url("consolidate", consolidating.pk)).content.decode()
    assert reverse("workplan:item", args=["northdale", item.pk]) in page
    # Only once: the page now sends the coordinator back.
    assert client.get(url("recommendation_to_workplan", recommendation.pk)).status_code == 302


def test_an_officer_of_another_agency_as_responsible_officer_is_refused_beside_the_field(
    world, client, alice, consolidating, next_objective
):
    recommendation = services.recommendation_add(review=consolidating, text="Hold a development day.", by=alice)
    client.force_login(alice)

    response = client.post(
        url("recommendation_to_workplan", recommendation.pk),
        {
            "objective": next_objective.pk,
            "lead_agency": world.agencies["police"].pk,
            "responsible_officer": world.people["fred"].pk,
            "starts": days_from_today(30).isoformat(),
            "due": days_from_today(200).isoformat(),
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors.get("responsible_officer")
    assert reloaded(recommendation).workplan_item is None


def test_only_the_coordinator_carries_a_recommendation_into_the_workplan(client, carol, alice, consolidating):
    recommendation = services.recommendation_add(review=consolidating, text="Hold a development day.", by=alice)
    client.force_login(carol)
    assert client.get(url("recommendation_to_workplan", recommendation.pk)).status_code == 403
    assert Recommendation.objects.get(pk=recommendation.pk).workplan_item_id is None


# Approval -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["alice", "maya", "leo"])
def test_only_the_chair_may_approve(client, world, consolidating, name):
    client.force_login(world.users[name])
    assert client.get(url("approve", consolidating.pk)).status_code == 403
    assert client.post(url("approve", consolidating.pk)).status_code == 403
    assert reloaded(consolidating).state == AnnualReview.State.CONSOLIDATING


def test_the_chair_approves_and_the_pdf_is_stored(world, client, carol, consolidating, media):
    client.force_login(carol)
    assert client.get(url("approve", consolidating.pk)).status_code == 200

    # Two of the three returns are in (the council's is not): the chair records why it is approved anyway.
    page = client.get(url("approve", consolidating.pk)).text
    assert "2 of 3 agencies submitted a return" in page
    refused = client.post(url("approve", consolidating.pk))
    assert refused.status_code == 200
    assert "1 return(s) are missing: record why the review is approved without them." in refused.text
    assert reloaded(consolidating).state == AnnualReview.State.CONSOLIDATING
    response = client.post(url("approve", consolidating.pk), {"missing_reason": "The council's return was lost."})

    assert response["Location"] == url("review", consolidating.pk)
    approved = reloaded(consolidating)
    assert (approved.state, approved.approved_by) == (AnnualReview.State.APPROVED, world.people["carol"])
    assert (approved.returns_at_approval, approved.approved_without_all_returns) == (
        "2 of 3",
        "The council's return was lost.",
    )
    document = approved.documents.get()
    assert document.pages > 0
    with document.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    page = client.get(url("review", consolidating.pk)).content.decode()
    assert "The approved review (PDF)" in page


def test_a_review_with_no_return_in_is_not_approved(world, client, carol, review, alice):
    services.review_consolidate(review=review, by=alice)
    client.force_login(carol)
    page = client.get(url("approve", review.pk)).text
    assert "No agency has submitted its return (0 of 3)" in page
    assert "Approve the review</button>" not in page
    client.post(url("approve", review.pk), {"missing_reason": "No one replied."})
    assert reloaded(review).state == AnnualReview.State.CONSOLIDATING
    with pytest.raises(ValidationError) as error:
        services.review_approve(review=review, approver=world.people["carol"], by=carol, missing_reason="None came.")
    assert error.value.messages == [services.NO_RETURNS_TO_APPROVE]


def test_an_open_review_cannot_be_approved_yet(client, carol, review):
    client.force_login(carol)
    page = client.get(url("approve", review.pk)).content.decode()
    assert "Approve the review</button>" not in page
    client.post(url("approve", review.pk))
    assert reloaded(review).state == AnnualReview.State.OPEN


# Frameworks -----------------------------------------------------------------------------------------


def test_frameworks_list_the_shipped_ones_and_the_partnerships_own_with_the_reviews_that_used_them(
    client, maya, review, framework
):
    client.force_login(maya)

    response = client.get(url("frameworks"))

    assert [f.pk for f in response.context["own"]] == [framework.pk]
    assert len(response.context["shipped"]) == 3
    assert response.context["own"][0].used_by == [review]
    assert response.context["own"][0].question_count == 48


def test_the_coordinator_copies_a_framework_and_adds_and_changes_its_questions(client, alice, world, hallmarks):
    client.force_login(alice)

    response = client.post(url("framework_copy", hallmarks.pk), {"name": "Our hallmarks"})
    copy = ReviewFramework.objects.get(partnership=world.northdale, name="Our hallmarks")
    assert response["Location"] == url("framework", copy.pk)

    response = client.post(
        url("question_add", copy.pk), {"section": "Hallmarks", "text": "Do partners share data?", "guidance": ""}
    )
    added = copy.questions.get(order=7)
    assert added.text == "Do partners share data?"
    first = copy.questions.get(order=1)
    response = client.post(
        url("question_edit", first.pk), {"section": "Leadership", "text": first.text, "guidance": "Ask the board."}
    )
    assert response.status_code == 302
    assert (reloaded(first).section, reloaded(first).guidance) == ("Leadership", "Ask the board.")
    assert "Do partners share data?" in client.get(url("framework", copy.pk)).content.decode()


def test_a_locked_framework_cannot_be_changed_and_says_why(client, alice, review, framework):
    client.force_login(alice)
    question = framework.questions.get(order=1)

    response = client.get(url("question_edit", question.pk), follow=True)

    assert services.FRAMEWORK_LOCKED in response.content.decode()
    response = client.post(url("question_add", framework.pk), {"section": "A", "text": "A new question?"})
    assert response["Location"] == url("framework", framework.pk)
    assert framework.questions.count() == 48


def test_shipped_questions_and_others_frameworks_cannot_be_changed(client, alice, leo, hallmarks, framework):
    client.force_login(alice)
    assert client.get(url("question_edit", hallmarks.questions.first().pk)).status_code == 403
    assert client.get(url("question_add", hallmarks.pk)).status_code == 403
    client.force_login(leo)
    assert client.get(url("question_add", framework.pk)).status_code == 403
    assert client.get(url("framework_copy", hallmarks.pk)).status_code == 403


# Year on year ---------------------------------------------------------------------------------------


def test_year_on_year_shows_the_mean_per_question_by_review_year_and_per_agency(world, client, maya, hallmarks):
    leo, fred = world.users["leo"], world.users["fred"]
    for year, police_rating, fire_rating in ((2023, 1, 2), (2024, 3, 4)):
        start = datetime.date(year, 4, 1)
        with clock_at(start + datetime.timedelta(days=380)):
            review = open_review(
                world, hallmarks, title=f"Review {year}", period_start=start, deadline=start + datetime.timedelta(400)
            )
            submit(review.returns.get(agency=world.agencies["police"]), police_rating, by=leo, person=None)
            submit(review.returns.get(agency=world.agencies["fire"]), fire_rating, by=fred, person=None)
    client.force_login(maya)

    response = client.get(url("year_on_year"))

    assert [r.title for r in response.context["reviews"]] == ["Review 2023", "Review 2024"]
    assert response.context["rows"][0]["means"] == [1.5, 3.5]
    agencies = {row["name"]: row["means"] for row in response.context["agencies"]}
    assert agencies == {"Shire Constabulary": [1, 3], "Shire Fire and Rescue Service": [2, 4]}
    page = response.content.decode()
    assert reverse("reviews:chart_year_on_year", args=["northdale"]) in page
    assert "Mean rating by question" in page


# History --------------------------------------------------------------------------------------------


def test_a_review_and_a_return_have_history_pages_for_members_only(client, maya, charlie, review, police_return):
    pages = [
        reverse("partnership:history", args=["northdale", "annualreview", review.pk]),
        reverse("partnership:history", args=["northdale", "agencyreturn", police_return.pk]),
    ]
    client.force_login(maya)
    for page in pages:
        assert client.get(page).status_code == 200
    client.force_login(charlie)
    for page in pages:
        assert client.get(page).status_code == 404


# Query counts ---------------------------------------------------------------------------------------

PINNED = {"tracker": 9, "consolidation": 28, "return": 24}


def grow_partnership(world, count):
    """Bring Northdale to `count` member agencies, each with a lead officer."""
    by = world.administrator
    for n in range(3, count):
        membership = make_member(
            by=by,
            partnership=world.northdale,
            name=f"Partner {n:02}",
            statutory_role=StatutoryRole.INVITED_TO_COOPERATE,
        )
        lead = make_person(by=by, agency=membership.agency, last_name=f"Lead{n:02}")
        make_agency_role(by=by, partnership=world.northdale, person=lead, role=AgencyRole.Role.LEAD_OFFICER)


def review_with_every_return_submitted(world, framework, year):
    alice = world.users["alice"]
    start = datetime.date(year, 4, 1)
    review = open_review(world, framework, title=f"Review {year}", period_start=start)
    for agency_return in review.returns.all():
        submit(agency_return, 1 + agency_return.pk % 4, by=alice, person=world.people["alice"])
    return review


def page_queries(client, path):
    client.get(path)  # warm the caches a long-running server would have warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def test_the_tracker_consolidation_and_return_pages_run_the_same_queries_for_3_agencies_and_for_20(
    world, client, hallmarks
):
    client.force_login(world.users["alice"])
    counts = []
    for year, agencies in ((2023, 3), (2024, 20)):
        grow_partnership(world, agencies)
        review = review_with_every_return_submitted(world, hallmarks, year)
        assert review.returns.count() == agencies
        counts.append(
            {
                "tracker": page_queries(client, url("review", review.pk)),
                "consolidation": page_queries(client, url("consolidate", review.pk)),
                "return": page_queries(client, url("return", review.returns.first().pk)),
            }
        )
    assert counts == [PINNED, PINNED]


def test_a_correction_to_an_approved_review_stores_a_new_recorded_version(world, client, review, alice, media):
    """The first version stays; the new one records its reason; the finding's history names the reason."""
    from reviews.models import ReviewDocument

    submit_a_return(world, review)
    review = services.review_consolidate(review=review, by=alice)
    finding = services.finding_add(review=review, text="Attendance fell.", by=alice)
    services.review_approve(review=review, approver=world.people["carol"], by=alice, missing_reason=MISSING_RETURNS)
    client.force_login(alice)
    url = reverse("reviews:correct", args=["northdale", review.pk])
    refused = client.post(url, {"finding": finding.pk, "text": "Attendance rose.", "reason": ""})
    assert refused.status_code == 200 and refused.context["form"].errors.get("reason")
    assert ReviewDocument.objects.filter(review=review).count() == 1
    response = client.post(url, {"finding": finding.pk, "text": "Attendance rose.", "reason": "Figures misread"})
    assert response.status_code == 302
    documents = list(ReviewDocument.objects.filter(review=review).order_by("version"))
    assert [d.version for d in documents] == [1, 2]
    assert documents[1].reason == "Correction: Figures misread"
    with documents[1].file.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-1.7")
    finding.refresh_from_db()
    assert finding.text == "Attendance rose."
    assert finding.history.latest().history_change_reason == "Figures misread"
