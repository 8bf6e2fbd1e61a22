"""Forms for the decisions log and the action points: shape and validation only (writes are in meetings.services)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from core.forms import VersionedForm
from meetings.models import ActionPoint, Decision
from members.forms import DATE, person_label
from members.models import Person

MADE_AT_MEETING = "meeting"
MADE_BY_CORRESPONDENCE = "correspondence"
AGREEMENT_ROWS = 8

CHOOSE_MEETING = "Choose the meeting at which it was decided."
ITEM_OF_ANOTHER_MEETING = "Choose an item of the meeting you chose, or no particular item."
AGREED_ON_NEEDED = "Give the date person {number} agreed."
AGREED_PERSON_NEEDED = "Choose person {number}, or clear the date next to it."
AGREED_TWICE = "{person} is named more than once."
DECIDED_DATES_THE_WRONG_WAY = "The 'Decided to' date must be the same as or after the 'Decided from' date."
DUE_DATES_THE_WRONG_WAY = "The 'Due by' date must be the same as or after the 'Due from' date."


def meeting_label(meeting):
    return f"{meeting.group.name}, {timezone.localtime(meeting.starts_at):%-d %B %Y}"


def item_label(item):
    return f"{meeting_label(item.meeting)}: {item.title}"


def owner_label(person):
    return f"{person.full_name} ({person.agency})"


# Decisions ------------------------------------------------------------------------------------------


class DecisionForm(forms.Form):
    made = forms.ChoiceField(
        label="How was it decided?",
        choices=[(MADE_AT_MEETING, "At a meeting"), (MADE_BY_CORRESPONDENCE, "By correspondence, between meetings")],
        widget=forms.RadioSelect,
    )
    meeting = forms.ModelChoiceField(queryset=None, required=False, empty_label="Choose a meeting")
    item = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Agenda item",
        empty_label="No particular item",
        help_text="Items of meetings from the last year and of meetings to come. "
        "For an older item, record the decision from the item's page.",
    )
    wording = forms.CharField(
        label="The decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In the words the partnership agreed, as the minutes will record them.",
    )
    binds = forms.CharField(
        label="Who it binds",
        required=False,
        max_length=300,
        help_text="For example: all partners, or the police and the district council.",
    )
    decided_on = forms.DateField(
        label="Date of the decision",
        required=False,
        widget=DATE,
        help_text="Leave blank to use the date of the meeting, or for a decision by correspondence "
        "the date the last person agreed.",
    )
    is_confidential = forms.BooleanField(
        label="Confidential",
        required=False,
        help_text="Only the coordinator, the chair and those cleared for it will see it. "
        "A decision under a confidential agenda item is always confidential.",
    )

    def __init__(self, *args, meetings=None, items=None, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_item = item
        if item is not None:
            for name in ("made", "meeting", "item"):
                del self.fields[name]
            return
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = meeting_label
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = item_label

    @property
    def by_correspondence(self):
        return self.fixed_item is None and self.cleaned_data.get("made") == MADE_BY_CORRESPONDENCE

    def clean(self):
        data = super().clean()
        if self.fixed_item is not None:
            data["meeting"], data["item"] = self.fixed_item.meeting, self.fixed_item
            return data
        if data.get("made") == MADE_BY_CORRESPONDENCE:
            data["meeting"] = data["item"] = None
            return data
        meeting, item = data.get("meeting"), data.get("item")
        if meeting is None and item is not None:
            data["meeting"] = item.meeting
        elif item is not None and item.meeting_id != meeting.pk:
            self.add_error("item", ITEM_OF_ANOTHER_MEETING)
        elif meeting is None and data.get("made") == MADE_AT_MEETING:
            self.add_error("meeting", CHOOSE_MEETING)
        return data


class AgreementForm(forms.Form):
    """One person who agreed a decision by correspondence, and the date they agreed."""

    govuk_mark_optional = False  # every row is optional: the fieldset's hint says so once

    person = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    agreed_on = forms.DateField(required=False, widget=DATE)

    def __init__(self, *args, people, number, **kwargs):
        super().__init__(*args, **kwargs)
        self.number = number
        self.people = people
        self.fields["person"].choices = [("", "Choose a person")] + [(pk, person_label(p)) for pk, p in people.items()]
        self.fields["person"].label = f"Person {number}"
        self.fields["agreed_on"].label = f"Date person {number} agreed"

    def clean_person(self):
        pk = self.cleaned_data["person"]
        return None if pk is None else self.people[pk]

    def clean(self):
        data = super().clean()
        if data.get("person") and not data.get("agreed_on") and "agreed_on" not in self.errors:
            self.add_error("agreed_on", AGREED_ON_NEEDED.format(number=self.number))
        if data.get("agreed_on") and not data.get("person") and "person" not in self.errors:
            self.add_error("person", AGREED_PERSON_NEEDED.format(number=self.number))
        return data


class BaseAgreementFormSet(forms.BaseFormSet):
    """Rows of (person, date). The people are read once for all the rows, not once a row."""

    def __init__(self, *args, people, **kwargs):
        self.people = {person.pk: person for person in people}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"people": self.people, "number": "" if index is None else index + 1}

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            person = form.cleaned_data.get("person")
            if person is None:
                continue
            if person.pk in seen:
                form.add_error("person", AGREED_TWICE.format(person=person.full_name))
            seen.add(person.pk)

    def agreements(self):
        """(person, date) for each filled row."""
        return [
            (form.cleaned_data["person"], form.cleaned_data["agreed_on"])
            for form in self.forms
            if form.cleaned_data.get("person")
        ]


AgreementFormSet = forms.formset_factory(
    AgreementForm, formset=BaseAgreementFormSet, extra=AGREEMENT_ROWS, max_num=AGREEMENT_ROWS, absolute_max=50
)


# Action points --------------------------------------------------------------------------------------

WORKPLAN_ITEM_HELP = "Items of the current workplan. The action will be listed on the item's page."


def _choose_workplan_item(form, items):
    """The optional link to a workplan item: its choices, or no field when there are none to offer."""
    if items is None:
        del form.fields["workplan_item"]
        return
    form.fields["workplan_item"].queryset = items
    form.fields["workplan_item"].label = "Workplan item"
    form.fields["workplan_item"].empty_label = "Not part of the workplan"


class ActionForm(forms.Form):
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What is to be done, in a sentence or two.",
    )
    owner = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        empty_label="Choose who will do it",
        help_text="The action belongs to their agency: its officers can log progress on it.",
    )
    due = forms.DateField(label="Due date", widget=DATE)
    meeting = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Agreed at",
        empty_label="Not agreed at a meeting",
        help_text="It will come back under matters arising at the group's next meeting.",
    )
    workplan_item = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Workplan item",
        empty_label="Not part of the workplan",
        help_text=WORKPLAN_ITEM_HELP,
    )

    def __init__(self, *args, owners, meetings=None, workplan_items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = owner_label
        _choose_workplan_item(self, workplan_items)
        if meetings is None:
            del self.fields["meeting"]
        else:
            self.fields["meeting"].queryset = meetings
            self.fields["meeting"].label_from_instance = meeting_label


class ActionEditForm(VersionedForm):
    class Meta:
        model = ActionPoint
        fields = ["description", "owner", "due", "workplan_item"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due": DATE}
        help_texts = {
            "owner": "A new owner from another agency moves the action, and the right to update it, there.",
            "workplan_item": WORKPLAN_ITEM_HELP,
        }

    def __init__(self, *args, owners, workplan_items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = owner_label
        self.fields["owner"].empty_label = None
        _choose_workplan_item(self, workplan_items)

    def clean(self):
        data = super().clean()
        owner = data.get("owner")
        # The action moves with its owner (the service does it); the model's own check must see the move too.
        if owner is not None and owner.agency_id:
            self.instance.agency_id = owner.agency_id
        return data


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        choices=ActionPoint.Status.choices,
        widget=forms.RadioSelect,
        label="Where is it now?",
    )
    note = forms.CharField(
        label="Progress",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What has been done since the last update, and what happens next.",
    )
    dropped_reason = forms.CharField(
        label="Reason it was dropped",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed only when you choose Dropped: say why the action is no longer being done.",
    )


# Filters --------------------------------------------------------------------------------------------


class FilterForm(forms.Form):
    govuk_mark_optional = False


class DateRangeMixin:
    """A filter set with `<field>_from` and `<field>_to` dates that must not be the wrong way round."""

    range_fields = ("date_from", "date_to")
    range_error = DECIDED_DATES_THE_WRONG_WAY

    def filter_queryset(self, queryset):
        start_name, end_name = self.range_fields
        start, end = self.form.cleaned_data.get(start_name), self.form.cleaned_data.get(end_name)
        if start and end and start > end:
            self.form.add_error(end_name, ValidationError(self.range_error))
            return queryset.none()
        return super().filter_queryset(queryset)


class DecisionFilter(DateRangeMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label="Words in the decision", method="filter_words")
    group = django_filters.ModelChoiceFilter(
        label="Group", field_name="meeting__group", queryset=None, empty_label="Any group"
    )
    meeting = django_filters.ModelChoiceFilter(label="Meeting", queryset=None, empty_label="Any meeting")
    made = django_filters.ChoiceFilter(
        label="Made",
        choices=[(MADE_AT_MEETING, "At a meeting"), (MADE_BY_CORRESPONDENCE, "By correspondence")],
        method="filter_made",
        empty_label="Either way",
    )
    date_from = django_filters.DateFilter(label="Decided from", field_name="decided_on", lookup_expr="gte", widget=DATE)
    date_to = django_filters.DateFilter(label="Decided to", field_name="decided_on", lookup_expr="lte", widget=DATE)

    class Meta:
        model = Decision
        fields = []
        form = FilterForm

    def __init__(self, *args, groups, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["group"].queryset = groups
        self.filters["meeting"].queryset = meetings
        self.form.fields["meeting"].label_from_instance = meeting_label

    def filter_words(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(wording__icontains=word)
        return queryset

    def filter_made(self, queryset, name, value):
        return queryset.filter(by_correspondence=value == MADE_BY_CORRESPONDENCE)


OUTSTANDING = "outstanding"
STATUS_CHOICES = [(OUTSTANDING, "Open or in progress"), *ActionPoint.Status.choices]


class ActionStatusFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=STATUS_CHOICES, method="filter_status", empty_label="Any status"
    )

    class Meta:
        model = ActionPoint
        fields = []
        form = FilterForm

    def filter_status(self, queryset, name, value):
        if value == OUTSTANDING:
            return queryset.filter(status__in=ActionPoint.OPEN_STATUSES)
        return queryset.filter(status=value)


class ActionFilter(DateRangeMixin, ActionStatusFilter):
    range_fields = ("due_from", "due_to")
    range_error = DUE_DATES_THE_WRONG_WAY

    agency = django_filters.ModelChoiceFilter(label="Agency", queryset=None, empty_label="Any agency")
    owner = django_filters.ModelChoiceFilter(label="Owner", queryset=None, empty_label="Anyone")
    group = django_filters.ModelChoiceFilter(
        label="Group", field_name="meeting__group", queryset=None, empty_label="Any group"
    )
    meeting = django_filters.ModelChoiceFilter(label="Meeting", queryset=None, empty_label="Any meeting")
    overdue = django_filters.BooleanFilter(label="Overdue only", method="filter_overdue", widget=forms.CheckboxInput)
    due_from = django_filters.DateFilter(label="Due from", field_name="due", lookup_expr="gte", widget=DATE)
    due_to = django_filters.DateFilter(label="Due by", field_name="due", lookup_expr="lte", widget=DATE)

    class Meta(ActionStatusFilter.Meta):
        pass

    def __init__(self, *args, agencies, people, groups, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["agency"].queryset = agencies
        self.filters["owner"].queryset = people
        self.filters["group"].queryset = groups
        self.filters["meeting"].queryset = meetings
        self.form.fields["owner"].label_from_instance = person_label
        self.form.fields["meeting"].label_from_instance = meeting_label

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(status__in=ActionPoint.OPEN_STATUSES) & Q(due__lt=timezone.localdate()))
