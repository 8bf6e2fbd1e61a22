"""Outputs of the annual review: the PDF (a draft preview before approval, the stored document after it),
its stored versions, and the charts as SVG. The PDF holds every section and the right figures for known
records, and nothing of a confidential agenda item or decision (the CANARY) ever reaches it."""

import hashlib
import io
from unittest import mock
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from meetings import services as meeting_services
from meetings.models import Attendance
from reviews import services
from reviews.charts import year_label
from reviews.models import ReviewDocument, ReviewFramework
from reviews.pdf import SECTIONS, render_review_pdf
from tests.http import close_response
from tests.meetings.conftest import seat_the_board
from tests.reviews.conftest import HALLMARKS, at, days_from_today, open_review, rate_all
from tests.worker import DATABASE_TASKS, run_the_worker
from workplan import services as workplan_services
from workplan.models import Indicator, WorkplanItem

CANARY = "CANARY-51d9"
PUBLIC_ITEM = "Night-time economy: summer plan"
PLACE = "Council chamber, Northdale House"
SVG = "{http://www.w3.org/2000/svg}"
PRESENT, APOLOGIES = Attendance.Status.PRESENT, Attendance.Status.APOLOGIES


def url(name, *args):
    return reverse(f"reviews:{name}", args=["northdale", *args])


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, [page.extract_text() for page in reader.pages]


def flat(text):
    """Extracted text with its line breaks and runs of spaces made single spaces, so a phrase cannot be split."""
    return " ".join(text.split())


# The year's records ---------------------------------------------------------------------------------


def hold_board_meetings(world):
    """Three board meetings held in the review year (and one cancelled): the council came to all three, the
    police to two, the fire service to one. The last has a public item and a confidential one (the CANARY)."""
    alice, board, people = world.users["alice"], world.groups["board"], world.people
    seat_the_board(world, board)
    came = {
        -300: [("alice", PRESENT), ("leo", PRESENT), ("fred", PRESENT)],
        -200: [("alice", PRESENT), ("leo", PRESENT), ("fred", APOLOGIES)],
        -100: [("alice", PRESENT), ("leo", APOLOGIES), ("maya", PRESENT)],
    }
    meetings = {}
    for days, entries in came.items():
        meeting = meeting_services.meeting_create(
            partnership=world.northdale, group=board, starts_at=at(days_from_today(days)), location=PLACE, by=alice
        )
        meeting_services.attendance_record(
            meeting=meeting, entries=[(people[name], status, None) for name, status in entries], by=alice
        )
        meetings[days] = meeting
    cancelled = meeting_services.meeting_create(
        partnership=world.northdale, group=board, starts_at=at(days_from_today(-50)), location=PLACE, by=alice
    )
    meeting_services.meeting_cancel(meeting=cancelled, by=alice, reason="Not quorate")

    last = meetings[-100]
    meeting_services.agenda_item_create(meeting=last, title=PUBLIC_ITEM, by=alice)
    secret = meeting_services.agenda_item_create(
        meeting=last,
        title=f"Operation {CANARY}: a family at risk",
        description=f"Multi-agency response to the household named in {CANARY}.",
        is_confidential=True,
        confidential_reason="Personal information about a family.",
        by=alice,
    )
    meeting_services.minutes_write(item=secret, discussion=f"The board agreed the plan for {CANARY}.", by=alice)
    meeting_services.decision_record(
        partnership=world.northdale,
        item=secret,
        wording=f"Fund the safety plan for {CANARY}.",
        decided_on=days_from_today(-100),
        is_confidential=True,
        by=alice,
    )
    meeting_services.decision_record(
        partnership=world.northdale,
        meeting=last,
        wording="Adopt the summer plan for the town centre.",
        decided_on=days_from_today(-100),
        by=alice,
    )
    return meetings


def make_workplan(world):
    """A plan for the review year with one item under way, one complete, and an indicator that meets its target."""
    alice, police = world.users["alice"], world.agencies["police"]
    plan = workplan_services.workplan_create(
        partnership=world.northdale,
        title="Community safety plan, past year",
        starts=days_from_today(-365),
        ends=days_from_today(200),
        by=alice,
    )
    priority = workplan_services.priority_create(workplan=plan, title="Reduce anti-social behaviour", by=alice)
    objective = workplan_services.objective_create(priority=priority, title="Fewer repeat callers", by=alice)
    for title, status in [("Hotspot patrols", WorkplanItem.Status.ON_TRACK), ("Youth outreach", "complete")]:
        item = workplan_services.item_create(
            workplan=plan,
            objective=objective,
            title=title,
            lead_agency=police,
            responsible_officer=world.people["leo"],
            starts=days_from_today(-300),
            due=days_from_today(30),
            by=alice,
        )
        workplan_services.progress_log(
            item=item, author=world.people["leo"], by=alice, narrative="Going well.", status=status
        )
    indicator = workplan_services.indicator_create(
        partnership=world.northdale,
        name="Repeat calls about anti-social behaviour",
        unit="calls a month",
        baseline=120,
        target=100,
        direction=Indicator.Direction.DOWN,
        agency=police,
        by=alice,
    )
    workplan_services.indicator_value_record(indicator=indicator, period=days_from_today(-60), value=95, by=alice)
    return plan, objective


def submit(agency_return, rating, *, person, user, evidence=""):
    rate_all(agency_return, rating, by=user)
    if evidence:
        first = agency_return.review.framework.questions.order_by("order").first()
        services.answers_save(agency_return=agency_return, answers={first: (rating, evidence, "")}, by=user)
    return services.return_submit(agency_return=agency_return, submitter=person, by=user)


@pytest.fixture
def hallmarks(db):
    return ReviewFramework.objects.get(partnership=None, name=HALLMARKS)


@pytest.fixture
def earlier_review(world, hallmarks):
    """The review of the year before, every return rated 2, being consolidated."""
    review = open_review(world, hallmarks, title="Annual review, year before", period_start=days_from_today(-730))
    users, people = world.users, world.people
    for agency, name in [("council", "alice"), ("police", "leo"), ("fire", "fred")]:
        submit(review.returns.get(agency=world.agencies[agency]), 2, person=people[name], user=users[name])
    return services.review_consolidate(review=review, by=users["alice"])


@pytest.fixture
def consolidating(world, hallmarks, earlier_review):
    """This year's review (Home Office hallmarks), all three returns submitted, the police's late, findings and a
    recommendation carried into the workplan, with the year's meetings, decisions and workplan behind it."""
    users, people, alice = world.users, world.people, world.users["alice"]
    hold_board_meetings(world)
    plan, objective = make_workplan(world)
    review = open_review(world, hallmarks, title="Annual review, past year", period_start=days_from_today(-365))
    submit(review.returns.get(agency=world.agencies["council"]), 4, person=people["alice"], user=alice)
    submit(
        review.returns.get(agency=world.agencies["police"]),
        3,
        person=people["leo"],
        user=users["leo"],
        evidence="Neighbourhood teams attended every ward panel.",
    )
    submit(review.returns.get(agency=world.agencies["fire"]), 2, person=people["fred"], user=users["fred"])
    review = services.review_consolidate(review=review, by=alice)
    first = review.framework.questions.order_by("order").first()
    services.finding_add(review=review, text="Leadership is strong but attendance is uneven.", question=first, by=alice)
    recommendation = services.recommendation_add(review=review, text="Agree a deputy for each agency.", by=alice)
    services.recommendation_to_workplan(
        recommendation=recommendation,
        workplan=plan,
        objective=objective,
        lead_agency=world.agencies["police"],
        responsible_officer=people["leo"],
        starts=days_from_today(1),
        due=days_from_today(90),
        by=alice,
    )
    return review


@pytest.fixture
def approved(world, consolidating, media):
    return services.review_approve(review=consolidating, approver=world.people["carol"], by=world.users["carol"])


# The PDF ------------------------------------------------------------------------------------------------


def test_the_draft_holds_every_section_with_its_page_in_the_contents(world, consolidating):
    response = client_for(world.users["maya"]).get(url("pdf", consolidating.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    _, pages = pdf_text(response.content)
    text = flat("\n".join(pages))
    for _, heading in SECTIONS:
        assert heading in text
    contents = flat(pages[1])
    assert "Contents" in contents
    for _, heading in SECTIONS:
        assert heading in contents


def test_a_review_just_opened_has_a_draft_with_nothing_rated_yet(world, hallmarks):
    review = open_review(world, hallmarks, title="Annual review, past year", period_start=days_from_today(-365))

    response = client_for(world.users["leo"]).get(url("pdf", review.pk))

    text = flat("\n".join(pdf_text(response.content)[1]))
    assert "0 of 3 member agencies submitted a return" in text
    assert "Not rated in any submitted return." in text
    assert "there is no earlier year to compare with yet" in text
    assert "No agency has submitted a return." in text


def test_every_page_of_the_draft_is_marked_draft(world, consolidating):
    response = client_for(world.users["alice"]).get(url("pdf", consolidating.pk))

    _, pages = pdf_text(response.content)
    assert len(pages) > 5
    assert all("DRAFT" in page for page in pages)


def test_the_pdf_gives_the_right_figures_for_the_year(world, consolidating):
    content, page_count = render_review_pdf(consolidating, user=world.users["alice"], draft=True)

    reader, pages = pdf_text(content)
    text = flat("\n".join(pages))
    assert page_count == len(reader.pages)
    # Attendance of the three board meetings held (council 3, police 2, fire 1); the cancelled one not counted.
    assert "Northdale District Council Responsible authority 3 3 100%" in text
    assert "Shire Constabulary Responsible authority 2 3 67%" in text
    assert "Shire Fire and Rescue Service Required to cooperate 1 3 33%" in text
    assert "3 held of 4 planned; 1 cancelled" in text
    assert "2 recorded, 0 of them by correspondence" in text
    # Workplan and indicators.
    assert "Reduce anti-social behaviour 0 1 0 0 1 0 2" in text
    assert "Repeat calls about anti-social behaviour" in text
    assert "Meets the target" in text
    # Results: every question rated 4, 3 and 2 by the three agencies.
    assert "Mean 3 from 3 ratings; spread 2: the partners disagree." in text
    assert "1 – Not in place: 0; 2 – Partly in place: 1; 3 – Mostly in place: 1; 4 – Fully in place: 1" in text
    assert "3 of 3 member agencies submitted a return" in text
    # Year on year, against the review before (every rating 2).
    assert "All questions 2.00 3.00" in text
    assert "Shire Constabulary 2.00 3.00" in text
    # Findings, recommendations and the workplan item each became; the returns in the appendix.
    assert "Leadership is strong but attendance is uneven." in text
    assert "Became workplan item “Agree a deputy for each agency.” in Community safety plan, past year" in text
    assert "Neighbourhood teams attended every ward panel." in text
    assert "Submitted by Leo Lewis" in text


def test_no_confidential_material_or_agenda_wording_enters_the_pdf(world, consolidating, media):
    carol = world.users["carol"]
    draft = client_for(world.users["alice"]).get(url("pdf", consolidating.pk)).content
    final, _ = render_review_pdf(consolidating, user=carol)

    for content in (draft, final):
        _, pages = pdf_text(content)
        text = flat("\n".join(pages))
        assert CANARY not in text
        assert "family at risk" not in text
        # No agenda item titles or decision wording at all, public or not: the review counts, it does not quote.
        assert PUBLIC_ITEM not in text
        assert "Adopt the summer plan" not in text


def test_the_pdf_is_tagged_and_titled(world, consolidating):
    content, _ = render_review_pdf(consolidating, user=world.users["alice"])

    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Annual review, past year"


def test_the_final_document_names_the_approving_chair_and_is_not_a_draft(world, approved):
    document = approved.documents.get()
    with document.file.open("rb") as stored:
        _, pages = pdf_text(stored.read())
    text = flat("\n".join(pages))

    assert "DRAFT" not in text
    assert "Approved by Carol Chen on" in text
    assert document.pages == len(pages)


# The stored document -----------------------------------------------------------------------------------


def test_an_approved_review_serves_its_stored_pdf_unchanged(world, approved):
    document = ReviewDocument.objects.get(review=approved)
    client = client_for(world.users["maya"])

    first = client.get(url("pdf", approved.pk))
    second = client.get(url("pdf", approved.pk))

    assert first.status_code == second.status_code == 200
    body = b"".join(first.streaming_content)
    assert body == b"".join(second.streaming_content)
    assert hashlib.sha256(body).hexdigest() == document.sha256
    assert first["ETag"] == f'"{document.sha256}"'
    assert ReviewDocument.objects.filter(review=approved).count() == 1


def test_a_browser_holding_the_current_document_is_told_it_has_not_changed(world, approved):
    document = approved.documents.get()

    response = client_for(world.users["maya"]).get(url("pdf", approved.pk), HTTP_IF_NONE_MATCH=f'"{document.sha256}"')

    assert response.status_code == 304


def test_a_stored_version_is_served_by_its_number(world, approved):
    document = approved.documents.get()
    client = client_for(world.users["leo"])

    response = client.get(url("document", approved.pk, document.version))

    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == document.sha256
    assert client.get(url("document", approved.pk, document.version + 1)).status_code == 404


def test_a_correction_is_a_new_version_and_the_old_one_is_kept(world, approved):
    carol = world.users["carol"]
    finding = approved.findings.get()
    services.finding_correct(finding=finding, text="Leadership is strong.", by=carol, reason="Typing error")
    content, pages = render_review_pdf(approved, user=carol)
    services.document_store(review=approved, pdf_bytes=content, pages=pages, by=carol, reason="Typing error")
    client = client_for(world.users["maya"])

    latest = b"".join(client.get(url("pdf", approved.pk)).streaming_content)
    first = b"".join(client.get(url("document", approved.pk, 1)).streaming_content)

    assert hashlib.sha256(latest).hexdigest() == approved.documents.get(version=2).sha256
    assert hashlib.sha256(first).hexdigest() == approved.documents.get(version=1).sha256


# Charts ------------------------------------------------------------------------------------------------


def svg_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}script") is None
    return root


def test_a_question_chart_is_an_accessible_svg_of_its_ratings(world, consolidating):
    question = consolidating.framework.questions.order_by("order").first()

    response = client_for(world.users["maya"]).get(url("chart_question", consolidating.pk, question.pk))

    root = svg_of(response)
    assert root.find(f"{SVG}title").text == f"Question {question.order}: ratings"
    description = root.find(f"{SVG}desc").text
    assert "ratings from 3 submitted returns" in description
    assert "1 rated it 2 – Partly in place" in description
    policy = response["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'none'" in policy


def test_the_pages_keep_the_strict_policy(world, consolidating):
    response = client_for(world.users["maya"]).get(reverse("partnership:dashboard", args=["northdale"]))

    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_a_question_of_another_framework_has_no_chart(world, consolidating, earlier_review):
    nacro_question = ReviewFramework.objects.get(partnership=None, name__startswith="Nacro").questions.first()

    response = client_for(world.users["maya"]).get(url("chart_question", consolidating.pk, nacro_question.pk))

    assert response.status_code == 404


def test_the_year_on_year_chart_lays_each_review_over_the_questions(world, consolidating):
    response = client_for(world.users["maya"]).get(url("chart_year_on_year"))

    description = svg_of(response).find(f"{SVG}desc").text
    assert "Mean rating (1 to 4) of each of 6 questions in each review" in description
    assert "Annual review, year before: mean 2; Annual review, past year: mean 3." in description


def test_the_year_on_year_chart_by_agency_has_a_group_per_agency(world, earlier_review, consolidating):
    response = client_for(world.users["maya"]).get(url("chart_year_on_year") + "?by=agency")

    description = svg_of(response).find(f"{SVG}desc").text
    before, past = year_label(earlier_review), year_label(consolidating)
    assert f"Shire Constabulary: {before} 2, {past} 3" in description
    assert f"Northdale District Council: {before} 2, {past} 4" in description


def test_the_year_on_year_chart_can_name_its_framework(world, consolidating):
    response = client_for(world.users["maya"]).get(url("chart_year_on_year"), {"framework": "No such framework"})

    assert svg_of(response).find(f"{SVG}desc").text == "No review has submitted ratings to compare yet."


def test_the_year_on_year_chart_with_no_reviews_says_so(world):
    root = svg_of(client_for(world.users["maya"]).get(url("chart_year_on_year")))

    assert root.find(f"{SVG}desc").text == "No review has submitted ratings to compare yet."


# Who may see --------------------------------------------------------------------------------------------


def output_urls(review):
    question = review.framework.questions.first()
    return [
        url("pdf", review.pk),
        url("document", review.pk, 1),
        url("chart_question", review.pk, question.pk),
        url("chart_year_on_year"),
    ]


def test_outsiders_get_404_for_every_output(world, approved):
    client = client_for(world.users["charlie"])

    for address in output_urls(approved):
        assert client.get(address).status_code == 404, address


def test_anonymous_visitors_are_asked_to_sign_in(world, approved):
    for address in output_urls(approved):
        response = Client().get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(reverse("account_login"))


def test_another_partnerships_review_is_404_even_to_its_own_coordinator(world, approved):
    client = client_for(world.users["charlie"])

    response = client.get(reverse("reviews:pdf", args=["southvale", approved.pk]))

    assert response.status_code == 404


def test_a_review_not_yet_approved_has_no_stored_versions(world, consolidating):
    response = client_for(world.users["alice"]).get(url("document", consolidating.pk, 1))

    assert response.status_code == 404


def test_the_draft_names_no_approver(world, consolidating):
    content, _pages = render_review_pdf(consolidating, user=world.users["carol"], draft=True)

    text = flat("\n".join(pdf_text(content)[1]))
    assert "Draft, not approved: the review is being consolidated" in text
    assert "Approved by" not in text


# The PDF made by a background worker ---------------------------------------------------------------------
#
# The rest of the suite runs tasks at once (tests/settings.py); here the real database backend queues them
# and the real worker command (`db_worker`) runs them, as in production.


def approve_queued(world, consolidating, settings):
    settings.TASKS = DATABASE_TASKS
    return services.review_approve(review=consolidating, approver=world.people["carol"], by=world.users["carol"])


def test_approving_queues_the_pdf_and_the_worker_stores_it(world, consolidating, media, settings):
    review = approve_queued(world, consolidating, settings)
    assert not review.documents.exists()
    assert DBTaskResult.objects.get(id=review.document_task_id).status == TaskResultStatus.READY
    coordinator = client_for(world.users["alice"])
    page = coordinator.get(url("review", review.pk))
    assert "PDF is being prepared" in page.text
    assert url("pdf", review.pk) not in page.text
    assert coordinator.get(url("pdf", review.pk)).status_code == 404

    run_the_worker()

    document = review.documents.get()
    assert (document.version, document.reason, document.created_by) == (
        1,
        "Approved by the chair",
        world.users["carol"],
    )
    assert DBTaskResult.objects.get(id=review.document_task_id).status == TaskResultStatus.SUCCESSFUL
    page = coordinator.get(url("review", review.pk))
    assert "being prepared" not in page.text and url("pdf", review.pk) in page.text
    response = coordinator.get(url("pdf", review.pk))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    close_response(response)
    assert hashlib.sha256(content).hexdigest() == document.sha256
    _, pages = pdf_text(content)
    assert "Carol" in flat(" ".join(pages))


def test_a_failed_pdf_is_shown_to_the_coordinator_who_has_it_made_again(world, consolidating, media, settings):
    review = approve_queued(world, consolidating, settings)
    with mock.patch.object(services, "render_review_pdf", side_effect=RuntimeError("fonts missing")):
        run_the_worker()
    assert DBTaskResult.objects.get(id=review.document_task_id).status == TaskResultStatus.FAILED
    assert not review.documents.exists()
    chair_page = client_for(world.users["carol"]).get(url("review", review.pk)).text
    assert "could not be made (builtins.RuntimeError)" in chair_page and "The coordinator can try again" in chair_page
    assert url("document_retry", review.pk) not in chair_page
    coordinator = client_for(world.users["alice"])
    assert url("document_retry", review.pk) in coordinator.get(url("review", review.pk)).text

    assert coordinator.post(url("document_retry", review.pk)).status_code == 302
    assert "PDF is being prepared" in coordinator.get(url("review", review.pk)).text
    run_the_worker()
    assert review.documents.get().reason == "Approved by the chair"


def test_the_worker_s_task_stores_each_version_once_however_often_it_runs(world, approved):
    by = world.users["carol"]
    with mock.patch.object(services, "render_review_pdf", return_value=(b"%PDF-1.7 again", 1)) as render:
        assert services.review_document_render.call(approved.pk, 1, by.pk, "Approved by the chair").startswith(
            "version 1 was already stored"
        )
        render.assert_not_called()
        services.review_document_render.call(approved.pk, 2, by.pk, "Correction: a typo")
        services.review_document_render.call(approved.pk, 2, by.pk, "Correction: a typo")
    assert list(approved.documents.order_by("version").values_list("version", flat=True)) == [1, 2]


def test_a_correction_is_made_by_the_worker_too(world, approved, settings):
    settings.TASKS = DATABASE_TASKS
    finding = approved.findings.first()
    coordinator = client_for(world.users["alice"])
    response = coordinator.post(
        url("correct", approved.pk), {"finding": finding.pk, "text": "Corrected text.", "reason": "A typing slip"}
    )
    assert response.status_code == 302
    assert approved.documents.count() == 1
    page = coordinator.get(url("review", approved.pk)).text
    assert "new version of the approved review's PDF is being prepared" in page
    run_the_worker()
    assert list(approved.documents.order_by("version").values_list("version", "reason")) == [
        (1, "Approved by the chair"),
        (2, "Correction: A typing slip"),
    ]
