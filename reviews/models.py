"""The annual review: versioned frameworks of questions, the year's review with each agency's return by
a deadline, findings and recommendations (carried into the workplan), and the frozen, approved PDF."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from core.models import Versioned
from members.models import Agency, Person
from partnership.models import Partnership


class Rating(models.IntegerChoices):
    """The four-point scale each return rates a question on."""

    NOT_IN_PLACE = 1, "1 – Not in place"
    DEVELOPING = 2, "2 – Partly in place"
    ESTABLISHED = 3, "3 – Mostly in place"
    EXCELLENT = 4, "4 – Fully in place"


class ReviewFramework(Versioned):
    """A set of questions. Shipped frameworks have no partnership; a coordinator copies one to edit it.
    A framework that a review has used is locked, so a past review keeps the questions it asked."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, null=True, blank=True, related_name="review_frameworks"
    )
    name = models.CharField(max_length=200)
    edition = models.PositiveIntegerField(default=1)
    source = models.CharField(max_length=300, help_text="Where the questions come from.")
    description = models.TextField(blank=True)
    based_on = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="copies")
    is_locked = models.BooleanField(default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "edition"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name", "edition"], name="framework_unique_edition")
        ]

    def __str__(self):
        return f"{self.name} (edition {self.edition})"

    def audit_scope(self):
        return self.partnership_id, None


class Question(models.Model):
    framework = models.ForeignKey(ReviewFramework, on_delete=models.PROTECT, related_name="questions")
    section = models.CharField(max_length=200)
    order = models.PositiveIntegerField()
    text = models.CharField(max_length=500)
    guidance = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "order"], name="question_order_unique")]

    def __str__(self):
        return self.text

    def audit_scope(self):
        return self.framework.partnership_id, None


class AnnualReview(Versioned):
    class State(models.TextChoices):
        OPEN = "open", "Open for returns"
        CONSOLIDATING = "consolidating", "Being consolidated"
        APPROVED = "approved", "Approved"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="annual_reviews")
    title = models.CharField(max_length=200, help_text="For example: Annual review 2026–27.")
    period_start = models.DateField("review year starts")
    period_end = models.DateField("review year ends")
    deadline = models.DateField("returns due by")
    framework = models.ForeignKey(ReviewFramework, on_delete=models.PROTECT, related_name="reviews")
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    summary = models.TextField(blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    returns_at_approval = models.CharField(
        max_length=40, blank=True, help_text="How many returns were in when it was approved, e.g. '2 of 3'."
    )
    approved_without_all_returns = models.TextField(
        "why it was approved without every return", blank=True, help_text="Recorded when any return was missing."
    )
    # The background task making the PDF the review is waiting for (its id with the task backend), if any.
    document_task_id = models.CharField(max_length=64, blank=True, editable=False)
    document_reason = models.CharField(max_length=300, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["document_task_id", "document_reason"])

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "period_start"], name="review_once_per_year"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            raise ValidationError({"period_end": "The review year must end after it starts."})
        if self.framework_id and self.framework.partnership_id not in (None, self.partnership_id):
            raise ValidationError({"framework": "Choose a shipped framework or one of this partnership's."})

    @property
    def is_past_deadline(self):
        return timezone.localdate() > self.deadline

    def audit_scope(self):
        return self.partnership_id, None


class AgencyReturn(Versioned):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    review = models.ForeignKey(AnnualReview, on_delete=models.PROTECT, related_name="returns")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="review_returns")
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reopened_count = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["review", "agency"], name="return_once_per_agency")]

    def __str__(self):
        return f"{self.agency} return to {self.review}"

    @property
    def is_late(self):
        if self.submitted_at:
            return timezone.localdate(self.submitted_at) > self.review.deadline
        return self.review.is_past_deadline

    def audit_scope(self):
        return self.review.partnership_id, self.agency_id


class AgencyReturnUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(AgencyReturn, on_delete=models.CASCADE)


class AgencyReturnGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(AgencyReturn, on_delete=models.CASCADE)


class Answer(models.Model):
    agency_return = models.ForeignKey(AgencyReturn, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    evidence = models.TextField(blank=True)
    comment = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency_return", "question__order"]
        constraints = [models.UniqueConstraint(fields=["agency_return", "question"], name="answer_once_per_question")]

    def __str__(self):
        return f"{self.agency_return.agency}: {self.question}"

    def audit_scope(self):
        return self.agency_return.review.partnership_id, self.agency_return.agency_id


class Finding(models.Model):
    review = models.ForeignKey(AnnualReview, on_delete=models.PROTECT, related_name="findings")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "order", "pk"]

    def __str__(self):
        return self.text[:80]

    def audit_scope(self):
        return self.review.partnership_id, None


class Recommendation(models.Model):
    review = models.ForeignKey(AnnualReview, on_delete=models.PROTECT, related_name="recommendations")
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)
    workplan_item = models.OneToOneField(
        "workplan.WorkplanItem", on_delete=models.PROTECT, null=True, blank=True, related_name="recommendation"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "order", "pk"]

    def __str__(self):
        return self.text[:80]

    def audit_scope(self):
        return self.review.partnership_id, None


class ReviewDocument(models.Model):
    """The approved review's PDF, stored once with its checksum; a correction is a new version."""

    review = models.ForeignKey(AnnualReview, on_delete=models.PROTECT, related_name="documents")
    version = models.PositiveIntegerField()
    file = models.FileField(upload_to="reviews/")
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField(default=0)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "-version"]
        constraints = [models.UniqueConstraint(fields=["review", "version"], name="review_document_version")]

    def __str__(self):
        return f"{self.review} (version {self.version})"

    def audit_scope(self):
        return self.review.partnership_id, None


class ReturnReminder(models.Model):
    """One reminder per return and threshold, so the reminder command can run any number of times."""

    class Threshold(models.TextChoices):
        DUE_SOON = "due_soon", "Deadline near"
        OVERDUE = "overdue", "Deadline passed"

    agency_return = models.ForeignKey(AgencyReturn, on_delete=models.PROTECT, related_name="reminders")
    threshold = models.CharField(max_length=20, choices=Threshold.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency_return", "threshold"], name="return_reminder_once_per_threshold")
        ]

    def __str__(self):
        return f"{self.get_threshold_display()} reminder for {self.agency_return}"

    def audit_scope(self):
        return self.agency_return.review.partnership_id, self.agency_return.agency_id
