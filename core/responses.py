"""File responses (PDF, CSV, SVG, iCalendar and stored files), each with the one caching rule.

The rule, set by `cache_rule` and by every helper here:

- Not public (the default): ``Cache-Control: private, no-store``. Most outputs depend on who asks (the
  confidential items a member is cleared for, members-only charts, a person's secret calendar feed), so no
  cache, shared or the browser's own, keeps a copy that could be handed to someone else or read later on a
  shared computer.
- Public (``public=True``): ``Cache-Control: public, max-age=900``. Only for an output whose bytes are the
  same for every reader, signed in or not (a group's calendar feed). Fifteen minutes absorbs the polling of
  calendar apps and lets a shared cache serve them, yet a cancelled or moved meeting reaches every calendar
  within a quarter of an hour.
"""

from csp.decorators import csp_replace, csp_update
from django.http import FileResponse, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header

PRIVATE = "private, no-store"
PUBLIC_MAX_AGE = 15 * 60
PUBLIC = f"public, max-age={PUBLIC_MAX_AGE}"

PDF_CONTENT_TYPE = "application/pdf"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
SVG_CONTENT_TYPE = "image/svg+xml"
ICAL_CONTENT_TYPE = "text/calendar; charset=utf-8"


def cache_rule(response, *, public=False):
    """Set the one Cache-Control rule on `response` (replacing any other) and return it."""
    response["Cache-Control"] = PUBLIC if public else PRIVATE
    return response


def _response(content, content_type, *, filename=None, inline=True, public=False):
    response = HttpResponse(content, content_type=content_type)
    if filename:
        response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return cache_rule(response, public=public)


def pdf_response(content, filename, *, public=False, inline=True):
    """A PDF, shown in the browser (`inline`) or downloaded."""
    return _response(content, PDF_CONTENT_TYPE, filename=filename, inline=inline, public=public)


def csv_response(filename, *, public=False, inline=False):
    """An empty CSV download to write the rows into (see core.csv_export.writer)."""
    return _response(b"", CSV_CONTENT_TYPE, filename=filename, inline=inline, public=public)


def svg_response(content, *, filename=None, public=False, inline=True):
    """An SVG image (a chart); named only when `filename` is given."""
    return _response(content, SVG_CONTENT_TYPE, filename=filename, inline=inline, public=public)


def text_response(content, *, public=False):
    """Plain text, shown in the browser (the page benchmark's floor view)."""
    return _response(content, "text/plain; charset=utf-8", public=public)


def svg_policy(view):
    """The content security policy of a chart image, for that view's responses only.

    pygal styles a chart with a <style> element inside the SVG, which the site's policy (style-src 'self')
    would block when the SVG is opened as a document of its own; so the chart responses, and only they,
    allow inline styles. Script stays forbidden outright ('none': the charts have none). An SVG shown
    through <img> cannot run script anyway, and the pages that embed the charts keep the strict policy.
    """
    return csp_update({"style-src": ["'unsafe-inline'"]})(csp_replace({"script-src": ["'none'"]})(view))


def ical_response(content, filename, *, public=False, inline=True):
    """An iCalendar file or feed."""
    return _response(content, ICAL_CONTENT_TYPE, filename=filename, inline=inline, public=public)


def file_response(file, filename, *, content_type=None, etag=None, public=False, inline=False):
    """A stored file as it is (an open file object; FileResponse streams and closes it), with its ETag if known.

    The content type is guessed from `filename` unless given.
    """
    response = FileResponse(file, as_attachment=not inline, filename=filename, content_type=content_type)
    if etag is not None:
        response["ETag"] = etag
    return cache_rule(response, public=public)


def not_modified(request, *, etag, public=False):
    """The answer to a conditional request for a file whose ETag is `etag` (304 Not Modified, or 412 for a failed
    If-Match), or None when the file itself must be sent (see `file_response`). Checked before the file is opened."""
    response = get_conditional_response(request, etag=etag)
    if response is None:
        return None
    response["ETag"] = etag
    return cache_rule(response, public=public)
