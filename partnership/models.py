"""The partnership itself: its area, vision and aims, its structure of groups, and the audit index."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from core.models import Versioned
from partnership.kinds import HISTORY_KINDS, KIND_LABELS


class Partnership(Versioned):
    class Kind(models.TextChoices):
        COUNTY = "county", "County strategy group"
        DISTRICT = "district", "District partnership"
        UNITARY = "unitary", "Unitary or metropolitan partnership"
        COMBINED = "combined", "Combined partnership (several districts or boroughs)"

    class Nation(models.TextChoices):
        # Community safety partnerships are statutory in England and Wales (Crime and Disorder Act 1998,
        # s.5); Scotland and Northern Ireland have arrangements of their own.
        ENGLAND = "england", "England"
        WALES = "wales", "Wales"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True, help_text="Used in web addresses, e.g. 'northdale'.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DISTRICT)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="districts",
        help_text="In a two-tier area, the county group this district partnership reports to.",
    )
    nation = models.CharField(
        max_length=10,
        choices=Nation.choices,
        default=Nation.ENGLAND,
        help_text="Which nation's law and guidance apply (in Wales, local health boards take the place of "
        "integrated care boards).",
    )
    area = models.CharField(max_length=200, help_text="The area the partnership covers.")
    vision = models.TextField(blank=True, help_text="What the partnership will achieve, in a sentence or two.")
    mission = models.TextField("mission statement", blank=True)
    aims = models.TextField("aims and objectives", blank=True)
    public_email = models.EmailField("public contact email", blank=True)
    public_phone = models.CharField("public contact phone", max_length=40, blank=True)
    logo = models.ImageField(upload_to="logos/", blank=True)
    require_mfa_for_leads = models.BooleanField(
        "require two-step sign-in of coordinators, chairs and case review panels",
        default=False,
        help_text="From their next sign-in, the partnership's coordinators and chairs, and everyone named on one "
        "of its case reviews, must set up an authenticator app before using the site.",
    )
    coordinators_group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="+", editable=False)
    chairs_group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="+", editable=False)
    members_group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="+", editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        permissions = [
            ("view_internal", "See the partnership's internal pages"),
            ("coordinate_partnership", "Coordinate the partnership"),
            ("chair_partnership", "Chair the partnership"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnership:dashboard", args=[self.slug])

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "A partnership cannot report to itself."})
        if self.parent_id and self.kind == self.Kind.COUNTY:
            raise ValidationError({"parent": "A county strategy group does not report to another partnership."})

    def audit_scope(self):
        return self.pk, None


class PartnershipUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Partnership, on_delete=models.CASCADE)


class PartnershipGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Partnership, on_delete=models.CASCADE)


GROUP_NAME_TAKEN = "The partnership already has a group with this name."


class PartnershipGroup(Versioned):
    """A group in the partnership's structure: the strategic board, a management group or a sub-group."""

    class Kind(models.TextChoices):
        BOARD = "board", "Strategic board"
        MANAGEMENT = "management", "Management group"
        SUB_GROUP = "sub_group", "Sub-group"
        TASK_GROUP = "task_group", "Task and finish group"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SUB_GROUP)
    remit = models.TextField(blank=True, help_text="What the group is for and what it decides.")
    lead = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="groups_led"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The group this one reports to.",
    )
    is_archived = models.BooleanField("closed", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "parent_id", "name"]
        verbose_name = "group"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="group_unique_name_per_partnership"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.parent_id:
            if self.parent.partnership_id != self.partnership_id:
                errors["parent"] = "The parent group must belong to the same partnership."
            ancestor, seen = self.parent, set()
            while ancestor is not None and ancestor.pk not in seen:
                if self.pk and ancestor.pk == self.pk:
                    errors["parent"] = "A group cannot report to itself or to one of its own sub-groups."
                    break
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
        if (
            self.partnership_id
            and self.name
            and PartnershipGroup.objects.filter(partnership_id=self.partnership_id, name__iexact=self.name)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["name"] = GROUP_NAME_TAKEN
        if self.kind == self.Kind.BOARD and self.parent_id:
            errors["parent"] = "The strategic board is the top of the structure and reports to no group."
        if errors:
            raise ValidationError(errors)

    def audit_scope(self):
        return self.partnership_id, None


class AuditEntry(models.Model):
    """One row per history record, so a partnership's audit log is one indexed, paginated query.

    It is an index over django-simple-history's tables, written as each history row is made; the
    history rows stay the record of truth, so it carries no history of its own.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, null=True, related_name="+")
    agency = models.ForeignKey("members.Agency", on_delete=models.PROTECT, null=True, related_name="+")
    kind = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    history_id = models.BigIntegerField()
    history_type = models.CharField(max_length=1)
    history_date = models.DateTimeField()
    change_reason = models.CharField(max_length=300, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["-history_date", "-pk"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["partnership", "-history_date"]),
            models.Index(fields=["agency", "-history_date"]),
        ]

    def __str__(self):
        return f"{self.get_history_type_display()} {self.kind} {self.object_repr}"

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def history_kind(self):
        return HISTORY_KINDS.get(self.kind)

    def get_history_type_display(self):
        return {"+": "Created", "~": "Changed", "-": "Deleted"}.get(self.history_type, self.history_type)


class EmailBatch(models.Model):
    """One email to many people (an agenda published, minutes circulated, an invitation), sent by a background
    worker. The message is composed by the worker from the record it is about (a registered composer and
    the record's id), so nothing confidential waits in the task queue; each address is written to
    `delivered` as its message goes, so a retry sends only to those not yet sent to."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="email_batches")
    key = models.CharField(max_length=200, unique=True, help_text="What the email is, once: a second request finds it.")
    composer = models.CharField(max_length=100)
    object_id = models.PositiveBigIntegerField()
    description = models.CharField(max_length=300)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    recipients = models.PositiveIntegerField(default=0)
    delivered = models.JSONField(default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The addresses stay out of the history (and so out of the audit log); the state changes are in it.
    history = HistoricalRecords(excluded_fields=["delivered", "task_id"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "email batches"
        indexes = [models.Index(fields=["partnership", "state", "-created_at"])]

    def __str__(self):
        return self.description

    def audit_scope(self):
        return self.partnership_id, None
