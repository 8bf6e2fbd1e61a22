"""The audit log's filters."""

import django_filters
from django import forms

from core.filters import DateRangeMixin
from partnership.kinds import KIND_LABELS
from partnership.models import AuditEntry


class AuditFilter(DateRangeMixin, django_filters.FilterSet):
    person = django_filters.ModelChoiceFilter(
        label="Changed by", queryset=None, field_name="user", method="filter_person", empty_label="Anyone"
    )
    agency = django_filters.ModelChoiceFilter(label="Agency", queryset=None, empty_label="Any agency")
    kind = django_filters.ChoiceFilter(label="Kind of record", choices=list(KIND_LABELS.items()), empty_label="Any")
    date_from = django_filters.DateFilter(
        label="From",
        field_name="history_date",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = django_filters.DateFilter(
        label="To",
        field_name="history_date",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = AuditEntry
        fields = []

    def __init__(self, *args, people, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["person"].queryset = people
        self.filters["agency"].queryset = agencies

    def filter_person(self, queryset, name, person):
        return queryset.filter(user_id=person.user_id) if person.user_id else queryset.none()
