"""Pagination and column sorting shared by the list pages."""

from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, queryset, per_page=None):
    return Paginator(queryset, per_page or settings.PAGE_SIZE).get_page(request.GET.get("page"))


def sort(request, queryset, columns, default):
    """Order by the `sort` parameter when it names a known column (prefix '-' for descending)."""
    key = request.GET.get("sort", default)
    name = key.removeprefix("-")
    if name not in columns:
        key, name = default, default.removeprefix("-")
    fields = columns[name]
    if key.startswith("-"):
        fields = [f[1:] if f.startswith("-") else f"-{f}" for f in fields]
    return queryset.order_by(*fields), key
