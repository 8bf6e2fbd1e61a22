"""Template tags for GOV.UK Design System markup.

Load with ``{% load govuk %}`` (needs "partnership" in INSTALLED_APPS).

* ``{% url_replace request "page" 3 %}`` / ``{% url_replace request page=3 %}``
  – the current query string with some parameters replaced (``None`` removes
  one), starting with "?"; used by includes/pagination.html.
* ``{% sort_header request "name" "Name" %}`` – a sortable ``<th>`` for a
  govuk-table: links to ``?sort=name`` / ``?sort=-name`` (keeping the other GET
  parameters, dropping ``page``) and sets ``aria-sort``. Options:
  ``param="sort"``, ``numeric=True``, ``classes="..."``.
* ``{% govuk_error_list form forms as error_list %}`` – ``[{"href", "text"}]``
  for includes/error_summary.html.
* ``{{ page_obj|govuk_page_items }}`` – page numbers and ellipses for
  includes/pagination.html.
* ``{{ value|trim }}`` – strip surrounding whitespace.
"""

from __future__ import annotations

from django import template
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


def _query_string(request, updates: dict) -> str:
    params = request.GET.copy() if request is not None and hasattr(request, "GET") else None
    if params is None:
        params = QueryDict(mutable=True)
    for key, value in updates.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def url_replace(request, field=None, value=None, **kwargs):
    """Return the current query string with ``field`` (and/or kwargs) replaced."""
    updates = dict(kwargs)
    if field:
        updates[field] = value
    return _query_string(request, updates)


@register.simple_tag
def sort_header(request, field, label, param="sort", numeric=False, classes=""):
    """Render a sortable govuk-table header cell for ``field``."""
    current = request.GET.get(param, "") if request is not None and hasattr(request, "GET") else ""
    if current == field:
        aria_sort, target = "ascending", f"-{field}"
    elif current == f"-{field}":
        aria_sort, target = "descending", field
    else:
        aria_sort, target = "none", field
    href = _query_string(request, {param: target, "page": None})
    css = "govuk-table__header app-sortable-header"
    if numeric:
        css += " govuk-table__header--numeric"
    if classes:
        css += f" {classes}"
    return format_html(
        '<th scope="col" class="{}" aria-sort="{}"><a class="govuk-link" href="{}">{}</a></th>',
        css,
        aria_sort,
        href,
        label,
    )


def _field_errors(form, first_anchor):
    """Yield (href, text) for one form's errors, in field order."""
    items = []
    non_field = getattr(form, "non_field_errors", None)
    if callable(non_field):
        for error in non_field():
            items.append((first_anchor, error))
    for bound_field in form:
        if not bound_field.errors:
            continue
        if bound_field.is_hidden:
            anchor = "#main-content"
        else:
            anchor_id = getattr(bound_field, "error_anchor", None)
            if anchor_id is None:  # not a GovukBoundField
                anchor_id = bound_field.id_for_label or (f"{bound_field.auto_id}_0" if bound_field.auto_id else "")
            anchor = f"#{anchor_id}" if anchor_id else "#main-content"
        for error in bound_field.errors:
            items.append((anchor, error))
    return items


def _first_anchor(form):
    for bound_field in form:
        if bound_field.is_hidden:
            continue
        anchor_id = getattr(bound_field, "error_anchor", None) or bound_field.id_for_label
        if anchor_id:
            return f"#{anchor_id}"
    return "#main-content"


def _collect(obj, items):
    if not obj:
        return
    if hasattr(obj, "non_form_errors") and hasattr(obj, "forms"):  # a formset
        forms = list(obj.forms)
        first = _first_anchor(forms[0]) if forms else "#main-content"
        for error in obj.non_form_errors():
            items.append((first, error))
        for form in forms:
            _collect(form, items)
    elif hasattr(obj, "errors") and hasattr(obj, "fields"):  # a form
        items.extend(_field_errors(obj, _first_anchor(obj)))
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            _collect(item, items)


@register.simple_tag
def govuk_error_list(form=None, forms=None):
    """Errors of ``form`` and of every form/formset in ``forms``, for the summary."""
    items = []
    _collect(form, items)
    _collect(forms, items)
    return [{"href": href, "text": text} for href, text in items]


@register.filter
def govuk_page_items(page_obj):
    """Page links for govuk-pagination: ``[{"number": n, "ellipsis": bool}]``.

    Shows the first and last pages and one page either side of the current one.
    """
    paginator = page_obj.paginator
    items = []
    for number in paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1):
        if isinstance(number, int):
            items.append({"number": number, "ellipsis": False})
        else:
            items.append({"number": None, "ellipsis": True})
    return items


@register.filter
def trim(value):
    return str(value).strip()


def _option_attrs(attrs):
    """An option's attributes as Django's attrs.html writes them: True as a bare name, False left out."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )


@register.simple_tag
def select_options(widget):
    """A select's options (and optgroups), written in Python: Django's select.html includes two templates for
    every option, which on a filter listing hundreds of people or meetings was most of the page's time. The
    markup is the same as Django's select_option.html gives."""
    parts = []
    for group_name, group_choices, _index in widget["optgroups"]:
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(option["value"]), _option_attrs(option["attrs"]), option["label"]) for option in group_choices),
        )
        parts.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, options) if group_name else options)
    return mark_safe("".join(parts))  # each part is built by format_html, which escaped what it was given
