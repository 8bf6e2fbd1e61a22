"""Writes for the case reviews. Each is one transaction, validated, with history; rights on a case are
guardian object permissions granted to a person's user as they join its panel (or its handlers) and
revoked the moment they leave, so a removed member loses access at once.

Rights by seat on a death review (see selectors): every seat views the case; the case manager and the
panel's independent chair and author change its working record; the case manager and the commissioning
chair manage it (panel, access log, quality assurance, publication); the commissioning chair decides
whether to hold a review. An agency's panel member submits that agency's reports (guardian's
change_agencyreport on each report).
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from casereviews import rules
from casereviews.models import (
    AgencyReport,
    AgencyReportUserObjectPermission,
    AsbApplication,
    AsbApplicationUserObjectPermission,
    AsbHandler,
    AsbIncident,
    AsbProcedure,
    AsbRecommendation,
    BoardReport,
    CaseAccess,
    CaseRecommendation,
    CaseReminder,
    CaseRole,
    ChronologyEntry,
    DeathReview,
    DeathReviewUserObjectPermission,
    FamilyContact,
    PanelMember,
    Proceeding,
    PublishedReport,
    QualityAssurance,
    ReportVersion,
)
from casereviews.notifications import case_reminder
from casereviews.selectors import (
    CHANGE,
    DECIDE,
    HANDLE,
    MANAGE,
    SUBMIT_REPORT,
    VIEW,
    clocks,
    due_for_reminders,
    unsubmitted_reports,
)
from core.uploads import content_matches, extension_of
from core.writes import STALE_EDIT, apply_changes, save_new_version, save_with_history
from meetings.models import PAPER_EXTENSIONS, PAPER_MAX_BYTES
from members.models import PartnershipRole

RIGHTS_OF_ROLE = {
    CaseRole.MANAGER: {VIEW, CHANGE, MANAGE},
    CaseRole.COMMISSIONING_CHAIR: {VIEW, MANAGE, DECIDE},
    CaseRole.INDEPENDENT_CHAIR: {VIEW, CHANGE},
    CaseRole.AUTHOR: {VIEW, CHANGE},
    CaseRole.PANEL_MEMBER: {VIEW},
}

NEEDS_A_LOGIN = "{person} cannot sign in yet: invite them first, so that only they can open the case."
ALREADY_ON_PANEL = "{person} is already on the panel as {role}."
LAST_MANAGER = "The case must keep at least one case manager: add another before this one leaves."
NOT_DECIDED_TO_HOLD = "The partnership has not decided to hold a review."
ALREADY_DECIDED = "The decision has been recorded: it cannot be recorded again."
ALREADY_SUBMITTED = "This report has been submitted."
REPORT_NEEDS_CONTENT = "Write the report or attach its file."
QA_PENDING = "The last submission is still with the quality-assurance panel."
QA_NOT_PENDING = "The panel's answer to this submission has been recorded."
NOT_APPROVED_FOR_PUBLICATION = "Only a report the quality-assurance panel has approved can be published."
ALREADY_PUBLISHED = "The report has been published: the stored file is kept as it is."
NEEDS_VERSION = "Upload a version of the overview report before submitting it to the panel."
PROCEEDING_ENDED = "This proceeding has already ended."
BAD_TYPE = "The file must be one of: {types}."
BAD_CONTENT = "The file's content is not a {extension} file: save it again as {extension} and upload that."
EMPTY_FILE = "The file is empty."
TOO_BIG = "The file must be smaller than {size} MB."
ONLY_PDF = "The published report must be a PDF."
NOT_HANDLER = "{person} is already handling this application."
LAST_HANDLER = "An application must keep at least one handler: add another before this one leaves."
THRESHOLD_NOT_DECIDED = "Record the threshold decision first."
THRESHOLD_ALREADY = "The threshold decision has been recorded."


# Uploads -----------------------------------------------------------------------------------------------


def _check_upload(upload, *, extensions=PAPER_EXTENSIONS):
    """Refuse a file of the wrong type, size or content, with a message for the file field."""
    extension = extension_of(upload.name)
    if extension not in extensions:
        raise ValidationError({"file": BAD_TYPE.format(types=", ".join(extensions))})
    if upload.size == 0:
        raise ValidationError({"file": EMPTY_FILE})
    if upload.size > PAPER_MAX_BYTES:
        raise ValidationError({"file": TOO_BIG.format(size=PAPER_MAX_BYTES // (1024 * 1024))})
    if not content_matches(upload, extension):
        raise ValidationError({"file": BAD_CONTENT.format(extension=extension.upper())})
    return extension


def _sha256(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _person(user):
    return getattr(user, "person", None)


# The access log ------------------------------------------------------------------------------------------


def access_record(*, user, what, death_review=None, asb_application=None):
    """Record a view or a download of a case file (append-only)."""
    return CaseAccess.objects.create(
        user=user, what=what[:200], death_review=death_review, asb_application=asb_application
    )


# Death reviews: notification, decision, panel ----------------------------------------------------------


def _next_reference(model, partnership, prefix, day, width):
    year = day.year
    taken = model.objects.select_for_update().filter(partnership=partnership, reference__startswith=f"{prefix} {year}/")
    return f"{prefix} {year}/{taken.count() + 1:0{width}d}"


@transaction.atomic
def death_review_notify(
    *,
    partnership,
    by,
    notified_on,
    circumstances,
    notified_by=None,
    date_of_death=None,
    pseudonym="",
    retention_until=None,
):
    """Record the notification of a death. The person recording it manages the case; the partnership's
    current chairs are named on it as commissioning chairs. No one else can see it."""
    case = DeathReview(
        partnership=partnership,
        reference=_next_reference(DeathReview, partnership, "DARDR", notified_on or timezone.localdate(), 2),
        notified_on=notified_on,
        notified_by=notified_by,
        circumstances=circumstances,
        date_of_death=date_of_death,
        pseudonym=pseudonym,
        retention_until=retention_until or rules.add_years(notified_on, rules.DEFAULT_RETENTION_YEARS),
    )
    save_with_history(case, by=by, reason="Notification recorded")
    recorder = _person(by)
    if recorder is None:
        raise ValidationError("Only someone with a person record in the partnership can record a notification.")
    _seat(case, recorder, CaseRole.MANAGER, None, by)
    chairs = PartnershipRole.objects.current().filter(
        partnership=partnership, role=PartnershipRole.Role.CHAIR, person__user__isnull=False
    )
    for role in chairs.select_related("person"):
        _seat(case, role.person, CaseRole.COMMISSIONING_CHAIR, None, by)
    return case


def _grant_case_rights(case, person):
    """Make the person's rights on the case those of their current seats (adding and removing)."""
    user = person.user
    wanted = set()
    for role in PanelMember.objects.current().filter(case=case, person=person).values_list("role", flat=True):
        wanted |= RIGHTS_OF_ROLE[role]
    held = set(
        DeathReviewUserObjectPermission.objects.filter(user=user, content_object=case).values_list(
            "permission__codename", flat=True
        )
    )
    for codename in wanted - held:
        assign_perm(f"casereviews.{codename}", user, case)
    for codename in held - wanted:
        remove_perm(f"casereviews.{codename}", user, case)
    # Reports of the agencies they speak for on the panel.
    agencies = set(
        PanelMember.objects.current()
        .filter(case=case, person=person, role=CaseRole.PANEL_MEMBER)
        .values_list("agency_id", flat=True)
    )
    for report in AgencyReport.objects.filter(case=case):
        _sync_report_right(report, user, report.agency_id in agencies)


def _sync_report_right(report, user, should_hold):
    holds = AgencyReportUserObjectPermission.objects.filter(
        user=user, content_object=report, permission__codename=SUBMIT_REPORT
    ).exists()
    if should_hold and not holds:
        assign_perm(f"casereviews.{SUBMIT_REPORT}", user, report)
    elif holds and not should_hold:
        remove_perm(f"casereviews.{SUBMIT_REPORT}", user, report)


def _seat(case, person, role, agency, by):
    if person.user_id is None:
        raise ValidationError({"person": NEEDS_A_LOGIN.format(person=person)})
    if PanelMember.objects.current().filter(case=case, person=person, role=role).exists():
        raise ValidationError({"person": ALREADY_ON_PANEL.format(person=person, role=CaseRole(role).label.lower())})
    seat = save_with_history(PanelMember(case=case, person=person, role=role, agency=agency), by=by)
    _grant_case_rights(case, person)
    return seat


@transaction.atomic
def panel_member_add(*, case, person, role, by, agency=None):
    locked = DeathReview.objects.select_for_update().get(pk=case.pk)
    if role == CaseRole.PANEL_MEMBER and agency is None:
        agency = person.agency
    return _seat(locked, person, role, agency if role == CaseRole.PANEL_MEMBER else None, by)


@transaction.atomic
def panel_member_remove(*, member, by):
    """The person leaves the panel today: their rights from this seat go at once."""
    case = DeathReview.objects.select_for_update().get(pk=member.case_id)
    locked = PanelMember.objects.select_for_update().get(pk=member.pk)
    if locked.left_on is not None:
        return locked
    if locked.role == CaseRole.MANAGER and not (
        PanelMember.objects.current().filter(case=case, role=CaseRole.MANAGER).exclude(pk=locked.pk).exists()
    ):
        raise ValidationError(LAST_MANAGER)
    locked.left_on = timezone.localdate()
    save_with_history(locked, by=by, reason="Left the panel")
    _grant_case_rights(case, locked.person)
    return locked


@transaction.atomic
def death_review_update(*, case, by, version, **fields):
    """The case's details and terms of reference (the panel's working members)."""
    locked = DeathReview.objects.select_for_update().get(pk=case.pk)
    apply_changes(locked, by=by, version=version, fields=fields)
    return locked


@transaction.atomic
def death_review_decide(*, case, by, version, decision, decided_on, decision_reasons, home_office_notified_on=None):
    """The commissioning chair's decision whether to hold a review, with its reasons and the date the Home
    Office was told."""
    locked = DeathReview.objects.select_for_update().get(pk=case.pk)
    if locked.decision != DeathReview.Decision.PENDING:
        raise ValidationError(ALREADY_DECIDED)
    apply_changes(
        locked,
        by=by,
        version=version,
        fields={
            "decision": decision,
            "decided_on": decided_on,
            "decision_reasons": decision_reasons,
            "home_office_notified_on": home_office_notified_on,
        },
        reason="Decision recorded",
    )
    return locked


def _held(case):
    if case.decision != DeathReview.Decision.HOLD:
        raise ValidationError(NOT_DECIDED_TO_HOLD)


# Agency reports and the chronology --------------------------------------------------------------------


@transaction.atomic
def agency_report_request(*, case, agency, kind, due_on, by):
    """Ask an agency for its scoping return, management review or chronology by a date; its panel members
    may then submit it."""
    _held(case)
    report = save_with_history(AgencyReport(case=case, agency=agency, kind=kind, due_on=due_on), by=by)
    speakers = PanelMember.objects.current().filter(case=case, role=CaseRole.PANEL_MEMBER, agency=agency)
    for seat in speakers.select_related("person__user"):
        _sync_report_right(report, seat.person.user, True)
    return report


@transaction.atomic
def agency_report_submit(*, report, by, version, text="", file=None):
    locked = AgencyReport.objects.select_for_update().get(pk=report.pk)
    if locked.submitted_at is not None:
        raise ValidationError(ALREADY_SUBMITTED)
    if not text.strip() and file is None:
        raise ValidationError({"text": REPORT_NEEDS_CONTENT})
    fields = {"text": text, "submitted_at": timezone.now(), "submitted_by": _person(by)}
    if file is not None:
        _check_upload(file)
        locked.file = file
        locked.file_name = file.name[:200]
    apply_changes(locked, by=by, version=version, fields=fields, reason="Submitted")
    return locked


@transaction.atomic
def agency_report_reopen(*, report, by):
    """Return a submitted report to its agency (the panel's working members)."""
    locked = AgencyReport.objects.select_for_update().get(pk=report.pk)
    if locked.submitted_at is None:
        return locked
    apply_changes(locked, by=by, version=None, fields={"submitted_at": None}, reason="Returned to the agency")
    return locked


@transaction.atomic
def chronology_entry_add(*, case, agency, occurred_on, entry, by):
    return save_with_history(
        ChronologyEntry(case=case, agency=agency, occurred_on=occurred_on, entry=entry, added_by=_person(by)), by=by
    )


@transaction.atomic
def family_contact_add(*, case, contacted_on, with_whom, method, summary, by):
    return save_with_history(
        FamilyContact(case=case, contacted_on=contacted_on, with_whom=with_whom, method=method, summary=summary), by=by
    )


@transaction.atomic
def proceeding_add(*, case, kind, started_on, by, note=""):
    return save_with_history(Proceeding(case=case, kind=kind, started_on=started_on, note=note), by=by)


@transaction.atomic
def proceeding_end(*, proceeding, ended_on, by):
    locked = Proceeding.objects.select_for_update().get(pk=proceeding.pk)
    if locked.ended_on is not None:
        raise ValidationError(PROCEEDING_ENDED)
    locked.ended_on = ended_on
    return save_with_history(locked, by=by, reason="Clock resumed")


# Reports, quality assurance, publication ----------------------------------------------------------------


@transaction.atomic
def report_version_add(*, case, kind, file, by, note=""):
    """A new version of the overview report or executive summary, stored once with its checksum."""
    DeathReview.objects.select_for_update().get(pk=case.pk)
    _check_upload(file)
    latest = ReportVersion.objects.filter(case=case, kind=kind).order_by("-number").first()
    version = ReportVersion(
        case=case,
        kind=kind,
        number=(latest.number + 1) if latest else 1,
        file=file,
        file_name=file.name[:200],
        sha256=_sha256(file),
        size=file.size,
        note=note,
        uploaded_by=_person(by),
    )
    return save_with_history(version, by=by, exclude=["file"])


@transaction.atomic
def quality_assurance_submit(*, case, submitted_on, by):
    locked = DeathReview.objects.select_for_update().get(pk=case.pk)
    _held(locked)
    if not locked.report_versions.filter(kind=ReportVersion.Kind.OVERVIEW).exists():
        raise ValidationError(NEEDS_VERSION)
    if locked.quality_assurance.filter(outcome=QualityAssurance.Outcome.PENDING).exists():
        raise ValidationError(QA_PENDING)
    return save_with_history(QualityAssurance(case=locked, submitted_on=submitted_on), by=by)


@transaction.atomic
def quality_assurance_outcome(*, submission, outcome, outcome_on, by, requested_changes=""):
    locked = QualityAssurance.objects.select_for_update().get(pk=submission.pk)
    if locked.outcome != QualityAssurance.Outcome.PENDING:
        raise ValidationError(QA_NOT_PENDING)
    locked.outcome, locked.outcome_on, locked.requested_changes = outcome, outcome_on, requested_changes
    return save_with_history(locked, by=by, reason=locked.get_outcome_display())


@transaction.atomic
def death_review_publish(*, case, published_on, published_title, file, by):
    """Publish the redacted, pseudonymised report: stored once with its checksum; the public sees it."""
    locked = DeathReview.objects.select_for_update().get(pk=case.pk)
    if PublishedReport.objects.filter(case=locked).exists():
        raise ValidationError(ALREADY_PUBLISHED)
    latest = locked.quality_assurance.order_by("-submitted_on", "-pk").first()
    if latest is None or latest.outcome != QualityAssurance.Outcome.APPROVED:
        raise ValidationError(NOT_APPROVED_FOR_PUBLICATION)
    if not published_title.strip():
        raise ValidationError({"published_title": "Give the title the public will see."})
    _check_upload(file, extensions=["pdf"])
    save_with_history(
        PublishedReport(case=locked, file=file, sha256=_sha256(file), size=file.size, stored_by=_person(by)),
        by=by,
        exclude=["file"],
    )
    apply_changes(
        locked,
        by=by,
        version=None,
        fields={"published_on": published_on, "published_title": published_title},
        reason="Published",
    )
    return locked


# The action plan ---------------------------------------------------------------------------------------


@transaction.atomic
def recommendation_add(*, case, text, agency, by, due_on=None):
    DeathReview.objects.select_for_update().get(pk=case.pk)
    latest = CaseRecommendation.objects.filter(case=case).order_by("-number").first()
    return save_with_history(
        CaseRecommendation(
            case=case, number=(latest.number + 1) if latest else 1, text=text, agency=agency, due_on=due_on
        ),
        by=by,
    )


@transaction.atomic
def recommendation_progress(*, recommendation, by, version, status, evidence, completed_on=None):
    """The owning agency's progress on a recommendation, with evidence; complete needs its evidence."""
    locked = CaseRecommendation.objects.select_for_update().get(pk=recommendation.pk)
    if status == CaseRecommendation.Status.COMPLETE and completed_on is None:
        completed_on = timezone.localdate()
    if status != CaseRecommendation.Status.COMPLETE:
        completed_on = None
    apply_changes(
        locked,
        by=by,
        version=version,
        fields={"status": status, "evidence": evidence, "completed_on": completed_on},
        reason="Progress recorded",
    )
    return locked


@transaction.atomic
def board_report_add(*, case, reported_on, by, meeting=None, note=""):
    return save_with_history(BoardReport(case=case, reported_on=reported_on, meeting=meeting, note=note), by=by)


# Reminders ---------------------------------------------------------------------------------------------


def _remind(case, key, threshold, recipients, subject_line, due):
    if CaseReminder.objects.filter(death_review=case, key=key, threshold=threshold).exists():
        return 0
    CaseReminder.objects.create(death_review=case, key=key, threshold=threshold)
    people = [p for p in recipients if p.email and p.left_on is None]
    transaction.on_commit(lambda: case_reminder(case, people, subject_line, due, threshold))
    return 1


@transaction.atomic
def death_review_reminders(*, today=None):
    """Remind a case's managers before and after each clock's due date, and an agency's panel members of
    their report; once each (CaseReminder). Returns how many reminders were recorded."""
    today = today or timezone.localdate()
    sent = 0
    for case in due_for_reminders():
        managers = [
            seat.person
            for seat in PanelMember.objects.current()
            .filter(case=case, role__in=[CaseRole.MANAGER, CaseRole.COMMISSIONING_CHAIR])
            .select_related("person")
        ]
        for clock in clocks(case, today):
            if clock["done"] or clock["paused"]:
                continue
            sent += _check_due(case, clock["key"], clock["name"], clock["due"], managers, today)
        for report in unsubmitted_reports(case):
            speakers = [
                seat.person
                for seat in PanelMember.objects.current()
                .filter(case=case, role=CaseRole.PANEL_MEMBER, agency=report.agency)
                .select_related("person")
            ]
            name = f"{report.get_kind_display()} from {report.agency}"
            sent += _check_due(case, f"agency-report:{report.pk}", name, report.due_on, speakers + managers, today)
    return sent


def _check_due(case, key, name, due, recipients, today):
    if today > due:
        return _remind(case, key, CaseReminder.Threshold.OVERDUE, recipients, name, due)
    if (due - today).days <= rules.DUE_SOON_DAYS:
        return _remind(case, key, CaseReminder.Threshold.DUE_SOON, recipients, name, due)
    return 0


# ASB case reviews -----------------------------------------------------------------------------------------


@transaction.atomic
def asb_procedure_save(*, partnership, by, version=None, **fields):
    """The partnership's published procedure (made with the defaults on its first save)."""
    existing = AsbProcedure.objects.select_for_update().filter(partnership=partnership).first()
    if existing is None:
        return save_with_history(AsbProcedure(partnership=partnership, **fields), by=by)
    apply_changes(existing, by=by, version=version, fields=fields)
    return existing


def _sync_handler_right(application, person):
    handles = AsbHandler.objects.current().filter(application=application, person=person).exists()
    holds = AsbApplicationUserObjectPermission.objects.filter(
        user=person.user, content_object=application, permission__codename=HANDLE
    ).exists()
    if handles and not holds:
        assign_perm(f"casereviews.{HANDLE}", person.user, application)
    elif holds and not handles:
        remove_perm(f"casereviews.{HANDLE}", person.user, application)


@transaction.atomic
def asb_application_record(*, partnership, by, retention_until=None, **fields):
    """Record an application for an ASB case review; the person recording it handles it."""
    received_on = fields.get("received_on") or timezone.localdate()
    application = AsbApplication(
        partnership=partnership,
        reference=_next_reference(AsbApplication, partnership, "ASB", received_on, 3),
        retention_until=retention_until or rules.add_years(received_on, rules.DEFAULT_RETENTION_YEARS),
        **fields,
    )
    save_with_history(application, by=by, reason="Application recorded")
    recorder = _person(by)
    if recorder is None:
        raise ValidationError("Only someone with a person record in the partnership can record an application.")
    _handler(application, recorder, by)
    return application


def _handler(application, person, by):
    if person.user_id is None:
        raise ValidationError({"person": NEEDS_A_LOGIN.format(person=person)})
    if AsbHandler.objects.current().filter(application=application, person=person).exists():
        raise ValidationError({"person": NOT_HANDLER.format(person=person)})
    handler = save_with_history(AsbHandler(application=application, person=person), by=by)
    _sync_handler_right(application, person)
    return handler


@transaction.atomic
def asb_handler_add(*, application, person, by):
    AsbApplication.objects.select_for_update().get(pk=application.pk)
    return _handler(application, person, by)


@transaction.atomic
def asb_handler_remove(*, handler, by):
    application = AsbApplication.objects.select_for_update().get(pk=handler.application_id)
    locked = AsbHandler.objects.select_for_update().get(pk=handler.pk)
    if locked.left_on is not None:
        return locked
    if not AsbHandler.objects.current().filter(application=application).exclude(pk=locked.pk).exists():
        raise ValidationError(LAST_HANDLER)
    locked.left_on = timezone.localdate()
    save_with_history(locked, by=by, reason="Stopped handling the application")
    _sync_handler_right(application, locked.person)
    return locked


@transaction.atomic
def asb_application_update(*, application, by, version, agencies_present=None, **fields):
    """The application's details and, once held, the review (agencies present, outcome, dates)."""
    locked = AsbApplication.objects.select_for_update().get(pk=application.pk)
    if version is not None and locked.version != version:
        raise ValidationError(STALE_EDIT, code="stale")
    changed = apply_changes(locked, by=by, version=None, fields=fields)
    if agencies_present is not None and set(locked.agencies_present.all()) != set(agencies_present):
        locked.agencies_present.set(agencies_present)
        if not changed:  # the version moves on all the same, so an older form is refused as stale
            save_new_version(locked, by=by, reason="Agencies present at the review")
    return locked


@transaction.atomic
def asb_threshold_decide(
    *, application, by, version, threshold, threshold_decided_on, threshold_reasons="", applicant_told_threshold_on=None
):
    locked = AsbApplication.objects.select_for_update().get(pk=application.pk)
    if locked.threshold != AsbApplication.Threshold.PENDING:
        raise ValidationError(THRESHOLD_ALREADY)
    apply_changes(
        locked,
        by=by,
        version=version,
        fields={
            "threshold": threshold,
            "threshold_decided_on": threshold_decided_on,
            "threshold_reasons": threshold_reasons,
            "applicant_told_threshold_on": applicant_told_threshold_on,
        },
        reason="Threshold decided",
    )
    return locked


@transaction.atomic
def asb_incident_add(*, application, reported_on, by, reported_to=None, summary=""):
    return save_with_history(
        AsbIncident(application=application, reported_on=reported_on, reported_to=reported_to, summary=summary), by=by
    )


@transaction.atomic
def asb_recommendation_add(*, application, text, agency, by):
    if application.threshold != AsbApplication.Threshold.MET:
        raise ValidationError(THRESHOLD_NOT_DECIDED)
    return save_with_history(AsbRecommendation(application=application, text=text, agency=agency), by=by)


@transaction.atomic
def asb_recommendation_done(*, recommendation, by):
    locked = AsbRecommendation.objects.select_for_update().get(pk=recommendation.pk)
    if not locked.is_done:
        locked.is_done = True
        save_with_history(locked, by=by, reason="Done")
    return locked


# Handover ----------------------------------------------------------------------------------------------


@transaction.atomic
def officer_handover_of_cases(*, outgoing, successor, partnership, by):
    """Handover step (members.handover): the outgoing officer leaves every case of the partnership at once.
    Case files are need to know, so the successor is not seated in their place, except where the outgoing
    officer was a case's last manager or an application's last handler (a case must keep one). The summary
    gives counts only: whoever runs the handover may not be on the cases."""
    seats = PanelMember.objects.current().filter(case__partnership=partnership, person=outgoing)
    ended = taken_over = 0
    for seat in seats.select_related("case"):
        if seat.role == CaseRole.MANAGER and not (
            PanelMember.objects.current().filter(case=seat.case, role=CaseRole.MANAGER).exclude(pk=seat.pk).exists()
        ):
            if successor.user_id is None:
                raise ValidationError({"successor": NEEDS_A_LOGIN.format(person=successor)})
            if (
                not PanelMember.objects.current()
                .filter(case=seat.case, person=successor, role=CaseRole.MANAGER)
                .exists()
            ):
                _seat(seat.case, successor, CaseRole.MANAGER, None, by)
            taken_over += 1
        panel_member_remove(member=seat, by=by)
        ended += 1
    for handler in AsbHandler.objects.current().filter(application__partnership=partnership, person=outgoing):
        if (
            not AsbHandler.objects.current()
            .filter(application_id=handler.application_id)
            .exclude(pk=handler.pk)
            .exists()
        ):
            if successor.user_id is None:
                raise ValidationError({"successor": NEEDS_A_LOGIN.format(person=successor)})
            if (
                not AsbHandler.objects.current()
                .filter(application_id=handler.application_id, person=successor)
                .exists()
            ):
                _handler(handler.application, successor, by)
            taken_over += 1
        asb_handler_remove(handler=handler, by=by)
        ended += 1
    if not ended:
        return []
    line = f"Case reviews: left {ended} seat(s) on restricted case files"
    if taken_over:
        line += f"; the successor now manages {taken_over} of them, which had no one else to"
    return [line + "."]
