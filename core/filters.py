"""Filter sets' shared rule: a date range given the wrong way round is refused next to its end date."""

from django.core.exceptions import ValidationError

DATES_REVERSED = "The end date must be on or after the start date."


class DateRangeMixin:
    """For a django-filter FilterSet with `date_from` and `date_to` filters."""

    def filter_queryset(self, queryset):
        start, end = self.form.cleaned_data.get("date_from"), self.form.cleaned_data.get("date_to")
        if start and end and start > end:
            self.form.add_error("date_to", ValidationError(DATES_REVERSED))
            return queryset.none()
        return super().filter_queryset(queryset)
