"""Outputs of the workplan: the timeline page, the charts as SVG images, the plan as PDF, the items and
indicator values as CSV, and the CSV import of items with its dry run."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.responses import csv_response, pdf_response, svg_policy, svg_response
from members.pages import partnership_page
from workplan import charts, csv_io, pdf, selectors, timeline
from workplan.models import STALE_AFTER_WEEKS


@partnership_page()
@require_GET
def timeline_page(request, partnership, pk):
    plan = selectors.workplan_get_for_user(request.user, partnership, pk)
    drawn = timeline.build(plan)
    return render(
        request,
        "workplan/timeline.html",
        {
            "partnership": partnership,
            "plan": plan,
            "timeline": drawn,
            "svg": timeline.svg(drawn) if drawn.groups else "",
            "stale_weeks": STALE_AFTER_WEEKS,
            "view": "timeline",
        },
    )


@partnership_page()
@require_GET
@svg_policy
def chart_status_priority(request, partnership, pk):
    plan = selectors.workplan_get_for_user(request.user, partnership, pk)
    return svg_response(charts.plan_status_chart(plan, "priority"))


@partnership_page()
@require_GET
@svg_policy
def chart_status_agency(request, partnership, pk):
    plan = selectors.workplan_get_for_user(request.user, partnership, pk)
    return svg_response(charts.plan_status_chart(plan, "agency"))


@partnership_page()
@require_GET
@svg_policy
def chart_indicator(request, partnership, pk):
    indicator = selectors.indicator_get_for_user(request.user, partnership, pk)
    return svg_response(charts.indicator_svg(indicator))


@partnership_page()
@require_GET
def plan_pdf(request, partnership, pk):
    plan = selectors.workplan_get_for_user(request.user, partnership, pk)
    return pdf_response(pdf.plan_pdf(request.user, plan, request=request), pdf.filename(plan))


@partnership_page()
@require_GET
def items_csv(request, partnership, pk):
    plan = selectors.workplan_get_for_user(request.user, partnership, pk)
    response = csv_response(csv_io.filename("workplan-items", partnership))
    csv_io.write_items(response, plan)
    return response


@partnership_page()
@require_GET
def values_csv(request, partnership):
    indicators = selectors.indicators_visible_to(request.user, partnership)
    response = csv_response(csv_io.filename("indicator-values", partnership))
    csv_io.write_values(response, indicators)
    return response


@partnership_page()
@require_http_methods(["GET", "POST"])
def import_items(request, partnership, pk):
    """Step one uploads a file and shows the dry run; step two (the "Import" button) commits it."""
    plan = selectors.workplan_get_for_user(request.user, partnership, pk, change=True)
    context = {"partnership": partnership, "plan": plan, "headings": csv_io.HEADINGS}
    upload = csv_io.UploadForm(plan=plan)
    if request.method == "POST" and request.POST.get("step") == "commit":
        commit = csv_io.CommitForm(request.POST, plan=plan)
        if commit.is_valid():
            try:
                result = csv_io.commit(plan=plan, text=commit.cleaned_data["text"], by=request.user)
            except ValidationError as error:
                upload.add_error("file", error)
            else:
                if result.ok:
                    count = len(result.rows)
                    messages.success(request, f"Imported {count} item{'s' if count != 1 else ''} into {plan.title}.")
                    return redirect("workplan:workplan", partnership.slug, plan.pk)
                # Something changed since the dry run (an officer left, an item was added): nothing is saved.
                context.update(check=result, form=upload, rechecked=True)
                return render(request, "workplan/import_check.html", context)
        else:
            upload.add_error("file", "Upload the file again: the checked file did not come back with the form.")
    elif request.method == "POST":
        upload = csv_io.UploadForm(request.POST, request.FILES, plan=plan)
        if upload.is_valid():
            return render(
                request,
                "workplan/import_check.html",
                {**context, "check": upload.check, "form": csv_io.UploadForm(plan=plan)},
            )
    return render(request, "workplan/import.html", {**context, "form": upload})
