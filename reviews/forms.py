"""Forms for the annual review: shape and validation only (writes are in reviews.services)."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from members.forms import person_label
from members.models import Agency, Person
from reviews.models import AnnualReview, Question, Rating
from reviews.services import MISSING_RETURNS_NEED_REASON

REVIEW_YEAR_TAKEN = "The partnership already has a review for a year starting on this date."
NOT_RATED = "Not rated yet"
RATE_BEFORE_SUBMIT = "Rate question {number} before you submit the return"
DUE_BEFORE_START = "The due date must be on or after the start date."

# A date picker; its value must be in ISO form, whatever the locale's display format.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def framework_label(framework):
    owner = "your partnership's copy" if framework.partnership_id else "shipped with Partnership Hub"
    count = getattr(framework, "question_count", None)
    questions = f", {count} question{'s' if count != 1 else ''}" if count is not None else ""
    return f"{framework.name}, edition {framework.edition} ({owner}{questions})"


class ReviewOpenForm(forms.ModelForm):
    class Meta:
        model = AnnualReview
        fields = ["title", "period_start", "period_end", "deadline", "framework"]
        widgets = {"period_start": DATE, "period_end": DATE, "deadline": DATE, "framework": forms.RadioSelect}
        labels = {
            "period_start": "First day of the review year",
            "period_end": "Last day of the review year",
            "deadline": "Deadline for agencies' returns",
            "framework": "Questions to ask",
        }
        help_texts = {
            "title": "For example: Annual review 2025 to 2026.",
            "period_start": "Meetings, action points and workplan progress in the review year are shown as evidence.",
            "deadline": "Each agency's lead officer is reminded as it nears. After it, only you can reopen a return.",
            "framework": "A framework is locked once a review uses it. To change its questions, copy it first.",
        }
        error_messages = {
            NON_FIELD_ERRORS: {"unique_together": REVIEW_YEAR_TAKEN},
            "title": {"required": "Give the review a title"},
            "period_start": {"required": "Enter the first day of the review year"},
            "period_end": {"required": "Enter the last day of the review year"},
            "deadline": {"required": "Enter the deadline for returns"},
            "framework": {"required": "Choose the framework of questions"},
        }

    def __init__(self, *args, partnership, frameworks, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["framework"].queryset = frameworks
        self.fields["framework"].label_from_instance = framework_label
        self.fields["framework"].empty_label = None

    def _get_validation_exclusions(self):
        # The partnership is set by the view, not the form; keep it in the checks so that a second review
        # for the same year is refused next to the form rather than by the database.
        exclude = super()._get_validation_exclusions()
        exclude.discard("partnership")
        return exclude


class AnswerForm(forms.Form):
    """One question of a return. In a draft the rating may wait; submitting needs every question rated."""

    rating = forms.TypedChoiceField(
        choices=[*Rating.choices, ("", NOT_RATED)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label="Your agency's rating",
    )
    evidence = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Evidence",
    )
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Comment")

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, prefix=f"q{question.pk}", **kwargs)
        self.question = question

    def values(self):
        data = self.cleaned_data
        return data["rating"], data["evidence"], data["comment"]


def answer_forms(questions_and_answers, data=None):
    """One AnswerForm per question, filled from its saved answer (or from the posted data)."""
    forms_ = []
    for question, answer in questions_and_answers:
        initial = {"rating": "" if answer is None or answer.rating is None else answer.rating}
        if answer is not None:
            initial.update(evidence=answer.evidence, comment=answer.comment)
        forms_.append(AnswerForm(data, question=question, initial=initial))
    return forms_


class FrameworkCopyForm(forms.Form):
    name = forms.CharField(
        max_length=200,
        label="Name of your copy",
        error_messages={"required": "Give your copy a name"},
        help_text="Keep the name to make a new edition of it; give a new name to start a framework of your own.",
    )


class QuestionForm(forms.Form):
    section = forms.CharField(
        max_length=200,
        help_text="Questions are grouped under their section.",
        error_messages={"required": "Give the section the question belongs to"},
    )
    text = forms.CharField(
        max_length=500,
        label="Question",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Write the question"},
    )
    guidance = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown under the question to help agencies rate it.",
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        if sections:
            self.fields["section"].help_text += " Sections so far: " + "; ".join(sections) + "."

    @classmethod
    def for_question(cls, question, data=None, **kwargs):
        initial = {"section": question.section, "text": question.text, "guidance": question.guidance}
        return cls(data, initial=initial, **kwargs)


class FindingForm(forms.Form):
    text = forms.CharField(
        label="Finding", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Write the finding"}
    )
    question = forms.ModelChoiceField(
        queryset=Question.objects.none(),
        required=False,
        label="Question it is about",
        empty_label="The review as a whole",
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, prefix="finding", **kwargs)
        self.fields["question"].queryset = questions
        self.fields["question"].label_from_instance = lambda q: f"{q.order}. {q.text}"


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the recommendation"},
        help_text="What the partnership should do next year. It can become a workplan item.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="recommendation", **kwargs)


class PlanChoiceForm(forms.Form):
    govuk_mark_optional = False

    plan = forms.ModelChoiceField(queryset=None, label="Workplan", empty_label=None)

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans


class RecommendationToWorkplanForm(forms.Form):
    objective = forms.ModelChoiceField(
        queryset=None, empty_label="Choose an objective", error_messages={"required": "Choose an objective"}
    )
    lead_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        empty_label="Choose the lead agency",
        help_text="Its officers log progress on the item.",
        error_messages={"required": "Choose the lead agency"},
    )
    responsible_officer = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        empty_label="Choose the responsible officer",
        help_text="Someone who works for the lead agency.",
        error_messages={"required": "Choose the responsible officer"},
    )
    starts = forms.DateField(label="Start date", widget=DATE, error_messages={"required": "Enter the start date"})
    due = forms.DateField(label="Due date", widget=DATE, error_messages={"required": "Enter the due date"})

    def __init__(self, *args, objectives, agencies, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = objectives
        self.fields["objective"].label_from_instance = lambda o: f"{o.priority.title}: {o.title}"
        self.fields["lead_agency"].queryset = agencies
        self.fields["responsible_officer"].queryset = people
        self.fields["responsible_officer"].label_from_instance = person_label

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("due") and data["due"] < data["starts"]:
            self.add_error("due", DUE_BEFORE_START)
        return data


class CorrectionForm(forms.Form):
    finding = forms.ModelChoiceField(queryset=None, empty_label="Choose the finding to correct")
    text = forms.CharField(label="Corrected wording", widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(
        label="Reason for the correction", max_length=300, help_text="Recorded with the new version of the PDF."
    )

    def __init__(self, *args, findings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = findings


class ApproveForm(forms.Form):
    """The chair's approval; with returns missing, the recorded reason for approving without them."""

    missing_reason = forms.CharField(
        label="Why the review is approved without every return",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="It is recorded with the approval and printed in the review.",
    )

    def __init__(self, *args, missing, **kwargs):
        super().__init__(*args, **kwargs)
        if missing:
            self.fields["missing_reason"].required = True
            self.fields["missing_reason"].error_messages["required"] = MISSING_RETURNS_NEED_REASON.format(
                missing=missing
            )
        else:
            del self.fields["missing_reason"]
