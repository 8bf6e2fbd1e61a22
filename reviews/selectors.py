"""Reads for the annual review: permission-aware fetches, the tracker, consolidation, year-on-year,
and the evidence drawn from the partnership's own records for the review year (ratings meet facts).

Rights: members of the partnership read reviews; each return is edited by its agency's lead officers
and deputies (guardian's change_agencyreturn on the return) and the coordinator; the coordinator runs
the cycle; the chair approves. Evidence is counts and rates only: no confidential content enters it.
"""

import datetime
import statistics

from django.db.models import Avg, Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends
from django_tasks.exceptions import TaskResultDoesNotExist

from core.access import require
from meetings.models import ActionPoint, Decision, Meeting, Minutes
from meetings.selectors import LATE_CIRCULATION_WORKING_DAYS, agency_attendance, working_days_between
from members.access import access_for
from reviews.models import AgencyReturn, AnnualReview, Answer, Question, Rating, Recommendation, ReviewFramework
from workplan.models import Indicator, IndicatorValue, WorkplanItem


def _internal(user, partnership):
    access = access_for(user, partnership)
    if not access.can_view_internal:
        raise Http404("No such review")
    return access


def reviews_visible_to(user, partnership):
    _internal(user, partnership)
    return AnnualReview.objects.filter(partnership=partnership).select_related("framework", "approved_by")


def review_get_for_user(user, partnership, pk, *, run=False, approve=False, consolidation=False):
    """`run`: the coordinator runs the cycle; `approve`: the chair approves; `consolidation`: the coordinator
    and the chair read the consolidation."""
    access = _internal(user, partnership)
    review = reviews_visible_to(user, partnership).filter(pk=pk).first()
    if review is None:
        raise Http404("No such review")
    if run:
        require(access.is_coordinator)
    if approve:
        require(access.is_chair)
    if consolidation:
        require(access.is_coordinator or access.is_chair)
    return review


def frameworks_visible_to(user, partnership, *, with_uses=False):
    """The shipped frameworks and the partnership's own, with their question counts; `with_uses`: each with
    `used_by`, the partnership's own reviews that used it, newest first (never another partnership's)."""
    _internal(user, partnership)
    frameworks = ReviewFramework.objects.filter(Q(partnership=None) | Q(partnership=partnership)).annotate(
        question_count=Count("questions")
    )
    if with_uses:
        used_by = AnnualReview.objects.filter(partnership=partnership).order_by("-period_start")
        frameworks = frameworks.prefetch_related(Prefetch("reviews", queryset=used_by, to_attr="used_by"))
    return frameworks


def reviews_using(framework, partnership):
    """The partnership's own reviews that used the framework, newest first (never another partnership's)."""
    return framework.reviews.filter(partnership=partnership).order_by("-period_start")


def framework_get_for_user(user, partnership, pk, *, change=False, copy=False):
    """`change`: the coordinator changes the partnership's own framework; `copy`: the coordinator copies any
    framework into a new edition of the partnership's own."""
    access = _internal(user, partnership)
    framework = frameworks_visible_to(user, partnership).filter(pk=pk).first()
    if framework is None:
        raise Http404("No such framework")
    if change:
        require(access.is_coordinator and framework.partnership_id == partnership.pk)
    if copy:
        require(access.is_coordinator)
    return framework


def return_get_for_user(user, partnership, pk, *, edit=False):
    access = _internal(user, partnership)
    agency_return = (
        AgencyReturn.objects.filter(review__partnership=partnership, pk=pk)
        .select_related("review__framework", "agency", "submitted_by")
        .first()
    )
    if agency_return is None:
        raise Http404("No such return")
    if edit:
        require(access.is_coordinator or user.has_perm("reviews.change_agencyreturn", agency_return))
    return agency_return


def return_rights(user, access, agency_return):
    """What the user may do to the return now. The agency's lead officers and deputies hold guardian's
    change_agencyreturn on it; before the deadline they may reopen it once submitted, after it only the
    coordinator may."""
    review = agency_return.review
    is_open = review.state == AnnualReview.State.OPEN
    submitted = agency_return.state == AgencyReturn.State.SUBMITTED
    of_agency = access.is_coordinator or user.has_perm("reviews.change_agencyreturn", agency_return)
    return {
        "edit": is_open and not submitted and of_agency,
        "reopen": is_open and submitted and (access.is_coordinator or (of_agency and not review.is_past_deadline)),
        "too_late_to_reopen": is_open and submitted and of_agency and not access.is_coordinator,
    }


def question_get_for_user(user, partnership, pk, *, change=False):
    access = _internal(user, partnership)
    question = (
        Question.objects.filter(Q(framework__partnership=None) | Q(framework__partnership=partnership), pk=pk)
        .select_related("framework")
        .first()
    )
    if question is None:
        raise Http404("No such question")
    if change:
        require(access.is_coordinator and question.framework.partnership_id == partnership.pk)
    return question


def recommendation_get_for_user(user, partnership, pk, *, run=False):
    """`run`: the coordinator carries recommendations into the workplan."""
    access = _internal(user, partnership)
    recommendation = (
        Recommendation.objects.filter(review__partnership=partnership, pk=pk)
        .select_related("review__framework", "workplan_item")
        .first()
    )
    if recommendation is None:
        raise Http404("No such recommendation")
    if run:
        require(access.is_coordinator)
    return recommendation


def returns_to_complete_by(user, partnership):
    """Open returns the user may complete (their agency's, as lead officer or deputy)."""
    access = _internal(user, partnership)
    returns = AgencyReturn.objects.filter(
        review__partnership=partnership, review__state=AnnualReview.State.OPEN
    ).select_related("review", "agency")
    if access.is_coordinator:
        return returns.none()
    return returns.filter(agency_id__in=access.editable_agency_ids)


def tracker(review):
    """Every return with its progress: answered and rated counts, submitted or not, late or not."""
    total = review.framework.questions.count()
    returns = (
        review.returns.select_related("agency", "submitted_by")
        .annotate(rated=Count("answers", filter=Q(answers__rating__isnull=False)))
        .order_by("agency__name")
    )
    rows = []
    for agency_return in returns:
        agency_return.review = review
        rows.append(
            {"return": agency_return, "rated": agency_return.rated, "total": total, "late": agency_return.is_late}
        )
    return rows


def questions_with_answers(agency_return):
    """The framework's questions, each with this return's answer (or None), in two queries."""
    answers = {a.question_id: a for a in agency_return.answers.all()}
    return [(q, answers.get(q.pk)) for q in agency_return.review.framework.questions.order_by("order")]


def consolidation(review):
    """Per question: every submitted return's rating side by side, the mean and the spread."""
    questions = list(review.framework.questions.order_by("order"))
    returns = list(review.returns.filter(state=AgencyReturn.State.SUBMITTED).select_related("agency"))
    answers = Answer.objects.filter(agency_return__in=returns).only(
        "agency_return_id", "question_id", "rating", "evidence", "comment"
    )
    grid = {(a.question_id, a.agency_return_id): a for a in answers}
    rows = []
    for question in questions:
        cells = [grid.get((question.pk, r.pk)) for r in returns]
        ratings = [c.rating for c in cells if c and c.rating]
        rows.append(
            {
                "question": question,
                "cells": cells,
                "mean": round(statistics.mean(ratings), 2) if ratings else None,
                "spread": (max(ratings) - min(ratings)) if ratings else None,
                "counts": [ratings.count(value) for value, _ in Rating.choices],
                "disagree": bool(ratings) and max(ratings) - min(ratings) >= 2,
            }
        )
    return returns, rows


def year_on_year(partnership, *, framework_name=None):
    """Mean rating per question text per review year, across the partnership's reviews (approved or not)."""
    reviews = AnnualReview.objects.filter(partnership=partnership).select_related("framework").order_by("period_start")
    if framework_name:
        reviews = reviews.filter(framework__name=framework_name)
    means = (
        Answer.objects.filter(
            agency_return__review__in=reviews,
            agency_return__state=AgencyReturn.State.SUBMITTED,
            rating__isnull=False,
        )
        .values("agency_return__review_id", "question__text", "question__order")
        .annotate(mean=Avg("rating"))
    )
    table = {}
    for row in means:
        table.setdefault((row["question__order"], row["question__text"]), {})[row["agency_return__review_id"]] = round(
            row["mean"], 2
        )
    return list(reviews), [(text, by_review) for (order, text), by_review in sorted(table.items())]


def year_on_year_by_agency(partnership):
    """Mean rating each agency gave, per review year."""
    rows = (
        Answer.objects.filter(
            agency_return__review__partnership=partnership,
            agency_return__state=AgencyReturn.State.SUBMITTED,
            rating__isnull=False,
        )
        .values("agency_return__agency__name", "agency_return__review_id")
        .annotate(mean=Avg("rating"))
        .order_by("agency_return__agency__name")
    )
    table = {}
    for row in rows:
        table.setdefault(row["agency_return__agency__name"], {})[row["agency_return__review_id"]] = round(
            row["mean"], 2
        )
    return table


# Evidence -------------------------------------------------------------------------------------------


def _in_period(review, field):
    return {f"{field}__date__gte": review.period_start, f"{field}__date__lte": review.period_end}


def evidence(review):
    """Facts from the partnership's own records for the review year, shown beside the ratings."""
    partnership = review.partnership
    meetings = Meeting.objects.filter(partnership=partnership, **_in_period(review, "starts_at"))
    planned = meetings.exclude(status=Meeting.Status.POSTPONED).count()
    held = meetings.filter(status=Meeting.Status.HELD).count()
    cancelled = meetings.filter(status=Meeting.Status.CANCELLED).count()

    minutes = Minutes.objects.filter(meeting__in=meetings.filter(status=Meeting.Status.HELD)).select_related("meeting")
    on_time = late = not_circulated = 0
    for record in minutes:
        if record.circulated_at is None:
            not_circulated += 1
            continue
        days = working_days_between(
            timezone.localdate(record.meeting.starts_at), timezone.localdate(record.circulated_at)
        )
        if days <= LATE_CIRCULATION_WORKING_DAYS:
            on_time += 1
        else:
            late += 1

    today = timezone.localdate()
    actions = ActionPoint.objects.filter(
        partnership=partnership, due__gte=review.period_start, due__lte=review.period_end
    )
    per_agency = (
        actions.values("agency__name")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=ActionPoint.Status.DONE)),
            overdue=Count("pk", filter=Q(status__in=ActionPoint.OPEN_STATUSES, due__lt=today)),
            dropped=Count("pk", filter=Q(status=ActionPoint.Status.DROPPED)),
        )
        .order_by("agency__name")
    )

    items = WorkplanItem.objects.filter(
        partnership=partnership, starts__lte=review.period_end, due__gte=review.period_start
    )
    by_priority = {}
    for row in (
        items.values("objective__priority__title", "status")
        .annotate(n=Count("pk"))
        .order_by("objective__priority__title")
    ):
        by_priority.setdefault(row["objective__priority__title"], {})[row["status"]] = row["n"]

    indicators = []
    values = IndicatorValue.objects.filter(
        indicator__partnership=partnership, period__gte=review.period_start, period__lte=review.period_end
    ).order_by("indicator_id", "period")
    latest = {}
    for value in values:
        latest[value.indicator_id] = value
    for indicator in Indicator.objects.filter(partnership=partnership).order_by("name"):
        value = latest.get(indicator.pk)
        indicators.append(
            {
                "indicator": indicator,
                "latest": value,
                "meets_target": indicator.meets_target(value.value) if value else None,
            }
        )

    decisions = Decision.objects.filter(
        partnership=partnership, decided_on__gte=review.period_start, decided_on__lte=review.period_end
    )
    return {
        "meetings": {"planned": planned, "held": held, "cancelled": cancelled},
        "minutes": {"on_time": on_time, "late": late, "not_circulated": not_circulated},
        "attendance": agency_attendance(partnership, since=review.period_start, until=review.period_end),
        "actions": list(per_agency),
        "workplan": by_priority,
        "workplan_statuses": WorkplanItem.Status.choices,
        "indicators": indicators,
        "decisions": {
            "total": decisions.count(),
            "by_correspondence": decisions.filter(by_correspondence=True).count(),
        },
    }


def returns_with_answers(review):
    """Submitted returns with their answers (for the PDF's appendix), in two queries."""
    answers = Answer.objects.select_related("question").order_by("question__order")
    return (
        review.returns.filter(state=AgencyReturn.State.SUBMITTED)
        .select_related("agency", "submitted_by")
        .prefetch_related(Prefetch("answers", queryset=answers, to_attr="ordered_answers"))
        .order_by("agency__name")
    )


def previous_review(review):
    return (
        AnnualReview.objects.filter(partnership=review.partnership, period_start__lt=review.period_start)
        .order_by("-period_start")
        .first()
    )


def due_soon_returns(*, today=None, within_days=7):
    """Unsubmitted returns of open reviews whose deadline is near or past, for the reminder command."""
    today = today or timezone.localdate()
    return AgencyReturn.objects.filter(
        review__state=AnnualReview.State.OPEN,
        state=AgencyReturn.State.DRAFT,
        review__deadline__lte=today + datetime.timedelta(days=within_days),
    ).select_related("review__partnership", "agency")


def return_counts(review):
    """{'total': returns, 'submitted': those submitted} for the review (one query)."""
    return review.returns.aggregate(
        total=Count("pk"), submitted=Count("pk", filter=Q(state=AgencyReturn.State.SUBMITTED))
    )


def document_progress(review):
    """Where the approved review's PDF stands: "ready" (the latest version is stored and nothing is being
    made), "preparing" (a worker has it queued or in hand) or "failed" (the task failed or was lost: the
    coordinator can ask again). One query, to the task backend, and only while a task is outstanding."""
    if review.state != AnnualReview.State.APPROVED:
        return {"state": "", "error": ""}
    if not review.document_task_id:
        return {"state": "ready" if review.documents.exists() else "failed", "error": ""}
    try:
        result = task_backends["default"].get_result(review.document_task_id)
    except (TaskResultDoesNotExist, NotImplementedError):
        result = None
    if result is None:
        # The immediate backend keeps no results: the task ran in the request, and its document is there.
        return {"state": "ready" if review.documents.exists() else "failed", "error": ""}
    if result.status == TaskResultStatus.SUCCESSFUL:
        return {"state": "ready", "error": ""}
    if result.status == TaskResultStatus.FAILED:
        error = result.errors[-1].exception_class_path if result.errors else "unknown error"
        return {"state": "failed", "error": error}
    return {"state": "preparing", "error": ""}
