"""Pages of ASB case reviews: the published figures and procedure, the register of the applications a
person handles, and each application's restricted file (details, incidents, threshold, review,
recommendations, handlers, access log and history).

An application is seen only by its current handlers: the selectors give anyone else a 404, whatever their
role in the partnership. Every page of an application records the visit in its access log.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casereviews import rules, selectors, services
from casereviews.forms_asb import (
    ApplicationEditForm,
    ApplicationRecordForm,
    HandlerForm,
    IncidentForm,
    ProcedureForm,
    RecommendationForm,
    ThresholdForm,
)
from casereviews.models import AsbApplication
from core.access import require
from core.forms import apply_service_errors
from core.history import history_rows
from core.paging import paginate
from members import selectors as member_selectors
from members.pages import partnership_page

Threshold = AsbApplication.Threshold


def application_status(application):
    """Where the application is, in words (from its own fields: no query)."""
    if application.threshold == Threshold.PENDING:
        return "Awaiting the threshold decision"
    if application.escalation_requested_on and not application.escalation_decided_on:
        return "Being looked at again at the applicant's request"
    if application.threshold == Threshold.NOT_MET:
        return "Threshold not met"
    if not application.review_on:
        return "Threshold met: review to be held"
    if not application.applicant_told_outcome_on:
        return "Review held: applicant to be told the outcome"
    return "Review held: applicant told the outcome"


def _application_url(partnership, application, anchor=""):
    return reverse("casereviews:asb_application", args=[partnership.slug, application.pk]) + anchor


def _error_text(error):
    return " ".join(error.messages)


def _open(request, partnership, pk, what):
    """The application for one of its handlers (404 for anyone else); a visit (GET) is logged."""
    application = selectors.asb_application_get_for_user(request.user, partnership, pk)
    if request.method == "GET":
        services.access_record(user=request.user, what=what, asb_application=application)
    return application


def _form_page(request, partnership, form, *, title, back, application=None, submit="Save", intro="", inset=""):
    return render(
        request,
        "casereviews/asb/form.html",
        {
            "partnership": partnership,
            "form": form,
            "title": title,
            "application": application,
            "back": back,
            "submit": submit,
            "intro": intro,
            "inset": inset,
        },
    )


def _agencies(partnership, application=None):
    """The partnership's current member agencies, and any an application already names."""
    agencies = member_selectors.current_member_agencies(partnership)
    if application is not None and application.pk:
        agencies = (agencies | application.agencies_present.all()).distinct().order_by("name")
    return agencies


# The register, the figures and the procedure ----------------------------------------------------------


@partnership_page()
@require_GET
def asb_applications(request, partnership):
    procedure = selectors.asb_procedure_of(partnership)
    mine = list(selectors.asb_applications_visible_to(request.user, partnership))
    for application in mine:
        application.status = application_status(application)
    return render(
        request,
        "casereviews/asb/applications.html",
        {
            "partnership": partnership,
            "procedure": procedure,
            "figures": selectors.asb_figure_years(partnership, procedure),
            "figures_source": rules.FIGURES_SOURCE,
            "asb_source": rules.ASB_SOURCE,
            "applications": mine,
            "access": request.access,
        },
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def asb_procedure(request, partnership):
    require(request.access.is_coordinator)
    procedure = selectors.asb_procedure_of(partnership)
    form = ProcedureForm(request.POST or None, instance=procedure)
    if request.method == "POST" and form.is_valid():
        try:
            services.asb_procedure_save(
                partnership=partnership, by=request.user, version=form.cleaned_data["version"], **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The procedure has been saved. The public page shows it now.")
            return redirect("casereviews:asb_applications", partnership.slug)
    return _form_page(
        request,
        partnership,
        form,
        title="Edit the ASB case review procedure",
        back=reverse("casereviews:asb_applications", args=[partnership.slug]),
        intro="The procedure, its threshold and its point of contact are published on the partnership's public page "
        "(2014 Act, section 104).",
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def asb_record(request, partnership):
    require(request.access.is_coordinator)
    form = ApplicationRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.asb_application_record(partnership=partnership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Application {application.reference} has been recorded. You are handling it: add the people "
                "who will handle it with you.",
            )
            return redirect(_application_url(partnership, application))
    return _form_page(
        request,
        partnership,
        form,
        title="Record an application for an ASB case review",
        back=reverse("casereviews:asb_applications", args=[partnership.slug]),
        submit="Record the application",
        inset="Only the people handling the application will see the applicant's details. You will be its first "
        "handler.",
    )


# One application ----------------------------------------------------------------------------------------


@partnership_page()
@require_GET
def asb_application(request, partnership, pk):
    application = _open(request, partnership, pk, "Viewed the application")
    procedure = selectors.asb_procedure_of(partnership)
    qualifying = set(selectors.qualifying_incidents(application, procedure).values_list("pk", flat=True))
    incidents = list(application.incidents.select_related("reported_to"))
    for incident in incidents:
        incident.qualifies = incident.pk in qualifying
    return render(
        request,
        "casereviews/asb/application.html",
        {
            "partnership": partnership,
            "application": application,
            "status": application_status(application),
            "procedure": procedure,
            "incidents": incidents,
            "suggestion": selectors.threshold_suggestion(application, procedure),
            "agencies_present": list(application.agencies_present.order_by("name")),
            "recommendations": list(application.recommendations.select_related("agency")),
            "handlers": list(selectors.current_handlers(application)),
            "recent_access": list(selectors.access_log_of(asb_application=application)[:5]),
        },
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def asb_edit(request, partnership, pk):
    application = _open(request, partnership, pk, "Opened the application to change it")
    form = ApplicationEditForm(request.POST or None, instance=application, agencies=_agencies(partnership, application))
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        changes["agencies_present"] = list(changes["agencies_present"])
        try:
            services.asb_application_update(
                application=application, by=request.user, version=form.cleaned_data["version"], **changes
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Application {application.reference} has been saved.")
            return redirect(_application_url(partnership, application))
    return _form_page(
        request,
        partnership,
        form,
        title="Change the application and its review",
        application=application,
        back=_application_url(partnership, application),
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def asb_incident_add(request, partnership, pk):
    application = _open(request, partnership, pk, "Opened the form to add an incident")
    form = IncidentForm(request.POST or None, agencies=_agencies(partnership))
    if request.method == "POST" and form.is_valid():
        try:
            services.asb_incident_add(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The incident has been added.")
            return redirect(_application_url(partnership, application, "#incidents"))
    return _form_page(
        request,
        partnership,
        form,
        title="Add an incident",
        application=application,
        back=_application_url(partnership, application, "#incidents"),
        submit="Add the incident",
        intro="A report of the behaviour to an agency. Reports made in the threshold's period before the application "
        "count towards the threshold.",
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def asb_threshold(request, partnership, pk):
    application = _open(request, partnership, pk, "Opened the threshold decision")
    procedure = selectors.asb_procedure_of(partnership)
    decided = application.threshold != Threshold.PENDING
    form = None if decided else ThresholdForm(request.POST or None, instance=application)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.asb_threshold_decide(
                application=application, by=request.user, version=form.cleaned_data["version"], **form.changes()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            met = form.cleaned_data["threshold"] == Threshold.MET
            messages.success(
                request,
                "The threshold is met: arrange the review." if met else "The threshold is not met: tell the applicant.",
            )
            return redirect(_application_url(partnership, application, "#threshold"))
    if request.method == "POST" and decided:
        messages.error(request, services.THRESHOLD_ALREADY)
        return redirect(_application_url(partnership, application, "#threshold"))
    return render(
        request,
        "casereviews/asb/threshold.html",
        {
            "partnership": partnership,
            "application": application,
            "form": form,
            "procedure": procedure,
            "suggestion": selectors.threshold_suggestion(application, procedure),
            "back": _application_url(partnership, application, "#threshold"),
        },
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def asb_recommendation_add(request, partnership, pk):
    application = _open(request, partnership, pk, "Opened the form to add a recommendation")
    form = RecommendationForm(request.POST or None, agencies=_agencies(partnership))
    if request.method == "POST" and form.is_valid():
        try:
            services.asb_recommendation_add(application=application, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The recommendation has been added.")
            return redirect(_application_url(partnership, application, "#recommendations"))
    return _form_page(
        request,
        partnership,
        form,
        title="Add a recommendation",
        application=application,
        back=_application_url(partnership, application, "#recommendations"),
        submit="Add the recommendation",
        intro="What the review recommends an agency does. Each year's published figures count the reviews that led "
        "to recommendations.",
    )


@partnership_page()
@require_POST
def asb_recommendation_done(request, partnership, pk):
    recommendation = selectors.asb_recommendation_get_for_user(request.user, partnership, pk)
    services.asb_recommendation_done(recommendation=recommendation, by=request.user)
    messages.success(request, "The recommendation is marked as done.")
    return redirect(_application_url(partnership, recommendation.application, "#recommendations"))


@partnership_page()
@require_http_methods(["GET", "POST"])
def asb_handler_add(request, partnership, pk):
    application = _open(request, partnership, pk, "Opened the form to add a handler")
    form = HandlerForm(request.POST or None, people=member_selectors.current_people(partnership))
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.asb_handler_add(application=application, person=person, by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{person.full_name} is now handling the application and can open it.")
            return redirect(_application_url(partnership, application, "#handlers"))
    return _form_page(
        request,
        partnership,
        form,
        title="Add a handler",
        application=application,
        back=_application_url(partnership, application, "#handlers"),
        submit="Add the handler",
        inset="A handler sees everything on the application, including the applicant's name, contact details and "
        "address. Add only the people who need to handle it.",
    )


@partnership_page()
@require_POST
def asb_handler_remove(request, partnership, pk):
    handler = selectors.asb_handler_get_for_user(request.user, partnership, pk)
    application = handler.application
    try:
        services.asb_handler_remove(handler=handler, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(_application_url(partnership, application, "#handlers"))
    if handler.person.user_id == request.user.pk:
        messages.success(
            request, f"You no longer handle application {application.reference}: you cannot open it any more."
        )
        return redirect("casereviews:asb_applications", partnership.slug)
    messages.success(
        request, f"{handler.person.full_name} no longer handles the application and cannot open it any more."
    )
    return redirect(_application_url(partnership, application, "#handlers"))


@partnership_page()
@require_GET
def asb_access_log(request, partnership, pk):
    application = _open(request, partnership, pk, "Viewed the access log")
    page = paginate(request, selectors.access_log_of(asb_application=application))
    return render(
        request,
        "casereviews/asb/access_log.html",
        {"partnership": partnership, "application": application, "page_obj": page},
    )


@partnership_page()
@require_GET
def asb_history(request, partnership, pk):
    application = _open(request, partnership, pk, "Viewed the history")
    return render(
        request,
        "casereviews/asb/history.html",
        {"partnership": partnership, "application": application, "rows": history_rows(application)},
    )
