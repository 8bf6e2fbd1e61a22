"""The annual review services: frameworks as versioned data, the cycle of returns by a deadline, the
review's states, findings and recommendations into the workplan, the frozen PDF, reminders, and the
history every write leaves behind."""

import datetime
import hashlib
import io
from collections import Counter
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from members import services as member_services
from members.models import AgencyRole
from partnership.models import AuditEntry
from reviews import selectors, services
from reviews.models import AgencyReturn, AnnualReview, Answer, ReturnReminder, ReviewDocument, ReviewFramework
from tests.factories import make_agency_role, make_member
from tests.records import history_mark, history_since
from tests.reviews.conftest import (
    BERRY,
    HALLMARKS,
    MISSING_RETURNS,
    NACRO,
    at,
    clock_at,
    days_from_today,
    fresh,
    open_review,
    rate,
    rate_all,
    submit_a_return,
)
from workplan import services as workplan_services
from workplan.models import WorkplanItem

EDIT_RETURN = services.EDIT_RETURN
DRAFT, SUBMITTED = AgencyReturn.State.DRAFT, AgencyReturn.State.SUBMITTED
PDF = b"%PDF-1.7\n% the approved review\n%%EOF\n"


def messages_of(error):
    return error.value.messages


def reloaded(obj):
    return type(obj).objects.get(pk=obj.pk)


def submit(agency_return, who, world):
    return services.return_submit(agency_return=agency_return, submitter=world.people[who], by=world.users[who])


def rated_and_submitted(agency_return, who, world, rating=3, **overrides):
    rate_all(agency_return, rating, by=world.users[who], **overrides)
    return submit(agency_return, who, world)


def wrong_state(state, verb):
    return services.REVIEW_WRONG_STATE.format(state=state, verb=verb)


def approve(review, *, approver, by, pages=3):
    """The chair's approval with a stand-in for the rendered PDF (`PDF`, of `pages` pages); the real one is
    read in test_the_stored_pdf_names_the_approving_chair_and_the_day_of_approval and in test_outputs."""
    with mock.patch.object(services, "render_review_pdf", return_value=(PDF, pages)):
        return services.review_approve(review=review, approver=approver, by=by, missing_reason=MISSING_RETURNS)


def with_pdf(service, **kwargs):
    """A service that asks for the review's PDF, with the stand-in for the rendering."""
    with mock.patch.object(services, "render_review_pdf", return_value=(PDF, 2)):
        return service(**kwargs)


@pytest.fixture
def next_objective(world):
    """An objective of next year's plan, for recommendations to become items of."""
    alice = world.users["alice"]
    plan = workplan_services.workplan_create(
        partnership=world.northdale,
        title="Annual plan for next year",
        starts=days_from_today(30),
        ends=days_from_today(394),
        by=alice,
    )
    priority = workplan_services.priority_create(workplan=plan, title="A stronger partnership", by=alice)
    return workplan_services.objective_create(priority=priority, title="Partners act on the review", by=alice)


def to_workplan(recommendation, objective, world, by=None):
    return services.recommendation_to_workplan(
        recommendation=recommendation,
        workplan=objective.priority.workplan,
        objective=objective,
        lead_agency=world.agencies["police"],
        responsible_officer=world.people["leo"],
        starts=days_from_today(30),
        due=days_from_today(200),
        by=by or world.users["alice"],
    )


# Frameworks -----------------------------------------------------------------------------------------


def test_the_shipped_frameworks_are_there_after_migration_with_their_questions(db):
    shipped = {f.name: f for f in ReviewFramework.objects.filter(partnership=None)}
    assert set(shipped) == {NACRO, BERRY, HALLMARKS}
    nacro = shipped[NACRO]
    assert Counter(nacro.questions.values_list("section", flat=True)) == {
        "Checklist for an effective partnership": 13,
        "Ingredients of a successful partnership": 15,
        "Warning signs of an ineffective partnership": 10,
        "Outline plan for effective partnership working": 10,
    }
    assert list(nacro.questions.values_list("order", flat=True)) == list(range(1, 49))
    steps = nacro.questions.filter(section="Outline plan for effective partnership working")
    assert [q.text.split(":")[0] for q in steps] == [
        "Vision",
        "Roles and contributions",
        "Enabling contributions",
        "Resources",
        "Structure",
        "Processes",
        "Culture",
        "Culture clash",
        "Communications",
        "Annual review",
    ]
    assert shipped[BERRY].questions.count() == 5
    hallmarks = [q.text for q in shipped[HALLMARKS].questions.all()]
    assert len(hallmarks) == 6
    for word in ["leadership", "accountability", "intelligence", "delivery structures", "communities", "skills"]:
        assert sum(word in text.lower() for text in hallmarks) == 1, word
    assert {(f.edition, f.is_locked) for f in shipped.values()} == {(1, False)}


def test_each_shipped_framework_is_attributed_to_its_source(db):
    sources = dict(ReviewFramework.objects.filter(partnership=None).values_list("name", "source"))
    assert "Nacro" in sources[NACRO] and "2001" in sources[NACRO]
    assert "Berry et al. (2011)" in sources[BERRY] and "Crawford" in sources[BERRY]
    assert "Table 4.1" in sources[BERRY]
    assert "Home Office" in sources[HALLMARKS] and "Delivering Safer Communities (2007)" in sources[HALLMARKS]


def test_a_copy_is_the_partnerships_own_editable_first_edition_of_the_same_questions(world, nacro, alice):
    copy = services.framework_copy(framework=nacro, partnership=world.northdale, by=alice)
    assert (copy.partnership, copy.name, copy.edition, copy.based_on, copy.is_locked) == (
        world.northdale,
        NACRO,
        1,
        nacro,
        False,
    )
    assert copy.source == nacro.source
    fields = ("section", "order", "text", "guidance")
    assert list(copy.questions.values_list(*fields)) == list(nacro.questions.values_list(*fields))

    added = services.question_add(framework=copy, section="Local questions", text="Do residents know us?", by=alice)
    first = copy.questions.get(order=1)
    services.question_update(question=first, text="Has every partner signed up to the vision?", by=alice)
    assert added.order == 49
    assert reloaded(first).text == "Has every partner signed up to the vision?"
    assert nacro.questions.count() == 48
    assert nacro.questions.get(order=1).text == "Is there a clear vision of what the partnership will achieve?"


def test_copying_a_framework_again_makes_the_next_edition(world, nacro, framework, alice, charlie):
    second = services.framework_copy(framework=nacro, partnership=world.northdale, by=alice)
    third = services.framework_copy(framework=second, partnership=world.northdale, by=alice)
    southvale_copy = services.framework_copy(framework=nacro, partnership=world.southvale, by=charlie)
    assert (framework.edition, second.edition, third.edition) == (1, 2, 3)
    assert third.based_on == second
    assert southvale_copy.edition == 1


def test_a_copy_under_a_new_name_starts_at_edition_one(world, framework, alice):
    renamed = services.framework_copy(
        framework=framework, partnership=world.northdale, by=alice, name="Northdale's own review questions"
    )
    assert (renamed.name, renamed.edition) == ("Northdale's own review questions", 1)


def test_opening_a_review_locks_its_framework_against_changes(world, framework, review, alice):
    locked = ReviewFramework.objects.get(pk=framework.pk)
    assert locked.is_locked
    first = locked.questions.get(order=1)
    with pytest.raises(ValidationError) as error:
        services.question_add(framework=locked, section="Local", text="A question added later?", by=alice)
    assert messages_of(error) == [services.FRAMEWORK_LOCKED]
    with pytest.raises(ValidationError) as error:
        services.question_update(question=first, text="Reworded after the review opened", by=alice)
    assert messages_of(error) == [services.FRAMEWORK_LOCKED]
    assert locked.questions.count() == 48
    assert reloaded(first).text == "Is there a clear vision of what the partnership will achieve?"


def test_a_shipped_framework_cannot_be_edited(nacro, alice):
    with pytest.raises(ValidationError) as error:
        services.question_add(framework=nacro, section="Local", text="A local question?", by=alice)
    assert messages_of(error) == [services.FRAMEWORK_LOCKED]
    with pytest.raises(ValidationError) as error:
        services.question_update(question=nacro.questions.get(order=1), text="Reworded", by=alice)
    assert messages_of(error) == [services.FRAMEWORK_LOCKED]


def test_a_past_review_keeps_the_questions_it_used_after_the_partnership_edits_a_new_copy(
    world, framework, review, police_return, alice
):
    asked = [(q.order, q.text) for q, _answer in selectors.questions_with_answers(reloaded(police_return))]

    edition_two = services.framework_copy(framework=framework, partnership=world.northdale, by=alice)
    services.question_update(question=edition_two.questions.get(order=1), text="Reworded for next year?", by=alice)
    services.question_add(framework=edition_two, section="Local questions", text="A new question?", by=alice)

    assert edition_two.edition == 2
    assert reloaded(review).framework == framework
    still = [(q.order, q.text) for q, _answer in selectors.questions_with_answers(reloaded(police_return))]
    assert still == asked
    assert len(still) == 48
    assert edition_two.questions.count() == 49


def test_a_review_may_not_use_another_partnerships_framework(world, nacro, charlie, alice):
    theirs = services.framework_copy(framework=nacro, partnership=world.southvale, by=charlie)
    with pytest.raises(ValidationError) as error:
        open_review(world, theirs, title="Annual review", period_start=days_from_today(-365))
    assert "framework" in error.value.message_dict
    assert not AnnualReview.objects.filter(partnership=world.northdale).exists()


# Opening the review ---------------------------------------------------------------------------------


def test_opening_a_review_makes_a_return_for_every_current_member_agency_and_not_former_ones(
    world, framework, administrator
):
    former = make_member(by=administrator, partnership=world.northdale, name="Northdale Youth Trust")
    member_services.membership_update(
        membership=former, by=administrator, version=former.version, left=days_from_today(-30)
    )
    review = open_review(world, framework, title="Annual review", period_start=days_from_today(-365))
    assert {r.agency for r in review.returns.all()} == {
        world.agencies["council"],
        world.agencies["police"],
        world.agencies["fire"],
    }
    assert {r.state for r in review.returns.all()} == {DRAFT}


def test_a_review_cannot_open_with_a_deadline_that_is_not_after_today(world, framework):
    with pytest.raises(ValidationError) as error:
        open_review(
            world, framework, title="Annual review", period_start=days_from_today(-365), deadline=days_from_today(0)
        )
    assert error.value.message_dict == {"deadline": [services.DEADLINE_BEFORE_OPEN]}
    assert not ReviewFramework.objects.get(pk=framework.pk).is_locked


def test_a_second_review_of_the_same_year_is_refused(world, framework, review):
    with pytest.raises(ValidationError):
        open_review(world, framework, title="The same year again", period_start=review.period_start)


def test_each_agencys_lead_officer_may_edit_its_return_and_no_other(world, police_return, fire_return):
    leo, olive, fred = (fresh(world.users[name]) for name in ("leo", "olive", "fred"))
    assert leo.has_perm(EDIT_RETURN, police_return)
    assert not leo.has_perm(EDIT_RETURN, fire_return)
    assert not olive.has_perm(EDIT_RETURN, police_return)  # an officer, not a lead officer
    assert fred.has_perm(EDIT_RETURN, fire_return)
    assert not fred.has_perm(EDIT_RETURN, police_return)


def test_the_right_to_edit_follows_the_lead_role_given_after_the_review_opened(world, police_return, administrator):
    make_agency_role(
        by=administrator, partnership=world.northdale, person=world.people["olive"], role=AgencyRole.Role.DEPUTY
    )
    assert fresh(world.users["olive"]).has_perm(EDIT_RETURN, police_return)


# Answers and submission -----------------------------------------------------------------------------


def test_saving_a_draft_keeps_the_answers_and_records_history_only_for_what_changed(world, police_return, leo):
    q1, q2 = police_return.review.framework.questions.filter(order__in=[1, 2])
    mark = history_mark()
    saved = services.answers_save(
        agency_return=police_return,
        answers={q1: (3, "A vision agreed by the board in May.", ""), q2: (None, "", "Still to discuss.")},
        by=leo,
    )
    assert len(saved) == 2
    assert {(row.instance.question_id, row.history_user) for row in history_since(mark)} == {(q1.pk, leo), (q2.pk, leo)}

    mark = history_mark()
    again = services.answers_save(
        agency_return=police_return,
        answers={q1: (3, "A vision agreed by the board in May.", ""), q2: (None, "", "Still to discuss.")},
        by=leo,
    )
    assert again == []
    assert history_since(mark) == []

    changed = services.answers_save(
        agency_return=police_return,
        answers={q1: (3, "A vision agreed by the board in May.", ""), q2: (2, "Aims agreed in June.", "")},
        by=leo,
    )
    assert [answer.question for answer in changed] == [q2]
    assert [(row.instance.question_id, row.history_type) for row in history_since(mark)] == [(q2.pk, "~")]
    answers = {a.question_id: a for a in reloaded(police_return).answers.all()}
    assert (answers[q1.pk].rating, answers[q2.pk].rating, answers[q2.pk].evidence) == (3, 2, "Aims agreed in June.")
    assert reloaded(police_return).state == DRAFT


def test_a_return_cannot_be_submitted_until_every_question_is_rated(world, police_return, leo):
    rate_all(police_return, 3, by=leo, q3=None, q7=None)
    with pytest.raises(ValidationError) as error:
        submit(police_return, "leo", world)
    assert messages_of(error) == [services.SUBMIT_NEEDS_RATINGS.format(questions="3, 7")]
    assert reloaded(police_return).state == DRAFT


def test_a_return_with_many_questions_unrated_lists_the_first_ten(world, police_return, leo):
    rate(police_return, {1: 4}, by=leo)
    with pytest.raises(ValidationError) as error:
        submit(police_return, "leo", world)
    assert messages_of(error) == [services.SUBMIT_NEEDS_RATINGS.format(questions="2, 3, 4, 5, 6, 7, 8, 9, 10, 11…")]


def test_submitting_records_who_submitted_and_when(world, review, police_return, leo):
    rate_all(police_return, 3, by=leo)
    moment = at(review.deadline - datetime.timedelta(days=3), 15, 20)
    with clock_at(moment):
        submit(police_return, "leo", world)
    submitted = reloaded(police_return)
    assert (submitted.state, submitted.submitted_by, submitted.submitted_at) == (
        SUBMITTED,
        world.people["leo"],
        moment,
    )
    assert not submitted.is_late


def test_a_submitted_return_cannot_be_changed(world, police_return, leo):
    rated_and_submitted(police_return, "leo", world)
    first = police_return.review.framework.questions.get(order=1)
    with pytest.raises(ValidationError) as error:
        services.answers_save(agency_return=police_return, answers={first: (1, "", "")}, by=leo)
    assert messages_of(error) == [services.RETURN_SUBMITTED]
    with pytest.raises(ValidationError) as error:
        submit(police_return, "leo", world)
    assert messages_of(error) == [services.RETURN_SUBMITTED]
    assert reloaded(police_return).answers.get(question=first).rating == 3


def test_the_agency_may_reopen_its_return_before_the_deadline_and_keeps_its_answers(world, police_return, leo):
    rated_and_submitted(police_return, "leo", world)
    services.return_reopen(agency_return=police_return, by=leo, as_coordinator=False)
    reopened = reloaded(police_return)
    assert (reopened.state, reopened.submitted_at, reopened.submitted_by, reopened.reopened_count) == (
        DRAFT,
        None,
        None,
        1,
    )
    assert reopened.answers.filter(rating=3).count() == 48
    rate(reopened, {1: 4}, by=leo)
    assert reopened.answers.get(question__order=1).rating == 4


def test_on_the_deadline_day_the_agency_may_still_reopen_its_return(world, review, police_return, leo):
    rated_and_submitted(police_return, "leo", world)
    with clock_at(at(review.deadline, 23, 30)):
        services.return_reopen(agency_return=police_return, by=leo, as_coordinator=False)
    assert reloaded(police_return).state == DRAFT


def test_after_the_deadline_only_the_coordinator_may_reopen_a_return(world, review, police_return, leo, alice):
    rated_and_submitted(police_return, "leo", world)
    with clock_at(review.deadline + datetime.timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            services.return_reopen(agency_return=police_return, by=leo, as_coordinator=False)
        assert messages_of(error) == [services.REOPEN_AFTER_DEADLINE]
        assert reloaded(police_return).state == SUBMITTED
        services.return_reopen(agency_return=police_return, by=alice, as_coordinator=True)
    assert reloaded(police_return).state == DRAFT


def test_no_one_reopens_a_return_of_an_approved_review(world, review, police_return, alice, carol, media):
    rated_and_submitted(police_return, "leo", world)
    services.review_consolidate(review=review, by=alice)
    approve(review, approver=world.people["carol"], by=carol)
    with pytest.raises(ValidationError) as error:
        services.return_reopen(agency_return=police_return, by=alice, as_coordinator=True)
    assert messages_of(error) == [services.REVIEW_NOT_OPEN]
    assert reloaded(police_return).state == SUBMITTED


def test_a_draft_cannot_be_reopened(world, police_return, alice):
    with pytest.raises(ValidationError) as error:
        services.return_reopen(agency_return=police_return, by=alice, as_coordinator=True)
    assert messages_of(error) == [services.RETURN_NOT_SUBMITTED]


def test_a_return_submitted_after_the_deadline_is_late_and_one_on_the_deadline_day_is_not(
    world, review, police_return, fire_return, leo, fred
):
    rate_all(police_return, 3, by=leo)
    rate_all(fire_return, 3, by=fred)
    with clock_at(at(review.deadline, 23, 30)):
        submit(police_return, "leo", world)
    with clock_at(at(review.deadline + datetime.timedelta(days=1), 9)):
        submit(fire_return, "fred", world)
    assert not reloaded(police_return).is_late
    assert reloaded(fire_return).is_late
    # Still so long after.
    with clock_at(review.deadline + datetime.timedelta(days=90)):
        assert (reloaded(police_return).is_late, reloaded(fire_return).is_late) == (False, True)


def test_a_return_not_submitted_by_the_deadline_is_late(world, review, council_return):
    assert not council_return.is_late
    with clock_at(at(review.deadline, 18)):
        assert not reloaded(council_return).is_late
    with clock_at(review.deadline + datetime.timedelta(days=1)):
        assert reloaded(council_return).is_late


# The review's states --------------------------------------------------------------------------------


def test_the_review_moves_open_then_consolidating_then_approved_and_refuses_moves_out_of_turn(
    world, review, alice, carol, media
):
    with pytest.raises(ValidationError) as error:
        approve(review, approver=world.people["carol"], by=carol)
    assert messages_of(error) == [wrong_state("open for returns", "approved")]
    with pytest.raises(ValidationError) as error:
        services.review_reopen_for_returns(review=review, by=alice)
    assert messages_of(error) == [wrong_state("open for returns", "reopened")]
    assert not ReviewDocument.objects.filter(review=review).exists()

    submit_a_return(world, review)
    services.review_consolidate(review=review, by=alice)
    assert reloaded(review).state == AnnualReview.State.CONSOLIDATING
    with pytest.raises(ValidationError) as error:
        services.review_consolidate(review=review, by=alice)
    assert messages_of(error) == [wrong_state("being consolidated", "consolidated")]

    approve(review, approver=world.people["carol"], by=carol)
    assert reloaded(review).state == AnnualReview.State.APPROVED
    for move, verb in [(services.review_consolidate, "consolidated"), (services.review_reopen_for_returns, "reopened")]:
        with pytest.raises(ValidationError) as error:
            move(review=review, by=alice)
        assert messages_of(error) == [wrong_state("approved", verb)]
    with pytest.raises(ValidationError) as error:
        approve(review, approver=world.people["carol"], by=carol)
    assert messages_of(error) == [wrong_state("approved", "approved")]
    assert reloaded(review).documents.count() == 1


def test_once_consolidating_returns_can_no_longer_be_saved_submitted_or_reopened_by_the_agency(
    world, review, police_return, fire_return, leo, fred, alice
):
    rated_and_submitted(police_return, "leo", world)
    rate_all(fire_return, 2, by=fred)
    services.review_consolidate(review=review, by=alice)
    first = review.framework.questions.get(order=1)
    with pytest.raises(ValidationError) as error:
        services.answers_save(agency_return=fire_return, answers={first: (4, "", "")}, by=fred)
    assert messages_of(error) == [services.REVIEW_NOT_OPEN]
    with pytest.raises(ValidationError) as error:
        submit(fire_return, "fred", world)
    assert messages_of(error) == [services.REVIEW_NOT_OPEN]
    with pytest.raises(ValidationError) as error:
        services.return_reopen(agency_return=police_return, by=leo, as_coordinator=False)
    assert messages_of(error) == [services.REVIEW_NOT_OPEN]


def test_the_coordinator_may_reopen_a_consolidating_review_for_a_late_return(world, review, fire_return, fred, alice):
    rate_all(fire_return, 2, by=fred)
    services.review_consolidate(review=review, by=alice)
    services.review_reopen_for_returns(review=review, by=alice)
    assert reloaded(review).state == AnnualReview.State.OPEN
    submit(fire_return, "fred", world)
    assert reloaded(fire_return).state == SUBMITTED


@pytest.mark.parametrize("state", ["open", "approved"])
def test_findings_and_recommendations_are_written_only_while_consolidating(world, review, alice, carol, media, state):
    if state == "approved":
        submit_a_return(world, review)
        services.review_consolidate(review=review, by=alice)
        approve(review, approver=world.people["carol"], by=carol)
    current = reloaded(review)
    label = current.get_state_display().lower()
    with pytest.raises(ValidationError) as error:
        services.finding_add(review=current, text="Partners rate communication low.", by=alice)
    assert messages_of(error) == [wrong_state(label, "changed this way")]
    with pytest.raises(ValidationError) as error:
        services.recommendation_add(review=current, text="Agree a communications strategy.", by=alice)
    assert messages_of(error) == [wrong_state(label, "changed this way")]
    assert not current.findings.exists() and not current.recommendations.exists()


def test_findings_and_recommendations_are_numbered_in_the_order_written(world, review, alice):
    services.review_consolidate(review=review, by=alice)
    current = reloaded(review)
    question = current.framework.questions.get(order=13)
    first = services.finding_add(review=current, text="Stakeholders hear little from us.", question=question, by=alice)
    second = services.finding_add(review=current, text="Meetings are well run.", by=alice)
    advice = services.recommendation_add(review=current, text="Publish a newsletter each quarter.", by=alice)
    assert [(f.order, f.question) for f in current.findings.all()] == [(1, question), (2, None)]
    assert [first, second] == list(current.findings.all())
    assert (advice.order, advice.workplan_item) == (1, None)


def test_a_recommendation_becomes_a_workplan_item_linked_both_ways_and_only_once(world, review, alice, next_objective):
    services.review_consolidate(review=review, by=alice)
    advice = services.recommendation_add(review=reloaded(review), text="Publish a newsletter each quarter.", by=alice)
    item = to_workplan(advice, next_objective, world)

    assert reloaded(advice).workplan_item == item
    assert WorkplanItem.objects.get(pk=item.pk).recommendation == advice
    assert (item.title, item.workplan, item.objective) == (
        "Publish a newsletter each quarter.",
        next_objective.priority.workplan,
        next_objective,
    )
    assert review.title in item.description
    assert fresh(world.users["leo"]).has_perm("workplan.change_workplanitem", item)

    with pytest.raises(ValidationError) as error:
        to_workplan(advice, next_objective, world)
    assert messages_of(error) == [services.ALREADY_IN_WORKPLAN]
    assert WorkplanItem.objects.filter(workplan=next_objective.priority.workplan).count() == 1


# Approval and the stored PDF ------------------------------------------------------------------------


def test_the_chairs_approval_freezes_the_review_and_stores_its_pdf_once_with_its_checksum(
    world, review, alice, carol, media
):
    submit_a_return(world, review)
    services.review_consolidate(review=review, by=alice)
    with clock_at(at(days_from_today(1), 11)) as moment:
        approve(review, approver=world.people["carol"], by=carol, pages=12)
    approved = reloaded(review)
    assert (approved.state, approved.approved_by, approved.approved_at) == (
        AnnualReview.State.APPROVED,
        world.people["carol"],
        moment,
    )
    document = approved.documents.get()
    assert (document.version, document.pages, document.created_by) == (1, 12, carol)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    with document.file.open("rb") as stored:
        assert stored.read() == PDF


def test_the_approval_is_recorded_before_the_pdf_is_made_from_it(world, review, alice, media):
    """Recorded for the chair by someone else (here the administrator), the PDF still names the chair."""
    submit_a_return(world, review)
    services.review_consolidate(review=review, by=alice)
    seen = []

    def render(approved, *, user):
        seen.append((approved.state, approved.approved_by, approved.approved_at, user))
        return PDF, 2

    with clock_at(at(days_from_today(1), 11)) as moment, mock.patch.object(services, "render_review_pdf", render):
        services.review_approve(
            review=review, approver=world.people["carol"], by=world.administrator, missing_reason=MISSING_RETURNS
        )
    assert seen == [(AnnualReview.State.APPROVED, world.people["carol"], moment, world.administrator)]


def test_the_stored_pdf_names_the_approving_chair_and_the_day_of_approval(world, review, alice, carol, media):
    submit_a_return(world, review)
    services.review_consolidate(review=review, by=alice)
    with clock_at(at(days_from_today(3), 16, 45)) as moment:
        services.review_approve(review=review, approver=world.people["carol"], by=carol, missing_reason=MISSING_RETURNS)

    document = reloaded(review).documents.get()
    with document.file.open("rb") as stored:
        content = stored.read()
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert f"Approved by Carol Chen on {timezone.localtime(moment):%-d %B %Y}" in text
    assert "DRAFT" not in text
    assert (document.pages, document.sha256) == (len(reader.pages), hashlib.sha256(content).hexdigest())


def test_a_new_version_of_the_pdf_keeps_the_earlier_one(world, review, alice, carol, media):
    submit_a_return(world, review)
    services.review_consolidate(review=review, by=alice)
    approve(review, approver=world.people["carol"], by=carol, pages=12)
    corrected = PDF.replace(b"approved review", b"corrected review")
    services.document_store(
        review=reloaded(review), pdf_bytes=corrected, pages=12, by=alice, reason="Finding 2 corrected"
    )

    first, second = ReviewDocument.objects.filter(review=review).order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert (first.sha256, second.sha256) == (hashlib.sha256(PDF).hexdigest(), hashlib.sha256(corrected).hexdigest())
    assert second.reason == "Finding 2 corrected"
    assert first.file.name != second.file.name
    with first.file.open("rb") as stored:
        assert stored.read() == PDF
    with second.file.open("rb") as stored:
        assert stored.read() == corrected


def test_a_finding_corrected_after_approval_needs_a_reason_which_its_history_keeps(world, review, alice, carol, media):
    submit_a_return(world, review)
    services.review_consolidate(review=review, by=alice)
    finding = services.finding_add(review=reloaded(review), text="Meetings are well run.", by=alice)
    services.finding_correct(finding=finding, text="Meetings are mostly well run.", by=alice, reason="")
    assert reloaded(finding).text == "Meetings are mostly well run."

    approve(review, approver=world.people["carol"], by=carol)
    finding = reloaded(finding)
    with pytest.raises(ValidationError) as error:
        services.finding_correct(finding=finding, text="Meetings are well run.", by=alice, reason="  ")
    assert error.value.message_dict == {"reason": [services.CORRECTION_NEEDS_REASON]}
    assert reloaded(finding).text == "Meetings are mostly well run."

    services.finding_correct(
        finding=finding, text="Meetings are well run.", by=alice, reason="The minutes showed all were quorate"
    )
    latest = reloaded(finding).history.first()
    assert (latest.text, latest.history_user, latest.history_change_reason) == (
        "Meetings are well run.",
        alice,
        "The minutes showed all were quorate",
    )


# Reminders ------------------------------------------------------------------------------------------


def test_reminders_go_to_the_lead_officers_of_agencies_that_have_not_submitted(
    world, review, police_return, fire_return, leo
):
    rated_and_submitted(police_return, "leo", world)
    mail.outbox.clear()
    services.return_reminders_send(today=review.deadline - datetime.timedelta(days=8))
    assert mail.outbox == []

    services.return_reminders_send(today=review.deadline - datetime.timedelta(days=3))
    assert [message.to for message in mail.outbox] == [["fred@example.org"]]
    (message,) = mail.outbox
    assert message.subject == f"Review return due soon: {review.title}"
    path = reverse("reviews:return", args=[world.northdale.slug, fire_return.pk])
    assert settings.SITE_URL.rstrip("/") + path in message.body
    assert not police_return.reminders.exists()
    assert list(fire_return.reminders.values_list("threshold", flat=True)) == ["due_soon"]


def test_each_reminder_is_sent_once_per_threshold(world, review, fire_return):
    rate_all(fire_return, 3, by=world.users["fred"])
    mail.outbox.clear()
    before = review.deadline - datetime.timedelta(days=3)
    services.return_reminders_send(today=before)
    services.return_reminders_send(today=before + datetime.timedelta(days=1))
    after = review.deadline + datetime.timedelta(days=1)
    services.return_reminders_send(today=after)
    services.return_reminders_send(today=after + datetime.timedelta(days=2))

    to_fred = [m.subject for m in mail.outbox if m.to == ["fred@example.org"]]
    assert to_fred == [f"Review return due soon: {review.title}", f"Review return overdue: {review.title}"]
    assert sorted(fire_return.reminders.values_list("threshold", flat=True)) == ["due_soon", "overdue"]


def test_reminders_reach_lead_officers_but_not_other_officers(world, review):
    mail.outbox.clear()
    services.return_reminders_send(today=review.deadline - datetime.timedelta(days=1))
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["fred@example.org", "leo@example.org"]  # not olive; the council has no lead officer


def test_no_reminder_is_sent_for_a_submitted_return(world, review, police_return, fire_return):
    rated_and_submitted(police_return, "leo", world)
    rated_and_submitted(fire_return, "fred", world)
    mail.outbox.clear()
    services.return_reminders_send(today=review.deadline - datetime.timedelta(days=1))
    services.return_reminders_send(today=review.deadline + datetime.timedelta(days=1))
    assert mail.outbox == []  # the council's return, not submitted, has no lead officer to remind
    assert not ReturnReminder.objects.filter(agency_return__in=[police_return, fire_return]).exists()


def test_no_reminder_is_sent_once_the_review_is_being_consolidated(world, review, alice):
    services.review_consolidate(review=review, by=alice)
    mail.outbox.clear()
    sent = services.return_reminders_send(today=review.deadline + datetime.timedelta(days=1))
    assert sent == {"due_soon": 0, "overdue": 0}
    assert mail.outbox == []
    assert not ReturnReminder.objects.filter(agency_return__review=review).exists()


# History --------------------------------------------------------------------------------------------


def _write_paths(world, nacro, framework, review, police_return, next_objective):
    setup = world.administrator
    northdale, people = world.northdale, world.people

    def unlocked():
        return services.framework_copy(framework=nacro, partnership=northdale, by=setup, name="Local questions")

    def submitted():
        rate_all(police_return, 3, by=setup)
        return services.return_submit(agency_return=police_return, submitter=people["leo"], by=setup)

    def consolidating():
        submitted()  # a review is approved only with a return in
        return services.review_consolidate(review=review, by=setup)

    def approved():
        consolidating()
        return approve(review, approver=people["carol"], by=setup, pages=2)

    def new_member():
        return make_member(by=setup, partnership=northdale, name="Northdale Youth Trust").agency

    return {
        "framework_copy": lambda by: services.framework_copy(framework=nacro, partnership=northdale, by=by),
        "question_add": lambda by: services.question_add(framework=unlocked(), section="Local", text="Q?", by=by),
        "question_update": lambda by: services.question_update(
            question=unlocked().questions.get(order=2), text="Reworded?", by=by
        ),
        "review_open": lambda by: open_review(
            world, framework, title="Next year", period_start=days_from_today(0), by=by
        ),
        "return_add": lambda by: services.return_add(review=review, agency=new_member(), by=by),
        "answers_save": lambda by: rate(police_return, {1: 3, 2: 4}, by=by),
        "return_submit": lambda by: (
            rate_all(police_return, 3, by=setup),
            services.return_submit(agency_return=police_return, submitter=people["leo"], by=by),
        ),
        "return_reopen": lambda by: (
            submitted(),
            services.return_reopen(agency_return=police_return, by=by, as_coordinator=True),
        ),
        "review_consolidate": lambda by: services.review_consolidate(review=review, by=by),
        "review_reopen_for_returns": lambda by: (
            consolidating(),
            services.review_reopen_for_returns(review=review, by=by),
        ),
        "finding_add": lambda by: (consolidating(), services.finding_add(review=reloaded(review), text="F", by=by)),
        "finding_correct": lambda by: services.finding_correct(
            finding=(consolidating(), services.finding_add(review=reloaded(review), text="F", by=setup))[1],
            text="Corrected",
            by=by,
            reason="",
        ),
        "finding_correct_after_approval": lambda by: (
            consolidating(),
            services.finding_add(review=reloaded(review), text="F", by=setup),
            approve(review, approver=people["carol"], by=setup, pages=2),
            services.finding_correct(
                finding=reloaded(review).findings.get(), text="Corrected", by=by, reason="A typing slip"
            ),
        ),
        "recommendation_add": lambda by: (
            consolidating(),
            services.recommendation_add(review=reloaded(review), text="R", by=by),
        ),
        "recommendation_to_workplan": lambda by: to_workplan(
            (consolidating(), services.recommendation_add(review=reloaded(review), text="R", by=setup))[1],
            next_objective,
            world,
            by=by,
        ),
        "review_approve": lambda by: (
            consolidating(),
            approve(review, approver=people["carol"], by=by, pages=2),
        ),
        "document_store": lambda by: (
            approved(),
            services.document_store(review=reloaded(review), pdf_bytes=b"%PDF-2", pages=2, by=by, reason="Fix"),
        ),
        "return_reminders_send": lambda by: services.return_reminders_send(today=review.deadline, by=by),
        "document_request": lambda by: (
            approved(),
            with_pdf(services.document_request, review=reloaded(review), by=by, reason="Again"),
        ),
        "document_retry": lambda by: (approved(), with_pdf(services.document_retry, review=reloaded(review), by=by)),
        "review_correct": lambda by: (
            consolidating(),
            services.finding_add(review=reloaded(review), text="F", by=setup),
            approve(review, approver=people["carol"], by=setup, pages=2),
            services.review_correct(
                review=reloaded(review),
                finding=reloaded(review).findings.get(),
                text="Corrected",
                reason="A typing slip",
                by=by,
            ),
        ),
    }


WRITE_PATHS = [
    "framework_copy",
    "question_add",
    "question_update",
    "review_open",
    "return_add",
    "answers_save",
    "return_submit",
    "return_reopen",
    "review_consolidate",
    "review_reopen_for_returns",
    "finding_add",
    "finding_correct",
    "finding_correct_after_approval",
    "recommendation_add",
    "recommendation_to_workplan",
    "review_approve",
    "document_store",
    "return_reminders_send",
    "document_request",
    "document_retry",
    "review_correct",
]


@pytest.fixture
def write_paths(world, nacro, framework, review, police_return, next_objective, media):
    return _write_paths(world, nacro, framework, review, police_return, next_objective)


@pytest.mark.parametrize("path", WRITE_PATHS)
def test_every_history_row_a_service_writes_names_who_made_the_change(world, write_paths, carol, path):
    """Set-up steps inside a path are made by the administrator and left out: every other row must name carol."""
    mark = history_mark()
    write_paths[path](carol)
    rows = [row for row in history_since(mark) if row.history_user != world.administrator]
    assert rows, "the write recorded no history"
    assert {row.history_user for row in rows} == {carol}
    indexed = {
        (entry.kind, entry.history_id, entry.user_id)
        for entry in AuditEntry.objects.filter(history_id__in=[row.history_id for row in rows])
    }
    assert {(row.instance._meta.label_lower, row.history_id, carol.pk) for row in rows} <= indexed


def test_the_write_paths_above_cover_every_reviews_service():
    service_names = {
        name
        for name, value in vars(services).items()
        if callable(value) and not name.startswith("_") and getattr(value, "__module__", "") == services.__name__
    }
    assert {name for name in service_names if not any(path.startswith(name) for path in WRITE_PATHS)} == set()


def test_audit_entries_of_a_return_are_scoped_to_its_partnership_and_agency(world, police_return, leo):
    mark = history_mark()
    rate(police_return, {1: 3}, by=leo)
    (row,) = history_since(mark)
    entry = AuditEntry.objects.get(history_id=row.history_id, kind="reviews.answer")
    assert (entry.partnership_id, entry.agency_id, entry.user) == (
        world.northdale.pk,
        world.agencies["police"].pk,
        leo,
    )
    assert Answer.objects.get(pk=row.id).agency_return == police_return
