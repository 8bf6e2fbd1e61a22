"""Statutory case reviews in restricted case files.

Two kinds of case, each seen only by the people named on it:

- a domestic abuse related death review (DARDR; a domestic homicide review until the 2024 guidance;
  Domestic Violence, Crime and Victims Act 2004 s.9): the notification, the decision whether to hold a
  review, the panel, terms of reference, agencies' reports, the merged chronology, family involvement,
  parallel proceedings that pause the clock, report versions, the Home Office quality-assurance panel,
  publication and the action plan;
- an anti-social behaviour case review application (formerly the community trigger; Anti-social
  Behaviour, Crime and Policing Act 2014 s.104 and Schedule 4): the register, the threshold test, the
  review and its recommendations. The partnership's procedure and each year's four figures are public.

Nothing here is indexed into the partnership's audit log: `audit_scope` returns no partnership and no
agency, and `__str__` gives the case's reference only (never a pseudonym, a name or a date of death), so
an audit entry's text could not leak the case even if it were shown. Each case keeps its own history
and its own access log (`CaseAccess`), which the people managing the case read.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from core.models import Versioned
from members.models import Agency, Person
from partnership.models import Partnership


def case_file_path(instance, filename):
    """A random name under casereviews/: the stored name says nothing of the case or the person."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"casereviews/{uuid.uuid4().hex}.{extension}"


class _Restricted(models.Model):
    """A record of a restricted case: kept out of the partnership's audit log (see the module's text)."""

    class Meta:
        abstract = True

    def audit_scope(self):
        return None, None


# Domestic abuse related death reviews --------------------------------------------------------------


class DeathReview(Versioned, _Restricted):
    class Decision(models.TextChoices):
        PENDING = "pending", "Not yet decided"
        HOLD = "hold", "Hold a review"
        NOT_HOLD = "not_hold", "Do not hold a review"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="death_reviews")
    reference = models.CharField(max_length=40, editable=False, help_text="For example DARDR 2026/01.")
    pseudonym = models.CharField(
        max_length=100, blank=True, help_text="The name the review will use for the person who died."
    )
    date_of_death = models.DateField(null=True, blank=True)
    notified_on = models.DateField("notification received on")
    notified_by = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="notified by"
    )
    circumstances = models.TextField("circumstances in brief")
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    decision_reasons = models.TextField("reasons for the decision", blank=True)
    home_office_notified_on = models.DateField("Home Office told of the decision on", null=True, blank=True)
    terms_of_reference = models.TextField(blank=True)
    terms_agreed_on = models.DateField("terms of reference agreed on", null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="The title the public sees beside the published report, for example 'Review into the death of Amy'.",
    )
    retention_until = models.DateField("keep the file until")
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-notified_on", "-pk"]
        permissions = [
            ("manage_deathreview", "Manage a death review: its panel, decision record, access log and publication"),
            ("decide_deathreview", "Decide whether to hold a death review"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="death_review_reference_unique")
        ]

    def __str__(self):
        return self.reference

    def clean(self):
        if self.date_of_death and self.notified_on and self.date_of_death > self.notified_on:
            raise ValidationError({"date_of_death": "The date of death must be on or before the notification."})
        if self.decision != self.Decision.PENDING and not self.decision_reasons.strip():
            raise ValidationError({"decision_reasons": "Give the reasons for the decision."})
        if self.decided_on and self.notified_on and self.decided_on < self.notified_on:
            raise ValidationError({"decided_on": "The decision must be on or after the notification."})
        if self.home_office_notified_on and self.decided_on and self.home_office_notified_on < self.decided_on:
            raise ValidationError({"home_office_notified_on": "The Home Office is told after the decision is made."})


class DeathReviewUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(DeathReview, on_delete=models.CASCADE)


class DeathReviewGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(DeathReview, on_delete=models.CASCADE)


class CaseRole(models.TextChoices):
    MANAGER = "manager", "Case manager"
    COMMISSIONING_CHAIR = "commissioning_chair", "Partnership chair (commissions the review)"
    INDEPENDENT_CHAIR = "independent_chair", "Independent chair"
    AUTHOR = "author", "Author of the report"
    PANEL_MEMBER = "panel_member", "Panel member for an agency"


class PanelMemberQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_on__isnull=True)


class PanelMember(_Restricted):
    """A person named on a death review: joining grants guardian's rights on the case, leaving revokes them."""

    case = models.ForeignKey(DeathReview, on_delete=models.PROTECT, related_name="panel")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=30, choices=CaseRole.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The agency they speak for.",
    )
    joined_on = models.DateField(default=timezone.localdate)
    left_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()
    objects = PanelMemberQuerySet.as_manager()

    class Meta:
        ordering = ["case", "role", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "role"],
                condition=models.Q(left_on__isnull=True),
                name="panel_member_once_per_role",
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()} on {self.case.reference}"

    def clean(self):
        if self.role == CaseRole.PANEL_MEMBER and not self.agency_id:
            raise ValidationError({"agency": "Choose the agency this panel member speaks for."})


class AgencyReport(Versioned, _Restricted):
    """What the review asks of one agency: scoping, an individual management review or a chronology."""

    class Kind(models.TextChoices):
        SCOPING = "scoping", "Scoping return"
        IMR = "imr", "Individual management review"
        CHRONOLOGY = "chronology", "Chronology of contact"

    case = models.ForeignKey(DeathReview, on_delete=models.PROTECT, related_name="agency_reports")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    requested_on = models.DateField(default=timezone.localdate)
    due_on = models.DateField("due by")
    text = models.TextField("report", blank=True)
    file = models.FileField(upload_to=case_file_path, blank=True)
    file_name = models.CharField(max_length=200, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "due_on", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["case", "agency", "kind"], name="agency_report_once_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.case.reference}"

    @property
    def is_late(self):
        if self.submitted_at:
            return timezone.localdate(self.submitted_at) > self.due_on
        return timezone.localdate() > self.due_on


class AgencyReportUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(AgencyReport, on_delete=models.CASCADE)


class AgencyReportGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(AgencyReport, on_delete=models.CASCADE)


class ChronologyEntry(_Restricted):
    """One dated contact an agency had; the merged chronology is every agency's entries by date."""

    case = models.ForeignKey(DeathReview, on_delete=models.PROTECT, related_name="chronology")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField("date of contact")
    entry = models.TextField("what happened")
    added_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "occurred_on", "pk"]
        indexes = [models.Index(fields=["case", "occurred_on"])]

    def __str__(self):
        return f"Chronology entry of {self.case.reference}"


class FamilyContact(_Restricted):
    """Family and friends' involvement: each contact with them, logged."""

    class Method(models.TextChoices):
        LETTER = "letter", "Letter"
        MEETING = "meeting", "Meeting"
        PHONE = "phone", "Telephone"
        EMAIL = "email", "Email"
        ADVOCATE = "advocate", "Through an advocate"

    case = models.ForeignKey(DeathReview, on_delete=models.PROTECT, related_name="family_contacts")
    contacted_on = models.DateField()
    with_whom = models.CharField("with whom", max_length=200, help_text="For example: the person's sister.")
    method = models.CharField(max_length=20, choices=Method.choices)
    summary = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "contacted_on", "pk"]

    def __str__(self):
        return f"Family contact for {self.case.reference}"


class Proceeding(_Restricted):
    """A parallel proceeding (a criminal trial, an inquest): while one that pauses the clock is open, the
    review's completion date moves on day by day."""

    class Kind(models.TextChoices):
        CRIMINAL_TRIAL = "criminal_trial", "Criminal investigation or trial"
        INQUEST = "inquest", "Inquest"
        OTHER = "other", "Other proceedings"

    case = models.ForeignKey(DeathReview, on_delete=models.PROTECT, related_name="proceedings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    started_on = models.DateField("paused from")
    ended_on = models.DateField("resumed on", null=True, blank=True)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "started_on"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.case.reference})"

    def clean(self):
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "The clock resumes on or after the day it was paused."})


class ReportVersion(_Restricted):
    """A version of the overview report or the executive summary, stored once with its checksum."""

    class Kind(models.TextChoices):
        OVERVIEW = "overview", "Overview report"
        SUMMARY = "summary", "Executive summary"

    case = models.ForeignKey(DeathReview, on_delete=models.PROTECT, related_name="report_versions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    number = models.PositiveIntegerField(editable=False)
    file = models.FileField(upload_to=case_file_path)
    file_name = models.CharField(max_length=200, editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    note = models.CharField("what changed", max_length=300, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "kind", "-number"]
        constraints = [models.UniqueConstraint(fields=["case", "kind", "number"], name="report_version_number")]

    def __str__(self):
        return f"{self.get_kind_display()} version {self.number} ({self.case.reference})"


class QualityAssurance(_Restricted):
    """A submission of the report to the Home Office quality-assurance panel, and what the panel said."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Awaiting the panel"
        APPROVED = "approved", "Approved for publication"
        CHANGES = "changes", "Changes requested"

    case = models.ForeignKey(DeathReview, on_delete=models.PROTECT, related_name="quality_assurance")
    submitted_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_on = models.DateField("panel's answer received on", null=True, blank=True)
    requested_changes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "submitted_on", "pk"]

    def __str__(self):
        return f"Quality assurance of {self.case.reference}"

    def clean(self):
        if self.outcome != self.Outcome.PENDING and not self.outcome_on:
            raise ValidationError({"outcome_on": "Give the date of the panel's answer."})
        if self.outcome_on and self.submitted_on and self.outcome_on < self.submitted_on:
            raise ValidationError({"outcome_on": "The panel answers after the submission."})
        if self.outcome == self.Outcome.CHANGES and not self.requested_changes.strip():
            raise ValidationError({"requested_changes": "Record the changes the panel asked for."})


class PublishedReport(_Restricted):
    """The redacted, pseudonymised report the public reads: stored once with its checksum, never replaced."""

    case = models.OneToOneField(DeathReview, on_delete=models.PROTECT, related_name="published_report")
    file = models.FileField(upload_to=case_file_path)
    sha256 = models.CharField(max_length=64, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    stored_at = models.DateTimeField(default=timezone.now, editable=False)
    stored_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    def __str__(self):
        return f"Published report of {self.case.reference}"


class CaseRecommendation(Versioned, _Restricted):
    """A recommendation of the review's action plan, owned by an agency and tracked to completion."""

    class Status(models.TextChoices):
        OPEN = "open", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"

    case = models.ForeignKey(DeathReview, on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveIntegerField(editable=False)
    text = models.TextField("recommendation")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="owning agency")
    due_on = models.DateField("due by", null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    evidence = models.TextField("evidence of progress", blank=True)
    completed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="case_recommendation_number")]

    def __str__(self):
        return f"Recommendation {self.number} of {self.case.reference}"

    def clean(self):
        if self.status == self.Status.COMPLETE and not self.evidence.strip():
            raise ValidationError({"evidence": "Give the evidence that the recommendation is complete."})

    @property
    def is_overdue(self):
        return self.status != self.Status.COMPLETE and self.due_on is not None and timezone.localdate() > self.due_on


class BoardReport(_Restricted):
    """The action plan's progress reported to the board (from the action plan PDF, which names no one)."""

    case = models.ForeignKey(DeathReview, on_delete=models.PROTECT, related_name="board_reports")
    reported_on = models.DateField()
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "-reported_on"]

    def __str__(self):
        return f"Action plan of {self.case.reference} reported to the board"


# Anti-social behaviour case reviews ----------------------------------------------------------------


class AsbProcedure(Versioned):
    """The partnership's published ASB case review procedure: threshold, contact and escalation. Public."""

    partnership = models.OneToOneField(Partnership, on_delete=models.PROTECT, related_name="asb_procedure")
    threshold_complaints = models.PositiveSmallIntegerField(
        "complaints that meet the threshold", default=3, help_text="The Act allows no more than three."
    )
    threshold_months = models.PositiveSmallIntegerField("within this many months", default=6)
    procedure = models.TextField("how to apply and what happens", blank=True)
    contact_name = models.CharField("point of contact", max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    escalation = models.TextField(
        "if the applicant is unhappy",
        blank=True,
        help_text="How an applicant asks for the handling to be looked at again, if the procedure provides one.",
    )
    year_starts_month = models.PositiveSmallIntegerField(
        "the year of the published figures starts in month", default=4, help_text="4 is April."
    )
    history = HistoricalRecords()

    def __str__(self):
        return f"ASB case review procedure of {self.partnership}"

    def clean(self):
        if self.threshold_complaints is not None and not 1 <= self.threshold_complaints <= 3:
            raise ValidationError(
                {"threshold_complaints": "The threshold may not be more than three complaints (2014 Act, s.104(4))."}
            )
        if self.threshold_months is not None and not 1 <= self.threshold_months <= 6:
            raise ValidationError({"threshold_months": "Choose a period of one to six months."})
        if self.year_starts_month is not None and not 1 <= self.year_starts_month <= 12:
            raise ValidationError({"year_starts_month": "Give a month from 1 (January) to 12 (December)."})

    def audit_scope(self):
        return self.partnership_id, None


class AsbApplication(Versioned, _Restricted):
    class Channel(models.TextChoices):
        PHONE = "phone", "Telephone"
        EMAIL = "email", "Email"
        ONLINE = "online", "Online form"
        LETTER = "letter", "Letter"
        IN_PERSON = "in_person", "In person"

    class MadeBy(models.TextChoices):
        VICTIM = "victim", "The victim"
        ON_BEHALF = "on_behalf", "Someone on the victim's behalf, with their consent"

    class Threshold(models.TextChoices):
        PENDING = "pending", "Not yet decided"
        MET = "met", "Met"
        NOT_MET = "not_met", "Not met"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="asb_applications")
    reference = models.CharField(max_length=40, editable=False)
    received_on = models.DateField()
    channel = models.CharField("received by", max_length=20, choices=Channel.choices)
    made_by = models.CharField("made by", max_length=20, choices=MadeBy.choices, default=MadeBy.VICTIM)
    applicant_name = models.CharField("applicant's name", max_length=200)
    applicant_contact = models.CharField("applicant's phone or email", max_length=200, blank=True)
    applicant_address = models.TextField("applicant's address", blank=True)
    on_behalf_name = models.CharField("applying on their behalf", max_length=200, blank=True)
    summary = models.TextField("the behaviour complained of")
    threshold = models.CharField("threshold", max_length=20, choices=Threshold.choices, default=Threshold.PENDING)
    threshold_decided_on = models.DateField(null=True, blank=True)
    threshold_reasons = models.TextField("reasons", blank=True)
    applicant_told_threshold_on = models.DateField("applicant told of the decision on", null=True, blank=True)
    review_on = models.DateField("review meeting held on", null=True, blank=True)
    agencies_present = models.ManyToManyField(Agency, blank=True, related_name="+")
    outcome = models.TextField("outcome of the review", blank=True)
    applicant_told_outcome_on = models.DateField("applicant told of the outcome on", null=True, blank=True)
    escalation_requested_on = models.DateField("applicant asked for it to be looked at again on", null=True, blank=True)
    escalation_outcome = models.TextField("result of that", blank=True)
    escalation_decided_on = models.DateField(null=True, blank=True)
    retention_until = models.DateField("keep the file until")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(m2m_fields=[agencies_present])

    class Meta:
        ordering = ["-received_on", "-pk"]
        permissions = [("handle_asbapplication", "Handle an ASB case review application")]
        constraints = [models.UniqueConstraint(fields=["partnership", "reference"], name="asb_reference_unique")]
        indexes = [models.Index(fields=["partnership", "received_on"])]

    def __str__(self):
        return self.reference

    def clean(self):
        if self.made_by == self.MadeBy.ON_BEHALF and not self.on_behalf_name.strip():
            raise ValidationError({"on_behalf_name": "Give the name of the person applying on the victim's behalf."})
        if self.threshold != self.Threshold.PENDING:
            if not self.threshold_decided_on:
                raise ValidationError({"threshold_decided_on": "Give the date of the threshold decision."})
            if self.received_on and self.threshold_decided_on < self.received_on:
                raise ValidationError({"threshold_decided_on": "The decision is made after the application."})
        if self.review_on and self.threshold != self.Threshold.MET:
            raise ValidationError({"review_on": "A review is held only when the threshold is met."})
        if self.review_on and self.threshold_decided_on and self.review_on < self.threshold_decided_on:
            raise ValidationError({"review_on": "The review is held after the threshold decision."})


class AsbApplicationUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(AsbApplication, on_delete=models.CASCADE)


class AsbApplicationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(AsbApplication, on_delete=models.CASCADE)


class HandlerQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_on__isnull=True)


class AsbHandler(_Restricted):
    """A person handling an application: joining grants guardian's rights on it, leaving revokes them."""

    application = models.ForeignKey(AsbApplication, on_delete=models.PROTECT, related_name="handlers")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    joined_on = models.DateField(default=timezone.localdate)
    left_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()
    objects = HandlerQuerySet.as_manager()

    class Meta:
        ordering = ["application", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "person"], condition=models.Q(left_on__isnull=True), name="asb_handler_once"
            )
        ]

    def __str__(self):
        return f"Handler of {self.application.reference}"


class AsbIncident(_Restricted):
    """A report of anti-social behaviour the application relies on, counted against the threshold."""

    application = models.ForeignKey(AsbApplication, on_delete=models.PROTECT, related_name="incidents")
    reported_on = models.DateField()
    reported_to = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    summary = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "reported_on", "pk"]

    def __str__(self):
        return f"Incident reported for {self.application.reference}"


class AsbRecommendation(_Restricted):
    application = models.ForeignKey(AsbApplication, on_delete=models.PROTECT, related_name="recommendations")
    text = models.TextField("recommendation")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="agency to act")
    is_done = models.BooleanField("done", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "pk"]

    def __str__(self):
        return f"Recommendation of {self.application.reference}"


# Access log and reminders --------------------------------------------------------------------------


class CaseAccess(models.Model):
    """Every view and download of a case file: who, when, what. Append-only; no history of its own."""

    death_review = models.ForeignKey(
        DeathReview, on_delete=models.PROTECT, null=True, blank=True, related_name="access_log"
    )
    asb_application = models.ForeignKey(
        AsbApplication, on_delete=models.PROTECT, null=True, blank=True, related_name="access_log"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=200)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "case access"
        indexes = [
            models.Index(fields=["death_review", "-at"]),
            models.Index(fields=["asb_application", "-at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(death_review__isnull=False, asb_application__isnull=True)
                | models.Q(death_review__isnull=True, asb_application__isnull=False),
                name="case_access_one_case",
            )
        ]

    def __str__(self):
        return self.what


class CaseReminder(_Restricted):
    """One reminder per deadline and threshold, so the reminder command can run any number of times."""

    class Threshold(models.TextChoices):
        DUE_SOON = "due_soon", "Deadline near"
        OVERDUE = "overdue", "Deadline passed"

    death_review = models.ForeignKey(DeathReview, on_delete=models.PROTECT, related_name="reminders")
    key = models.CharField(max_length=60, help_text="Which deadline: decision, report, or agency-report:<id>.")
    threshold = models.CharField(max_length=20, choices=Threshold.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["death_review", "key", "threshold"], name="case_reminder_once")]

    def __str__(self):
        return f"{self.get_threshold_display()} reminder ({self.key}) for {self.death_review.reference}"
