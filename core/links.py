"""Absolute addresses of the site's pages, for email and calendars that are read away from the site."""

from django.conf import settings


def absolute_url(path):
    """`path` (as reverse() gives it) on the site's address, settings.SITE_URL."""
    return settings.SITE_URL.rstrip("/") + path
