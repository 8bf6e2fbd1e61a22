"""Forms for death reviews: shape and validation only (writes are in casereviews.services). Model forms run
the models' own checks, so those errors show next to their fields before a service is called."""

from django import forms
from django.utils import timezone

from casereviews.models import (
    AgencyReport,
    BoardReport,
    CaseRecommendation,
    CaseRole,
    ChronologyEntry,
    DeathReview,
    FamilyContact,
    Proceeding,
    QualityAssurance,
    ReportVersion,
)
from core.forms import VersionedForm
from members.forms import person_label

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 5})


def _required(label):
    return {"required": f"Give {label}."}


class NotifyForm(forms.ModelForm):
    class Meta:
        model = DeathReview
        fields = ["notified_on", "notified_by", "date_of_death", "pseudonym", "circumstances", "retention_until"]
        widgets = {"notified_on": DATE, "date_of_death": DATE, "retention_until": DATE, "circumstances": TEXT}
        labels = {
            "notified_on": "Date the partnership was told of the death",
            "notified_by": "Agency that told the partnership",
            "date_of_death": "Date of death",
            "pseudonym": "Pseudonym",
            "circumstances": "Circumstances in brief",
            "retention_until": "Keep the file until",
        }
        help_texts = {
            "pseudonym": "The name the review will use. Agree it with the family where you can.",
            "circumstances": "Only what the decision needs. Everything here is seen only by the people on the case.",
            "retention_until": "Leave it blank to keep the file for seven years from the notification.",
        }
        error_messages = {
            "notified_on": _required("the date the partnership was told"),
            "circumstances": _required("the circumstances in brief"),
        }

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notified_by"].queryset = agencies
        self.fields["notified_by"].empty_label = "Choose an agency"
        self.fields["retention_until"].required = False
        if not self.is_bound:
            self.fields["notified_on"].initial = timezone.localdate()


class CaseEditForm(VersionedForm):
    class Meta:
        model = DeathReview
        fields = [
            "pseudonym",
            "date_of_death",
            "notified_by",
            "circumstances",
            "home_office_notified_on",
            "terms_of_reference",
            "terms_agreed_on",
            "retention_until",
        ]
        widgets = {
            "date_of_death": DATE,
            "home_office_notified_on": DATE,
            "terms_agreed_on": DATE,
            "retention_until": DATE,
            "circumstances": TEXT,
            "terms_of_reference": forms.Textarea(attrs={"rows": 10}),
        }
        labels = {
            "terms_agreed_on": "Date the panel agreed the terms of reference",
            "home_office_notified_on": "Date the Home Office was told of the decision",
        }
        error_messages = {"circumstances": _required("the circumstances in brief")}

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notified_by"].queryset = agencies


DECISIONS = [(DeathReview.Decision.HOLD, "Hold a review"), (DeathReview.Decision.NOT_HOLD, "Do not hold a review")]


class DecideForm(VersionedForm):
    decision = forms.ChoiceField(
        choices=DECISIONS,
        widget=forms.RadioSelect,
        label="Decision",
        error_messages={"required": "Choose whether to hold a review."},
    )

    class Meta:
        model = DeathReview
        fields = ["decision", "decided_on", "decision_reasons", "home_office_notified_on"]
        widgets = {"decided_on": DATE, "home_office_notified_on": DATE, "decision_reasons": TEXT}
        labels = {
            "decided_on": "Date of the decision",
            "decision_reasons": "Reasons for the decision",
            "home_office_notified_on": "Date the Home Office was told of the decision",
        }
        error_messages = {
            "decided_on": _required("the date of the decision"),
            "decision_reasons": _required("the reasons for the decision"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].required = True
        self.fields["decision_reasons"].required = True
        if not self.is_bound:
            self.initial.pop("decision", None)
            self.initial["decided_on"] = self.instance.decided_on or timezone.localdate()


class PanelMemberForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=None, label="Person", empty_label="Choose a person", error_messages=_required("the person")
    )
    role = forms.ChoiceField(
        choices=CaseRole.choices, widget=forms.RadioSelect, label="Seat", error_messages={"required": "Choose a seat."}
    )
    agency = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Agency they speak for",
        empty_label="Their own agency",
        help_text="For a panel member only.",
    )

    def __init__(self, *args, people, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = person_label
        self.fields["agency"].queryset = agencies


class AgencyReportRequestForm(forms.ModelForm):
    class Meta:
        model = AgencyReport
        fields = ["agency", "kind", "due_on"]
        widgets = {"due_on": DATE, "kind": forms.RadioSelect}
        labels = {"kind": "What is asked for", "due_on": "Due by"}
        error_messages = {
            "agency": _required("the agency"),
            "kind": {"required": "Choose what is asked for."},
            "due_on": _required("the date it is due"),
        }

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["kind"].choices = AgencyReport.Kind.choices

    def validate_unique(self):
        """The case is not on the form: the service's save checks the report is asked for once."""


class AgencyReportSubmitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label="Report", required=False, widget=forms.Textarea(attrs={"rows": 12}))
    file = forms.FileField(
        label="Or attach the report",
        required=False,
        allow_empty_file=True,  # the service refuses an empty file with its own message
        help_text="A PDF or a word-processed document, smaller than 10 MB.",
    )


class ChronologyEntryForm(forms.ModelForm):
    class Meta:
        model = ChronologyEntry
        fields = ["agency", "occurred_on", "entry"]
        widgets = {"occurred_on": DATE, "entry": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"occurred_on": _required("the date of contact"), "entry": _required("what happened")}

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = None


class FamilyContactForm(forms.ModelForm):
    class Meta:
        model = FamilyContact
        fields = ["contacted_on", "with_whom", "method", "summary"]
        widgets = {"contacted_on": DATE, "method": forms.RadioSelect, "summary": TEXT}
        labels = {"contacted_on": "Date of contact"}
        error_messages = {
            "contacted_on": _required("the date of contact"),
            "with_whom": _required("who was contacted"),
            "method": {"required": "Choose how."},
            "summary": _required("a summary"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = FamilyContact.Method.choices


class ProceedingForm(forms.ModelForm):
    class Meta:
        model = Proceeding
        fields = ["kind", "started_on", "note"]
        widgets = {"kind": forms.RadioSelect, "started_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}
        labels = {"kind": "Proceeding", "started_on": "Clock paused from"}
        error_messages = {"kind": {"required": "Choose the proceeding."}, "started_on": _required("the date")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Proceeding.Kind.choices


class ProceedingEndForm(forms.Form):
    ended_on = forms.DateField(label="Clock resumed on", widget=DATE, error_messages=_required("the date"))


class ReportVersionForm(forms.Form):
    kind = forms.ChoiceField(
        choices=ReportVersion.Kind.choices,
        widget=forms.RadioSelect,
        label="Document",
        error_messages={"required": "Choose the document."},
    )
    file = forms.FileField(
        label="File",
        allow_empty_file=True,
        help_text="A PDF or a word-processed document, smaller than 10 MB.",
        error_messages={"required": "Choose the file to upload."},
    )
    note = forms.CharField(label="What changed", max_length=300, required=False)


class QualitySubmitForm(forms.Form):
    submitted_on = forms.DateField(
        label="Date sent to the Home Office quality-assurance panel", widget=DATE, error_messages=_required("the date")
    )


class QualityOutcomeForm(forms.ModelForm):
    class Meta:
        model = QualityAssurance
        fields = ["outcome", "outcome_on", "requested_changes"]
        widgets = {"outcome": forms.RadioSelect, "outcome_on": DATE, "requested_changes": TEXT}
        labels = {"outcome": "The panel's answer"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [
            (value, label) for value, label in QualityAssurance.Outcome.choices if value != "pending"
        ]


class PublishForm(forms.Form):
    published_on = forms.DateField(label="Date of publication", widget=DATE, error_messages=_required("the date"))
    published_title = forms.CharField(
        label="Title the public sees",
        max_length=200,
        help_text="For example: Review into the death of Rose. Use the pseudonym, never a real name.",
        error_messages=_required("the title the public sees"),
    )
    file = forms.FileField(
        label="The published report (PDF)",
        allow_empty_file=True,
        help_text="The redacted, pseudonymised report the quality-assurance panel approved.",
        error_messages={"required": "Choose the PDF to publish."},
    )


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = CaseRecommendation
        fields = ["text", "agency", "due_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "due_on": DATE}
        error_messages = {"text": _required("the recommendation"), "agency": _required("the owning agency")}

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class RecommendationProgressForm(VersionedForm):
    class Meta:
        model = CaseRecommendation
        fields = ["status", "evidence", "completed_on"]
        widgets = {"status": forms.RadioSelect, "evidence": TEXT, "completed_on": DATE}
        help_texts = {"completed_on": "Leave it blank for today when it is complete."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = CaseRecommendation.Status.choices


class BoardReportForm(forms.ModelForm):
    class Meta:
        model = BoardReport
        fields = ["reported_on", "meeting", "note"]
        widgets = {"reported_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}
        labels = {"reported_on": "Date reported to the board", "meeting": "At the meeting"}
        error_messages = {"reported_on": _required("the date")}

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].empty_label = "Not at a meeting (by correspondence)"
