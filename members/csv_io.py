"""The partner register and its people as CSV, so a coordinator can start from the spreadsheet they have.

Out: every agency that is or was a member (with its standing here), and every person of the partnership.
In: the same columns. A dry run checks every row and saves nothing; the import then runs in one
transaction, all rows or none. A file this module exported comes back accepted unchanged: rows that
match the records as they are change nothing. An existing agency's own details (shared with other
partnerships) are not changed by an import: a row that differs from them is refused, with the reason.
"""

from django.db import transaction

from core import csv_export
from core import csv_import as reader
from members import services
from members.models import Agency, AgencyType, Person, Sector, StatutoryRole, TeamRole
from members.selectors import current_member_agencies, people_of, register_of

AGENCIES = reader.Layout(
    columns=(
        ("name", "agency"),
        ("short_name", "short name"),
        ("sector", "sector"),
        ("agency_type", "type"),
        ("statutory_role", "statutory role"),
        ("joined", "joined"),
        ("left", "left"),
        ("website", "website"),
        ("public_email", "public email"),
        ("public_phone", "public phone"),
    ),
    required=("name", "sector"),
    rows_called="agencies",
    aliases={"name": "name", "agency name": "name", "role": "statutory_role"},
)
PEOPLE = reader.Layout(
    columns=(
        ("first_name", "first name"),
        ("last_name", "last name"),
        ("agency", "agency"),
        ("job_title", "job title"),
        ("email", "email"),
        ("phone", "phone"),
        ("contact_public", "publish contact details"),
        ("team_role", "team role"),
        ("left_on", "left on"),
    ),
    required=("first_name", "last_name"),
    rows_called="people",
    aliases={"email address": "email", "job": "job_title"},
)
AGENCY_DETAILS = ["short_name", "website", "public_email", "public_phone"]


def _choice(row, key, label, choices):
    """A choice named by its label or its stored value (any case), or '' with a problem."""
    text = row.cells[key]
    if not text:
        return ""
    by_name = {str(label_).casefold(): value for value, label_ in choices} | {
        str(value).casefold(): value for value, _ in choices
    }
    found = by_name.get(text.casefold())
    if found is None:
        row.problems.append(f"The {label} ‘{text}’ is not one of: {', '.join(str(lbl) for _, lbl in choices)}.")
        return ""
    return found


def _short_label(label):
    return str(label).split(":")[0]


# Agencies ------------------------------------------------------------------------------------------


def check_agencies(partnership, text):
    rows = reader.parse(text, AGENCIES)
    existing = {agency.name.casefold(): agency for agency in Agency.objects.all()}
    memberships = {}
    for membership in register_of(partnership).order_by("joined"):
        memberships.setdefault(membership.agency_id, []).append(membership)
    types = {agency_type.name.casefold(): agency_type for agency_type in AgencyType.objects.all()}
    seen = {}
    limits = {
        key: (AGENCIES.heading_of(key), Agency._meta.get_field(key).max_length)
        for key in ["name", "short_name", "public_phone"]
    }
    for row in rows:
        cells = row.cells
        reader.check_lengths(row, limits)
        # An agency that left and joined again has a row for each membership, told apart by the date it joined.
        once = (cells["name"].casefold(), cells["joined"])
        if not cells["name"]:
            row.problems.append("Give the agency's name.")
        elif once in seen:
            row.problems.append(f"The agency ‘{cells['name']}’ is also on row {seen[once]}.")
        seen.setdefault(once, row.number)
        sector = _choice(row, "sector", "sector", Sector.choices)
        if not cells["sector"]:
            row.problems.append("Give the agency's sector.")
        agency_type = None
        if cells["agency_type"]:
            agency_type = types.get(cells["agency_type"].casefold())
            if agency_type is None:
                row.problems.append(f"The type ‘{cells['agency_type']}’ is not on the list of agency types.")
        joined = reader.parse_date(row, "joined", "date it joined", required=False)
        left = reader.parse_date(row, "left", "date it left", required=False)
        if joined and left and left < joined:
            row.problems.append("The date it left is before the date it joined.")
        agency = existing.get(cells["name"].casefold())
        membership = _membership(memberships.get(agency.pk, []) if agency else [], joined)
        role = _choice(row, "statutory_role", "statutory role", StatutoryRole.choices)
        if not role and not cells["statutory_role"]:
            if membership is not None:
                role = membership.statutory_role
            elif (agency_type or (agency and agency.agency_type)) is not None:
                role = (agency_type or agency.agency_type).suggested_role(partnership.nation)
            else:
                row.problems.append("Give the statutory role, or a type to suggest it from.")
        if agency is not None:
            for key in AGENCY_DETAILS:
                if cells[key] and cells[key] != getattr(agency, key):
                    row.problems.append(
                        f"The register has ‘{getattr(agency, key) or '(blank)'}’ as its {AGENCIES.heading_of(key)}: "
                        "change an agency's details on its page, not by import."
                    )
            if sector and sector != agency.sector:
                row.problems.append(f"The register has {agency.get_sector_display()} as its sector.")
        row.found = {
            "agency": agency,
            "membership": membership,
            "sector": sector,
            "agency_type": agency_type,
            "statutory_role": role,
            "joined": joined,
            "left": left,
            "action": "unchanged",
        }
        if row.ok:
            row.found["action"] = _agency_action(row.found)
    return reader.Check(text=text, rows=rows)


def _membership(candidates, joined):
    """The membership a row speaks of: the one that joined on its date, else the latest."""
    for membership in candidates:
        if joined and membership.joined == joined:
            return membership
    return candidates[-1] if candidates else None


def _agency_action(found):
    membership = found["membership"]
    if found["agency"] is None:
        return "new agency"
    if membership is None:
        return "new member"
    wanted = {"statutory_role": found["statutory_role"]}
    if found["joined"]:
        wanted["joined"] = found["joined"]
    wanted["left"] = found["left"]
    return "changed" if any(getattr(membership, k) != v for k, v in wanted.items()) else "unchanged"


@transaction.atomic
def import_agencies(*, partnership, text, by):
    """Check the file again and, if every row is good, apply it; returns the Check (nothing saved if not ok)."""
    result = check_agencies(partnership, text)
    if not result.ok:
        return result
    for row in result.rows:
        found, cells = row.found, row.cells
        if found["action"] == "unchanged":
            continue
        if found["action"] in ("new agency", "new member"):
            membership = services.partner_add(
                partnership=partnership,
                by=by,
                statutory_role=found["statutory_role"],
                joined=found["joined"] or None,
                agency=found["agency"],
                new_agency=None
                if found["agency"]
                else {
                    "name": cells["name"],
                    "sector": found["sector"],
                    "agency_type": found["agency_type"],
                    **{key: cells[key] for key in AGENCY_DETAILS},
                },
            )
            if found["left"]:
                services.membership_update(membership=membership, by=by, version=None, left=found["left"])
        else:
            fields = {"statutory_role": found["statutory_role"], "left": found["left"]}
            if found["joined"]:
                fields["joined"] = found["joined"]
            services.membership_update(membership=found["membership"], by=by, version=None, **fields)
    return result


def write_agencies(response, partnership):
    out = csv_export.writer(response)
    out.writerow(AGENCIES.headings)
    for membership in register_of(partnership).select_related("agency__agency_type").order_by("agency__name"):
        agency = membership.agency
        out.writerow(
            [
                agency.name,
                agency.short_name,
                agency.get_sector_display(),
                agency.agency_type.name if agency.agency_type else "",
                membership.get_statutory_role_display(),
                f"{membership.joined:%Y-%m-%d}" if membership.joined else "",
                f"{membership.left:%Y-%m-%d}" if membership.left else "",
                agency.website,
                agency.public_email,
                agency.public_phone,
            ]
        )


# People --------------------------------------------------------------------------------------------


def check_people(partnership, text):
    rows = reader.parse(text, PEOPLE)
    people = list(people_of(partnership).select_related("agency"))
    by_email = {person.email.casefold(): person for person in people if person.email}
    by_name = {}
    for person in people:
        by_name.setdefault((person.first_name.casefold(), person.last_name.casefold(), person.agency_id), person)
    agencies = {agency.name.casefold(): agency for agency in Agency.objects.all()}
    members_now = set(current_member_agencies(partnership).values_list("pk", flat=True))
    emails_elsewhere = set(
        Person.objects.exclude(pk__in=[p.pk for p in people]).exclude(email="").values_list("email", flat=True)
    )
    emails_elsewhere = {email.casefold() for email in emails_elsewhere}
    seen = {}
    limits = {
        key: (PEOPLE.heading_of(key), Person._meta.get_field(key).max_length)
        for key in ["first_name", "last_name", "job_title", "phone"]
    }
    for row in rows:
        cells = row.cells
        reader.check_lengths(row, limits)
        for key, label in [("first_name", "first name"), ("last_name", "last name")]:
            if not cells[key]:
                row.problems.append(f"Give the {label}.")
        agency = None
        if cells["agency"]:
            agency = agencies.get(cells["agency"].casefold())
            if agency is None:
                row.problems.append(f"There is no agency called ‘{cells['agency']}’ on the register.")
        email = cells["email"]
        if email and ("@" not in email or " " in email):
            row.problems.append(f"The email address ‘{email}’ is not valid.")
        key = email.casefold() if email else (cells["first_name"].casefold(), cells["last_name"].casefold())
        if key in seen:
            row.problems.append(f"This person is also on row {seen[key]}.")
        seen.setdefault(key, row.number)
        if email and email.casefold() in emails_elsewhere:
            row.problems.append(f"The email address ‘{email}’ belongs to someone outside this partnership.")
        contact_public = reader.parse_yes_no(row, "contact_public", "publish contact details")
        team_role = _choice(row, "team_role", "team role", [(v, _short_label(lbl)) for v, lbl in TeamRole.choices])
        left_on = reader.parse_date(row, "left_on", "date they left", required=False)
        person = by_email.get(email.casefold()) if email else None
        if person is None:
            person = by_name.get(
                (cells["first_name"].casefold(), cells["last_name"].casefold(), agency.pk if agency else None)
            )
        fields = {
            "first_name": cells["first_name"],
            "last_name": cells["last_name"],
            "agency": agency,
            "job_title": cells["job_title"],
            "email": email,
            "phone": cells["phone"],
            "contact_public": contact_public,
            "team_role": team_role,
            "left_on": left_on,
        }
        action = "new person"
        if person is not None:
            changed = [name for name, value in fields.items() if getattr(person, name) != value]
            action = "changed" if changed else "unchanged"
        # Someone new, or someone moving agency, must join an agency that is a member now.
        moves = agency is not None and (person is None or person.agency_id != agency.pk)
        if moves and agency.pk not in members_now:
            row.problems.append(f"‘{agency.name}’ is not a current member agency of the partnership.")
        row.found = {"person": person, "fields": fields, "agency": agency, "action": action}
    return reader.Check(text=text, rows=rows)


@transaction.atomic
def import_people(*, partnership, text, by):
    result = check_people(partnership, text)
    if not result.ok:
        return result
    for row in result.rows:
        found = row.found
        fields = dict(found["fields"])
        if found["action"] == "new person":
            left_on = fields.pop("left_on")
            person = services.person_create(by=by, added_to=partnership, **fields)
            if left_on:
                services.person_update(person=person, by=by, version=None, left_on=left_on)
        elif found["action"] == "changed":
            services.person_update(person=found["person"], by=by, version=None, **fields)
    return result


def write_people(response, partnership):
    out = csv_export.writer(response)
    out.writerow(PEOPLE.headings)
    for person in people_of(partnership):
        out.writerow(
            [
                person.first_name,
                person.last_name,
                person.agency.name if person.agency else "",
                person.job_title,
                person.email,
                person.phone,
                "yes" if person.contact_public else "no",
                _short_label(person.get_team_role_display()) if person.team_role else "",
                f"{person.left_on:%Y-%m-%d}" if person.left_on else "",
            ]
        )


def filename(kind, partnership):
    return f"{partnership.slug}-{kind}.csv"
