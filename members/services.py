"""Writes to the partner register: agencies, memberships, people, roles and handover.

Every service keeps guardian's groups and object permissions in step with the records it writes:
the people of an agency sit in its officers group; its lead officers and deputies sit in its leads
group, which holds `change_agency` on the agency and `change_person` on each of its people; people
of a member agency, and holders of partnership roles, sit in the partnership's role groups.
"""

import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from core.writes import apply_changes, save_with_history
from members.handover import HANDOVER_STEPS
from members.models import Agency, AgencyRole, Membership, PartnershipRole, Person
from partnership.models import Partnership, PartnershipGroup

LEAD_ROLES = (AgencyRole.Role.LEAD_OFFICER, AgencyRole.Role.DEPUTY)
CHAIR_ROLES = (PartnershipRole.Role.CHAIR, PartnershipRole.Role.VICE_CHAIR)
HANDOVER_AGENCY_MISMATCH = "The successor must work for {agency} to take over its {role} role."
HANDOVER_SAME_PERSON = "Choose someone other than the person handing over."
USERNAME_TAKEN = "That username is already taken."


def _managed_group_ids(user):
    return set(
        user.groups.filter(Q(name__startswith="partnership:") | Q(name__startswith="agency:")).values_list(
            "pk", flat=True
        )
    )


def person_sync_access(person, current=None):
    """Put the person's login in exactly the groups their agency, memberships and roles call for.

    `current`: the managed groups the login is in now, when the caller has read them for many at once."""
    if person.user_id is None:
        return
    wanted = set()
    if person.is_active:
        if person.agency_id:
            wanted.add(person.agency.officers_group_id)
            wanted.update(
                Partnership.objects.filter(
                    memberships__agency_id=person.agency_id, memberships__left__isnull=True
                ).values_list("members_group_id", flat=True)
            )
        wanted.update(
            AgencyRole.objects.current()
            .filter(person=person, role__in=LEAD_ROLES)
            .values_list("agency__leads_group_id", flat=True)
        )
        for role in PartnershipRole.objects.current().filter(person=person).select_related("partnership"):
            wanted.add(role.partnership.members_group_id)
            if role.role == PartnershipRole.Role.COORDINATOR:
                wanted.add(role.partnership.coordinators_group_id)
            if role.role in CHAIR_ROLES:
                wanted.add(role.partnership.chairs_group_id)
    user = person.user
    current = _managed_group_ids(user) if current is None else current
    if current - wanted:
        user.groups.remove(*(current - wanted))
    if wanted - current:
        user.groups.add(*(wanted - current))


def _sync_agency_people(agency_id):
    people = list(Person.objects.filter(agency_id=agency_id, user__isnull=False).select_related("agency", "user"))
    memberships = (
        get_user_model()
        .groups.through.objects.filter(
            Q(group__name__startswith="partnership:") | Q(group__name__startswith="agency:"),
            user_id__in=[person.user_id for person in people],
        )
        .values_list("user_id", "group_id")
    )
    current = {person.user_id: set() for person in people}
    for user_id, group_id in memberships:
        current[user_id].add(group_id)
    for person in people:
        person_sync_access(person, current=current[person.user_id])


# Agencies ------------------------------------------------------------------------------------


@transaction.atomic
def agency_create(*, by, name, sector, agency_type=None, short_name="", website="", public_email="", public_phone=""):
    tag = uuid.uuid4().hex[:12]
    agency = Agency(
        name=name,
        sector=sector,
        agency_type=agency_type,
        short_name=short_name,
        website=website,
        public_email=public_email,
        public_phone=public_phone,
        officers_group=Group.objects.create(name=f"agency:{tag}:officers"),
        leads_group=Group.objects.create(name=f"agency:{tag}:leads"),
    )
    save_with_history(agency, by=by)
    assign_perm("members.change_agency", agency.leads_group, agency)
    return agency


@transaction.atomic
def agency_update(*, agency, by, version, **fields):
    locked = Agency.objects.select_for_update().get(pk=agency.pk)
    apply_changes(locked, by=by, version=version, fields=fields)
    return locked


# Memberships ---------------------------------------------------------------------------------


@transaction.atomic
def membership_create(*, partnership, agency, statutory_role, by, joined=None, notes=""):
    membership = Membership(
        partnership=partnership,
        agency=agency,
        statutory_role=statutory_role,
        joined=joined or timezone.localdate(),
        notes=notes,
    )
    save_with_history(membership, by=by)
    _sync_agency_people(agency.pk)
    return membership


@transaction.atomic
def membership_update(*, membership, by, version, **fields):
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    changed = apply_changes(locked, by=by, version=version, fields=fields)
    if "left" in changed and locked.left is not None:
        # An agency that leaves keeps its record; its roles in this partnership end with it.
        for role in AgencyRole.objects.current().filter(partnership=locked.partnership, agency=locked.agency):
            role.ended = locked.left
            save_with_history(role, by=by, reason="The agency left the partnership")
    if "left" in changed:
        _sync_agency_people(locked.agency_id)
    return locked


# People --------------------------------------------------------------------------------------


def _create_login(*, username, email, password, by):
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": USERNAME_TAKEN})
    user = User(username=username, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    return save_with_history(user, by=by, exclude=["password"])


@transaction.atomic
def person_create(
    *,
    by,
    first_name,
    last_name,
    agency=None,
    job_title="",
    email="",
    phone="",
    contact_public=False,
    team_role="",
    username="",
    password=None,
    added_to=None,
):
    """Add a person; with a username they get a login (they set a password through an invitation).
    `added_to` is the partnership adding them: one of no agency belongs to it."""
    person = Person(
        added_to=added_to,
        first_name=first_name,
        last_name=last_name,
        agency=agency,
        job_title=job_title,
        email=email,
        phone=phone,
        contact_public=contact_public,
        team_role=team_role,
    )
    person.full_clean()
    if username:
        person.user = _create_login(username=username, email=email, password=password, by=by)
    save_with_history(person, by=by)
    if agency is not None:
        assign_perm("members.change_person", agency.leads_group, person)
    person_sync_access(person)
    return person


@transaction.atomic
def person_update(*, person, by, version, **fields):
    locked = Person.objects.select_for_update(of=("self",)).select_related("agency").get(pk=person.pk)
    old_agency = locked.agency
    changed = apply_changes(locked, by=by, version=version, fields=fields)
    if "agency" in changed:
        if old_agency is not None:
            remove_perm("members.change_person", old_agency.leads_group, locked)
        if locked.agency is not None:
            assign_perm("members.change_person", locked.agency.leads_group, locked)
        # Roles held for the old agency do not travel with the person.
        for role in AgencyRole.objects.current().filter(person=locked).exclude(agency=locked.agency):
            role.ended = timezone.localdate()
            save_with_history(role, by=by, reason="The person moved to another agency")
    if {"agency", "left_on"} & set(changed):
        person_sync_access(locked)
    if "email" in changed and locked.user_id:
        locked.user.email = locked.email
        save_with_history(locked.user, by=by, exclude=["password"])
    return locked


# Roles ---------------------------------------------------------------------------------------


@transaction.atomic
def partnership_role_assign(*, partnership, person, role, by, started=None, reason=None):
    assignment = PartnershipRole(
        partnership=partnership, person=person, role=role, started=started or timezone.localdate()
    )
    save_with_history(assignment, by=by, reason=reason)
    person_sync_access(person)
    return assignment


@transaction.atomic
def agency_role_assign(*, partnership, agency, person, role, by, started=None, reason=None):
    """Give a person a role for their agency; a new lead officer replaces the current one."""
    if role == AgencyRole.Role.LEAD_OFFICER:
        for current in AgencyRole.objects.current().filter(
            partnership=partnership, agency=agency, role=AgencyRole.Role.LEAD_OFFICER
        ):
            if current.person_id != person.pk:
                _end_role(current, by=by, reason=f"Replaced as lead officer by {person}")
    assignment = AgencyRole(
        partnership=partnership, agency=agency, person=person, role=role, started=started or timezone.localdate()
    )
    save_with_history(assignment, by=by, reason=reason)
    person_sync_access(person)
    return assignment


def _end_role(assignment, *, by, reason=None, ended=None):
    assignment.ended = ended or timezone.localdate()
    save_with_history(assignment, by=by, reason=reason)
    person_sync_access(assignment.person)


@transaction.atomic
def role_end(*, assignment, by, ended=None, reason=None):
    locked = type(assignment).objects.select_for_update().get(pk=assignment.pk)
    if locked.ended is not None:
        return locked
    ended = ended or timezone.localdate()
    if ended < locked.started:
        raise ValidationError({"ended": "A role cannot end before it started."})
    _end_role(locked, by=by, reason=reason, ended=ended)
    return locked


@transaction.atomic
def officer_handover(*, partnership, outgoing, successor, by, outgoing_has_left=False, on=None):
    """Hand every role the outgoing officer holds in the partnership to the successor, in one step."""
    if outgoing.pk == successor.pk:
        raise ValidationError({"successor": HANDOVER_SAME_PERSON})
    on = on or timezone.localdate()
    reason = f"Handover from {outgoing} to {successor}"
    summary = []
    agency_roles = list(
        AgencyRole.objects.current().filter(partnership=partnership, person=outgoing).select_related("agency")
    )
    for role in agency_roles:
        if successor.agency_id != role.agency_id:
            raise ValidationError(
                {"successor": HANDOVER_AGENCY_MISMATCH.format(agency=role.agency, role=role.get_role_display())}
            )
    for role in PartnershipRole.objects.current().filter(partnership=partnership, person=outgoing):
        _end_role(role, by=by, reason=reason, ended=on)
        held = PartnershipRole.objects.current().filter(partnership=partnership, person=successor, role=role.role)
        if not held.exists():
            partnership_role_assign(
                partnership=partnership, person=successor, role=role.role, by=by, started=on, reason=reason
            )
        summary.append(f"{role.get_role_display()} of the partnership")
    for role in agency_roles:
        _end_role(role, by=by, reason=reason, ended=on)
        held = AgencyRole.objects.current().filter(
            partnership=partnership, agency=role.agency, person=successor, role=role.role
        )
        if not held.exists():
            agency_role_assign(
                partnership=partnership,
                agency=role.agency,
                person=successor,
                role=role.role,
                by=by,
                started=on,
                reason=reason,
            )
        summary.append(f"{role.get_role_display()} for {role.agency}")
    for group in PartnershipGroup.objects.select_for_update().filter(partnership=partnership, lead=outgoing):
        apply_changes(group, by=by, version=None, fields={"lead": successor}, reason=reason)
        summary.append(f"Lead of {group.name}")
    for step in HANDOVER_STEPS:
        summary.extend(step(outgoing=outgoing, successor=successor, partnership=partnership, by=by))
    if outgoing_has_left and outgoing.left_on is None:
        person_update(person=outgoing, by=by, version=None, left_on=on)
    return summary


@transaction.atomic
def partner_add(*, partnership, by, statutory_role, joined, agency=None, new_agency=None):
    """Make an agency a member: an existing one, or a new one created in the same step."""
    if agency is None:
        agency = agency_create(by=by, **new_agency)
    return membership_create(
        partnership=partnership, agency=agency, statutory_role=statutory_role, by=by, joined=joined
    )
