"""The partner register: agencies, their membership of partnerships, people and their roles."""

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history import register
from simple_history.models import HistoricalRecords

from core.models import HttpsURLField, Versioned
from partnership.models import Partnership, PartnershipGroup

LEFT_BEFORE_JOINED = "The date it left must be on or after the date it joined."


class StatutoryRole(models.TextChoices):
    """Standing under the Crime and Disorder Act 1998 (after the Nacro guide's Table 1, 2001)."""

    RESPONSIBLE_AUTHORITY = "responsible", "Responsible authority"
    REQUIRED_TO_COOPERATE = "required", "Required to cooperate"
    INVITED_TO_COOPERATE = "invited", "Invited to cooperate"
    NON_STATUTORY = "non_statutory", "Non-statutory"


class Sector(models.TextChoices):
    POLICE = "police", "Police"
    LOCAL_AUTHORITY = "council", "Local authority"
    FIRE = "fire", "Fire and rescue"
    PROBATION = "probation", "Probation"
    HEALTH = "health", "Health"
    HOUSING = "housing", "Housing"
    EDUCATION = "education", "Education"
    JUSTICE = "justice", "Courts and prosecution"
    YOUTH = "youth", "Youth services and youth justice"
    DRUGS = "drugs", "Drug and alcohol services"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    COMMUNITY = "community", "Residents and community groups"
    BUSINESS = "business", "Business"
    TRANSPORT = "transport", "Transport"
    OTHER = "other", "Other"


class AgencyType(models.Model):
    """Editable taxonomy of bodies and their usual statutory role (shipped from the Nacro guide, 2001)."""

    class Category(models.TextChoices):
        COUNCIL = "council", "Council"
        OTHER = "other", "Other agency"

    name = models.CharField(max_length=200, unique=True)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    statutory_role = models.CharField(max_length=20, choices=StatutoryRole.choices)
    sector = models.CharField(max_length=20, choices=Sector.choices, default=Sector.OTHER)
    source = models.CharField(max_length=200, blank=True, help_text="Where this entry comes from.")
    nation = models.CharField(
        max_length=10,
        choices=[("", "England and Wales"), ("england", "England only"), ("wales", "Wales only")],
        blank=True,
        help_text="Where the type's statutory role applies.",
    )
    applies_from = models.DateField(null=True, blank=True, help_text="When its statutory role began.")
    applies_until = models.DateField(null=True, blank=True, help_text="When its statutory role ended.")
    is_historical = models.BooleanField(
        "historical",
        default=False,
        help_text="A type from an earlier law or guide: still valid on old records, not offered for new ones.",
    )
    citation = models.TextField(blank=True, help_text="The legislation or guidance behind its role, in our words.")
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def audit_scope(self):
        return None, None

    def applies_in(self, nation):
        return not self.nation or self.nation == nation

    def suggested_role(self, nation):
        """The statutory role a member of this type usually has in a partnership of `nation`."""
        return self.statutory_role if self.applies_in(nation) else StatutoryRole.NON_STATUTORY


class Agency(Versioned):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    agency_type = models.ForeignKey(
        AgencyType, on_delete=models.PROTECT, null=True, blank=True, related_name="agencies", verbose_name="type"
    )
    website = HttpsURLField(blank=True)
    public_email = models.EmailField("public email", blank=True)
    public_phone = models.CharField("public phone", max_length=40, blank=True)
    is_archived = models.BooleanField("archived", default=False)
    officers_group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="+", editable=False)
    leads_group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="+", editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name

    def audit_scope(self):
        return None, self.pk


class AgencyUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Agency, on_delete=models.CASCADE)


class AgencyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Agency, on_delete=models.CASCADE)


class Membership(Versioned):
    """An agency's membership of one partnership, with its statutory role there."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    statutory_role = models.CharField(max_length=20, choices=StatutoryRole.choices)
    joined = models.DateField()
    left = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "agency"],
                condition=Q(left__isnull=True),
                name="membership_one_current_per_agency",
                violation_error_message="This agency is already a current member of the partnership.",
            ),
            models.CheckConstraint(
                condition=Q(left__isnull=True) | Q(left__gte=models.F("joined")),
                name="membership_left_after_joined",
                violation_error_message=LEFT_BEFORE_JOINED,
            ),
        ]
        indexes = [models.Index(fields=["partnership", "statutory_role"])]

    def __str__(self):
        return f"{self.agency} in {self.partnership}"

    @property
    def is_current(self):
        return self.left is None

    def clean(self):
        if self.left and self.joined and self.left < self.joined:
            raise ValidationError({"left": LEFT_BEFORE_JOINED})

    def audit_scope(self):
        return self.partnership_id, self.agency_id


class TeamRole(models.TextChoices):
    """Team roles after the Nacro guide's Table 3 (2001)."""

    CHAIR = "chair", "Chair: leads and builds agreement"
    SHAPER = "shaper", "Shaper: drives progress"
    PLANT = "plant", "Plant: brings expertise to decisions"
    RESOURCE_INVESTIGATOR = "resource", "Resource investigator: finds what is needed"
    COMPANY_WORKER = "worker", "Company worker: does the work"
    TEAM_WORKER = "team", "Team worker: holds the team together"
    MONITOR_EVALUATOR = "monitor", "Monitor-evaluator: checks progress"
    COMPLETER_FINISHER = "finisher", "Completer-finisher: sees tasks through"


class Person(Versioned):
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    job_title = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="people")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    contact_public = models.BooleanField(
        "publish contact details",
        default=False,
        help_text="Show this person's email and phone on the public page when they hold a public role.",
    )
    team_role = models.CharField(max_length=20, choices=TeamRole.choices, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="person"
    )
    left_on = models.DateField("left on", null=True, blank=True, help_text="Set when the person leaves their post.")
    added_to = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people_added",
        editable=False,
        help_text="The partnership that added them: someone of no agency belongs to it.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["agency", "last_name"])]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def is_active(self):
        return self.left_on is None

    def audit_scope(self):
        return None, self.agency_id


class PersonUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Person, on_delete=models.CASCADE)


class PersonGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Person, on_delete=models.CASCADE)


class RoleQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended__isnull=True)


class PartnershipRole(models.Model):
    """A partnership-wide role: chair, vice-chair, coordinator or member of the board."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        COORDINATOR = "coordinator", "Coordinator"
        MEMBER = "member", "Member"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="roles")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="partnership_roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    started = models.DateField()
    ended = models.DateField(null=True, blank=True)
    history = HistoricalRecords()
    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["role", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(role="chair", ended__isnull=True),
                name="partnership_one_current_chair",
                violation_error_message="The partnership already has a chair.",
            ),
            models.UniqueConstraint(
                fields=["partnership", "person", "role"],
                condition=Q(ended__isnull=True),
                name="partnership_role_once_per_person",
                violation_error_message="This person already holds this role.",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.person}"

    def audit_scope(self):
        return self.partnership_id, self.person.agency_id


class AgencyRole(models.Model):
    """A role a person holds for their agency within one partnership."""

    class Role(models.TextChoices):
        LEAD_OFFICER = "lead_officer", "Lead officer"
        DEPUTY = "deputy", "Deputy lead officer"
        INFORMATION_SHARING = "information_sharing", "Information-sharing lead officer"
        COMMUNICATIONS = "communications", "Communications sign-off officer"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="agency_roles")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="roles")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="agency_roles")
    role = models.CharField(max_length=30, choices=Role.choices)
    started = models.DateField()
    ended = models.DateField(null=True, blank=True)
    history = HistoricalRecords()
    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["agency__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "agency"],
                condition=Q(role="lead_officer", ended__isnull=True),
                name="agency_one_current_lead_officer",
                violation_error_message="This agency already has a lead officer in this partnership.",
            ),
            models.UniqueConstraint(
                fields=["partnership", "agency", "person", "role"],
                condition=Q(ended__isnull=True),
                name="agency_role_once_per_person",
                violation_error_message="This person already holds this role.",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} for {self.agency}: {self.person}"

    def clean(self):
        # Checked while the role is held: an ended role stays valid after its holder moves on.
        if self.ended is None and self.person_id and self.agency_id and self.person.agency_id != self.agency_id:
            raise ValidationError({"person": "The person must work for the agency."})

    def audit_scope(self):
        return self.partnership_id, self.agency_id


class GroupMemberQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left__isnull=True)

    def on(self, day):
        """Seats held on `day` (joined by then, not yet left)."""
        return self.filter(joined__lte=day).filter(Q(left__isnull=True) | Q(left__gte=day))


class GroupMember(models.Model):
    """A seat on a board, group or sub-group: a person, the agency they represent there, and the seat."""

    class Seat(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        SUBSTITUTE = "substitute", "Named substitute"
        ADVISER = "adviser", "Adviser"
        OBSERVER = "observer", "Observer"

    # Seats that count towards a quorum and are expected at each meeting (not advisers, observers or
    # substitutes, who come when asked or in someone's place).
    VOTING = (Seat.CHAIR, Seat.VICE_CHAIR, Seat.MEMBER)

    group = models.ForeignKey(PartnershipGroup, on_delete=models.PROTECT, related_name="seats")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="seats")
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="group_seats",
        help_text="The agency they represent on the group (none for an independent member).",
    )
    seat = models.CharField(max_length=20, choices=Seat.choices, default=Seat.MEMBER)
    substitute_for = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="substitutes",
        help_text="For a named substitute: the member whose seat they fill when that member cannot come.",
    )
    joined = models.DateField()
    left = models.DateField(null=True, blank=True)
    history = HistoricalRecords()
    objects = GroupMemberQuerySet.as_manager()

    class Meta:
        ordering = ["group", "seat", "person__last_name"]
        verbose_name = "group member"
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(left__isnull=True),
                name="group_member_once_at_a_time",
                violation_error_message="This person already has a seat on this group.",
            ),
            models.CheckConstraint(
                condition=Q(left__isnull=True) | Q(left__gte=models.F("joined")),
                name="group_member_leaves_after_joining",
                violation_error_message="The date they left must be on or after the date they joined.",
            ),
        ]
        indexes = [models.Index(fields=["group", "left"]), models.Index(fields=["person", "left"])]

    def __str__(self):
        return f"{self.get_seat_display()} of {self.group}: {self.person}"

    def clean(self):
        errors = {}
        if self.seat == self.Seat.SUBSTITUTE:
            if self.substitute_for_id is None:
                errors["substitute_for"] = "Choose the member this person substitutes for."
            elif self.substitute_for.group_id != self.group_id:
                errors["substitute_for"] = "A substitute stands in for a member of the same group."
            elif self.substitute_for.person_id == self.person_id:
                errors["substitute_for"] = "A member cannot be their own substitute."
        else:
            self.substitute_for = None
        if self.left is None and self.agency_id and self.person_id and self.person.agency_id != self.agency_id:
            errors["agency"] = "A member represents the agency they work for."
        if errors:
            raise ValidationError(errors)

    def audit_scope(self):
        return self.group.partnership_id, self.agency_id


class Invitation(models.Model):
    """An email inviting a person to sign in: a single-use link that expires, leading to setting a password.

    Only a hash of the link's token is stored, so the link cannot be read back from the database.
    """

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACCEPTED = "accepted", "Accepted"
        EXPIRED = "expired", "Expired"
        WITHDRAWN = "withdrawn", "Withdrawn"
        REPLACED = "replaced", "Replaced by a newer invitation"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="invitations")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(help_text="Where the invitation was sent.")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    replaced_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["person", "-sent_at"])]

    def __str__(self):
        return f"Invitation of {self.person} to {self.partnership}"

    def status_at(self, moment):
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.withdrawn_at:
            return self.Status.WITHDRAWN
        if self.replaced_at:
            return self.Status.REPLACED
        if moment >= self.expires_at:
            return self.Status.EXPIRED
        return self.Status.INVITED

    @property
    def is_open(self):
        return not (self.accepted_at or self.withdrawn_at or self.replaced_at)

    def audit_scope(self):
        return self.partnership_id, self.person.agency_id


# Logins have history too (who made or changed an account, and when); never the password hash.
register(User, app="members", excluded_fields=["password"])
