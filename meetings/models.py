"""Meetings of the board and its groups: agendas with public and confidential items, papers,
attendance, minutes from draft to publication, decisions and action points."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from core.models import HttpsURLField, Versioned
from members.models import Agency, Person
from partnership.models import Partnership, PartnershipGroup

PAPER_EXTENSIONS = ["pdf", "docx", "doc", "odt", "xlsx", "xls", "ods", "pptx", "odp", "csv", "txt", "rtf"]
PAPER_MAX_BYTES = 10 * 1024 * 1024


class Meeting(Versioned):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"
        POSTPONED = "postponed", "Postponed"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="meetings")
    group = models.ForeignKey(PartnershipGroup, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField("date and time")
    ends_at = models.DateTimeField("finishes at", null=True, blank=True)
    location = models.CharField("place", max_length=300, blank=True)
    online_link = HttpsURLField("online meeting link", blank=True, max_length=500)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    postponed_to = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="postponed_from"
    )
    is_public = models.BooleanField(
        "open to the press and public",
        default=True,
        help_text="Meetings are open unless confidential matters are the main business.",
    )
    agenda_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["partnership", "starts_at"]), models.Index(fields=["group", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message="A meeting must finish after it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.group.name}, {timezone.localtime(self.starts_at):%-d %B %Y}"

    def clean(self):
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "A meeting must finish after it starts."})
        if self.group_id and self.partnership_id and self.group.partnership_id != self.partnership_id:
            raise ValidationError({"group": "Choose a group of this partnership."})
        if not self.location and not self.online_link:
            raise ValidationError({"location": "Give a place, an online meeting link, or both."})

    @property
    def agenda_is_published(self):
        return self.agenda_published_at is not None

    def audit_scope(self):
        return self.partnership_id, None


class AgendaItem(Versioned):
    """One item of a meeting's agenda, and what the minutes record of it."""

    class Standing(models.TextChoices):
        APOLOGIES = "apologies", "Apologies for absence"
        MINUTES = "minutes", "Minutes of the last meeting"
        MATTERS_ARISING = "matters_arising", "Matters arising"
        AOB = "aob", "Any other business"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    presenter = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    standing = models.CharField(max_length=20, choices=Standing.choices, blank=True)
    is_confidential = models.BooleanField("confidential", default=False)
    confidential_reason = models.CharField(
        "reason it is confidential",
        max_length=300,
        blank=True,
        help_text="For example: personal information about an individual, or an operational police matter.",
    )
    discussion = models.TextField("minutes of the discussion", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        indexes = [models.Index(fields=["meeting", "order"])]

    def __str__(self):
        return self.title

    def clean(self):
        if self.is_confidential and not self.confidential_reason.strip():
            raise ValidationError({"confidential_reason": "Say why the item is confidential."})
        if not self.is_confidential:
            self.confidential_reason = ""

    def audit_scope(self):
        return self.meeting.partnership_id, None


class AgendaItemUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(AgendaItem, on_delete=models.CASCADE)


class AgendaItemGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(AgendaItem, on_delete=models.CASCADE)


class ConfidentialShare(models.Model):
    """Need-to-know: a confidential item shared with an agency or a person, granted and revoked with history."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="shares")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["granted_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(agency__isnull=False) & Q(person__isnull=True))
                | (Q(agency__isnull=True) & Q(person__isnull=False)),
                name="share_with_agency_or_person",
                violation_error_message="Share with an agency or with a person.",
            ),
        ]

    def __str__(self):
        return f"{self.item} shared with {self.agency or self.person}"

    @property
    def is_current(self):
        return self.revoked_at is None

    def audit_scope(self):
        return self.item.meeting.partnership_id, self.agency_id


def paper_path(instance, filename):
    return f"papers/{instance.item.meeting_id}/{filename}"


class Paper(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="papers")
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to=paper_path)
    size = models.PositiveIntegerField(editable=False, default=0)
    uploaded_at = models.DateTimeField(default=timezone.now)
    is_withdrawn = models.BooleanField("withdrawn", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "uploaded_at"]

    def __str__(self):
        return self.title

    @property
    def extension(self):
        return self.file.name.rsplit(".", 1)[-1].upper() if "." in self.file.name else ""

    def audit_scope(self):
        return self.item.meeting.partnership_id, None


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        SUBSTITUTE = "substitute", "Present as a substitute"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="attendance")
    status = models.CharField(max_length=20, choices=Status.choices)
    substitute_for = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_person"),
        ]
        indexes = [models.Index(fields=["agency", "meeting"])]

    def __str__(self):
        return f"{self.person}: {self.get_status_display()}"

    def clean(self):
        if self.status == self.Status.SUBSTITUTE and not self.substitute_for_id:
            raise ValidationError({"substitute_for": "Say whom the substitute stands in for."})
        if self.status != self.Status.SUBSTITUTE:
            self.substitute_for = None

    @property
    def is_present(self):
        return self.status in (self.Status.PRESENT, self.Status.SUBSTITUTE)

    def audit_scope(self):
        return self.meeting.partnership_id, self.agency_id


class QuorumRule(Versioned):
    """A group's quorum, from the partnership's constitution."""

    group = models.OneToOneField(PartnershipGroup, on_delete=models.PROTECT, related_name="quorum")
    minimum_present = models.PositiveIntegerField("members present at least", default=3)
    every_responsible_authority = models.BooleanField("every responsible authority must be represented", default=True)
    history = HistoricalRecords()

    def __str__(self):
        return f"Quorum of {self.group}"

    def audit_scope(self):
        return self.group.partnership_id, None


class Minutes(Versioned):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        CIRCULATED = "circulated", "Circulated"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    circulated_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_at_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="minutes_approved"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=0, help_text="Corrections made after approval.")
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "minutes"

    def __str__(self):
        return f"Minutes of {self.meeting}"

    @property
    def is_locked(self):
        """After approval the minutes change only by a recorded correction."""
        return self.state in (self.State.APPROVED, self.State.PUBLISHED)

    def audit_scope(self):
        return self.meeting.partnership_id, None


class MinutesCorrection(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="corrections")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="corrections")
    number = models.PositiveIntegerField()
    reason = models.CharField(max_length=500)
    previous_text = models.TextField()
    new_text = models.TextField()
    made_at = models.DateTimeField(default=timezone.now)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "number"]

    def __str__(self):
        return f"Correction {self.number} to {self.minutes}"

    def audit_scope(self):
        return self.minutes.meeting.partnership_id, None


class Decision(Versioned):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions")
    wording = models.TextField()
    binds = models.CharField(
        "who it binds", max_length=300, blank=True, help_text="For example: all partners, or the police and council."
    )
    decided_on = models.DateField()
    by_correspondence = models.BooleanField("made between meetings, by correspondence", default=False)
    agreed_by = models.ManyToManyField(Person, through="DecisionAgreement", related_name="+", blank=True)
    is_confidential = models.BooleanField("confidential", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["partnership", "-decided_on"])]

    def __str__(self):
        return self.wording[:80]

    def clean(self):
        if self.by_correspondence and self.meeting_id:
            raise ValidationError({"meeting": "A decision by correspondence is not made at a meeting."})
        if not self.by_correspondence and not self.meeting_id:
            raise ValidationError({"meeting": "Choose the meeting, or record it as made by correspondence."})
        if self.item_id and self.item.is_confidential:
            self.is_confidential = True

    def audit_scope(self):
        return self.partnership_id, None


class DecisionAgreement(models.Model):
    """Who agreed a decision made by correspondence, and when."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="agreements")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    agreed_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["decision", "person"], name="agreement_once_per_person")]

    def __str__(self):
        return f"{self.person} agreed {self.decision}"

    def audit_scope(self):
        return self.decision.partnership_id, self.person.agency_id


class ActionPoint(Versioned):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="actions")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="actions")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="actions")
    workplan_item = models.ForeignKey(
        "workplan.WorkplanItem", on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    description = models.TextField("action")
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="actions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="actions")
    due = models.DateField("due date")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    dropped_reason = models.CharField("reason it was dropped", max_length=500, blank=True)
    closed_on = models.DateField(null=True, blank=True, editable=False)
    is_confidential = models.BooleanField("confidential", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]
        indexes = [
            models.Index(fields=["partnership", "status", "due"]),
            models.Index(fields=["agency", "status", "due"]),
            models.Index(fields=["owner", "status", "due"]),
        ]

    def __str__(self):
        return self.description[:80]

    def clean(self):
        if self.status == self.Status.DROPPED and not self.dropped_reason.strip():
            raise ValidationError({"dropped_reason": "Say why the action was dropped."})
        if self.owner_id and self.agency_id and self.owner.agency_id != self.agency_id:
            raise ValidationError({"owner": "The owner must work for the owning agency."})
        if self.item_id and self.item.is_confidential:
            self.is_confidential = True

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due < timezone.localdate()

    def audit_scope(self):
        return self.partnership_id, self.agency_id


class ActionPointUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(ActionPoint, on_delete=models.CASCADE)


class ActionPointGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(ActionPoint, on_delete=models.CASCADE)


class ActionUpdate(models.Model):
    action = models.ForeignKey(ActionPoint, on_delete=models.PROTECT, related_name="updates")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=ActionPoint.Status.choices)
    note = models.TextField("progress")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_at", "-pk"]

    def __str__(self):
        return f"Update on {self.action}"

    def audit_scope(self):
        return self.action.partnership_id, self.action.agency_id


class ReminderSent(models.Model):
    """One reminder per action and threshold, so the reminder command can run any number of times."""

    class Threshold(models.TextChoices):
        DUE_SOON = "due_soon", "Due soon"
        OVERDUE = "overdue", "Overdue"

    action = models.ForeignKey(ActionPoint, on_delete=models.PROTECT, related_name="reminders")
    threshold = models.CharField(max_length=20, choices=Threshold.choices)
    due = models.DateField(help_text="The due date the reminder was about; a new due date earns a new reminder.")
    sent_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "threshold", "due"], name="reminder_once_per_threshold"),
        ]

    def __str__(self):
        return f"{self.get_threshold_display()} reminder for {self.action}"

    def audit_scope(self):
        return self.action.partnership_id, self.action.agency_id


class CalendarFeed(models.Model):
    """A secret address for one person's calendar feed, since calendar apps cannot sign in."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["token"])

    def __str__(self):
        return f"Calendar feed of {self.person}"

    def audit_scope(self):
        return None, self.person.agency_id
