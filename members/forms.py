"""Forms for the partner register. Shape and validation only; writes happen in members.services."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from core.forms import VersionedForm
from members.models import Agency, AgencyRole, AgencyType, Membership, PartnershipRole, Person, Sector, StatutoryRole

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHOOSE_ONE_AGENCY = "Choose an agency from the list, or give the name of a new one, but not both."
NEW_AGENCY_NEEDS_SECTOR = "Choose the new agency's sector."
NAME_TAKEN = "An agency with this name already exists: choose it from the list instead."


def person_label(person):
    return f"{person.full_name} ({person.agency or 'no agency'})"


def type_label(agency_type):
    return f"{agency_type.name} (historical)" if agency_type.is_historical else agency_type.name


SUGGEST = ""
NO_TYPE_TO_SUGGEST = "Choose the agency's statutory role: it has no type to suggest one from."


class PartnerAddForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), required=False, label="Existing agency", empty_label="Choose an agency"
    )
    new_agency_name = forms.CharField(required=False, max_length=200, label="Or a new agency's name")
    new_agency_sector = forms.ChoiceField(
        required=False, choices=[("", "Choose a sector")] + Sector.choices, label="New agency's sector"
    )
    new_agency_type = forms.ModelChoiceField(
        queryset=AgencyType.objects.filter(is_historical=False),
        required=False,
        label="New agency's type",
        empty_label="Not listed",
    )
    statutory_role = forms.ChoiceField(
        choices=[(SUGGEST, "Suggest it from the agency's type"), *StatutoryRole.choices],
        widget=forms.RadioSelect,
        required=False,
        initial=SUGGEST,
        help_text="The suggestion follows the law for this partnership's nation; you can change it later.",
    )
    joined = forms.DateField(widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, agencies, nation, **kwargs):
        super().__init__(*args, **kwargs)
        self.nation = nation
        self.fields["agency"].queryset = agencies

    def clean(self):
        data = super().clean()
        agency, name = data.get("agency"), (data.get("new_agency_name") or "").strip()
        if bool(agency) == bool(name):
            self.add_error("agency", CHOOSE_ONE_AGENCY)
        if name and not data.get("new_agency_sector"):
            self.add_error("new_agency_sector", NEW_AGENCY_NEEDS_SECTOR)
        if name and Agency.objects.filter(name__iexact=name).exists():
            self.add_error("new_agency_name", NAME_TAKEN)
        if not data.get("statutory_role"):
            agency_type = agency.agency_type if agency else data.get("new_agency_type")
            if agency_type is None:
                self.add_error("statutory_role", NO_TYPE_TO_SUGGEST)
            else:
                data["statutory_role"] = agency_type.suggested_role(self.nation)
        return data


class MembershipForm(VersionedForm):
    class Meta:
        model = Membership
        fields = ["statutory_role", "joined", "left", "notes"]
        widgets = {
            "statutory_role": forms.RadioSelect,
            "joined": DATE,
            "left": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"left": "Set this when the agency leaves. Its record and history are kept."}


class AgencyForm(VersionedForm):
    class Meta:
        model = Agency
        fields = [
            "name",
            "short_name",
            "sector",
            "agency_type",
            "website",
            "public_email",
            "public_phone",
            "is_archived",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Historical types stay valid on the records that have them, but are not offered for others.
        current = Q(is_historical=False)
        if self.instance.agency_type_id:
            current |= Q(pk=self.instance.agency_type_id)
        self.fields["agency_type"].queryset = AgencyType.objects.filter(current)
        self.fields["agency_type"].label_from_instance = type_label


class PersonForm(VersionedForm):
    username = forms.CharField(
        required=False,
        max_length=150,
        help_text="Optional. Give a username to let this person sign in; they set a password with the reset link.",
    )

    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "job_title",
            "agency",
            "email",
            "phone",
            "contact_public",
            "team_role",
            "left_on",
        ]
        widgets = {"left_on": DATE}

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = "No agency"
        if self.instance.pk:
            del self.fields["username"]
        else:
            del self.fields["left_on"]

    def changes(self):
        data = super().changes()
        data.pop("username", None)
        return data


class PartnershipRoleForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), empty_label="Choose a person")
    role = forms.ChoiceField(choices=PartnershipRole.Role.choices, widget=forms.RadioSelect)
    started = forms.DateField(widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = person_label


class AgencyRoleForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), empty_label="Choose a person")
    role = forms.ChoiceField(choices=AgencyRole.Role.choices, widget=forms.RadioSelect)
    started = forms.DateField(widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, people, may_appoint_lead, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = person_label
        self.fields["person"].help_text = "People of the agency with no end date."
        if not may_appoint_lead:
            self.fields["role"].choices = [c for c in AgencyRole.Role.choices if c[0] != AgencyRole.Role.LEAD_OFFICER]


class RoleEndForm(forms.Form):
    ended = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date the role ends")


class HandoverForm(forms.Form):
    successor = forms.ModelChoiceField(queryset=Person.objects.none(), empty_label="Choose the successor")
    outgoing_has_left = forms.BooleanField(required=False, label="The outgoing officer has left their post")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = people
        self.fields["successor"].label_from_instance = person_label


class RegisterFilter(django_filters.FilterSet):
    STATUS = [("current", "Current members"), ("former", "Former members"), ("all", "All")]

    q = django_filters.CharFilter(label="Agency name", field_name="agency__name", lookup_expr="icontains")
    statutory_role = django_filters.ChoiceFilter(choices=StatutoryRole.choices, empty_label="Any role")
    sector = django_filters.ChoiceFilter(field_name="agency__sector", choices=Sector.choices, empty_label="Any sector")
    # A method filter has no model field to take its label from ("[invalid name]"), and it always has a
    # value (current members by default), so it is labelled here and marked required (no "(optional)").
    status = django_filters.ChoiceFilter(
        label="Show", choices=STATUS, method="filter_status", empty_label=None, required=True
    )

    class Meta:
        model = Membership
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", "current")
        super().__init__(data, *args, **kwargs)

    def filter_status(self, queryset, name, value):
        if value == "current":
            return queryset.filter(left__isnull=True)
        if value == "former":
            return queryset.filter(left__isnull=False)
        return queryset


class PeopleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Name", method="filter_name")
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.none(), empty_label="Any agency")
    status = django_filters.ChoiceFilter(
        label="Show",
        choices=[("current", "In post"), ("former", "Left"), ("all", "All")],
        method="filter_status",
        empty_label=None,
        required=True,
    )

    class Meta:
        model = Person
        fields = []

    def __init__(self, data=None, *args, agencies, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", "current")
        super().__init__(data, *args, **kwargs)
        self.filters["agency"].queryset = agencies

    def filter_name(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return queryset

    def filter_status(self, queryset, name, value):
        if value == "current":
            return queryset.filter(left_on__isnull=True)
        if value == "former":
            return queryset.filter(left_on__isnull=False)
        return queryset
