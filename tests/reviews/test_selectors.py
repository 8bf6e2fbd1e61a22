"""The annual review selectors: who may read and edit what, the tracker, consolidation, year-on-year, and
the evidence drawn from the partnership's own records for the review year, on known data."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import ActionPoint, Attendance
from members.access import access_for
from reviews import selectors, services
from reviews.models import AnnualReview
from tests.factories import make_member
from tests.meetings.conftest import seat_the_board
from tests.reviews.conftest import at, clock_at, fresh, open_review, rate, rate_all
from workplan import services as workplan_services
from workplan.models import Indicator, WorkplanItem

CANARY = "CANARY-5d1e"
PRESENT, APOLOGIES = Attendance.Status.PRESENT, Attendance.Status.APOLOGIES


def submit(agency_return, who, world):
    return services.return_submit(agency_return=agency_return, submitter=world.people[who], by=world.users[who])


def reloaded(obj):
    return type(obj).objects.get(pk=obj.pk)


# Who may read and edit ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, agency, refused",
    [
        ("leo", "police", None),
        ("fred", "fire", None),
        ("alice", "police", None),  # the coordinator edits any return
        ("alice", "fire", None),
        ("leo", "fire", PermissionDenied),
        ("fred", "police", PermissionDenied),
        ("olive", "police", PermissionDenied),  # an officer of the police, not its lead officer
        ("carol", "police", PermissionDenied),
        ("maya", "fire", PermissionDenied),
        ("charlie", "police", Http404),
    ],
)
def test_who_may_open_a_return_to_edit_it(world, review, who, agency, refused):
    agency_return = review.returns.get(agency=world.agencies[agency])
    user = fresh(world.users[who])
    if refused is None:
        assert selectors.return_get_for_user(user, world.northdale, agency_return.pk, edit=True) == agency_return
    else:
        with pytest.raises(refused):
            selectors.return_get_for_user(user, world.northdale, agency_return.pk, edit=True)


@pytest.mark.parametrize("who", ["olive", "maya", "carol", "fred"])
def test_every_member_may_read_every_return(world, police_return, who):
    user = fresh(world.users[who])
    assert selectors.return_get_for_user(user, world.northdale, police_return.pk) == police_return


def test_an_outsider_finds_no_review_no_return_and_no_framework(world, framework, review, police_return, charlie):
    user = fresh(charlie)
    with pytest.raises(Http404):
        selectors.return_get_for_user(user, world.northdale, police_return.pk)
    with pytest.raises(Http404):
        selectors.reviews_visible_to(user, world.northdale)
    with pytest.raises(Http404):
        selectors.review_get_for_user(user, world.northdale, review.pk)
    with pytest.raises(Http404):
        selectors.framework_get_for_user(user, world.northdale, framework.pk)
    # Nor through their own partnership's address.
    with pytest.raises(Http404):
        selectors.return_get_for_user(user, world.southvale, police_return.pk)
    with pytest.raises(Http404):
        selectors.review_get_for_user(user, world.southvale, review.pk)


def test_the_coordinator_runs_the_review_and_the_chair_approves_it(world, review, alice, carol, maya):
    nd = world.northdale
    assert selectors.review_get_for_user(fresh(alice), nd, review.pk, run=True) == review
    assert selectors.review_get_for_user(fresh(carol), nd, review.pk, approve=True) == review
    assert selectors.review_get_for_user(fresh(maya), nd, review.pk) == review
    with pytest.raises(PermissionDenied):
        selectors.review_get_for_user(fresh(carol), nd, review.pk, run=True)
    with pytest.raises(PermissionDenied):
        selectors.review_get_for_user(fresh(alice), nd, review.pk, approve=True)
    with pytest.raises(PermissionDenied):
        selectors.review_get_for_user(fresh(maya), nd, review.pk, run=True)


def test_the_coordinator_and_the_chair_read_the_consolidation(world, review, alice, carol, leo, maya):
    nd = world.northdale
    for user in (alice, carol):
        assert selectors.review_get_for_user(fresh(user), nd, review.pk, consolidation=True) == review
    for user in (leo, maya):
        with pytest.raises(PermissionDenied):
            selectors.review_get_for_user(fresh(user), nd, review.pk, consolidation=True)


def test_only_the_coordinator_copies_a_framework(world, nacro, framework, alice, carol, leo):
    nd = world.northdale
    assert selectors.framework_get_for_user(fresh(alice), nd, nacro.pk, copy=True) == nacro
    for user in (carol, leo):
        with pytest.raises(PermissionDenied):
            selectors.framework_get_for_user(fresh(user), nd, framework.pk, copy=True)


def test_each_framework_lists_only_the_partnerships_own_reviews_that_used_it(
    world, nacro, framework, review, alice, charlie, django_assert_num_queries
):
    services.review_open(
        partnership=world.southvale,
        title="Southvale's annual review",
        period_start=datetime.date(2024, 4, 1),
        period_end=datetime.date(2025, 3, 31),
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        framework=nacro,
        by=charlie,
    )
    user = fresh(alice)
    access_for(user, world.northdale)  # the user's rights, read once per request
    with django_assert_num_queries(2):  # the frameworks, and the reviews that used them
        used = {f.pk: f.used_by for f in selectors.frameworks_visible_to(user, world.northdale, with_uses=True)}
    assert used[framework.pk] == [review] == list(selectors.reviews_using(framework, world.northdale))
    assert used[nacro.pk] == [] == list(selectors.reviews_using(nacro, world.northdale))


@pytest.mark.parametrize(
    ("who", "rights"),
    [
        ("leo", {"edit": True, "reopen": False, "too_late_to_reopen": False}),
        ("alice", {"edit": True, "reopen": False, "too_late_to_reopen": False}),
        ("fred", {"edit": False, "reopen": False, "too_late_to_reopen": False}),
        ("olive", {"edit": False, "reopen": False, "too_late_to_reopen": False}),
    ],
)
def test_a_returns_rights_name_what_each_person_may_do_to_it_while_it_is_a_draft(world, police_return, who, rights):
    user = fresh(world.users[who])
    assert selectors.return_rights(user, access_for(user, world.northdale), police_return) == rights


def test_frameworks_offered_are_the_shipped_ones_and_the_partnerships_own(world, nacro, framework, alice, charlie):
    theirs = services.framework_copy(framework=nacro, partnership=world.southvale, by=charlie)
    offered = {f.pk: f for f in selectors.frameworks_visible_to(fresh(alice), world.northdale)}
    assert framework.pk in offered and nacro.pk in offered
    assert theirs.pk not in offered
    assert len(offered) == 4
    assert offered[framework.pk].question_count == 48
    with pytest.raises(Http404):
        selectors.framework_get_for_user(fresh(alice), world.northdale, theirs.pk)


def test_only_the_coordinator_may_change_the_partnerships_own_framework(world, nacro, framework, alice, leo):
    nd = world.northdale
    assert selectors.framework_get_for_user(fresh(alice), nd, framework.pk, change=True) == framework
    with pytest.raises(PermissionDenied):
        selectors.framework_get_for_user(fresh(alice), nd, nacro.pk, change=True)  # shipped: copy it instead
    with pytest.raises(PermissionDenied):
        selectors.framework_get_for_user(fresh(leo), nd, framework.pk, change=True)
    assert selectors.framework_get_for_user(fresh(leo), nd, framework.pk) == framework


def test_returns_to_complete_are_the_open_returns_of_my_agency(world, review, police_return, fire_return, alice):
    nd = world.northdale
    assert list(selectors.returns_to_complete_by(fresh(world.users["leo"]), nd)) == [police_return]
    assert list(selectors.returns_to_complete_by(fresh(world.users["fred"]), nd)) == [fire_return]
    assert list(selectors.returns_to_complete_by(fresh(world.users["olive"]), nd)) == []
    assert list(selectors.returns_to_complete_by(fresh(alice), nd)) == []
    services.review_consolidate(review=review, by=alice)
    assert list(selectors.returns_to_complete_by(fresh(world.users["leo"]), nd)) == []


# The tracker ----------------------------------------------------------------------------------------


def test_the_tracker_shows_each_returns_progress_and_flags_late_ones(
    world, review, police_return, fire_return, leo, fred, django_assert_max_num_queries
):
    rate_all(police_return, 3, by=leo)
    submit(police_return, "leo", world)
    rate(fire_return, dict.fromkeys(range(1, 11), 2), by=fred)
    rate(fire_return, {11: None, 12: None}, by=fred, comment="To discuss with the station managers.")

    def rows():
        current = AnnualReview.objects.select_related("framework").get(pk=review.pk)  # as reviews_visible_to gives it
        with django_assert_max_num_queries(2):  # the question count and the returns: none per return
            tracked = selectors.tracker(current)
            return [
                (row["return"].agency.name, row["return"].state, row["rated"], row["total"], row["late"])
                for row in tracked
            ]

    now = rows()
    assert now == [
        ("Northdale District Council", "draft", 0, 48, False),
        ("Shire Constabulary", "submitted", 48, 48, False),
        ("Shire Fire and Rescue Service", "draft", 10, 48, False),
    ]
    with clock_at(review.deadline + datetime.timedelta(days=1)):
        assert [row[-1] for row in rows()] == [True, False, True]


# Consolidation --------------------------------------------------------------------------------------


def test_consolidation_puts_submitted_ratings_side_by_side_with_mean_and_spread(
    world, review, council_return, police_return, fire_return, alice, leo, fred, administrator
):
    rate_all(council_return, 2, by=alice, q3=2)
    rate_all(police_return, 3, by=leo, q1=1, q2=4)
    rate_all(fire_return, 3, by=fred, q1=4, q3=3)
    for agency_return, who in [(council_return, "alice"), (police_return, "leo"), (fire_return, "fred")]:
        services.return_submit(agency_return=agency_return, submitter=world.people[who], by=world.users[who])
    trust = make_member(by=administrator, partnership=world.northdale, name="Northdale Youth Trust").agency
    draft = services.return_add(review=review, agency=trust, by=alice)
    rate_all(draft, 1, by=alice)  # a draft: left out

    returns, rows = selectors.consolidation(review)
    assert returns == [council_return, police_return, fire_return]
    assert len(rows) == 48
    assert [row["question"].order for row in rows] == list(range(1, 49))

    def summary(order):
        row = rows[order - 1]
        return [c.rating for c in row["cells"]], row["mean"], row["spread"], row["counts"], row["disagree"]

    assert summary(1) == ([2, 1, 4], pytest.approx(2.33), 3, [1, 1, 0, 1], True)
    assert summary(2) == ([2, 4, 3], 3, 2, [0, 1, 1, 1], True)
    assert summary(3) == ([2, 3, 3], pytest.approx(2.67), 1, [0, 1, 2, 0], False)
    assert summary(4) == ([2, 3, 3], pytest.approx(2.67), 1, [0, 1, 2, 0], False)


def test_consolidation_with_no_returns_in_yet_has_empty_rows(review):
    returns, rows = selectors.consolidation(review)
    assert returns == []
    assert {(row["mean"], row["spread"], row["disagree"]) for row in rows} == {(None, None, False)}


# Year on year ---------------------------------------------------------------------------------------


@pytest.fixture
def last_year(world, framework, review):
    """Last year's review of the same framework, opened, completed and consolidated a year ago."""
    a_year_ago = review.period_start
    with clock_at(a_year_ago):
        last = open_review(
            world,
            framework,
            title="Annual review of the year before",
            period_start=review.period_start - datetime.timedelta(days=365),
            period_end=review.period_start - datetime.timedelta(days=1),
            deadline=a_year_ago + datetime.timedelta(days=14),
        )
        for agency, who in [("police", "leo"), ("fire", "fred")]:
            agency_return = last.returns.get(agency=world.agencies[agency])
            rate_all(agency_return, 2, by=world.users[who])
            submit(agency_return, who, world)
        services.review_consolidate(review=last, by=world.users["alice"])
    return reloaded(last)


def test_year_on_year_gives_each_questions_mean_rating_per_review(
    world, review, last_year, police_return, fire_return, council_return, leo, fred, alice
):
    rate_all(police_return, 3, by=leo)
    rate_all(fire_return, 4, by=fred)
    rate_all(council_return, 1, by=alice)  # not submitted: left out
    submit(police_return, "leo", world)
    submit(fire_return, "fred", world)

    reviews, rows = selectors.year_on_year(world.northdale)
    assert reviews == [last_year, review]
    assert len(rows) == 48
    first_text, first = rows[0]
    assert first_text == "Is there a clear vision of what the partnership will achieve?"
    assert first == {last_year.pk: 2.0, review.pk: 3.5}
    assert selectors.year_on_year_by_agency(world.northdale) == {
        "Shire Constabulary": {last_year.pk: 2.0, review.pk: 3.0},
        "Shire Fire and Rescue Service": {last_year.pk: 2.0, review.pk: 4.0},
    }
    assert selectors.previous_review(review) == last_year
    assert selectors.previous_review(last_year) is None


def test_year_on_year_keeps_to_the_framework_asked_for(world, review, last_year, nacro, alice):
    reviews, rows = selectors.year_on_year(
        world.northdale, framework_name="Home Office: hallmarks of effective partnerships"
    )
    assert (reviews, rows) == ([], [])
    reviews, _rows = selectors.year_on_year(world.northdale, framework_name=nacro.name)
    assert reviews == [last_year, review]


# Returns for the appendix, and reminders due ----------------------------------------------------------


def test_returns_with_answers_are_the_submitted_ones_with_answers_in_question_order(
    world, review, police_return, fire_return, leo, fred
):
    rate_all(police_return, 3, by=leo, q2=1)
    rate_all(fire_return, 4, by=fred)
    submit(police_return, "leo", world)
    (only,) = selectors.returns_with_answers(review)
    assert only == police_return
    assert [a.question.order for a in only.ordered_answers] == list(range(1, 49))
    assert [a.rating for a in only.ordered_answers[:3]] == [3, 1, 3]


def test_questions_with_answers_pairs_every_question_with_this_returns_answer(world, police_return, leo):
    rate(police_return, {2: 4}, by=leo)
    pairs = selectors.questions_with_answers(police_return)
    assert [q.order for q, _answer in pairs] == list(range(1, 49))
    assert [(q.order, a.rating) for q, a in pairs if a] == [(2, 4)]


def test_returns_due_soon_are_the_drafts_of_open_reviews_within_a_week_of_the_deadline(
    world, review, police_return, fire_return, council_return, leo
):
    rate_all(police_return, 3, by=leo)
    submit(police_return, "leo", world)
    assert list(selectors.due_soon_returns(today=review.deadline - datetime.timedelta(days=8))) == []
    due = selectors.due_soon_returns(today=review.deadline - datetime.timedelta(days=7))
    assert set(due) == {fire_return, council_return}
    assert set(selectors.due_soon_returns(today=review.deadline + datetime.timedelta(days=30))) == {
        fire_return,
        council_return,
    }


# Evidence -------------------------------------------------------------------------------------------

PERIOD_START, PERIOD_END = datetime.date(2024, 4, 1), datetime.date(2025, 3, 31)


def make_meeting(world, day, *, group="board", hour=10):
    return meeting_services.meeting_create(
        partnership=world.groups[group].partnership,
        group=world.groups[group],
        starts_at=at(day, hour),
        ends_at=at(day, hour + 2),
        location="Council chamber, Northdale House",
        by=world.users["alice"],
    )


def attend(world, meeting, entries):
    with clock_at(at(meeting.starts_at.date(), 18)):
        meeting_services.attendance_record(
            meeting=meeting,
            entries=[(world.people[who], status, None) for who, status in entries],
            by=world.users["alice"],
        )
    return reloaded(meeting)


def circulate(world, meeting, day):
    with clock_at(at(day, 9)):
        meeting_services.minutes_circulate(minutes=reloaded(meeting).minutes, by=world.users["alice"])


def action(world, owner, due, *, meeting=None):
    return meeting_services.action_create(
        partnership=world.northdale,
        description=f"Report back by {due:%-d %B %Y}",
        owner=world.people[owner],
        due=due,
        meeting=meeting,
        by=world.users["alice"],
        notify=False,
    )


def item(world, objective, lead, officer, starts, due, title):
    return workplan_services.item_create(
        workplan=objective.priority.workplan,
        objective=objective,
        title=title,
        lead_agency=world.agencies[lead],
        responsible_officer=world.people[officer],
        starts=starts,
        due=due,
        by=world.users["alice"],
    )


def progress(world, made, status, who):
    workplan_services.progress_log(
        item=made, author=world.people[who], by=world.users[who], narrative="Where we are.", status=status
    )


@pytest.fixture
def year_of_records(world, framework, administrator):
    """A review of 2024-25 and the partnership's records in and around that year (dates in the comments)."""
    alice, carol = world.users["alice"], world.users["carol"]
    nd = world.northdale
    seat_the_board(world, world.groups["board"], joined=datetime.date(2024, 1, 1))

    # Meetings. Before the year: held, not counted.
    before = attend(world, make_meeting(world, datetime.date(2024, 3, 12)), [("fred", PRESENT)])
    meeting_services.decision_record(
        partnership=nd, meeting=before, wording="Old", decided_on=before.starts_at.date(), by=alice
    )

    # Tue 14 May: held; minutes out Mon 20 May (4 working days: on time).
    may = attend(
        world,
        make_meeting(world, datetime.date(2024, 5, 14)),
        [("alice", PRESENT), ("leo", PRESENT), ("fred", APOLOGIES)],
    )
    circulate(world, may, datetime.date(2024, 5, 20))
    meeting_services.decision_record(
        partnership=nd, meeting=may, wording="Adopt the strategy", decided_on=datetime.date(2024, 5, 14), by=alice
    )
    with clock_at(at(datetime.date(2024, 5, 14), 17)):
        done = action(world, "leo", datetime.date(2024, 6, 30), meeting=may)
        action(world, "olive", datetime.date(2024, 8, 31), meeting=may)  # open: overdue
        action(world, "fred", datetime.date(2024, 10, 31), meeting=may)  # open: overdue
        action(world, "fred", datetime.date(2025, 6, 30), meeting=may)  # due after the year: not counted
        dropped = action(world, "leo", datetime.date(2024, 12, 31), meeting=may)
    with clock_at(datetime.date(2024, 6, 20)):
        meeting_services.action_log_progress(
            action=done, author=world.people["leo"], status=ActionPoint.Status.DONE, note="Done.", by=world.users["leo"]
        )
        meeting_services.action_log_progress(
            action=dropped,
            author=world.people["leo"],
            status=ActionPoint.Status.DROPPED,
            note="Overtaken.",
            dropped_reason="The county took it on.",
            by=world.users["leo"],
        )

    # Tue 9 July: held, a confidential item and decision; minutes out Wed 24 July (11 working days: late).
    july = attend(
        world,
        make_meeting(world, datetime.date(2024, 7, 9)),
        [("leo", PRESENT), ("olive", PRESENT), ("fred", PRESENT)],
    )
    secret = meeting_services.agenda_item_create(
        meeting=july,
        title=f"Operation {CANARY}",
        description=f"The household named in {CANARY}.",
        is_confidential=True,
        confidential_reason="Personal information about a family.",
        by=alice,
    )
    meeting_services.decision_record(
        partnership=nd,
        item=secret,
        wording=f"Refer {CANARY} to the risk conference",
        decided_on=datetime.date(2024, 7, 9),
        by=alice,
    )
    circulate(world, july, datetime.date(2024, 7, 24))

    # Tue 10 September: held, minutes never circulated. Tue 12 November: cancelled.
    meeting_services.meeting_mark_held(meeting=make_meeting(world, datetime.date(2024, 9, 10)), by=alice)
    meeting_services.meeting_cancel(meeting=make_meeting(world, datetime.date(2024, 11, 12)), by=alice)

    # Tue 14 January postponed to Tue 28 January: held; minutes out Tue 11 February (10 working days: on time).
    successor = meeting_services.meeting_postpone(
        meeting=make_meeting(world, datetime.date(2025, 1, 14)), new_starts_at=at(datetime.date(2025, 1, 28)), by=alice
    )
    successor = attend(world, successor, [("carol", PRESENT)])
    circulate(world, successor, datetime.date(2025, 2, 11))

    # A decision by correspondence in the year, one after it; a meeting after the year; Southvale's meeting.
    meeting_services.decision_record(
        partnership=nd,
        wording="Agree the grant bid",
        decided_on=datetime.date(2024, 10, 1),
        by_correspondence=True,
        agreed_by=[(world.people["carol"], datetime.date(2024, 10, 1))],
        by=carol,
    )
    meeting_services.decision_record(
        partnership=nd,
        wording="Later",
        decided_on=datetime.date(2025, 4, 10),
        by_correspondence=True,
        agreed_by=[(world.people["carol"], datetime.date(2025, 4, 10))],
        by=carol,
    )
    make_meeting(world, datetime.date(2025, 5, 13))
    meeting_services.meeting_mark_held(
        meeting=make_meeting(world, datetime.date(2024, 6, 11), group="southvale_board"), by=administrator
    )

    # The workplan of the year: two priorities, items by status; one item before and one after the year.
    plan = workplan_services.workplan_create(
        partnership=nd, title="Annual plan 2024-25", starts=PERIOD_START, ends=PERIOD_END, by=alice
    )
    asb = workplan_services.priority_create(workplan=plan, title="Reduce anti-social behaviour", by=alice)
    nte = workplan_services.priority_create(workplan=plan, title="Safer night-time economy", by=alice)
    o_asb = workplan_services.objective_create(priority=asb, title="Fewer repeat calls", by=alice)
    o_nte = workplan_services.objective_create(priority=nte, title="Safer venues", by=alice)
    d = datetime.date
    progress(
        world, item(world, o_asb, "police", "leo", d(2024, 4, 1), d(2024, 9, 30), "Patrol plan"), "complete", "leo"
    )
    progress(
        world, item(world, o_asb, "fire", "fred", d(2024, 6, 1), d(2025, 3, 31), "Fire safety"), "on_track", "fred"
    )
    progress(world, item(world, o_nte, "police", "leo", d(2024, 10, 1), d(2025, 6, 30), "Licensing"), "at_risk", "leo")
    item(world, o_nte, "fire", "fred", d(2025, 1, 1), d(2025, 3, 31), "Venue checks")
    item(world, o_nte, "police", "leo", d(2025, 5, 1), d(2025, 12, 31), "Next year's work")
    item(world, o_asb, "police", "leo", d(2023, 1, 1), d(2024, 3, 31), "Last year's work")

    # Indicators: the latest value in the year counts.
    def indicator(name, direction, target, values):
        made = workplan_services.indicator_create(
            partnership=nd,
            name=name,
            unit="a month",
            baseline=Decimal("0"),
            target=Decimal(target),
            direction=direction,
            agency=world.agencies["police"],
            by=alice,
        )
        for period, value in values:
            workplan_services.indicator_value_record(indicator=made, period=period, value=Decimal(value), by=alice)
        return made

    indicator(
        "Anti-social behaviour incidents",
        Indicator.Direction.DOWN,
        "100",
        [(d(2024, 5, 1), "110"), (d(2025, 3, 1), "95"), (d(2025, 4, 1), "150")],
    )
    indicator("Night-time venues with a safety charter", Indicator.Direction.UP, "80", [(d(2024, 6, 1), "70")])
    indicator("Repeat callers", Indicator.Direction.DOWN, "10", [])

    with clock_at(d(2025, 4, 1)):
        return open_review(
            world,
            framework,
            title="Annual review 2024-25",
            period_start=PERIOD_START,
            period_end=PERIOD_END,
            deadline=d(2025, 4, 30),
        )


def test_evidence_counts_the_meetings_planned_held_and_cancelled_in_the_year_only(year_of_records):
    evidence = selectors.evidence(year_of_records)
    assert evidence["meetings"] == {"planned": 5, "held": 4, "cancelled": 1}


def test_evidence_counts_minutes_circulated_on_time_by_the_working_day_rule(year_of_records):
    evidence = selectors.evidence(year_of_records)
    assert evidence["minutes"] == {"on_time": 2, "late": 1, "not_circulated": 1}


def test_evidence_gives_each_member_agencys_attendance_at_the_years_held_meetings(year_of_records):
    attendance = selectors.evidence(year_of_records)["attendance"]
    assert [(row["agency"].name, row["attended"], row["held"], row["rate"]) for row in attendance] == [
        ("Northdale District Council", 2, 4, 50),
        ("Shire Constabulary", 2, 4, 50),
        ("Shire Fire and Rescue Service", 1, 4, 25),
    ]


def test_evidence_counts_each_agencys_actions_done_overdue_and_dropped(year_of_records):
    assert selectors.evidence(year_of_records)["actions"] == [
        {"agency__name": "Shire Constabulary", "total": 3, "done": 1, "overdue": 1, "dropped": 1},
        {"agency__name": "Shire Fire and Rescue Service", "total": 1, "done": 0, "overdue": 1, "dropped": 0},
    ]


def test_evidence_counts_workplan_items_of_the_year_by_priority_and_status(year_of_records):
    evidence = selectors.evidence(year_of_records)
    assert evidence["workplan"] == {
        "Reduce anti-social behaviour": {"complete": 1, "on_track": 1},
        "Safer night-time economy": {"at_risk": 1, "not_started": 1},
    }
    assert evidence["workplan_statuses"] == WorkplanItem.Status.choices


def test_evidence_sets_each_indicators_latest_value_in_the_year_against_its_target(year_of_records):
    indicators = selectors.evidence(year_of_records)["indicators"]
    assert [
        (row["indicator"].name, row["latest"].value if row["latest"] else None, row["meets_target"])
        for row in indicators
    ] == [
        ("Anti-social behaviour incidents", Decimal("95"), True),
        ("Night-time venues with a safety charter", Decimal("70"), False),
        ("Repeat callers", None, None),
    ]


def test_evidence_counts_the_years_decisions_and_says_nothing_confidential(year_of_records):
    evidence = selectors.evidence(year_of_records)
    assert evidence["decisions"] == {"total": 3, "by_correspondence": 1}
    assert CANARY not in repr(evidence)


def test_evidence_of_a_year_with_no_records_is_all_zero(world, review):
    evidence = selectors.evidence(review)
    assert evidence["meetings"] == {"planned": 0, "held": 0, "cancelled": 0}
    assert evidence["minutes"] == {"on_time": 0, "late": 0, "not_circulated": 0}
    assert evidence["actions"] == [] and evidence["workplan"] == {} and evidence["indicators"] == []
    assert evidence["decisions"] == {"total": 0, "by_correspondence": 0}
    assert {row["rate"] for row in evidence["attendance"]} == {None}
