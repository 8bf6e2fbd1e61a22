"""Forms for the workplan: shape and validation only (writes are in workplan.services)."""

import datetime

from django import forms
from django.forms.utils import pretty_name
from django.utils import timezone

from core.forms import IdsMultipleChoiceField, VersionedForm
from members.forms import person_label
from members.models import Agency, Person
from workplan.models import (
    Indicator,
    Milestone,
    Objective,
    Priority,
    ResourceCommitment,
    Workplan,
    WorkplanItem,
)
from workplan.services import SUPPORTER_IS_LEAD

# A date input's value must be ISO (YYYY-MM-DD) whatever the locale, or the browser shows it empty.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
INDICATOR_NAME_TAKEN = "The partnership already has an indicator with this name."
MONTHS_BACK = 60
# GOV.UK advises a text input with a numeric keyboard rather than type="number".
NUMBER = {"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-10"}


class SaysWhatIsMissing:
    """A required field left empty says what is missing, rather than Django's "This field is required."."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = forms.Field.default_error_messages["required"]
        for name, field in self.fields.items():
            if field.required and field.error_messages.get("required") == default:
                verb = "Choose" if isinstance(field.widget, forms.Select | forms.RadioSelect) else "Give"
                field.error_messages["required"] = f"{verb} the {(field.label or pretty_name(name)).lower()}."


def objective_label(objective):
    return f"{objective.priority.title}: {objective.title}"


def priority_label(priority):
    return f"{priority.workplan.title}: {priority.title}"


# Plans, priorities, objectives -----------------------------------------------------------------------


class WorkplanForm(SaysWhatIsMissing, VersionedForm):
    class Meta:
        model = Workplan
        fields = ["title", "kind", "parent", "starts", "ends", "summary"]
        widgets = {
            "kind": forms.RadioSelect,
            "starts": DATE,
            "ends": DATE,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"kind": "Kind of plan", "parent": "Strategy it delivers", "starts": "Start date", "ends": "End date"}
        help_texts = {"summary": "What the plan is for, in a few sentences. It opens the plan's page and its PDF."}

    def __init__(self, *args, partnership, strategies, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["parent"].queryset = strategies.exclude(pk=self.instance.pk)
        self.fields["parent"].empty_label = "Not part of a strategy"


class PriorityForm(SaysWhatIsMissing, VersionedForm):
    class Meta:
        model = Priority
        fields = ["title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"order": "Position in the plan"}
        help_texts = {"order": "1 for the first priority, 2 for the second, and so on."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["order"]  # a new priority goes last


class ObjectiveForm(SaysWhatIsMissing, VersionedForm):
    class Meta:
        model = Objective
        fields = ["title", "expected_outcome", "order"]
        widgets = {"expected_outcome": forms.Textarea(attrs={"rows": 3})}
        labels = {"order": "Position under the priority"}
        help_texts = {
            "expected_outcome": "What will be different when the objective is met, and how the partnership will know.",
            "order": "1 for the first objective of the priority, 2 for the second, and so on.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["order"]  # a new objective goes last


# Items ----------------------------------------------------------------------------------------------


class ItemForm(SaysWhatIsMissing, VersionedForm):
    """The coordinator's form for an item. The model checks that the responsible officer works for the
    lead agency and that the due date is not before the start date; its errors show next to the fields."""

    supporters = IdsMultipleChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Supporting agencies",
        help_text="Their officers can comment on the item's progress. Change them later from the item's page.",
    )

    class Meta:
        model = WorkplanItem
        fields = ["objective", "title", "description", "lead_agency", "responsible_officer", "starts", "due"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "starts": DATE, "due": DATE}
        help_texts = {
            "lead_agency": "Its officers log progress on the item.",
            "responsible_officer": "Someone who works for the lead agency.",
        }
        error_messages = {
            "objective": {"required": "Choose the objective the item works towards."},
            "title": {"required": "Give the item a title."},
            "lead_agency": {"required": "Choose the lead agency."},
            "responsible_officer": {"required": "Choose the responsible officer."},
            "starts": {"required": "Give the start date."},
            "due": {"required": "Give the due date."},
        }

    def __init__(self, *args, workplan, objectives, agencies, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.workplan = workplan
        self.instance.partnership = workplan.partnership
        self.fields["objective"].queryset = objectives
        self.fields["objective"].label_from_instance = objective_label
        self.fields["objective"].empty_label = "Choose an objective"
        self.fields["lead_agency"].queryset = agencies
        self.fields["lead_agency"].empty_label = "Choose the lead agency"
        self.fields["responsible_officer"].queryset = people
        self.fields["responsible_officer"].label_from_instance = person_label
        self.fields["responsible_officer"].empty_label = "Choose the responsible officer"
        if self.instance.pk:
            del self.fields["supporters"]
        else:
            self.fields["supporters"].queryset = agencies

    def clean(self):
        data = super().clean()
        lead = data.get("lead_agency")
        if lead is not None and lead in (data.get("supporters") or []):
            self.add_error("supporters", SUPPORTER_IS_LEAD)
        return data

    def changes(self):
        data = super().changes()
        data.pop("supporters", None)
        return data


class ProgressForm(SaysWhatIsMissing, forms.Form):
    status = forms.ChoiceField(
        choices=WorkplanItem.Status.choices,
        widget=forms.RadioSelect,
        label="Where is it now?",
        error_messages={"required": "Choose where the item is now."},
    )
    narrative = forms.CharField(
        label="Progress",
        error_messages={"required": "Say what has happened since the last update."},
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What has been done since the last update, what it has achieved, and what happens next.",
    )
    dropped_reason = forms.CharField(
        label="Reason it was dropped",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed only when you choose Dropped: say why the partnership will no longer do it.",
    )


class CommentForm(SaysWhatIsMissing, forms.Form):
    narrative = forms.CharField(
        label="Your comment",
        error_messages={"required": "Write your comment."},
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What your agency has done towards the item, or what it has seen. The lead agency sets the status.",
    )


class MilestoneForm(SaysWhatIsMissing, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due"]
        widgets = {"due": DATE}
        labels = {"title": "Milestone", "due": "Due date"}
        error_messages = {"title": {"required": "Say what the milestone is."}}


class MilestoneDoneForm(SaysWhatIsMissing, forms.Form):
    done_on = forms.DateField(label="Date it was reached", widget=DATE, initial=timezone.localdate)

    def clean_done_on(self):
        day = self.cleaned_data["done_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date it was reached must be today or in the past.")
        return day


class SupporterForm(SaysWhatIsMissing, forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), empty_label="Choose an agency")
    contribution = forms.CharField(
        required=False,
        max_length=300,
        label="What it will contribute",
        help_text="For example: joint patrols on Friday nights, or referrals from its outreach team.",
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class ResourceForm(SaysWhatIsMissing, forms.ModelForm):
    class Meta:
        model = ResourceCommitment
        fields = ["agency", "kind", "description", "amount", "unit"]
        widgets = {"kind": forms.RadioSelect, "amount": forms.TextInput(attrs=NUMBER)}
        labels = {"agency": "Agency committing it", "kind": "Kind of resource", "amount": "Amount"}

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = "Choose an agency"
        self.fields["unit"].widget.attrs["class"] = "govuk-input--width-20"
        # A model field without a default offers a blank "---------" choice; as a radio it is a stray option.
        self.fields["kind"].choices = ResourceCommitment.Kind.choices


# Choosing whose commitments to show -----------------------------------------------------------------


class ChooserForm(SaysWhatIsMissing, forms.Form):
    govuk_mark_optional = False


class AgencyChoiceForm(ChooserForm):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), empty_label="Choose an agency")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class OfficerChoiceForm(ChooserForm):
    officer = forms.ModelChoiceField(
        queryset=Person.objects.none(), label="Responsible officer", empty_label="Choose a person"
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = people
        self.fields["officer"].label_from_instance = person_label


# Indicators -----------------------------------------------------------------------------------------


class IndicatorForm(SaysWhatIsMissing, VersionedForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target", "direction", "agency", "priority"]
        widgets = {
            "direction": forms.RadioSelect,
            "baseline": forms.TextInput(attrs=NUMBER),
            "target": forms.TextInput(attrs=NUMBER),
        }
        labels = {"agency": "Owning agency", "priority": "Priority it measures"}
        help_texts = {
            "baseline": "The value when the partnership started measuring it.",
            "agency": "Its officers enter the indicator's values.",
        }

    def __init__(self, *args, partnership, agencies, priorities, taken_names, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.taken_names = taken_names
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = "Choose an agency"
        self.fields["priority"].queryset = priorities
        self.fields["priority"].label_from_instance = priority_label
        self.fields["priority"].empty_label = "No particular priority"
        self.fields["direction"].choices = Indicator.Direction.choices

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if name.casefold() in self.taken_names:
            raise forms.ValidationError(INDICATOR_NAME_TAKEN)
        return name


def month_choices(today=None, back=MONTHS_BACK):
    """This month and the `back` months before it, newest first, as ("YYYY-MM-01", "March 2025")."""
    month = (today or timezone.localdate()).replace(day=1)
    choices = []
    for _ in range(back + 1):
        choices.append((month.isoformat(), f"{month:%B %Y}"))
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return choices


class IndicatorValueForm(SaysWhatIsMissing, forms.Form):
    period = forms.TypedChoiceField(
        label="Month",
        coerce=datetime.date.fromisoformat,
        help_text="If the month already has a value, this one corrects it; the earlier value is kept in the history.",
    )
    value = forms.DecimalField(
        max_digits=12,
        decimal_places=2,
        label="Value",
        widget=forms.TextInput(attrs=NUMBER),
        error_messages={"required": "Give the value for the month.", "invalid": "Give the value as a number."},
    )
    note = forms.CharField(
        required=False,
        max_length=300,
        label="Note",
        help_text="For example: where the figure comes from, or why it was corrected.",
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        choices = month_choices()
        self.fields["period"].choices = choices
        # Figures usually arrive for the month just gone.
        self.fields["period"].initial = choices[1][0]
        self.fields["value"].label = f"Value ({unit})" if unit else "Value"
