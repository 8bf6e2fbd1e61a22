"""PDF through WeasyPrint, the one way the product makes a PDF: the base print stylesheet, a running header
with the partnership's name and logo, page numbers, and tagged PDF/UA output. Nothing is fetched from the network."""

import base64
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetchingError

# PDF/UA-1: tagged structure (headings, lists, tables), document title shown by viewers, language set.
PDF_VARIANT = "pdf/ua-1"
STYLESHEET = "pdf/print.css"
BASE_TEMPLATE = "pdf/base.html"
# A logo larger than this is left out of the PDF rather than slowing every page down.
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_TYPES = {"image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp"}


def _local_roots():
    roots = [Path(root if isinstance(root, (str, Path)) else root[1]) for root in settings.STATICFILES_DIRS]
    roots += [Path(settings.STATIC_ROOT), Path(settings.MEDIA_ROOT)]
    return [root.resolve() for root in roots if root]


def _within(path, roots):
    return any(path == root or root in path.parents for root in roots)


class LocalOnlyFetcher(URLFetcher):
    """Fetches data: URLs and files under the static and media folders, and nothing else.

    Templates may say `{% static 'x.png' %}` (a root-relative /static/ address): it is found with the
    staticfiles finders. Any other address, http(s) above all, is refused, so rendering never waits on the
    network and a template cannot be used to read files outside those folders.
    """

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise URLFetchingError(f"Only local files are used in PDFs, not {url[:80]}")
        path = Path(unquote(urlsplit(url).path))
        found = self._static(path) or self._media(path)
        if found is None:
            resolved = path.resolve()
            if _within(resolved, _local_roots()) and resolved.is_file():
                found = resolved
        if found is None:
            raise URLFetchingError(f"Not a static or media file: {path}")
        return super().fetch(found.as_uri(), headers)

    @staticmethod
    def _static(path):
        prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        if not str(path).startswith(prefix):
            return None
        name = str(path)[len(prefix) :]
        found = finders.find(name)
        if found:
            return Path(found).resolve()
        collected = (Path(settings.STATIC_ROOT) / name).resolve()
        if _within(collected, [Path(settings.STATIC_ROOT).resolve()]) and collected.is_file():
            return collected
        return None

    @staticmethod
    def _media(path):
        prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
        if not str(path).startswith(prefix):
            return None
        root = Path(settings.MEDIA_ROOT).resolve()
        candidate = (root / str(path)[len(prefix) :]).resolve()
        if _within(candidate, [root]) and candidate.is_file():
            return candidate
        return None


def logo_data_uri(partnership):
    """The partnership's logo inlined as a data: URI (read through the storage API, so any storage works)."""
    logo = getattr(partnership, "logo", None)
    if not logo:
        return ""
    content_type = mimetypes.guess_type(logo.name)[0]
    if content_type not in LOGO_TYPES:
        return ""
    try:
        if logo.size > LOGO_MAX_BYTES:
            return ""
        with logo.open("rb") as handle:
            data = handle.read()
    except OSError:
        # A logo missing from storage should not stop the PDF; the name is in the header anyway.
        return ""
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


def _stylesheet(fetcher):
    source = get_template(STYLESHEET).origin.name
    return CSS(filename=source, url_fetcher=fetcher)


def render_pdf(template_name, context, *, title, partnership=None, request=None, with_pages=False):
    """Render `template_name` (which extends pdf/base.html) to tagged PDF bytes.

    `title` becomes the document's title (shown by PDF readers and screen readers) and its first heading's
    caption; `partnership` gives the running header its name and logo. With `with_pages`, returns
    (bytes, number of pages), for documents that record their length.
    """
    fetcher = LocalOnlyFetcher(allowed_protocols=["file", "data"], timeout=5)
    html = render_to_string(
        template_name,
        {
            **context,
            "pdf_title": title,
            "partnership": partnership,
            "pdf_logo": logo_data_uri(partnership),
            "pdf_made_at": timezone.localtime(),
        },
        request=request,
    )
    document = HTML(string=html, base_url=Path(settings.BASE_DIR).as_uri() + "/", url_fetcher=fetcher)
    options = {"stylesheets": [_stylesheet(fetcher)], "pdf_variant": PDF_VARIANT}
    if not with_pages:
        return document.write_pdf(**options)
    # HTML.write_pdf is render() then write_pdf(); done in two steps, the laid-out pages can be counted.
    rendered = document.render(**options)
    return rendered.write_pdf(**options), len(rendered.pages)
