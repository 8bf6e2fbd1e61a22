"""Pages of domestic abuse related death reviews: the landing page of case reviews, the notification, the
case file (decision, clocks, panel, agency reports, chronology, family, proceedings, report versions, quality
assurance, publication, action plan), its access log and history, and the action plan PDF for the board.

A case is seen only by the people on it: the selectors give anyone else a 404, and someone on the case who
may not do a thing a 403. Every page and download of a case file is written in its access log.
"""

import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casereviews import rules, selectors, services
from casereviews.forms_death import (
    AgencyReportRequestForm,
    AgencyReportSubmitForm,
    BoardReportForm,
    CaseEditForm,
    ChronologyEntryForm,
    DecideForm,
    FamilyContactForm,
    NotifyForm,
    PanelMemberForm,
    ProceedingEndForm,
    ProceedingForm,
    PublishForm,
    QualityOutcomeForm,
    QualitySubmitForm,
    RecommendationForm,
    RecommendationProgressForm,
    ReportVersionForm,
)
from casereviews.models import QualityAssurance
from casereviews.pdf import render_action_plan_pdf
from core import csv_export
from core.access import require
from core.forms import apply_service_errors
from core.history import history_rows
from core.paging import paginate
from core.responses import csv_response, file_response, pdf_response
from members import selectors as member_selectors
from members.pages import partnership_page


def _case_url(partnership, case, anchor=""):
    return reverse("casereviews:death_review", args=[partnership.slug, case.pk]) + anchor


def _error_text(error):
    return " ".join(error.messages)


def _agencies(partnership):
    return member_selectors.current_member_agencies(partnership)


def _form_page(request, partnership, form, *, title, back, case=None, submit="Save", intro="", upload=False):
    return render(
        request,
        "casereviews/death/form.html",
        {
            "partnership": partnership,
            "form": form,
            "title": title,
            "case": case,
            "back": back,
            "submit": submit,
            "intro": intro,
            "upload": upload,
        },
    )


def _next_deadline(case, today):
    open_clocks = [clock for clock in selectors.clocks(case, today) if clock["done"] is None]
    return min(open_clocks, key=lambda clock: clock["due"], default=None)


# The landing page ------------------------------------------------------------------------------------


@partnership_page()
@require_GET
def case_reviews(request, partnership):
    today = timezone.localdate()
    mine = list(
        selectors.death_reviews_visible_to(request.user, partnership).prefetch_related(
            "proceedings", "quality_assurance", "recommendations"
        )
    )
    rows = [{"case": case, "stage": selectors.stage(case, today), "next": _next_deadline(case, today)} for case in mine]
    return render(
        request,
        "casereviews/case_reviews.html",
        {
            "partnership": partnership,
            "rows": rows,
            "counts": selectors.cases_in_progress(partnership),
            "access": request.access,
            "may_notify": request.access.is_coordinator or request.access.is_chair,
            "source": rules.DARDR_SOURCE,
        },
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def death_review_notify(request, partnership):
    require(request.access.is_coordinator or request.access.is_chair)
    form = NotifyForm(request.POST or None, agencies=_agencies(partnership))
    if request.method == "POST" and form.is_valid():
        try:
            case = services.death_review_notify(partnership=partnership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{case.reference} has been recorded. Only you and the partnership's chair can see it: add the "
                "panel when the review is decided.",
            )
            return redirect(_case_url(partnership, case))
    return _form_page(
        request,
        partnership,
        form,
        title="Record the notification of a death",
        back=reverse("casereviews:case_reviews", args=[partnership.slug]),
        submit="Record the notification",
        intro="The case file is seen only by the people named on it: you as its case manager and the partnership's "
        "chair, who decides whether to hold a review. Nobody else, other coordinators and site administrators "
        "included, can find it.",
    )


# The case file ---------------------------------------------------------------------------------------


@partnership_page()
@require_GET
def death_review(request, partnership, pk):
    case = selectors.death_review_get_for_user(request.user, partnership, pk)
    services.access_record(user=request.user, what="Viewed the case file", death_review=case)
    case = selectors.death_review_for_page(case)
    today = timezone.localdate()
    rights = selectors.case_rights(request.user, case)
    reports = list(selectors.agency_reports_of(case))
    mine = selectors.reports_i_may_submit(request.user, case)
    open_qa = next((q for q in case.quality_assurance.all() if q.outcome == QualityAssurance.Outcome.PENDING), None)
    return render(
        request,
        "casereviews/death/case.html",
        {
            "partnership": partnership,
            "case": case,
            "rights": rights,
            "stage": selectors.stage(case, today),
            "clocks": selectors.clocks(case, today),
            "panel": list(selectors.current_panel(case)),
            "reports": [{"report": r, "mine": r.pk in mine} for r in reports],
            "chronology_count": case.chronology.count(),
            "family": list(case.family_contacts.all()),
            "proceedings": list(case.proceedings.all()),
            "versions": list(selectors.report_versions_of(case)),
            "quality_assurance": sorted(case.quality_assurance.all(), key=lambda q: (q.submitted_on, q.pk)),
            "open_qa": open_qa,
            "can_publish": selectors.can_publish(case) and not case.published_on,
            "published": getattr(case, "published_report", None) if case.published_on else None,
            "recommendations": list(case.recommendations.all()),
            "board_reports": list(case.board_reports.select_related("meeting")),
            "proceeding_end_form": ProceedingEndForm(initial={"ended_on": today}),
            "qa_form": QualitySubmitForm(initial={"submitted_on": today}),
            "today": today,
        },
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def death_review_edit(request, partnership, pk):
    case = selectors.death_review_get_for_user(request.user, partnership, pk, change=True)
    form = CaseEditForm(request.POST or None, instance=case, agencies=_agencies(partnership))
    if request.method == "POST" and form.is_valid():
        try:
            services.death_review_update(
                case=case, by=request.user, version=form.cleaned_data["version"], **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The case's details have been saved.")
            return redirect(_case_url(partnership, case))
    return _form_page(
        request, partnership, form, title="Change the case's details", back=_case_url(partnership, case), case=case
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def death_review_decide(request, partnership, pk):
    case = selectors.death_review_get_for_user(request.user, partnership, pk, decide=True)
    if case.decision != case.Decision.PENDING:
        messages.error(request, services.ALREADY_DECIDED)
        return redirect(_case_url(partnership, case))
    form = DecideForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.death_review_decide(
                case=case, by=request.user, version=form.cleaned_data["version"], **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The decision has been recorded.")
            return redirect(_case_url(partnership, case))
    due = rules.add_months(case.notified_on, rules.DECISION_MONTHS)
    return _form_page(
        request,
        partnership,
        form,
        title="Decide whether to hold a review",
        back=_case_url(partnership, case),
        case=case,
        submit="Record the decision",
        intro=f"Due by {due:%-d %B %Y}. {rules.DECISION_SOURCE}",
    )


# The panel ---------------------------------------------------------------------------------------------


@partnership_page()
@require_http_methods(["GET", "POST"])
def panel_add(request, partnership, pk):
    case = selectors.death_review_get_for_user(request.user, partnership, pk, manage=True)
    form = PanelMemberForm(
        request.POST or None,
        people=member_selectors.current_people(partnership).filter(user__isnull=False),
        agencies=_agencies(partnership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            seat = services.panel_member_add(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{seat.person} is on the panel as {seat.get_role_display().lower()}.")
            return redirect(_case_url(partnership, case, "#panel"))
    return _form_page(
        request,
        partnership,
        form,
        title="Add someone to the case",
        back=_case_url(partnership, case, "#panel"),
        case=case,
        submit="Add to the case",
        intro="They will see the whole case file from now on. Only people who can sign in are listed.",
    )


@partnership_page()
@require_POST
def panel_remove(request, partnership, pk):
    seat = selectors.panel_seat_get_for_user(request.user, partnership, pk, manage=True)
    case = seat.case
    try:
        services.panel_member_remove(member=seat, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, f"{seat.person} has left the {seat.get_role_display().lower()} seat: they lose access at once."
        )
    return redirect(_case_url(partnership, case, "#panel"))


# Agency reports --------------------------------------------------------------------------------------


@partnership_page()
@require_http_methods(["GET", "POST"])
def agency_report_request(request, partnership, pk):
    case = selectors.death_review_get_for_user(request.user, partnership, pk, change=True)
    form = AgencyReportRequestForm(request.POST or None, agencies=_agencies(partnership))
    if request.method == "POST" and form.is_valid():
        try:
            report = services.agency_report_request(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, f"{report.get_kind_display()} asked of {report.agency} by {report.due_on:%-d %B %Y}."
            )
            return redirect(_case_url(partnership, case, "#reports"))
    return _form_page(
        request,
        partnership,
        form,
        title="Ask an agency for a report",
        back=_case_url(partnership, case, "#reports"),
        case=case,
        submit="Ask for the report",
        intro="The agency's panel members can then submit it; add one to the panel if it has none.",
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def agency_report(request, partnership, pk):
    if request.method == "POST":
        report = selectors.agency_report_get_for_user(request.user, partnership, pk, submit=True)
    else:
        report = selectors.agency_report_get_for_user(request.user, partnership, pk)
        services.access_record(
            user=request.user,
            what=f"Viewed the {report.get_kind_display().lower()} of {report.agency}",
            death_review=report.case,
        )
    may_submit = report.submitted_at is None and selectors.can_submit_report(request.user, report)
    form = AgencyReportSubmitForm(
        request.POST or None, request.FILES or None, initial={"version": report.version, "text": report.text}
    )
    if request.method == "POST":
        if report.submitted_at is not None:
            messages.error(request, services.ALREADY_SUBMITTED)
            return redirect("casereviews:agency_report", partnership.slug, report.pk)
        if form.is_valid():
            try:
                services.agency_report_submit(
                    report=report,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    text=form.cleaned_data["text"],
                    file=form.cleaned_data["file"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request, f"The {report.get_kind_display().lower()} of {report.agency} has been submitted."
                )
                return redirect(_case_url(partnership, report.case, "#reports"))
    rights = selectors.case_rights(request.user, report.case)
    return render(
        request,
        "casereviews/death/report.html",
        {
            "partnership": partnership,
            "case": report.case,
            "report": report,
            "form": form if may_submit else None,
            "may_reopen": report.submitted_at is not None and rights["change"],
        },
    )


@partnership_page()
@require_GET
def agency_report_file(request, partnership, pk):
    report = selectors.agency_report_get_for_user(request.user, partnership, pk)
    if not report.file:
        raise Http404("No file")
    services.access_record(
        user=request.user,
        what=f"Downloaded the {report.get_kind_display().lower()} of {report.agency}",
        death_review=report.case,
    )
    try:
        handle = report.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing") from missing
    return file_response(handle, report.file_name or os.path.basename(report.file.name))


@partnership_page()
@require_POST
def agency_report_reopen(request, partnership, pk):
    report = selectors.agency_report_get_for_user(request.user, partnership, pk)
    selectors.death_review_get_for_user(request.user, partnership, report.case_id, change=True)
    services.agency_report_reopen(report=report, by=request.user)
    messages.success(request, f"The {report.get_kind_display().lower()} has been returned to {report.agency}.")
    return redirect("casereviews:agency_report", partnership.slug, report.pk)


# The chronology -----------------------------------------------------------------------------------------


@partnership_page()
@require_GET
def chronology(request, partnership, pk):
    case = selectors.death_review_get_for_user(request.user, partnership, pk)
    services.access_record(user=request.user, what="Viewed the merged chronology", death_review=case)
    agencies = selectors.chronology_agencies(request.user, partnership, case)
    return render(
        request,
        "casereviews/death/chronology.html",
        {
            "partnership": partnership,
            "case": case,
            "entries": list(selectors.merged_chronology(case)),
            "form": ChronologyEntryForm(agencies=agencies) if agencies.exists() else None,
        },
    )


@partnership_page()
@require_POST
def chronology_add(request, partnership, pk):
    case = selectors.death_review_get_for_user(request.user, partnership, pk)
    agencies = selectors.chronology_agencies(request.user, partnership, case)
    require(agencies.exists())
    form = ChronologyEntryForm(request.POST, agencies=agencies)
    if form.is_valid():
        services.chronology_entry_add(case=case, by=request.user, **form.cleaned_data)
        messages.success(request, "The entry has been added to the chronology.")
        return redirect("casereviews:chronology", partnership.slug, case.pk)
    return render(
        request,
        "casereviews/death/chronology.html",
        {"partnership": partnership, "case": case, "entries": list(selectors.merged_chronology(case)), "form": form},
    )


@partnership_page()
@require_GET
def chronology_csv(request, partnership, pk):
    case = selectors.death_review_get_for_user(request.user, partnership, pk)
    services.access_record(user=request.user, what="Downloaded the merged chronology (CSV)", death_review=case)
    response = csv_response(f"{case.reference.replace(' ', '-').replace('/', '-')}-chronology.csv")
    out = csv_export.writer(response)
    out.writerow(["date", "agency", "what happened"])
    for entry in selectors.merged_chronology(case):
        out.writerow([entry.occurred_on.isoformat(), entry.agency.name, entry.entry])
    return response


# Family, proceedings --------------------------------------------------------------------------------


@partnership_page()
@require_http_methods(["GET", "POST"])
def family_add(request, partnership, pk):
    case = selectors.death_review_get_for_user(request.user, partnership, pk, change=True)
    form = FamilyContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.family_contact_add(case=case, by=request.user, **form.cleaned_data)
        messages.success(request, "The contact with the family has been logged.")
        return redirect(_case_url(partnership, case, "#family"))
    return _form_page(
        request,
        partnership,
        form,
        title="Log contact with family or friends",
        back=_case_url(partnership, case, "#family"),
        case=case,
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def proceeding_add(request, partnership, pk):
    case = selectors.death_review_get_for_user(request.user, partnership, pk, change=True)
    form = ProceedingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.proceeding_add(case=case, by=request.user, **form.cleaned_data)
        messages.success(request, "The proceeding has been recorded: the review's clock is paused while it runs.")
        return redirect(_case_url(partnership, case, "#clocks"))
    return _form_page(
        request,
        partnership,
        form,
        title="Record a parallel proceeding",
        back=_case_url(partnership, case, "#clocks"),
        case=case,
        intro="While a criminal trial, an inquest or another proceeding runs, the review's completion date moves on.",
    )


@partnership_page()
@require_POST
def proceeding_end(request, partnership, pk):
    proceeding = selectors.proceeding_get_for_user(request.user, partnership, pk, change=True)
    case = proceeding.case
    form = ProceedingEndForm(request.POST)
    if form.is_valid():
        try:
            services.proceeding_end(proceeding=proceeding, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, "The clock has resumed.")
    else:
        messages.error(request, "Give the date the clock resumed.")
    return redirect(_case_url(partnership, case, "#clocks"))


# Report versions, quality assurance, publication -------------------------------------------------------


@partnership_page()
@require_http_methods(["GET", "POST"])
def report_version_add(request, partnership, pk):
    case = selectors.death_review_get_for_user(request.user, partnership, pk, change=True)
    form = ReportVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.report_version_add(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{version.get_kind_display()} version {version.number} has been stored.")
            return redirect(_case_url(partnership, case, "#versions"))
    return _form_page(
        request,
        partnership,
        form,
        title="Upload a version of the report",
        back=_case_url(partnership, case, "#versions"),
        case=case,
        submit="Upload",
        upload=True,
        intro="Each upload is a new version, stored with its checksum; earlier versions are kept.",
    )


@partnership_page()
@require_GET
def report_version_file(request, partnership, pk):
    version = selectors.report_version_get_for_user(request.user, partnership, pk)
    case = version.case
    services.access_record(
        user=request.user,
        what=f"Downloaded {version.get_kind_display().lower()} version {version.number}",
        death_review=case,
    )
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing") from missing
    return file_response(handle, version.file_name or os.path.basename(version.file.name), etag=f'"{version.sha256}"')


@partnership_page()
@require_POST
def qa_submit(request, partnership, pk):
    case = selectors.death_review_get_for_user(request.user, partnership, pk, manage=True)
    form = QualitySubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the date the report was sent to the panel.")
        return redirect(_case_url(partnership, case, "#quality"))
    try:
        services.quality_assurance_submit(case=case, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, "The submission to the quality-assurance panel has been recorded.")
    return redirect(_case_url(partnership, case, "#quality"))


@partnership_page()
@require_http_methods(["GET", "POST"])
def qa_outcome(request, partnership, pk):
    submission = selectors.quality_assurance_get_for_user(request.user, partnership, pk, manage=True)
    case = submission.case
    if submission.outcome != QualityAssurance.Outcome.PENDING:
        messages.error(request, services.QA_NOT_PENDING)
        return redirect(_case_url(partnership, case, "#quality"))
    form = QualityOutcomeForm(request.POST or None, instance=submission)
    if request.method == "POST" and form.is_valid():
        try:
            services.quality_assurance_outcome(submission=submission, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The panel's answer has been recorded.")
            return redirect(_case_url(partnership, case, "#quality"))
    return _form_page(
        request,
        partnership,
        form,
        title="Record the panel's answer",
        back=_case_url(partnership, case, "#quality"),
        case=case,
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def publish(request, partnership, pk):
    case = selectors.death_review_get_for_user(request.user, partnership, pk, manage=True)
    if case.published_on:
        messages.error(request, services.ALREADY_PUBLISHED)
        return redirect(_case_url(partnership, case, "#publication"))
    form = PublishForm(request.POST or None, request.FILES or None, initial={"published_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.death_review_publish(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The report is published: the public page lists it now.")
            return redirect(_case_url(partnership, case, "#publication"))
    return _form_page(
        request,
        partnership,
        form,
        title="Publish the report",
        back=_case_url(partnership, case, "#publication"),
        case=case,
        submit="Publish",
        upload=True,
        intro="The file is the redacted, pseudonymised report the quality-assurance panel approved. It is stored once, "
        "with its checksum, and the public can download it from the partnership's public pages. Nothing else from "
        "the case file is published.",
    )


# The action plan -------------------------------------------------------------------------------------


@partnership_page()
@require_http_methods(["GET", "POST"])
def recommendation_add(request, partnership, pk):
    case = selectors.death_review_get_for_user(request.user, partnership, pk, change=True)
    form = RecommendationForm(request.POST or None, agencies=_agencies(partnership))
    if request.method == "POST" and form.is_valid():
        recommendation = services.recommendation_add(case=case, by=request.user, **form.cleaned_data)
        messages.success(request, f"Recommendation {recommendation.number} has been added to the action plan.")
        return redirect(_case_url(partnership, case, "#action-plan"))
    return _form_page(
        request,
        partnership,
        form,
        title="Add a recommendation",
        back=_case_url(partnership, case, "#action-plan"),
        case=case,
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def recommendation(request, partnership, pk):
    recommendation = selectors.recommendation_get_for_user(request.user, partnership, pk)
    case = recommendation.case
    rights = selectors.case_rights(request.user, case)
    may_change = rights["change"] or recommendation.agency_id in rights["agency_ids"]
    if request.method == "POST":
        require(may_change)
    form = RecommendationProgressForm(request.POST or None, instance=recommendation)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_progress(
                recommendation=recommendation, by=request.user, version=form.cleaned_data["version"], **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Progress on recommendation {recommendation.number} has been saved.")
            return redirect(_case_url(partnership, case, "#action-plan"))
    return render(
        request,
        "casereviews/death/recommendation.html",
        {
            "partnership": partnership,
            "case": case,
            "recommendation": recommendation,
            "form": form if may_change else None,
        },
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def board_report_add(request, partnership, pk):
    case = selectors.death_review_get_for_user(request.user, partnership, pk, manage=True)
    form = BoardReportForm(
        request.POST or None,
        meetings=selectors.meetings_for_board_report(partnership),
        initial={"reported_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        services.board_report_add(case=case, by=request.user, **form.cleaned_data)
        messages.success(request, "The report to the board has been recorded.")
        return redirect(_case_url(partnership, case, "#action-plan"))
    return _form_page(
        request,
        partnership,
        form,
        title="Record the action plan's report to the board",
        back=_case_url(partnership, case, "#action-plan"),
        case=case,
        intro="Report from the action plan PDF: it names the case by its reference only.",
    )


@partnership_page()
@require_GET
def action_plan_pdf(request, partnership, pk):
    case = selectors.death_review_get_for_user(request.user, partnership, pk)
    services.access_record(user=request.user, what="Downloaded the action plan (PDF)", death_review=case)
    content = render_action_plan_pdf(case, request=request)
    return pdf_response(content, f"{case.reference.replace(' ', '-').replace('/', '-')}-action-plan.pdf")


# Access log and history -----------------------------------------------------------------------------------


@partnership_page()
@require_GET
def access_log(request, partnership, pk):
    case = selectors.death_review_get_for_user(request.user, partnership, pk, manage=True)
    page = paginate(request, selectors.access_log_of(death_review=case), per_page=50)
    return render(
        request, "casereviews/death/access_log.html", {"partnership": partnership, "case": case, "page_obj": page}
    )


@partnership_page()
@require_GET
def case_history(request, partnership, pk):
    case = selectors.death_review_get_for_user(request.user, partnership, pk, manage=True)
    services.access_record(user=request.user, what="Viewed the case's history", death_review=case)
    return render(
        request,
        "casereviews/death/history.html",
        {"partnership": partnership, "case": case, "rows": history_rows(case)},
    )
