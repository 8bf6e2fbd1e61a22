"""Writes for the annual review cycle. Each is one transaction, validated, with history.

The cycle (after the Nacro guide, 2001): the coordinator opens the year's review with a deadline; each
member agency's lead officer (guardian's change_agencyreturn, granted to the agency's leads group)
saves and submits its return; after the deadline only the coordinator reopens a return; the
coordinator consolidates, writing findings and recommendations (each can become a workplan item);
the chair approves, and the approved PDF is stored once with its checksum.
"""

import hashlib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import Truncator
from django_tasks import task
from guardian.shortcuts import assign_perm

from core.writes import apply_changes, save_with_history
from members.selectors import current_memberships
from reviews.models import (
    AgencyReturn,
    AgencyReturnGroupObjectPermission,
    AnnualReview,
    Answer,
    Finding,
    Question,
    Recommendation,
    ReturnReminder,
    ReviewDocument,
    ReviewFramework,
)
from reviews.notifications import return_reminder
from reviews.pdf import render_review_pdf
from reviews.selectors import due_soon_returns, return_counts
from workplan.services import item_create

NO_RETURNS_TO_APPROVE = "No agency has submitted its return: the review cannot be approved without any."
MISSING_RETURNS_NEED_REASON = "{missing} return(s) are missing: record why the review is approved without them."

EDIT_RETURN = "reviews.change_agencyreturn"

FRAMEWORK_LOCKED = "This framework has been used by a review and cannot be changed: make a copy to edit."
REVIEW_NOT_OPEN = "The review is no longer open for returns."
RETURN_SUBMITTED = "This return has been submitted: reopen it to change it."
RETURN_NOT_SUBMITTED = "This return has not been submitted."
REOPEN_AFTER_DEADLINE = "The deadline has passed: only the coordinator can reopen a return now."
SUBMIT_NEEDS_RATINGS = "Rate every question before submitting. Not yet rated: {questions}."
REVIEW_WRONG_STATE = "The review is {state}: it cannot be {verb} now."
ALREADY_IN_WORKPLAN = "This recommendation is already in the workplan."
DEADLINE_BEFORE_OPEN = "The deadline must be after today."
CORRECTION_NEEDS_REASON = "The review has been approved: give the reason for this correction."


# Frameworks -----------------------------------------------------------------------------------------


@transaction.atomic
def framework_copy(*, framework, partnership, by, name=None):
    """A partnership's own editable copy of a framework (a new edition when it copies its own)."""
    name = name or framework.name
    latest = ReviewFramework.objects.filter(partnership=partnership, name=name).order_by("-edition").first()
    copy = save_with_history(
        ReviewFramework(
            partnership=partnership,
            name=name,
            edition=(latest.edition + 1) if latest else 1,
            source=framework.source,
            description=framework.description,
            based_on=framework,
        ),
        by=by,
    )
    for question in framework.questions.all():
        save_with_history(
            Question(
                framework=copy,
                section=question.section,
                order=question.order,
                text=question.text,
                guidance=question.guidance,
            ),
            by=by,
        )
    return copy


def _editable(framework):
    """Refuse changes to a shipped or locked framework, read afresh and locked against a review opening."""
    current = ReviewFramework.objects.select_for_update().get(pk=framework.pk)
    if current.is_locked or current.partnership_id is None:
        raise ValidationError(FRAMEWORK_LOCKED)


@transaction.atomic
def question_add(*, framework, section, text, by, guidance=""):
    _editable(framework)
    last = framework.questions.order_by("-order").first()
    question = Question(
        framework=framework, section=section, text=text, guidance=guidance, order=(last.order + 1) if last else 1
    )
    return save_with_history(question, by=by)


@transaction.atomic
def question_update(*, question, by, **fields):
    _editable(question.framework)
    apply_changes(question, by=by, version=None, fields=fields)
    return question


# The cycle ------------------------------------------------------------------------------------------


@transaction.atomic
def review_open(*, partnership, title, period_start, period_end, deadline, framework, by):
    """Open the year's review: a return for every current member agency, for its lead officer to complete."""
    if deadline <= timezone.localdate():
        raise ValidationError({"deadline": DEADLINE_BEFORE_OPEN})
    review = save_with_history(
        AnnualReview(
            partnership=partnership,
            title=title,
            period_start=period_start,
            period_end=period_end,
            deadline=deadline,
            framework=framework,
        ),
        by=by,
    )
    apply_changes(framework, by=by, version=None, fields={"is_locked": True}, reason=f"Used by {review}")
    members = current_memberships(partnership).select_related("agency__leads_group")
    returns = [save_with_history(AgencyReturn(review=review, agency=m.agency), by=by) for m in members]
    # Each agency's leads group may edit its return: granted in one insert (guardian's assign_perm would
    # look the permission up and check for the row again for every agency).
    permission = Permission.objects.get(content_type__app_label="reviews", codename="change_agencyreturn")
    AgencyReturnGroupObjectPermission.objects.bulk_create(
        AgencyReturnGroupObjectPermission(permission=permission, group=r.agency.leads_group, content_object=r)
        for r in returns
    )
    return review


@transaction.atomic
def return_add(*, review, agency, by):
    agency_return = save_with_history(AgencyReturn(review=review, agency=agency), by=by)
    assign_perm(EDIT_RETURN, agency.leads_group, agency_return)
    return agency_return


def _require_open(agency_return):
    if agency_return.review.state != AnnualReview.State.OPEN:
        raise ValidationError(REVIEW_NOT_OPEN)
    if agency_return.state == AgencyReturn.State.SUBMITTED:
        raise ValidationError(RETURN_SUBMITTED)


@transaction.atomic
def answers_save(*, agency_return, answers, by):
    """Save a draft: `answers` maps question -> (rating or None, evidence, comment). Saves only changes."""
    locked = AgencyReturn.objects.select_for_update().select_related("review").get(pk=agency_return.pk)
    _require_open(locked)
    existing = {a.question_id: a for a in locked.answers.all()}
    saved = []
    for question, (rating, evidence, comment) in answers.items():
        answer = existing.get(question.pk) or Answer(agency_return=locked, question=question)
        if answer.pk and (answer.rating, answer.evidence, answer.comment) == (rating, evidence, comment):
            continue
        answer.rating, answer.evidence, answer.comment = rating, evidence, comment
        saved.append(save_with_history(answer, by=by))
    return saved


@transaction.atomic
def return_submit(*, agency_return, submitter, by):
    locked = AgencyReturn.objects.select_for_update().select_related("review").get(pk=agency_return.pk)
    _require_open(locked)
    rated = set(locked.answers.filter(rating__isnull=False).values_list("question_id", flat=True))
    missing = [q for q in locked.review.framework.questions.all() if q.pk not in rated]
    if missing:
        numbers = ", ".join(str(q.order) for q in missing[:10]) + ("…" if len(missing) > 10 else "")
        raise ValidationError(SUBMIT_NEEDS_RATINGS.format(questions=numbers))
    apply_changes(
        locked,
        by=by,
        version=None,
        fields={"state": AgencyReturn.State.SUBMITTED, "submitted_at": timezone.now(), "submitted_by": submitter},
    )
    return locked


@transaction.atomic
def return_reopen(*, agency_return, by, as_coordinator):
    """Before the deadline the agency may reopen its own return; after it, only the coordinator."""
    locked = AgencyReturn.objects.select_for_update().select_related("review").get(pk=agency_return.pk)
    if locked.state != AgencyReturn.State.SUBMITTED:
        raise ValidationError(RETURN_NOT_SUBMITTED)
    if locked.review.state == AnnualReview.State.APPROVED:
        raise ValidationError(REVIEW_NOT_OPEN)  # the approved review is frozen, its returns with it
    if locked.review.state != AnnualReview.State.OPEN and not as_coordinator:
        raise ValidationError(REVIEW_NOT_OPEN)
    if locked.review.is_past_deadline and not as_coordinator:
        raise ValidationError(REOPEN_AFTER_DEADLINE)
    apply_changes(
        locked,
        by=by,
        version=None,
        fields={
            "state": AgencyReturn.State.DRAFT,
            "submitted_at": None,
            "submitted_by": None,
            "reopened_count": locked.reopened_count + 1,
        },
    )
    return locked


def _move(review, *, frm, to, verb, by):
    locked = AnnualReview.objects.select_for_update().get(pk=review.pk)
    if locked.state not in frm:
        raise ValidationError(REVIEW_WRONG_STATE.format(state=locked.get_state_display().lower(), verb=verb))
    apply_changes(locked, by=by, version=None, fields={"state": to})
    return locked


@transaction.atomic
def review_consolidate(*, review, by):
    return _move(review, frm=[AnnualReview.State.OPEN], to=AnnualReview.State.CONSOLIDATING, verb="consolidated", by=by)


@transaction.atomic
def review_reopen_for_returns(*, review, by):
    return _move(review, frm=[AnnualReview.State.CONSOLIDATING], to=AnnualReview.State.OPEN, verb="reopened", by=by)


def _require_consolidating(review):
    if review.state != AnnualReview.State.CONSOLIDATING:
        raise ValidationError(
            REVIEW_WRONG_STATE.format(state=review.get_state_display().lower(), verb="changed this way")
        )


@transaction.atomic
def finding_add(*, review, text, by, question=None):
    _require_consolidating(review)
    order = review.findings.count() + 1
    return save_with_history(Finding(review=review, text=text, question=question, order=order), by=by)


@transaction.atomic
def recommendation_add(*, review, text, by):
    _require_consolidating(review)
    order = review.recommendations.count() + 1
    return save_with_history(Recommendation(review=review, text=text, order=order), by=by)


@transaction.atomic
def recommendation_to_workplan(
    *, recommendation, workplan, objective, lead_agency, responsible_officer, starts, due, by
):
    """Carry a recommendation into next year's workplan as an item, linked both ways."""

    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if locked.workplan_item_id:
        raise ValidationError(ALREADY_IN_WORKPLAN)
    item = item_create(
        workplan=workplan,
        objective=objective,
        title=locked.text[:300],
        description=f"From the recommendations of {locked.review}.",
        lead_agency=lead_agency,
        responsible_officer=responsible_officer,
        starts=starts,
        due=due,
        by=by,
    )
    locked.workplan_item = item
    save_with_history(locked, by=by)
    return item


@transaction.atomic
def review_approve(*, review, approver, by, missing_reason=""):
    """The chair approves: the approval is recorded, then the review's PDF is made from the record (so it
    names the real approver and time) and stored once, with its checksum. The review is frozen.

    Refused with no return in; with some missing, the chair records why it is approved without them."""
    locked = AnnualReview.objects.select_for_update().get(pk=review.pk)
    if locked.state != AnnualReview.State.CONSOLIDATING:
        raise ValidationError(REVIEW_WRONG_STATE.format(state=locked.get_state_display().lower(), verb="approved"))
    counts = return_counts(locked)
    if counts["submitted"] == 0:
        raise ValidationError(NO_RETURNS_TO_APPROVE)
    missing_reason = missing_reason.strip()
    if counts["submitted"] < counts["total"] and not missing_reason:
        raise ValidationError(
            {"missing_reason": MISSING_RETURNS_NEED_REASON.format(missing=counts["total"] - counts["submitted"])}
        )
    apply_changes(
        locked,
        by=by,
        version=None,
        fields={
            "state": AnnualReview.State.APPROVED,
            "approved_at": timezone.now(),
            "approved_by": approver,
            "returns_at_approval": f"{counts['submitted']} of {counts['total']}",
            "approved_without_all_returns": missing_reason if counts["submitted"] < counts["total"] else "",
        },
    )
    document_request(review=locked, by=by, reason="Approved by the chair")
    return locked


@transaction.atomic
def document_request(*, review, by, reason):
    """Ask a background worker for the review's next PDF version (approval, a correction, or trying again
    after a failure). Queued in the caller's transaction, so a worker sees it only once the change that
    calls for it is committed. Returns the queued task's result handle."""
    version = (review.documents.aggregate(last=Max("version"))["last"] or 0) + 1
    result = review_document_render.enqueue(review.pk, version, by.pk, reason)
    reason = Truncator(reason).chars(300)
    AnnualReview.objects.filter(pk=review.pk).update(document_task_id=str(result.id), document_reason=reason)
    review.document_task_id, review.document_reason = str(result.id), reason
    return result


@transaction.atomic
def document_retry(*, review, by):
    """The coordinator asks again for the PDF whose task failed; the reason is the one it was asked with."""
    locked = AnnualReview.objects.select_for_update().get(pk=review.pk)
    if locked.state != AnnualReview.State.APPROVED:
        raise ValidationError(REVIEW_WRONG_STATE.format(state=locked.get_state_display().lower(), verb="made a PDF of"))
    return document_request(review=locked, by=by, reason=locked.document_reason or "Approved by the chair")


@task()
def review_document_render(review_id, version, by_id, reason):
    """The worker's part: make version `version` of the approved review's PDF and store it once. Run again
    (a retry, a second worker) it does nothing if that version is already stored, so it is idempotent."""
    review = AnnualReview.objects.get(pk=review_id)
    if review.documents.filter(version__gte=version).exists():
        return f"version {version} was already stored"
    by = get_user_model().objects.get(pk=by_id)
    pdf_bytes, pages = render_review_pdf(review, user=by)  # slow: outside any lock
    with transaction.atomic():
        locked = AnnualReview.objects.select_for_update().get(pk=review_id)
        if locked.documents.filter(version__gte=version).exists():
            return f"version {version} was already stored"
        document = document_store(review=locked, pdf_bytes=pdf_bytes, pages=pages, by=by, reason=reason)
    return f"version {document.version} stored, {pages} pages"


@transaction.atomic
def document_store(*, review, pdf_bytes, pages, by, reason=""):
    """Store a new version of the review's PDF. Earlier versions are kept, never overwritten."""
    last = review.documents.order_by("-version").first()
    version = (last.version + 1) if last else 1
    digest = hashlib.sha256(pdf_bytes).hexdigest()
    reason = Truncator(reason).chars(ReviewDocument._meta.get_field("reason").max_length)
    document = ReviewDocument(review=review, version=version, sha256=digest, pages=pages, reason=reason, created_by=by)
    document.file.save(f"review-{review.pk}-v{version}-{digest[:12]}.pdf", ContentFile(pdf_bytes), save=False)
    return save_with_history(document, by=by)


@transaction.atomic
def finding_correct(*, finding, text, by, reason):
    """After approval a finding changes only as a recorded correction; then issue a new PDF version."""
    if finding.review.state == AnnualReview.State.APPROVED and not reason.strip():
        raise ValidationError({"reason": CORRECTION_NEEDS_REASON})
    apply_changes(finding, by=by, version=None, fields={"text": text}, reason=reason.strip() or None)
    return finding


def return_reminders_send(*, today=None, by=None):
    """Remind each unsubmitted return's lead officers once as the deadline nears and once after it."""

    today = today or timezone.localdate()
    sent = {"due_soon": 0, "overdue": 0}
    for agency_return in due_soon_returns(today=today):
        threshold = (
            ReturnReminder.Threshold.OVERDUE
            if agency_return.review.deadline < today
            else ReturnReminder.Threshold.DUE_SOON
        )
        with transaction.atomic():
            claimed = ReturnReminder.objects.select_for_update().filter(
                agency_return=agency_return, threshold=threshold
            )
            if not claimed.exists():
                save_with_history(ReturnReminder(agency_return=agency_return, threshold=threshold), by=by)
                return_reminder(agency_return, threshold)
                sent[threshold] += 1
    return sent


@transaction.atomic
def review_correct(*, review, finding, text, reason, by):
    """Correct an approved review: the finding changes with the reason recorded, and a new version of
    the PDF is stored beside the earlier ones (which are never overwritten)."""

    if review.state != AnnualReview.State.APPROVED:
        raise ValidationError(REVIEW_WRONG_STATE.format(state=review.get_state_display().lower(), verb="corrected"))
    if not reason.strip():
        raise ValidationError({"reason": CORRECTION_NEEDS_REASON})
    finding_correct(finding=finding, text=text, by=by, reason=reason)
    return document_request(review=review, by=by, reason=f"Correction: {reason}")
