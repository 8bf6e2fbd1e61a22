"""Reading a CSV file that a coordinator uploads from a spreadsheet: the file checked as a whole (size, text,
headings), then its rows as {column key: text}, numbered as the spreadsheet numbers them.

Each app says what its file holds with a `Layout` (columns, which are required, other names for them, what a
row is called); checking each row's meaning, the dry run and the commit stay with the app.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError

from core import csv_export

MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".ods", ".numbers")
CSV_SUFFIXES = (".csv", ".txt")
NOT_CSV_NAME = "The file must be a CSV file, with a name ending in .csv."

NOT_UTF8 = (
    "The file is not UTF-8 text. In your spreadsheet, save it as ‘CSV UTF-8 (comma delimited)’ and upload it again."
)
NOT_CSV = "The file is not a CSV file. In your spreadsheet, save it as ‘CSV UTF-8 (comma delimited)’."
SPREADSHEET = "The file is a spreadsheet, not a CSV file. Save it as ‘CSV UTF-8 (comma delimited)’ first."
TOO_BIG = "The file must be smaller than 1 MB."
EMPTY = "The file is empty."


@dataclass(frozen=True)
class Layout:
    """What one kind of file holds: (key, heading) columns, the required keys, other headings for a key."""

    columns: tuple
    required: tuple
    rows_called: str  # "items", "agencies", "people"
    aliases: dict = field(default_factory=dict)
    # Columns that our own export writes but the import does not read (kept so the export comes back whole).
    ignored: tuple = ()

    @property
    def headings(self):
        return [heading for _, heading in self.columns]

    def key_of(self, heading):
        by_heading = {h: key for key, h in self.columns} | self.aliases
        if heading in by_heading:
            return by_heading[heading]
        return IGNORED if heading in self.ignored else None

    def heading_of(self, key):
        return dict(self.columns)[key]


IGNORED = "__ignored__"


@dataclass
class Row:
    number: int
    cells: dict
    problems: list = field(default_factory=list)
    found: dict = field(default_factory=dict)  # what checking the row looked up (an agency, a person...)

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
    # Our own exports guard formulas with an apostrophe; a file that went out and comes back is read as meant.
    return csv_export.read_back((value or "").strip())


def _heading(text):
    return " ".join((text or "").replace("\ufeff", "").split()).casefold()


def decode(upload):
    """The uploaded file as text; ValidationError for a file too big, empty, not UTF-8 or not text."""
    name = (upload.name or "").lower()
    if name.endswith(SPREADSHEET_SUFFIXES):
        raise ValidationError(SPREADSHEET)
    if not name.endswith(CSV_SUFFIXES):
        raise ValidationError(NOT_CSV_NAME)
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
    if "\x00" in text or text.lstrip().startswith("<"):  # binary, or a web page or SVG image
        raise ValidationError(NOT_CSV)
    if not text.strip():
        raise ValidationError(EMPTY)
    return text


def parse(text, layout):
    """The file's rows as Row(number, {column key: text}), numbered as a spreadsheet numbers them (the
    headings are row 1). ValidationError for a problem with the whole file: no headings, unknown or missing
    columns, no rows, too many rows, or text that is not CSV."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ValidationError(TOO_BIG)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        raise ValidationError(NOT_CSV) from None
    if not any(cell.strip() for record in records for cell in record):
        raise ValidationError(EMPTY)
    header = [_heading(cell) for cell in records[0]]
    known = [layout.key_of(heading) for heading in header]
    if not any(key not in (None, IGNORED) for key in known):
        raise ValidationError("The first row must give the column headings: " + ", ".join(layout.headings) + ".")
    problems = []
    unknown = [records[0][i].strip() for i, key in enumerate(known) if key is None and header[i]]
    if unknown:
        problems.append(
            f"Unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
            f"The columns are: {', '.join(layout.headings)}."
        )
    if any(not heading for heading in header):
        problems.append("Every column needs a heading in the first row.")
    seen = set()
    for key in known:
        if key not in (None, IGNORED) and key in seen:
            problems.append(f"The column ‘{layout.heading_of(key)}’ appears more than once.")
        seen.add(key)
    missing = [layout.heading_of(key) for key in layout.required if key not in seen]
    if missing:
        problems.append(f"The file has no column for: {', '.join(missing)}.")
    if problems:
        raise ValidationError(problems)
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        cells = {key: "" for key, _ in layout.columns}
        for key, value in zip(known, record, strict=False):
            if key not in (None, IGNORED):
                cells[key] = _clean_cell(value)
        row = Row(number=number, cells=cells)
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
            row.problems.append("This row has more cells than the file has columns.")
        rows.append(row)
    if not rows:
        raise ValidationError(f"The file has column headings but no {layout.rows_called}.")
    if len(rows) > MAX_ROWS:
        raise ValidationError(f"The file has more than {MAX_ROWS:,} {layout.rows_called}. Split it into smaller files.")
    return rows


def parse_date(row, key, label, *, required=True):
    """The cell as a date (2025-04-30 or 30/04/2025), or None with a problem added to the row."""
    text = row.cells[key]
    if not text:
        if required:
            row.problems.append(f"Give the {label}.")
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    row.problems.append(f"The {label} ‘{text}’ is not a date: write it as 2025-04-30 or 30/04/2025.")
    return None


def parse_yes_no(row, key, label):
    text = row.cells[key].casefold()
    if text in ("", "no", "n", "false", "0"):
        return False
    if text in ("yes", "y", "true", "1"):
        return True
    row.problems.append(f"The {label} ‘{row.cells[key]}’ must be yes or no.")
    return False


def check_lengths(row, limits):
    """A problem for each cell longer than its field allows: `limits` is {key: (label, max length)}."""
    for key, (label, limit) in limits.items():
        if len(row.cells.get(key, "")) > limit:
            row.problems.append(f"The {label} is longer than {limit} characters.")


class UploadForm(forms.Form):
    """Step one: the file, decoded and checked by `check(text)` (the app's dry run) as the form is cleaned."""

    file = forms.FileField(
        label="Upload a CSV file",
        error_messages={"required": "Choose a CSV file to upload.", "empty": EMPTY},
    )

    def __init__(self, *args, check, rows_called, **kwargs):
        super().__init__(*args, **kwargs)
        self._check = check
        self.check = None
        self.fields[
            "file"
        ].help_text = f"Up to 1 MB and {MAX_ROWS:,} {rows_called}, saved from a spreadsheet as CSV UTF-8."

    def clean_file(self):
        text = decode(self.cleaned_data["file"])
        self.check = self._check(text)
        return self.cleaned_data["file"]


class CommitForm(forms.Form):
    """Step two: the checked file's text, carried back in a hidden field and checked again."""

    text = forms.CharField(widget=forms.HiddenInput, strip=False, max_length=MAX_BYTES)
