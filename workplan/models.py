"""The partnership's workplan: plans per period, priorities and objectives, items that agencies lead
with responsible officers and timescales, milestones, progress, committed resources and indicators."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from core.models import Versioned
from members.models import Agency, Person
from partnership.models import Partnership

STALE_AFTER_WEEKS = 6


class Workplan(Versioned):
    class Kind(models.TextChoices):
        STRATEGY = "strategy", "Strategy (several years)"
        ANNUAL = "annual", "Annual plan"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="workplans")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ANNUAL)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="annual_plans",
        help_text="For an annual plan, the strategy it delivers.",
    )
    starts = models.DateField()
    ends = models.DateField()
    summary = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")),
                name="workplan_ends_after_it_starts",
                violation_error_message="A plan must end after it starts.",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts and self.ends and self.ends <= self.starts:
            raise ValidationError({"ends": "A plan must end after it starts."})
        if self.parent_id:
            if self.parent.partnership_id != self.partnership_id:
                raise ValidationError({"parent": "Choose a strategy of this partnership."})
            if self.kind != self.Kind.ANNUAL or self.parent.kind != self.Kind.STRATEGY:
                raise ValidationError({"parent": "Only an annual plan sits under a strategy."})

    def audit_scope(self):
        return self.partnership_id, None


class Priority(Versioned):
    workplan = models.ForeignKey(Workplan, on_delete=models.PROTECT, related_name="priorities")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["workplan", "order", "title"]
        verbose_name_plural = "priorities"

    def __str__(self):
        return self.title

    def audit_scope(self):
        return self.workplan.partnership_id, None


class Objective(Versioned):
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="objectives")
    title = models.CharField(max_length=300)
    expected_outcome = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "order", "title"]

    def __str__(self):
        return self.title

    def audit_scope(self):
        return self.priority.workplan.partnership_id, None


class WorkplanItem(Versioned):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        OFF_TRACK = "off_track", "Off track"
        COMPLETE = "complete", "Complete"
        DROPPED = "dropped", "Dropped"

    OPEN_STATUSES = (Status.NOT_STARTED, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK)

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="workplan_items")
    workplan = models.ForeignKey(Workplan, on_delete=models.PROTECT, related_name="items")
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="items")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="workplan_items_led")
    responsible_officer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="workplan_items")
    starts = models.DateField("start date")
    due = models.DateField("due date")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    dropped_reason = models.CharField("reason it was dropped", max_length=500, blank=True)
    last_update_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["objective__priority__order", "objective__order", "due", "pk"]
        permissions = [("comment_workplanitem", "Comment on a workplan item as a supporting agency")]
        indexes = [
            models.Index(fields=["partnership", "status", "due"]),
            models.Index(fields=["lead_agency", "status"]),
            models.Index(fields=["responsible_officer", "status"]),
            models.Index(fields=["workplan", "objective"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due__gte=models.F("starts")),
                name="workplan_item_due_after_start",
                violation_error_message="The due date must be on or after the start date.",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.starts and self.due and self.due < self.starts:
            errors["due"] = "The due date must be on or after the start date."
        if self.status == self.Status.DROPPED and not self.dropped_reason.strip():
            errors["dropped_reason"] = "Say why the item was dropped."
        if self.objective_id and self.workplan_id and self.objective.priority.workplan_id != self.workplan_id:
            errors["objective"] = "Choose an objective of this plan."
        if (
            self.responsible_officer_id
            and self.lead_agency_id
            and (self.responsible_officer.agency_id != self.lead_agency_id)
        ):
            errors["responsible_officer"] = "The responsible officer must work for the lead agency."
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due < timezone.localdate()

    @property
    def is_stale(self):
        if not self.is_open or self.starts > timezone.localdate():
            return False
        since = self.last_update_at or timezone.make_aware(datetime.datetime.combine(self.starts, datetime.time()))
        return timezone.now() - since > datetime.timedelta(weeks=STALE_AFTER_WEEKS)

    def audit_scope(self):
        return self.partnership_id, self.lead_agency_id


class WorkplanItemUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(WorkplanItem, on_delete=models.CASCADE)


class WorkplanItemGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(WorkplanItem, on_delete=models.CASCADE)


class SupportingAgency(models.Model):
    """An agency that supports an item (and may comment on its progress)."""

    item = models.ForeignKey(WorkplanItem, on_delete=models.PROTECT, related_name="supporters")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="workplan_items_supported")
    contribution = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name"]
        verbose_name_plural = "supporting agencies"
        constraints = [models.UniqueConstraint(fields=["item", "agency"], name="supporter_once_per_item")]

    def __str__(self):
        return f"{self.agency} supports {self.item}"

    def audit_scope(self):
        return self.item.partnership_id, self.agency_id


class ResourceCommitment(models.Model):
    class Kind(models.TextChoices):
        MONEY = "money", "Money"
        STAFF = "staff", "Staff time"
        EQUIPMENT = "equipment", "Equipment"
        OTHER = "other", "Other"

    item = models.ForeignKey(WorkplanItem, on_delete=models.PROTECT, related_name="resources")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(max_length=300)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=40, blank=True, help_text="For example: £, hours a month, vehicles.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "agency__name", "kind"]

    def __str__(self):
        return f"{self.agency}: {self.description}"

    def audit_scope(self):
        return self.item.partnership_id, self.agency_id


class Milestone(models.Model):
    item = models.ForeignKey(WorkplanItem, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(max_length=300)
    due = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "due"]

    def __str__(self):
        return self.title

    def audit_scope(self):
        return self.item.partnership_id, self.item.lead_agency_id


class ProgressUpdate(models.Model):
    class Kind(models.TextChoices):
        UPDATE = "update", "Progress update"
        COMMENT = "comment", "Comment from a supporting agency"

    item = models.ForeignKey(WorkplanItem, on_delete=models.PROTECT, related_name="updates")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.UPDATE)
    status = models.CharField(max_length=20, choices=WorkplanItem.Status.choices, blank=True)
    narrative = models.TextField()
    made_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_at", "-pk"]
        indexes = [models.Index(fields=["item", "-made_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.item}"

    def audit_scope(self):
        return self.item.partnership_id, self.item.lead_agency_id


class Indicator(Versioned):
    class Direction(models.TextChoices):
        UP = "up", "Higher is better"
        DOWN = "down", "Lower is better"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="indicators")
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, null=True, blank=True, related_name="indicators")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=60, help_text="For example: incidents a month, %, referrals.")
    baseline = models.DecimalField(max_digits=12, decimal_places=2)
    target = models.DecimalField(max_digits=12, decimal_places=2)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="indicators", verbose_name="owning agency"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="indicator_unique_name_per_partnership")
        ]

    def __str__(self):
        return self.name

    def meets_target(self, value):
        if value is None:
            return None
        return value >= self.target if self.direction == self.Direction.UP else value <= self.target

    def audit_scope(self):
        return self.partnership_id, self.agency_id


class IndicatorUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Indicator, on_delete=models.CASCADE)


class IndicatorGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Indicator, on_delete=models.CASCADE)


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    period = models.DateField(help_text="The first day of the period the value measures, e.g. the month.")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="indicator_value_once_per_period")]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.period:%b %Y})"

    def audit_scope(self):
        return self.indicator.partnership_id, self.indicator.agency_id
