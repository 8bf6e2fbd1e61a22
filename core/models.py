"""Abstract models and model fields shared by every app (no tables of its own)."""

from django.db import models


class Versioned(models.Model):
    """A version number carried in edit forms, so that a stale edit is refused (see services)."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class HttpsURLField(models.URLField):
    """A URL field whose form field takes a bare 'example.org' as https (Django 6's default)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
