"""The public pages of the case reviews, open to anyone signed in or not: the ASB case review procedure
with each year's four figures, and the published death review reports.

They show nothing of any case beyond what is published, and nothing that depends on who is asking, so
shared caches may keep them (Cache-Control public). Their pages use a layout without the account bar,
the menu or messages, which would differ from one visitor to the next.
"""

from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_safe

from casereviews import rules, selectors
from core.responses import PDF_CONTENT_TYPE, cache_rule, file_response, not_modified
from members.pages import partnership_page


@partnership_page(internal=False)
@require_GET
def public_asb(request, partnership):
    procedure = selectors.asb_procedure_of(partnership)
    response = render(
        request,
        "casereviews/public/asb.html",
        {
            "partnership": partnership,
            "procedure": procedure,
            "figures": selectors.asb_figure_years(partnership, procedure),
            "figures_source": rules.FIGURES_SOURCE,
            "asb_source": rules.ASB_SOURCE,
        },
    )
    return cache_rule(response, public=True)


@partnership_page(internal=False)
@require_GET
def public_death_reviews(request, partnership):
    response = render(
        request,
        "casereviews/public/death_reviews.html",
        {"partnership": partnership, "reviews": list(selectors.published_death_reviews(partnership))},
    )
    return cache_rule(response, public=True)


@partnership_page(internal=False)
@require_safe
def public_death_review_file(request, partnership, pk):
    """The published report as stored; its checksum is its ETag, so a reader's copy is answered 304."""
    report = selectors.published_report_get(partnership, pk)
    etag = f'"{report.sha256}"'
    return not_modified(request, etag=etag, public=True) or file_response(
        report.file.open("rb"),
        f"{slugify(report.case.published_title) or 'report'}.pdf",
        content_type=PDF_CONTENT_TYPE,
        etag=etag,
        public=True,
        inline=True,
    )
