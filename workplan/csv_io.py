"""The workplan as CSV: the plan's items and every indicator value out; items in from a spreadsheet, checked
row by row in a dry run that saves nothing, then committed all together in one transaction or not at all.

The file travels between the two steps as text in a hidden form field and is checked again on commit, so
no session state or temporary file is needed and nothing stale can slip through."""

import contextlib
from functools import partial

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import csv_export
from core import csv_import as reader
from members.selectors import current_memberships, people_of
from workplan import selectors, services
from workplan.models import Objective, Priority, WorkplanItem

MAX_BYTES = reader.MAX_BYTES
MAX_ROWS = reader.MAX_ROWS

# The import's columns: (key, heading); the headings are what the file's first row must say.
COLUMNS = [
    ("priority", "priority"),
    ("objective", "objective"),
    ("expected_outcome", "expected outcome"),
    ("title", "title"),
    ("description", "description"),
    ("lead_agency", "lead agency"),
    ("officer_email", "responsible officer email"),
    ("starts", "start"),
    ("due", "due"),
    ("supporters", "supporting agencies"),
]
REQUIRED = ["priority", "objective", "title", "lead_agency", "officer_email", "starts", "due"]
HEADINGS = [heading for _, heading in COLUMNS]
# Other names a spreadsheet might use for a column.
ALIASES = {"start date": "starts", "due date": "due", "officer email": "officer_email", "supporters": "supporters"}
HEADING_OF = dict(COLUMNS)
# Columns the items export writes that the import does not need, so that an export comes back whole.
EXPORT_ONLY = ("responsible officer", "status", "last update")
LAYOUT = reader.Layout(
    columns=tuple(COLUMNS), required=tuple(REQUIRED), rows_called="items", aliases=ALIASES, ignored=EXPORT_ONLY
)

NOT_UTF8 = reader.NOT_UTF8
NOT_CSV = reader.NOT_CSV
SPREADSHEET = reader.SPREADSHEET
TOO_BIG = reader.TOO_BIG
EMPTY = reader.EMPTY
NO_ROWS = "The file has column headings but no items."
TOO_MANY_ROWS = f"The file has more than {MAX_ROWS:,} items. Split it into smaller files."
NO_HEADER = "The first row must give the column headings: " + ", ".join(HEADINGS) + "."


def parse(text):
    """The file's rows (core.csv_import), each ready for the item's look-ups."""
    rows = reader.parse(text, LAYOUT)
    for row in rows:
        row.lead_agency = row.officer = row.starts = row.due = None
        row.supporters = []
    return rows


def _date(row, key, label):
    return reader.parse_date(row, key, label)


def _lengths(row):
    limits = {
        "priority": Priority._meta.get_field("title").max_length,
        "objective": Objective._meta.get_field("title").max_length,
        "title": WorkplanItem._meta.get_field("title").max_length,
    }
    for key, limit in limits.items():
        if len(row.cells[key]) > limit:
            row.problems.append(f"The {HEADING_OF[key]} must be {limit} characters or fewer.")


def _lookups(plan):
    """The partnership's current member agencies by name and people in post by email, in two queries."""
    memberships = current_memberships(plan.partnership).select_related("agency__officers_group")
    agencies = {}
    for membership in memberships:
        agency = membership.agency
        agencies[agency.name.casefold()] = agency
        if agency.short_name:
            agencies.setdefault(agency.short_name.casefold(), agency)
    people = {}
    for person in people_of(plan.partnership).filter(left_on__isnull=True).exclude(email=""):
        people.setdefault(person.email.casefold(), []).append(person)
    return agencies, people


def check(plan, text):
    """The dry run: every row checked against the partnership's agencies and people and the plan's items.

    Saves nothing. ValidationError for a problem with the whole file.
    """
    rows = parse(text)
    agencies, people = _lookups(plan)
    existing = {
        title.casefold()
        for title in selectors.items_of(plan.partnership).filter(workplan=plan).values_list("title", flat=True)
    }
    first_with_title = {}
    for row in rows:
        for key, label in (("priority", "priority"), ("objective", "objective"), ("title", "title")):
            if not row.cells[key]:
                row.problems.append(f"Give the item’s {label}.")
        _lengths(row)
        title = row.cells["title"].casefold()
        if title:
            if title in first_with_title:
                row.problems.append(
                    f"Row {first_with_title[title]} has the same title: each item needs a title of its own."
                )
            else:
                first_with_title[title] = row.number
            if title in existing:
                row.problems.append("The plan already has an item with this title.")
        _agencies(row, agencies)
        _officer(row, people)
        row.starts = _date(row, "starts", "start date")
        row.due = _date(row, "due", "due date")
        if row.starts and row.due and row.due < row.starts:
            row.problems.append("The due date is before the start date.")
    return reader.Check(text=text, rows=rows)


def _agencies(row, agencies):
    name = row.cells["lead_agency"]
    if not name:
        row.problems.append("Give the lead agency.")
    else:
        row.lead_agency = agencies.get(name.casefold())
        if row.lead_agency is None:
            row.problems.append(f"No member agency of the partnership is called ‘{name}’.")
    for part in row.cells["supporters"].split(";"):
        name = part.strip()
        if not name:
            continue
        agency = agencies.get(name.casefold())
        if agency is None:
            row.problems.append(f"No member agency of the partnership is called ‘{name}’ (supporting agencies).")
        elif row.lead_agency is not None and agency.pk == row.lead_agency.pk:
            row.problems.append(f"{agency.name} leads the item, so it cannot also be a supporting agency.")
        elif agency not in row.supporters:
            row.supporters.append(agency)


def _officer(row, people):
    email = row.cells["officer_email"]
    if not email:
        row.problems.append("Give the responsible officer’s email address.")
        return
    found = people.get(email.casefold(), [])
    if not found:
        row.problems.append(f"No one in post in the partnership’s agencies has the email address {email}.")
        return
    if row.lead_agency is not None:
        found = [person for person in found if person.agency_id == row.lead_agency.pk] or found
    if len(found) > 1:
        row.problems.append(f"More than one person has the email address {email}.")
        return
    officer = found[0]
    if row.lead_agency is not None and officer.agency_id != row.lead_agency.pk:
        works_for = officer.agency.name if officer.agency else "no agency"
        row.problems.append(
            f"{officer.full_name} works for {works_for}, not for the lead agency {row.lead_agency.name}."
        )
        return
    row.officer = officer


def _granting_in_bulk():
    """django-zeal (on in tests) reports a query repeated at one line of code as an N+1. Granting rights
    item after item repeats guardian's look-ups by design (one per grant); those alone are let through."""
    if not apps.is_installed("zeal"):
        return contextlib.nullcontext()
    from zeal import zeal_ignore

    return zeal_ignore(GRANT_QUERIES)


GRANT_QUERIES = [
    {"model": "auth.Permission", "field": "get()"},
    {"model": "workplan.WorkplanItemGroupObjectPermission", "field": "get()"},
]


@transaction.atomic
def commit(*, plan, text, by):
    """Check the file again and, if every row is good, create every item (and any priority or objective
    it names that the plan lacks) in one transaction. Returns the Check; nothing is saved unless it is ok."""
    result = check(plan, text)
    if not result.ok:
        return result
    with _granting_in_bulk():
        return _create(plan, result, by)


def _create(plan, result, by):
    priorities, objectives = {}, {}
    for priority in selectors.priorities_of(plan).prefetch_related("objectives"):
        priorities.setdefault(priority.title.casefold(), priority)
        for objective in priority.objectives.all():
            objectives.setdefault((priority.pk, objective.title.casefold()), objective)
    for row in result.rows:
        cells = row.cells
        priority = priorities.get(cells["priority"].casefold())
        if priority is None:
            priority = services.priority_create(workplan=plan, title=cells["priority"], by=by)
            priorities[cells["priority"].casefold()] = priority
        objective = objectives.get((priority.pk, cells["objective"].casefold()))
        if objective is None:
            objective = services.objective_create(
                priority=priority, title=cells["objective"], expected_outcome=cells["expected_outcome"], by=by
            )
            objectives[(priority.pk, cells["objective"].casefold())] = objective
        try:
            services.item_create(
                workplan=plan,
                objective=objective,
                title=cells["title"],
                description=cells["description"],
                lead_agency=row.lead_agency,
                responsible_officer=row.officer,
                starts=row.starts,
                due=row.due,
                supporters=row.supporters,
                by=by,
            )
        except ValidationError as error:
            # Not expected after the check; if it happens, nothing of the file is kept.
            row.problems.extend(error.messages)
            transaction.set_rollback(True)
            return result
    return result


# The forms of the two steps ------------------------------------------------------------------------


class UploadForm(reader.UploadForm):
    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, check=partial(check, plan), rows_called="items", **kwargs)
        self.plan = plan


class CommitForm(reader.CommitForm):
    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan


# Exports -------------------------------------------------------------------------------------------


def _day(value):
    return f"{value:%Y-%m-%d}" if value else ""


ITEMS_HEADER = [
    "priority",
    "objective",
    "title",
    "lead agency",
    "responsible officer",
    "responsible officer email",
    "supporting agencies",
    "start",
    "due",
    "status",
    "last update",
]


def write_items(response, plan):
    writer = csv_export.writer(response)  # a number stays a number; a formula is defused
    writer.writerow(ITEMS_HEADER)
    items = selectors.items_of(plan.partnership).filter(workplan=plan).prefetch_related("supporters__agency")
    for item in items:
        officer = item.responsible_officer
        last_update = timezone.localdate(item.last_update_at) if item.last_update_at else None
        writer.writerow(
            (
                item.objective.priority.title,
                item.objective.title,
                item.title,
                item.lead_agency.name,
                officer.full_name,
                officer.email,
                "; ".join(supporter.agency.name for supporter in item.supporters.all()),
                _day(item.starts),
                _day(item.due),
                item.get_status_display(),
                _day(last_update),
            )
        )


VALUES_HEADER = [
    "indicator",
    "unit",
    "owning agency",
    "priority",
    "period",
    "value",
    "baseline",
    "target",
    "direction",
    "meets target",
    "note",
]


def write_values(response, indicators):
    writer = csv_export.writer(response)  # a number stays a number; a formula is defused
    writer.writerow(VALUES_HEADER)
    indicators = list(indicators.order_by("name"))
    series = selectors.indicator_series(indicators)
    for indicator in indicators:
        for value in series.get(indicator.pk, []):
            writer.writerow(
                (
                    indicator.name,
                    indicator.unit,
                    indicator.agency.name,
                    indicator.priority.title if indicator.priority else "",
                    f"{value.period:%Y-%m}",
                    value.value,
                    indicator.baseline,
                    indicator.target,
                    indicator.get_direction_display(),
                    "yes" if indicator.meets_target(value.value) else "no",
                    value.note,
                )
            )


def filename(kind, partnership):
    return f"{kind}-{partnership.slug}-{timezone.localdate():%Y-%m-%d}.csv"
