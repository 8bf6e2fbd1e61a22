"""The annual review's models: the rating scale, the rules each record keeps whoever saves it, and the
deadline arithmetic that flags late returns."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from reviews import services
from reviews.models import (
    AgencyReturn,
    AnnualReview,
    Question,
    Rating,
    Recommendation,
    ReturnReminder,
    ReviewDocument,
    ReviewFramework,
)
from tests.reviews.conftest import MISSING_RETURNS, NACRO, at, clock_at, days_from_today, rate, submit_a_return
from workplan import services as workplan_services


def test_the_rating_scale_runs_from_not_in_place_to_fully_in_place():
    assert [value for value, _label in Rating.choices] == [1, 2, 3, 4]
    assert Rating(1).label == "1 – Not in place"
    assert Rating(4).label == "4 – Fully in place"
    assert all(label.startswith(f"{value} – ") for value, label in Rating.choices)


@pytest.mark.parametrize("rating", [0, 5])
def test_a_rating_off_the_scale_is_refused(world, police_return, leo, rating):
    with pytest.raises(ValidationError) as error:
        rate(police_return, {1: rating}, by=leo)
    assert "rating" in error.value.message_dict
    assert not police_return.answers.exists()


def test_a_review_year_must_end_after_it_starts(world, framework):
    review = AnnualReview(
        partnership=world.northdale,
        title="Annual review",
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2025, 4, 1),
        deadline=days_from_today(14),
        framework=framework,
    )
    with pytest.raises(ValidationError) as error:
        review.full_clean()
    assert error.value.message_dict["period_end"] == ["The review year must end after it starts."]


def test_a_review_uses_a_shipped_framework_or_its_own_partnerships(world, nacro, framework, charlie):
    theirs = services.framework_copy(framework=nacro, partnership=world.southvale, by=charlie)

    def review_of(chosen):
        return AnnualReview(
            partnership=world.northdale,
            title="Annual review",
            period_start=datetime.date(2025, 4, 1),
            period_end=datetime.date(2026, 3, 31),
            deadline=days_from_today(14),
            framework=chosen,
        )

    review_of(nacro).full_clean()
    review_of(framework).full_clean()
    with pytest.raises(ValidationError) as error:
        review_of(theirs).full_clean()
    assert error.value.message_dict["framework"] == ["Choose a shipped framework or one of this partnership's."]


def test_the_deadline_passes_at_the_end_of_its_day(review):
    with clock_at(at(review.deadline, 23, 59)):
        assert not review.is_past_deadline
    with clock_at(at(review.deadline + datetime.timedelta(days=1), 0, 1)):
        assert review.is_past_deadline


def test_a_return_submitted_late_stays_late_and_one_on_time_stays_on_time(review, police_return):
    police_return.submitted_at = at(review.deadline, 17)
    with clock_at(review.deadline + datetime.timedelta(days=60)):
        assert not police_return.is_late
        police_return.submitted_at = at(review.deadline + datetime.timedelta(days=1), 8)
        assert police_return.is_late


def test_an_agency_has_one_return_to_a_review(world, review, alice):
    with pytest.raises(ValidationError):
        services.return_add(review=review, agency=world.agencies["police"], by=alice)
    assert review.returns.filter(agency=world.agencies["police"]).count() == 1


def test_a_framework_edition_is_unique_within_a_partnership(world, framework):
    duplicate = ReviewFramework(partnership=world.northdale, name=NACRO, edition=1, source="Elsewhere")
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    ReviewFramework(partnership=world.northdale, name=NACRO, edition=2, source="Elsewhere").full_clean()


def test_each_question_of_a_framework_has_its_own_number(framework):
    with pytest.raises(ValidationError):
        Question(framework=framework, section="Local", order=1, text="A second question one?").full_clean()


def test_a_workplan_item_carries_at_most_one_recommendation(world, review, alice):
    services.review_consolidate(review=review, by=alice)
    current = AnnualReview.objects.get(pk=review.pk)
    first = services.recommendation_add(review=current, text="Publish a newsletter.", by=alice)
    second = services.recommendation_add(review=current, text="Hold a partners' day.", by=alice)
    plan = workplan_services.workplan_create(
        partnership=world.northdale, title="Next year", starts=days_from_today(30), ends=days_from_today(394), by=alice
    )
    priority = workplan_services.priority_create(workplan=plan, title="A stronger partnership", by=alice)
    objective = workplan_services.objective_create(priority=priority, title="Act on the review", by=alice)
    item = services.recommendation_to_workplan(
        recommendation=first,
        workplan=plan,
        objective=objective,
        lead_agency=world.agencies["police"],
        responsible_officer=world.people["leo"],
        starts=days_from_today(30),
        due=days_from_today(200),
        by=alice,
    )
    second.workplan_item = item
    with pytest.raises(ValidationError):
        second.full_clean()
    assert Recommendation.objects.get(pk=second.pk).workplan_item is None


def test_a_document_version_is_stored_once(world, review, alice, carol, media):
    submit_a_return(world, review)
    services.review_consolidate(review=review, by=alice)
    services.review_approve(review=review, approver=world.people["carol"], by=carol, missing_reason=MISSING_RETURNS)
    document = ReviewDocument.objects.get(review=review)
    again = ReviewDocument(
        review=review, version=1, file=document.file.name, sha256=document.sha256, pages=1, created_by=alice
    )
    with pytest.raises(ValidationError):
        again.full_clean()


def test_a_reminder_threshold_is_recorded_once_per_return(police_return):
    ReturnReminder.objects.create(agency_return=police_return, threshold=ReturnReminder.Threshold.DUE_SOON)
    with pytest.raises(ValidationError):
        ReturnReminder(agency_return=police_return, threshold=ReturnReminder.Threshold.DUE_SOON).full_clean()
    ReturnReminder(agency_return=police_return, threshold=ReturnReminder.Threshold.OVERDUE).full_clean()


def test_records_name_themselves_plainly(world, nacro, framework, review, police_return, leo):
    assert str(nacro) == f"{NACRO} (edition 1)"
    assert str(police_return) == f"Shire Constabulary return to {review.title}"
    (answer,) = rate(police_return, {1: 3}, by=leo)
    assert str(answer) == "Shire Constabulary: Is there a clear vision of what the partnership will achieve?"
    assert str(ReturnReminder(agency_return=police_return, threshold="overdue")) == (
        f"Deadline passed reminder for {police_return}"
    )


def test_the_audit_log_files_each_record_under_its_partnership_and_agency(world, nacro, framework, police_return, leo):
    (answer,) = rate(police_return, {1: 3}, by=leo)
    nd, police = world.northdale.pk, world.agencies["police"].pk
    assert police_return.audit_scope() == (nd, police)
    assert answer.audit_scope() == (nd, police)
    assert framework.audit_scope() == (nd, None)
    assert framework.questions.first().audit_scope() == (nd, None)
    assert nacro.questions.first().audit_scope() == (None, None)
    assert AgencyReturn.objects.get(pk=police_return.pk).review.audit_scope() == (nd, None)
