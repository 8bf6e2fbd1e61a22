"""Forms for the partnership, its structure and its audit log. Shape and validation only."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from partnership.audit import KIND_LABELS
from partnership.models import AuditEntry, Partnership, PartnershipGroup


class VersionedForm(forms.ModelForm):
    """Carries the record's version, so that a save over someone else's newer change is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True

    def changes(self):
        """The cleaned model fields, for a service's update call."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


def apply_service_errors(form, error):
    """Put a service's ValidationError next to the fields it names, or at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class PartnershipForm(VersionedForm):
    class Meta:
        model = Partnership
        fields = ["name", "kind", "parent", "area", "vision", "mission", "aims", "public_email", "public_phone"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in ["vision", "mission", "aims"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Partnership.objects.filter(kind=Partnership.Kind.COUNTY).exclude(
            pk=self.instance.pk
        )
        self.fields["parent"].label = "Reports to (county strategy group)"


class GroupForm(VersionedForm):
    class Meta:
        model = PartnershipGroup
        fields = ["name", "kind", "remit", "parent", "lead", "is_archived"]
        widgets = {"remit": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, partnership, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["parent"].queryset = PartnershipGroup.objects.filter(partnership=partnership).exclude(
            pk=self.instance.pk
        )
        self.fields["lead"].queryset = people
        self.fields["lead"].label_from_instance = lambda p: f"{p.full_name} ({p.agency or 'no agency'})"
        if not self.instance.pk:
            del self.fields["is_archived"]


class AuditFilter(django_filters.FilterSet):
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

    def filter_queryset(self, queryset):
        start, end = self.form.cleaned_data.get("date_from"), self.form.cleaned_data.get("date_to")
        if start and end and start > end:
            self.form.add_error("date_to", ValidationError("The end date must be on or after the start date."))
            return queryset.none()
        return super().filter_queryset(queryset)
