"""Every upload form of the app refuses a bad file the way a GOV.UK form refuses a bad answer: the form comes
back (200) with the error summary and a clear message next to the file field, nothing is saved and no file
is written under MEDIA_ROOT; never a 5xx. A good small file is accepted, so a broken form fails here too.

The forms (every `FileField` of a form and every view reading `request.FILES`; the annual review has none,
its PDF is made by the app):

  paper            meetings: a paper on an agenda item                    the coordinator (alice)
  agency-report    death review: an agency's report, with its file        the police's panel member (leo)
  report-version   death review: a version of the overview report         the case's manager (alice)
  publish          death review: the published report (PDF only)          the case's manager (alice)
  agencies-csv     members: the partner register from a spreadsheet       the coordinator (alice)
  people-csv       members: people from a spreadsheet                     the coordinator (alice)
  workplan-csv     workplan: items from a spreadsheet                     the coordinator (alice)

The bad files: an SVG and an HTML page (each with a script) named as the form's own type (.pdf, or .csv for
the CSV imports), a 50 MB file of the form's type beginning as a PDF does, an empty file, the form's own
good content under a forbidden name (.exe, .html, .svg), and for the CSV imports a binary file and a
spreadsheet named .csv.

A CSV import's first step saves nothing by design (it shows a dry run, 200); its good case is the dry run
with no problem and then the commit (302).
"""

import datetime
import io
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casereviews import services as case_services
from casereviews.models import AgencyReport, CaseRole, DeathReview, PublishedReport, ReportVersion
from meetings import services as meeting_services
from meetings.models import Paper
from members.models import Agency, Membership, Person
from tests.conftest import client_of
from workplan import services as workplan_services
from workplan.models import Objective, Priority, Workplan, WorkplanItem

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<html><script>alert(1)</script></html>"
PDF = b"%PDF-1.4\n% a small test paper\n%%EOF\n"
FIFTY_MB = 50 * 1024 * 1024
BINARY = bytes(range(256)) * 64


def spreadsheet():
    """The first bytes of a real .xlsx (a zip archive), as a spreadsheet saved without converting it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


def today(days=0):
    return timezone.localdate() + datetime.timedelta(days=days)


# What each form hangs on, made through the services ------------------------------------------------------


@dataclass
class Target:
    url: str
    data: dict  # the form's other fields, filled in well
    counts: object  # () -> the row counts a saved upload would change


def paper_target(world):
    alice = world.users["alice"]
    meeting = meeting_services.meeting_create(
        partnership=world.northdale,
        group=world.groups["board"],
        starts_at=timezone.now() + datetime.timedelta(days=14),
        location="Council chamber, Northdale House",
        by=alice,
    )
    item = meeting_services.agenda_item_create(
        meeting=meeting, title="Anti-social behaviour hotspots", description="Quarterly figures.", by=alice
    )
    return Target(
        url=reverse("meetings:paper_add", args=["northdale", item.pk]),
        data={"title": "Quarterly crime figures"},
        counts=lambda: (Paper.objects.count(), Paper.history.count()),
    )


def held_review(world):
    """A death review the chair has decided to hold; alice, who recorded it, manages it."""
    case = case_services.death_review_notify(
        partnership=world.northdale,
        by=world.users["alice"],
        notified_on=today(-90),
        circumstances="Found at home.",
        pseudonym="Wren",
    )
    return case_services.death_review_decide(
        case=case,
        by=world.users["carol"],
        version=case.version,
        decision="hold",
        decided_on=today(-85),
        decision_reasons="Criteria met.",
    )


def agency_report_target(world):
    alice = world.users["alice"]
    case = held_review(world)
    case_services.panel_member_add(case=case, person=world.people["leo"], role=CaseRole.PANEL_MEMBER, by=alice)
    report = case_services.agency_report_request(
        case=case, agency=world.agencies["police"], kind="imr", due_on=today(30), by=alice
    )
    return Target(
        url=reverse("casereviews:agency_report", args=["northdale", report.pk]),
        data={"version": report.version, "text": "Our contact with the family."},
        counts=lambda: (
            AgencyReport.objects.filter(submitted_at__isnull=False).count(),
            AgencyReport.objects.exclude(file="").count(),
            AgencyReport.history.count(),
        ),
    )


def report_version_target(world):
    case = held_review(world)
    return Target(
        url=reverse("casereviews:report_version_add", args=["northdale", case.pk]),
        data={"kind": "overview", "note": "First draft"},
        counts=lambda: (ReportVersion.objects.count(), ReportVersion.history.count()),
    )


def publish_target(world):
    alice = world.users["alice"]
    case = held_review(world)
    case_services.report_version_add(case=case, kind="overview", file=ContentFile(PDF, "overview.pdf"), by=alice)
    submission = case_services.quality_assurance_submit(case=case, submitted_on=today(-30), by=alice)
    case_services.quality_assurance_outcome(submission=submission, outcome="approved", outcome_on=today(-10), by=alice)
    return Target(
        url=reverse("casereviews:publish", args=["northdale", case.pk]),
        data={"published_on": today().isoformat(), "published_title": "Review into the death of Wren"},
        counts=lambda: (
            PublishedReport.objects.count(),
            DeathReview.objects.filter(published_on__isnull=False).count(),
        ),
    )


AGENCIES_CSV = (
    "agency,sector,statutory role,joined\n"
    "Northdale Food Bank,Voluntary and community sector,Invited to cooperate,2026-01-01\n"
)
PEOPLE_CSV = "first name,last name,agency,job title,email\nNia,Newton,Shire Constabulary,Sergeant,nia@example.org\n"


def agencies_target(world):
    return Target(
        url=reverse("members:agencies_import", args=["northdale"]),
        data={},
        counts=lambda: (Agency.objects.count(), Membership.objects.count(), Membership.history.count()),
    )


def people_target(world):
    return Target(
        url=reverse("members:people_import", args=["northdale"]),
        data={},
        counts=lambda: (Person.objects.count(), Person.history.count()),
    )


def workplan_csv():
    return (
        "priority,objective,title,lead agency,responsible officer email,start,due\n"
        f"Reduce anti-social behaviour,Fewer repeat calls,Weekend youth outreach,Shire Constabulary,"
        f"olive@example.org,{today(-10).isoformat()},{today(60).isoformat()}\n"
    )


def workplan_target(world):
    alice = world.users["alice"]
    strategy = workplan_services.workplan_create(
        partnership=world.northdale,
        title="Community safety strategy",
        kind=Workplan.Kind.STRATEGY,
        starts=today(-400),
        ends=today(700),
        by=alice,
    )
    plan = workplan_services.workplan_create(
        partnership=world.northdale, title="Annual plan", parent=strategy, starts=today(-120), ends=today(245), by=alice
    )
    return Target(
        url=reverse("workplan:import", args=["northdale", plan.pk]),
        data={},
        counts=lambda: (
            WorkplanItem.objects.count(),
            WorkplanItem.history.count(),
            Priority.objects.count(),
            Objective.objects.count(),
        ),
    )


@dataclass(frozen=True)
class Form:
    id: str
    who: str
    make: object  # (world) -> Target
    extension: str  # the type the form takes, as the disguised files are named
    good: object  # () -> the bytes of a good small file
    max_mb: int
    types: tuple  # words of the message refusing a forbidden type
    disguise: tuple  # words of the message refusing an SVG or HTML page named as the form's type

    @property
    def is_csv(self):
        return self.extension == "csv"


FILE_TYPES = ("one of", "pdf", "docx")
NOT_A_PDF = ("content is not a PDF",)
NOT_CSV_HEADINGS = ("is not a CSV file",)
FORMS = [
    Form("paper", "alice", paper_target, "pdf", lambda: PDF, 10, FILE_TYPES, NOT_A_PDF),
    Form("agency-report", "leo", agency_report_target, "pdf", lambda: PDF, 10, FILE_TYPES, NOT_A_PDF),
    Form("report-version", "alice", report_version_target, "pdf", lambda: PDF, 10, FILE_TYPES, NOT_A_PDF),
    Form("publish", "alice", publish_target, "pdf", lambda: PDF, 10, ("one of", "pdf"), NOT_A_PDF),
    Form("agencies-csv", "alice", agencies_target, "csv", lambda: AGENCIES_CSV.encode(), 1, ("CSV",), NOT_CSV_HEADINGS),
    Form("people-csv", "alice", people_target, "csv", lambda: PEOPLE_CSV.encode(), 1, ("CSV",), NOT_CSV_HEADINGS),
    Form(
        "workplan-csv", "alice", workplan_target, "csv", lambda: workplan_csv().encode(), 1, ("CSV",), NOT_CSV_HEADINGS
    ),
]


# The bad files ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    id: str
    name: str  # "{ext}" is the form's own type
    content: object  # (form) -> bytes
    words: object  # (form) -> the words the message must hold
    csv_only: bool = False


BAD_FILES = [
    Bad("svg-renamed", "drawing.{ext}", lambda form: SVG, lambda form: form.disguise),
    Bad("html-renamed", "page.{ext}", lambda form: HTML, lambda form: form.disguise),
    Bad(
        "50-mb",
        "big.{ext}",
        lambda form: b"%PDF-" + b"\0" * (FIFTY_MB - 5),
        lambda form: (f"smaller than {form.max_mb} MB",),
    ),
    Bad("empty", "empty.{ext}", lambda form: b"", lambda form: ("empty",)),
    Bad("exe", "report.exe", lambda form: form.good(), lambda form: form.types),
    Bad("html-extension", "report.html", lambda form: form.good(), lambda form: form.types),
    Bad("svg-extension", "report.svg", lambda form: form.good(), lambda form: form.types),
    Bad("binary-renamed", "data.{ext}", lambda form: BINARY, lambda form: ("not UTF-8",), csv_only=True),
    Bad("spreadsheet-renamed", "data.{ext}", lambda form: spreadsheet(), lambda form: ("spreadsheet",), csv_only=True),
]


def bad_cases():
    for form in FORMS:
        for bad in BAD_FILES:
            if bad.csv_only and not form.is_csv:
                continue
            yield pytest.param(form, bad, id=f"{form.id}-{bad.id}")


# Reading the answer -----------------------------------------------------------------------------------


class FormPage(HTMLParser):
    """The error summary's text, and the classes and error messages of the form group holding the file input."""

    def __init__(self, html):
        super().__init__()
        self.divs = []  # open <div>s: {"classes", "errors", "has_file"}
        self.summary_depth = None
        self.summary = []
        self.error_text = None
        self.file_group = None
        self.feed(html)
        self.close()

    def _group(self):
        return next((div for div in reversed(self.divs) if "govuk-form-group" in div["classes"]), None)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "div":
            self.divs.append({"classes": classes, "errors": [], "has_file": False})
            if "govuk-error-summary" in classes and self.summary_depth is None:
                self.summary_depth = len(self.divs)
        elif tag == "p" and "govuk-error-message" in classes:
            self.error_text = []
        elif tag == "input" and attrs.get("type") == "file" and attrs.get("name") == "file":
            group = self._group()
            if group is not None:
                group["has_file"] = True

    def handle_endtag(self, tag):
        if tag == "p" and self.error_text is not None:
            text = " ".join("".join(self.error_text).split()).removeprefix("Error:").strip()
            group = self._group()
            if group is not None:
                group["errors"].append(text)
            self.error_text = None
        elif tag == "div" and self.divs:
            if self.summary_depth == len(self.divs):
                self.summary_depth = -1  # closed: one summary only
            div = self.divs.pop()
            if div["has_file"] and self.file_group is None:
                self.file_group = div

    def handle_data(self, data):
        if self.error_text is not None:
            self.error_text.append(data)
        if self.summary_depth is not None and self.summary_depth > 0:
            self.summary.append(data)

    @property
    def summary_text(self):
        return " ".join("".join(self.summary).split())


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# The tests --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("form, bad", list(bad_cases()))
def test_a_bad_file_is_refused_next_to_the_file_field_and_nothing_is_saved(
    world, signed_in, settings, tmp_path, form, bad
):
    settings.MEDIA_ROOT = tmp_path
    target = form.make(world)
    before, files_before = target.counts(), stored_files(tmp_path)
    name = bad.name.format(ext=form.extension)

    response = client_of(form.who, world, signed_in).post(
        target.url, {**target.data, "file": upload(name, bad.content(form))}
    )

    assert response.status_code < 500, f"{form.id} answered {response.status_code} to {name}"
    assert response.status_code == 200, f"{form.id} answered {response.status_code} to {name}: the file was taken"
    page = FormPage(response.content.decode())
    assert "There is a problem" in page.summary_text, f"{form.id}: no GOV.UK error summary for {name}"
    assert page.file_group is not None, f"{form.id}: no form group around the file input"
    assert "govuk-form-group--error" in page.file_group["classes"], f"{form.id}: the file field is not marked"
    message = " ".join(page.file_group["errors"])
    assert message, f"{form.id}: no govuk-error-message by the file field for {name}"
    assert message.endswith("."), f"{form.id}: the message {message!r} is not a sentence"
    for word in bad.words(form):
        assert word.casefold() in message.casefold(), f"{form.id}: {word!r} not in the message {message!r} for {name}"
    assert message in page.summary_text, f"{form.id}: the summary does not repeat {message!r}"
    assert target.counts() == before, f"{form.id}: rows were saved for {name}"
    assert stored_files(tmp_path) == files_before, f"{form.id}: a file was written for {name}"


@pytest.mark.parametrize("form", [pytest.param(form, id=form.id) for form in FORMS])
def test_a_good_small_file_is_accepted(world, signed_in, settings, tmp_path, form):
    settings.MEDIA_ROOT = tmp_path
    target = form.make(world)
    before, files_before = target.counts(), stored_files(tmp_path)
    client = client_of(form.who, world, signed_in)
    good = form.good()

    response = client.post(target.url, {**target.data, "file": upload(f"good.{form.extension}", good)})

    if form.is_csv:
        # Step one: the dry run, every row good, nothing saved yet; step two commits the checked text.
        assert response.status_code == 200
        assert response.context["check"].ok, [row.problems for row in response.context["check"].bad_rows]
        assert "govuk-error-summary" not in response.content.decode()
        assert target.counts() == before
        response = client.post(target.url, {"step": "commit", "text": good.decode()})
    assert response.status_code == 302, f"{form.id} answered {response.status_code} to a good file"
    assert target.counts() != before, f"{form.id}: nothing was saved"
    added = sorted(set(stored_files(tmp_path)) - set(files_before))
    if form.is_csv:
        assert added == [], f"{form.id}: an import stored its file: {added}"
    else:
        assert len(added) == 1, f"{form.id}: stored {added}"
        assert (tmp_path / added[0]).read_bytes() == good
