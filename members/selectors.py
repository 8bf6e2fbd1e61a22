"""Permission-aware reads for the partner register. Lists are scoped by indexed foreign keys."""

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Value, When
from django.http import Http404

from core.access import require
from members.access import access_for
from members.models import Agency, AgencyRole, Membership, PartnershipRole, Person, StatutoryRole


def _member_agency_ids(partnership):
    return Membership.objects.filter(partnership=partnership).values("agency_id")


def agency_get_for_user(user, partnership, pk, *, change=False, assign_roles=False):
    """An agency that is or was a member of the partnership; 404 otherwise, 403 if it may not be changed
    (`change`: its record and people) or its roles in this partnership may not be assigned (`assign_roles`)."""
    agency = Agency.objects.filter(pk=pk, pk__in=_member_agency_ids(partnership)).select_related("agency_type").first()
    if agency is None:
        raise Http404("No such agency in this partnership")
    if change:
        require(access_for(user, partnership).can_edit_agency(agency.pk))
    if assign_roles:
        require(access_for(user, partnership).can_assign_roles_for(agency.pk))
    return agency


def people_of(partnership):
    """People of the partnership's member agencies (current or former) and holders of its roles, by name."""
    return (
        Person.objects.filter(
            Q(agency_id__in=_member_agency_ids(partnership))
            | Q(agency__isnull=True, added_to=partnership)
            | Q(pk__in=PartnershipRole.objects.filter(partnership=partnership).values("person_id"))
        )
        .select_related("agency")
        .order_by("last_name", "first_name")
    )


def current_people(partnership):
    """The people of the partnership who are in post (have not left), by name."""
    return people_of(partnership).filter(left_on__isnull=True)


def current_officers(partnership, *, keep=None):
    """People in post who work for a current member agency, by name; `keep` (a person id) stays choosable."""
    chosen = Q(agency_id__in=current_memberships(partnership).values("agency_id"), left_on__isnull=True)
    if keep is not None:
        chosen |= Q(pk=keep)
    return people_of(partnership).filter(chosen)


def person_get_for_user(user, partnership, pk, *, change=False, hand_over=False):
    """`change`: the person's record (the coordinator, their agency's leads); `hand_over`: their roles to a
    successor (the coordinator)."""
    person = people_of(partnership).filter(pk=pk).select_related("user").first()
    if person is None:
        raise Http404("No such person in this partnership")
    access = access_for(user, partnership)
    if change:
        require(access.can_edit_person(person))
    if hand_over:
        require(access.is_coordinator)
    return person


def membership_get_for_user(user, partnership, pk, *, change=False):
    membership = Membership.objects.filter(partnership=partnership, pk=pk).select_related("agency").first()
    if membership is None:
        raise Http404("No such membership")
    if change:
        require(access_for(user, partnership).is_coordinator)
    return membership


def role_get_for_user(user, partnership, kind, pk, *, end=False):
    """A role assignment (`kind` "partnership" or "agency"), current or ended, in the partnership: members
    may read them all. `end`: the user may end it (coordinators any; lead officers and deputies their
    agency's roles other than its lead officer's)."""
    model = {"partnership": PartnershipRole, "agency": AgencyRole}.get(kind)
    assignment = (
        model.objects.filter(partnership=partnership, pk=pk).select_related("person").first() if model else None
    )
    if assignment is None:
        raise Http404("No such role")
    if end:
        access = access_for(user, partnership)
        if model is PartnershipRole:
            require(access.is_coordinator)
        else:
            require(
                access.is_coordinator
                or (assignment.agency_id in access.lead_agency_ids and assignment.role != AgencyRole.Role.LEAD_OFFICER)
            )
    return assignment


def register_of(partnership):
    """The partner register: memberships with their agency, its type and its current lead officer."""
    leads = AgencyRole.objects.current().filter(role=AgencyRole.Role.LEAD_OFFICER).select_related("person")
    return (
        Membership.objects.filter(partnership=partnership)
        .select_related("agency", "agency__agency_type")
        .prefetch_related(Prefetch("agency__roles", queryset=leads.filter(partnership=partnership), to_attr="leads"))
    )


def current_register_of(partnership):
    """The register's current memberships (agencies that have not left), with the register's lead officers."""
    return register_of(partnership).filter(left__isnull=True)


def current_partnership_roles(partnership):
    return PartnershipRole.objects.current().filter(partnership=partnership).select_related("person__agency")


def current_agency_roles(partnership, agency=None):
    roles = AgencyRole.objects.current().filter(partnership=partnership).select_related("person", "agency")
    if agency is not None:
        roles = roles.filter(agency=agency)
    return roles


def roles_of_person(partnership, person):
    return (
        list(PartnershipRole.objects.filter(partnership=partnership, person=person).order_by("-started")),
        list(
            AgencyRole.objects.filter(partnership=partnership, person=person)
            .select_related("agency")
            .order_by("-started")
        ),
    )


def public_contacts(partnership):
    """People who hold a current role in the partnership and chose to publish their contact details."""
    holds_role = Exists(
        PartnershipRole.objects.current().filter(partnership=partnership, person=OuterRef("pk"))
    ) | Exists(AgencyRole.objects.current().filter(partnership=partnership, person=OuterRef("pk")))
    return (
        Person.objects.filter(holds_role, contact_public=True, left_on__isnull=True)
        .select_related("agency")
        .order_by("last_name", "first_name")
    )


def member_agencies(partnership):
    """Agencies that are or were members of the partnership, by name (for choices and filters)."""
    return Agency.objects.filter(pk__in=_member_agency_ids(partnership)).order_by("name")


def agencies_to_add(partnership):
    """Agencies that are not current members of the partnership, for the 'add a partner' form."""
    current = current_memberships(partnership).values("agency_id")
    return Agency.objects.filter(is_archived=False).exclude(pk__in=current).order_by("name")


def current_memberships(partnership):
    """The partnership's current memberships (agencies that have not left), with their agency."""
    return Membership.objects.filter(partnership=partnership, left__isnull=True).select_related("agency")


def current_member_agencies(partnership, *, keep=None):
    """Agencies that are members of the partnership now, by name; `keep` (an agency id) stays choosable after
    it has left (the agency a record already names)."""
    chosen = Q(pk__in=current_memberships(partnership).values("agency_id"))
    if keep is not None:
        chosen |= Q(pk=keep)
    return Agency.objects.filter(chosen).order_by("name")


def memberships_by_role(partnership):
    """Current memberships grouped under each statutory role, as (role label, memberships), in role order."""
    grouped = {value: [] for value in StatutoryRole.values}
    for membership in current_memberships(partnership).order_by("agency__name"):
        grouped[membership.statutory_role].append(membership)
    return [(StatutoryRole(value).label, items) for value, items in grouped.items() if items]


def membership_counts(partnership):
    """How many current members the partnership has, in all and under each statutory role (one query)."""
    counts = current_memberships(partnership).aggregate(
        total=Count("pk"),
        **{value: Count("pk", filter=Q(statutory_role=value)) for value in StatutoryRole.values},
    )
    return counts["total"], [(StatutoryRole(value).label, counts[value]) for value in StatutoryRole.values]


def memberships_without_lead(partnership):
    """Current memberships whose agency has no current lead officer in this partnership."""
    leads = AgencyRole.objects.current().filter(partnership=partnership, role=AgencyRole.Role.LEAD_OFFICER)
    return current_memberships(partnership).exclude(agency__roles__in=leads).order_by("agency__name")


def agencies_in_use():
    """Agencies not archived, by name (for choosing one when starting a partnership)."""
    return Agency.objects.filter(is_archived=False).order_by("name")


def public_roles(partnership):
    """Current chair, vice-chair and coordinator roles for the public page, grouped by role (chair first)."""
    order = Case(
        When(role=PartnershipRole.Role.CHAIR, then=Value(0)),
        When(role=PartnershipRole.Role.VICE_CHAIR, then=Value(1)),
        default=Value(2),
    )
    return (
        current_partnership_roles(partnership)
        .exclude(role=PartnershipRole.Role.MEMBER)
        .order_by(order, "role", "person__last_name", "person__first_name")
    )
