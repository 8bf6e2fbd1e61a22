"""The workplan as CSV: the plan's items and every indicator value out; items in from a spreadsheet, checked
row by row in a dry run that saves nothing, then committed all together in one transaction or not at all.

The file travels between the two steps as text in a hidden form field and is checked again on commit, so
no session state or temporary file is needed and nothing stale can slip through."""

import contextlib
import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from members.selectors import people_in, register_of
from workplan import selectors, services
from workplan.models import Objective, Priority, WorkplanItem

MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
# A spreadsheet treats a cell starting with one of these as a formula (OWASP's list, with tab and carriage return).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

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
KEY_OF = {heading: key for key, heading in COLUMNS} | ALIASES
HEADING_OF = dict(COLUMNS)
SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".ods", ".numbers")

NOT_UTF8 = (
    "The file is not UTF-8 text. In your spreadsheet, save it as ‘CSV UTF-8 (comma delimited)’ and upload it again."
)
NOT_CSV = "The file is not a CSV file. In your spreadsheet, save it as ‘CSV UTF-8 (comma delimited)’."
SPREADSHEET = "The file is a spreadsheet, not a CSV file. Save it as ‘CSV UTF-8 (comma delimited)’ first."
TOO_BIG = "The file must be smaller than 1 MB."
EMPTY = "The file is empty."
NO_ROWS = "The file has column headings but no items."
TOO_MANY_ROWS = f"The file has more than {MAX_ROWS:,} items. Split it into smaller files."
NO_HEADER = "The first row must give the column headings: " + ", ".join(HEADINGS) + "."


# Reading and checking ----------------------------------------------------------------------------------


@dataclass
class Row:
    number: int
    cells: dict
    problems: list = field(default_factory=list)
    lead_agency: object = None
    officer: object = None
    starts: datetime.date | None = None
    due: datetime.date | None = None
    supporters: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


@dataclass
class Check:
    """The dry run: every row of the file with its problems (none when the row can be imported)."""

    text: str
    rows: list

    @property
    def ok(self):
        return bool(self.rows) and all(row.ok for row in self.rows)

    @property
    def bad_rows(self):
        return [row for row in self.rows if not row.ok]


def _clean_cell(value):
    text = (value or "").strip()
    # Our own exports guard formulas with an apostrophe; a file that went out and comes back is read as meant.
    if text.startswith("'") and text[1:2] in {"=", "+", "-", "@"}:
        text = text[1:]
    return text


def _heading(text):
    return " ".join((text or "").replace("\ufeff", "").split()).casefold()


def decode(upload):
    """The uploaded file as text; ValidationError for a file too big, empty, not UTF-8 or not text."""
    name = (upload.name or "").lower()
    if name.endswith(SPREADSHEET_SUFFIXES):
        raise ValidationError(SPREADSHEET)
    if upload.size > MAX_BYTES:
        raise ValidationError(TOO_BIG)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(TOO_BIG)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(SPREADSHEET)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(NOT_UTF8) from None
    if "\x00" in text:
        raise ValidationError(NOT_CSV)
    if not text.strip():
        raise ValidationError(EMPTY)
    return text


def parse(text):
    """The file's rows as {column key: text}, numbered as a spreadsheet numbers them (the headings are row 1).

    ValidationError for a problem with the whole file: no headings, unknown or missing columns, no rows,
    too many rows, or text that is not CSV.
    """
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ValidationError(TOO_BIG)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        raise ValidationError(NOT_CSV) from None
    if not any(text.strip() for record in records for text in record):
        raise ValidationError(EMPTY)
    header = [_heading(cell) for cell in records[0]]
    known = [KEY_OF.get(heading) for heading in header]
    if not any(known):
        raise ValidationError(NO_HEADER)
    problems = []
    unknown = [records[0][i].strip() for i, key in enumerate(known) if key is None and header[i]]
    if unknown:
        problems.append(
            f"Unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
            f"The columns are: {', '.join(HEADINGS)}."
        )
    if any(not heading for heading in header):
        problems.append("Every column needs a heading in the first row.")
    seen = set()
    for key in known:
        if key is not None and key in seen:
            problems.append(f"The column ‘{HEADING_OF[key]}’ appears more than once.")
        seen.add(key)
    missing = [HEADING_OF[key] for key in REQUIRED if key not in seen]
    if missing:
        problems.append(f"The file has no column for: {', '.join(missing)}.")
    if problems:
        raise ValidationError(problems)
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        cells = {key: "" for key, _ in COLUMNS}
        for key, value in zip(known, record, strict=False):
            cells[key] = _clean_cell(value)
        row = Row(number=number, cells=cells)
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
            row.problems.append("This row has more cells than the file has columns.")
        rows.append(row)
    if not rows:
        raise ValidationError(NO_ROWS)
    if len(rows) > MAX_ROWS:
        raise ValidationError(TOO_MANY_ROWS)
    return rows


def _date(row, key, label):
    text = row.cells[key]
    if not text:
        row.problems.append(f"Give the {label}.")
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    row.problems.append(f"The {label} ‘{text}’ is not a date: write it as 2025-04-30 or 30/04/2025.")
    return None


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
    memberships = register_of(plan.partnership).filter(left__isnull=True).select_related("agency__officers_group")
    agencies = {}
    for membership in memberships:
        agency = membership.agency
        agencies[agency.name.casefold()] = agency
        if agency.short_name:
            agencies.setdefault(agency.short_name.casefold(), agency)
    people = {}
    for person in people_in(plan.partnership).filter(left_on__isnull=True).exclude(email="").select_related("agency"):
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
    return Check(text=text, rows=rows)


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


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="Up to 1 MB and 2,000 items, saved from a spreadsheet as CSV UTF-8.",
        error_messages={"required": "Choose a CSV file to upload.", "empty": EMPTY},
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.check = None

    def clean_file(self):
        text = decode(self.cleaned_data["file"])
        self.check = check(self.plan, text)
        return self.cleaned_data["file"]


class CommitForm(forms.Form):
    """Step two: the checked file's text, carried back in a hidden field and checked again."""

    text = forms.CharField(widget=forms.HiddenInput, strip=False, max_length=MAX_BYTES)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan


# Exports -------------------------------------------------------------------------------------------


def cell(value):
    """A cell as text, with formulas made harmless (a leading apostrophe)."""
    if isinstance(value, (int, Decimal)):
        return str(value)  # a number is never a formula, and a negative one stays a number
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _writer(response):
    response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    return csv.writer(response)


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
    writer = _writer(response)
    writer.writerow(ITEMS_HEADER)
    items = selectors.items_of(plan.partnership).filter(workplan=plan).prefetch_related("supporters__agency")
    for item in items:
        officer = item.responsible_officer
        last_update = timezone.localdate(item.last_update_at) if item.last_update_at else None
        writer.writerow(
            cell(value)
            for value in (
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
    writer = _writer(response)
    writer.writerow(VALUES_HEADER)
    indicators = list(indicators.order_by("name"))
    series = selectors.indicator_series(indicators)
    for indicator in indicators:
        for value in series.get(indicator.pk, []):
            writer.writerow(
                cell(text)
                for text in (
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
