"""Forms for ASB case reviews: shape and validation only (writes are in casereviews.services).

The model forms run the models' own checks (the threshold the Act allows, a review only after the threshold
is met), so those errors show next to their fields before any service is called.
"""

import calendar

from django import forms
from django.utils import timezone

from casereviews.models import AsbApplication, AsbIncident, AsbProcedure, AsbRecommendation
from core.forms import IdsMultipleChoiceField, VersionedForm
from members.forms import person_label
from members.models import Person

# A date input's value must be ISO (YYYY-MM-DD) whatever the locale, or the browser shows it empty.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# GOV.UK advises a text input with a numeric keyboard rather than type="number".
NUMBER = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-2"})
MONTHS = [(number, calendar.month_name[number]) for number in range(1, 13)]
DECISIONS = [(AsbApplication.Threshold.MET, "Met"), (AsbApplication.Threshold.NOT_MET, "Not met")]


class ProcedureForm(VersionedForm):
    year_starts_month = forms.TypedChoiceField(
        choices=MONTHS,
        coerce=int,
        label="The year of the published figures starts in",
        help_text="Most partnerships publish their figures for the year from April to March.",
    )

    class Meta:
        model = AsbProcedure
        fields = [
            "threshold_complaints",
            "threshold_months",
            "procedure",
            "contact_name",
            "contact_email",
            "contact_phone",
            "escalation",
            "year_starts_month",
        ]
        widgets = {
            "threshold_complaints": NUMBER,
            "threshold_months": NUMBER,
            "procedure": forms.Textarea(attrs={"rows": 8}),
            "escalation": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "threshold_complaints": "Complaints that meet the threshold",
            "threshold_months": "Within this many months",
            "procedure": "How to apply and what happens",
            "contact_name": "Point of contact",
            "contact_email": "Contact email address",
            "contact_phone": "Contact phone number",
            "escalation": "If the applicant is unhappy with how it was handled",
        }
        help_texts = {
            "threshold_complaints": "The Act allows no more than three complaints.",
            "threshold_months": "Complaints made in this period before the application count: one to six months.",
            "procedure": "Shown on the partnership's public page, in plain words.",
            "contact_name": "A team or a role rather than a person's name is easier to keep up to date.",
            "escalation": "How an applicant asks for the handling of their application or review to be looked at "
            "again.",
        }
        error_messages = {
            "threshold_complaints": {"required": "Give the number of complaints that meet the threshold."},
            "threshold_months": {"required": "Give the number of months."},
            "contact_email": {"invalid": "Give an email address in the correct format, like name@example.org."},
        }


class ApplicationRecordForm(forms.ModelForm):
    """A new application. The keep-until date may be left for the default."""

    class Meta:
        model = AsbApplication
        fields = [
            "received_on",
            "channel",
            "made_by",
            "applicant_name",
            "applicant_contact",
            "applicant_address",
            "on_behalf_name",
            "summary",
            "retention_until",
        ]
        widgets = {
            "received_on": DATE,
            "retention_until": DATE,
            "channel": forms.RadioSelect,
            "made_by": forms.RadioSelect,
            "applicant_address": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {
            "received_on": "Date the application was received",
            "channel": "How it was received",
            "made_by": "Who made the application",
            "applicant_name": "Applicant's name",
            "applicant_contact": "Applicant's phone number or email address",
            "applicant_address": "Applicant's address",
            "on_behalf_name": "Name of the person applying on the victim's behalf",
            "summary": "The behaviour complained of",
            "retention_until": "Keep the file until",
        }
        help_texts = {
            "on_behalf_name": "Only if someone applies for the victim, with their consent.",
            "summary": "What has happened, where, and how it affects the applicant.",
            "retention_until": "Leave it blank to keep the file for seven years from the date it was received.",
        }
        error_messages = {
            "received_on": {"required": "Give the date the application was received."},
            "channel": {"required": "Choose how the application was received."},
            "made_by": {"required": "Choose who made the application."},
            "applicant_name": {"required": "Give the applicant's name."},
            "summary": {"required": "Describe the behaviour complained of."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = AsbApplication.Channel.choices
        self.fields["made_by"].choices = AsbApplication.MadeBy.choices
        self.fields["retention_until"].required = False
        if not self.is_bound:
            self.fields["received_on"].initial = timezone.localdate()


class ApplicationEditForm(VersionedForm):
    """The application's details and its review. The model refuses a review date before the threshold is met."""

    class Meta:
        model = AsbApplication
        fields = [
            *ApplicationRecordForm.Meta.fields[:-1],
            "review_on",
            "agencies_present",
            "outcome",
            "applicant_told_outcome_on",
            "escalation_requested_on",
            "escalation_outcome",
            "escalation_decided_on",
            "retention_until",
        ]
        widgets = {
            **ApplicationRecordForm.Meta.widgets,
            "review_on": DATE,
            "agencies_present": forms.CheckboxSelectMultiple,
            "outcome": forms.Textarea(attrs={"rows": 5}),
            "applicant_told_outcome_on": DATE,
            "escalation_requested_on": DATE,
            "escalation_outcome": forms.Textarea(attrs={"rows": 4}),
            "escalation_decided_on": DATE,
        }
        field_classes = {"agencies_present": IdsMultipleChoiceField}
        labels = {
            **ApplicationRecordForm.Meta.labels,
            "review_on": "Date the review meeting was held",
            "agencies_present": "Agencies at the review",
            "outcome": "Outcome of the review",
            "applicant_told_outcome_on": "Date the applicant was told of the outcome",
            "escalation_requested_on": "Date the applicant asked for it to be looked at again",
            "escalation_outcome": "Result of looking at it again",
            "escalation_decided_on": "Date of that result",
        }
        help_texts = {
            **ApplicationRecordForm.Meta.help_texts,
            "review_on": "Only once the threshold is met.",
            "outcome": "What the review found, and any recommendations in brief (add each recommendation on the "
            "application's page).",
            "retention_until": "The file may be deleted after this date, under the partnership's retention schedule.",
        }
        error_messages = {**ApplicationRecordForm.Meta.error_messages, "retention_until": {"required": "Give a date."}}

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = AsbApplication.Channel.choices
        self.fields["made_by"].choices = AsbApplication.MadeBy.choices
        self.fields["agencies_present"].queryset = agencies
        self.fields["agencies_present"].required = False


class IncidentForm(forms.ModelForm):
    class Meta:
        model = AsbIncident
        fields = ["reported_on", "reported_to", "summary"]
        widgets = {"reported_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "reported_on": "Date it was reported",
            "reported_to": "Agency it was reported to",
            "summary": "What was reported",
        }
        help_texts = {"summary": "In brief: what happened and when."}
        error_messages = {"reported_on": {"required": "Give the date the behaviour was reported."}}

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_to"].queryset = agencies
        self.fields["reported_to"].empty_label = "Not known"


class ThresholdForm(VersionedForm):
    class Meta:
        model = AsbApplication
        fields = ["threshold", "threshold_decided_on", "threshold_reasons", "applicant_told_threshold_on"]
        widgets = {
            "threshold": forms.RadioSelect,
            "threshold_decided_on": DATE,
            "threshold_reasons": forms.Textarea(attrs={"rows": 4}),
            "applicant_told_threshold_on": DATE,
        }
        labels = {
            "threshold": "Is the threshold met?",
            "threshold_decided_on": "Date of the decision",
            "threshold_reasons": "Reasons for the decision",
            "applicant_told_threshold_on": "Date the applicant was told",
        }
        help_texts = {
            "threshold_reasons": "The applicant is told these, especially when the threshold is not met.",
            "applicant_told_threshold_on": "Leave it blank if they have not been told yet.",
        }
        error_messages = {"threshold": {"required": "Choose whether the threshold is met."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["threshold"].choices = DECISIONS
        if not self.is_bound:
            self.initial["threshold"] = None
            self.initial["threshold_decided_on"] = timezone.localdate()


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = AsbRecommendation
        fields = ["text", "agency"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        labels = {"text": "Recommendation", "agency": "Agency to act on it"}
        error_messages = {
            "text": {"required": "Write the recommendation."},
            "agency": {"required": "Choose the agency to act on it."},
        }

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = "Choose the agency"


class HandlerForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Person",
        empty_label="Choose a person",
        help_text="They will see everything on the application, including the applicant's details.",
        error_messages={"required": "Choose the person who will handle the application."},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = person_label
