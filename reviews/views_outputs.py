"""Outputs of the annual review: its PDF (the stored, approved document, or a draft preview made on the fly)
and its charts as SVG images. Members of the partnership only; everyone else gets 404."""

from csp.decorators import csp_replace, csp_update
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from members.pages import partnership_page
from reviews import charts, pdf, selectors
from reviews.models import AnnualReview


def _svg_policy(view):
    """The policy of a chart image, for that response only (as the workplan's charts have it).

    pygal styles a chart with a <style> element inside the SVG, which the site's policy (style-src 'self')
    would block when the SVG is opened as a document of its own; so the chart responses, and only they,
    allow inline styles. Script stays forbidden outright: the charts have none.
    """
    return csp_update({"style-src": ["'unsafe-inline'"]})(csp_replace({"script-src": ["'none'"]})(view))


def _svg_response(svg):
    response = HttpResponse(svg, content_type=charts.SVG_CONTENT_TYPE)
    # Members only: a shared cache must not hand the chart to someone else.
    response["Cache-Control"] = "private"
    return response


def _stored(request, review, document):
    """The stored file as it is, never made again; its checksum is its ETag, so a browser revalidates cheaply."""
    etag = f'"{document.sha256}"'
    unchanged = get_conditional_response(request, etag=etag)
    if unchanged is not None:
        unchanged["ETag"] = etag
        return unchanged
    response = FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=pdf.filename(review, document.version),
    )
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


@partnership_page()
@require_safe
def review_pdf(request, partnership, pk):
    """An approved review's latest stored document; before approval, a draft preview marked DRAFT."""
    review = selectors.review_get_for_user(request.user, partnership, pk)
    if review.state == AnnualReview.State.APPROVED:
        document = review.documents.order_by("-version").first()
        if document is None:
            raise Http404("No stored document for this review")
        return _stored(request, review, document)
    data, _pages = pdf.render_review_pdf(review, user=request.user, draft=True, request=request)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.filename(review)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@partnership_page()
@require_safe
def document(request, partnership, pk, version):
    """One stored version of the approved review's PDF (a correction is a new version; old ones are kept)."""
    review = selectors.review_get_for_user(request.user, partnership, pk)
    stored = review.documents.filter(version=version).first()
    if stored is None:
        raise Http404("No such version")
    return _stored(request, review, stored)


@partnership_page()
@require_safe
@_svg_policy
def chart_question(request, partnership, pk, question_pk):
    review = selectors.review_get_for_user(request.user, partnership, pk)
    question = charts.question_of(review, question_pk)
    return _svg_response(charts.question_svg(review, question))


@partnership_page()
@require_safe
@_svg_policy
def chart_year_on_year(request, partnership):
    """Year on year: by question (a line per review), or with ?by=agency a group of bars per agency.
    ?framework=<name> picks the framework's reviews; by default, those of the latest review's framework."""
    selectors.reviews_of(request.user, partnership)  # members only
    framework_name = request.GET.get("framework") or None
    if request.GET.get("by") == "agency":
        svg = charts.agency_year_on_year_svg(partnership, framework_name=framework_name)
    else:
        svg = charts.year_on_year_svg(partnership, framework_name=framework_name)
    return _svg_response(svg)
