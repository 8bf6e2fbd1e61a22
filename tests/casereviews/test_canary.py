"""The canary: a death review and an ASB application whose every sensitive field carries a marker (the
pseudonym, the circumstances, a chronology entry, an agency's report text and its file, an applicant's name,
address and the behaviour complained of) must reach nobody outside the case in any output: pages, PDFs,
CSV, calendars, email, history, the audit log, the dashboard and the public pages. The people on the case
see it where they look (so the test can fail).

Not on the case: the public, an outsider (charlie), a board member (maya), a police officer who is not on
the panel (olive), the fire service's lead officer (fred), a second coordinator of Northdale (sam) and the
site administrator (admin). On it: alice (case manager, and handler of the application), carol (the chair,
who commissioned the review: not a handler of the application), leo (the police's panel member).
"""

import datetime
import io

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from casereviews import services
from casereviews.models import CaseRole
from members.models import PartnershipRole
from tests.factories import make_partnership_role, make_person
from tests.http import close_response

pytestmark = pytest.mark.django_db

CANARY = "CANARYZX"
MARK = {
    "pseudonym": f"{CANARY}pseudonym",
    "circumstances": f"{CANARY}circumstances",
    "chronology": f"{CANARY}chronology",
    "report": f"{CANARY}report",
    "file": f"{CANARY}file",
    "applicant": f"{CANARY}applicant",
    "address": f"{CANARY}address",
    "behaviour": f"{CANARY}behaviour",
}
UNCLEARED = ["anonymous", "charlie", "maya", "olive", "fred", "sam", "admin"]
CLEARED = ["alice", "carol", "leo"]
ROLES = UNCLEARED + CLEARED
CASE = {"alice", "carol", "leo"}


@pytest.fixture
def scenario(world, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    alice = world.users["alice"]
    sam = make_person(
        by=world.administrator, first_name="Sam", last_name="Second", agency=world.agencies["council"], username="sam"
    )
    make_partnership_role(
        by=world.administrator, partnership=world.northdale, person=sam, role=PartnershipRole.Role.COORDINATOR
    )
    today = datetime.date.today()
    case = services.death_review_notify(
        partnership=world.northdale,
        by=alice,
        notified_on=today - datetime.timedelta(days=40),
        pseudonym=MARK["pseudonym"],
        circumstances=MARK["circumstances"],
        date_of_death=today - datetime.timedelta(days=42),
    )
    case = services.death_review_decide(
        case=case,
        by=world.users["carol"],
        version=case.version,
        decision="hold",
        decided_on=today - datetime.timedelta(days=35),
        decision_reasons=f"Reasons {MARK['circumstances']}",
    )
    services.panel_member_add(case=case, person=world.people["leo"], role=CaseRole.PANEL_MEMBER, by=alice)
    report = services.agency_report_request(
        case=case, agency=world.agencies["police"], kind="imr", due_on=today + datetime.timedelta(days=3), by=alice
    )
    services.agency_report_submit(
        report=report,
        by=world.users["leo"],
        version=report.version,
        text=MARK["report"],
        file=ContentFile(f"%PDF-1.4 {MARK['file']}".encode(), "imr.pdf"),
    )
    services.agency_report_request(
        case=case, agency=world.agencies["fire"], kind="chronology", due_on=today + datetime.timedelta(days=2), by=alice
    )
    services.chronology_entry_add(
        case=case,
        agency=world.agencies["police"],
        occurred_on=today - datetime.timedelta(days=90),
        entry=MARK["chronology"],
        by=alice,
    )
    services.recommendation_add(case=case, text="Train the call handlers.", agency=world.agencies["police"], by=alice)
    application = services.asb_application_record(
        partnership=world.northdale,
        by=alice,
        received_on=today - datetime.timedelta(days=10),
        channel="phone",
        applicant_name=MARK["applicant"],
        applicant_address=MARK["address"],
        summary=MARK["behaviour"],
    )
    users = {**world.users, "sam": sam.user, "admin": world.administrator}
    return type("S", (), {"world": world, "case": case, "report": report, "application": application, "users": users})


def fetch(scenario, role, address):
    client = Client()
    if role != "anonymous":
        client.force_login(scenario.users[role])
    response = client.get(address)
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    body = b"".join(response.streaming_content) if response.streaming else response.content
    close_response(response)
    if body.startswith(b"%PDF-1.") and b"/Type" in body[:2000]:
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    else:
        text = body.decode("utf-8", errors="replace")
    return headers + "\n" + text


def _nd(name, *args):
    return lambda s: reverse(name, args=["northdale", *[a(s) if callable(a) else a for a in args]])


def case_pk(s):
    return s.case.pk


def app_pk(s):
    return s.application.pk


# (output, address, who sees the canary in it)
OUTPUTS = [
    ("case reviews page", _nd("casereviews:case_reviews"), set()),
    ("dashboard", _nd("partnership:dashboard"), set()),
    ("audit log", _nd("partnership:audit"), set()),
    ("structure", _nd("partnership:structure"), set()),
    ("public page", _nd("partnership:public"), set()),
    ("public ASB page", _nd("casereviews:public_asb"), set()),
    ("public death reviews", _nd("casereviews:public_death_reviews"), set()),
    ("ASB register and figures", _nd("casereviews:asb_applications"), set()),
    ("actions CSV", _nd("meetings:actions_csv"), set()),
    ("people CSV", _nd("members:people_csv"), set()),
    ("calendar", _nd("meetings:calendar"), set()),
    ("case file", _nd("casereviews:death_review", case_pk), CASE),
    ("merged chronology", _nd("casereviews:chronology", case_pk), CASE),
    ("chronology CSV", _nd("casereviews:chronology_csv", case_pk), CASE),
    ("agency report", _nd("casereviews:agency_report", lambda s: s.report.pk), CASE),
    ("agency report file", _nd("casereviews:agency_report_file", lambda s: s.report.pk), CASE),
    ("action plan PDF", _nd("casereviews:action_plan_pdf", case_pk), set()),
    ("case access log", _nd("casereviews:access_log", case_pk), set()),
    ("case history", _nd("casereviews:case_history", case_pk), {"alice", "carol"}),
    ("ASB application", _nd("casereviews:asb_application", app_pk), {"alice"}),
    ("ASB application history", _nd("casereviews:asb_history", app_pk), {"alice"}),
    ("ASB access log", _nd("casereviews:asb_access_log", app_pk), set()),
]


def leaked(text):
    squeezed = "".join(text.split())
    return [name for name, marker in MARK.items() if marker in text or marker in squeezed] or (
        ["marker"] if CANARY in text or CANARY in squeezed else []
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "address", "shown_to"), OUTPUTS, ids=[o[0] for o in OUTPUTS])
def test_the_canary_shows_only_to_those_on_the_case(scenario, name, address, shown_to, role):
    found = leaked(fetch(scenario, role, address(scenario)))
    if role in shown_to:
        assert found, f"{name} as {role} (on the case) does not show the case"
    else:
        assert not found, f"{name} as {role} shows {', '.join(found)}"


def test_no_reminder_email_carries_the_canary(scenario, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.death_review_reminders()
    assert sent >= 1 and mail.outbox
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients <= {"alice@example.org", "carol@example.org", "leo@example.org"}
    for message in mail.outbox:
        assert not leaked(message.subject + message.body), message.subject
        assert scenario.case.reference in message.subject


def test_the_case_is_not_in_the_audit_index(scenario):
    from partnership.models import AuditEntry

    entries = AuditEntry.objects.filter(kind__startswith="casereviews.")
    assert entries.exists()
    assert not entries.exclude(partnership=None).exists() and not entries.exclude(agency=None).exists()
    assert not [e.object_repr for e in entries if leaked(e.object_repr)]
