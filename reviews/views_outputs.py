"""Outputs of the annual review: its PDF (the stored, approved document, or a draft preview made on the fly)
and its charts as SVG images. Members of the partnership only; everyone else gets 404."""

from django.http import Http404
from django.views.decorators.http import require_safe

from core.responses import PDF_CONTENT_TYPE, file_response, not_modified, pdf_response, svg_policy, svg_response
from members.pages import partnership_page
from reviews import charts, pdf, selectors
from reviews.models import AnnualReview


def _stored(request, review, document):
    """The stored file as it is, never made again; its checksum is its ETag, so a client that kept a copy (a
    download) can ask whether it is still current and be answered 304 without the file being opened."""
    etag = f'"{document.sha256}"'
    return not_modified(request, etag=etag) or file_response(
        document.file.open("rb"),
        pdf.filename(review, document.version),
        content_type=PDF_CONTENT_TYPE,
        etag=etag,
        inline=True,
    )


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
    return pdf_response(data, pdf.filename(review))


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
@svg_policy
def chart_question(request, partnership, pk, question_pk):
    review = selectors.review_get_for_user(request.user, partnership, pk)
    question = charts.question_of(review, question_pk)
    return svg_response(charts.question_svg(review, question))


@partnership_page()
@require_safe
@svg_policy
def chart_year_on_year(request, partnership):
    """Year on year: by question (a line per review), or with ?by=agency a group of bars per agency.
    ?framework=<name> picks the framework's reviews; by default, those of the latest review's framework."""
    selectors.reviews_visible_to(request.user, partnership)  # members only
    framework_name = request.GET.get("framework") or None
    if request.GET.get("by") == "agency":
        svg = charts.agency_year_on_year_svg(partnership, framework_name=framework_name)
    else:
        svg = charts.year_on_year_svg(partnership, framework_name=framework_name)
    return svg_response(svg)
