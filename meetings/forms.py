"""Forms for meetings, agendas, papers, sharing, attendance and minutes. Shape and validation only;
writes happen in meetings.services."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from core.forms import VersionedForm
from meetings import services
from meetings.models import PAPER_EXTENSIONS, PAPER_MAX_BYTES, AgendaItem, Attendance, Meeting
from members.forms import person_label

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")

FINISH_AFTER_START = "The meeting must finish after it starts."
UNTIL_AFTER_FIRST = "The last date must be after the first date."
PLAN_TOO_LONG = "Plan at most three years ahead."
PLACE_OR_LINK = "Give a place, an online meeting link, or both."
SHARE_ONE = "Choose an agency or a person, not both."
STATUS_NEEDED = "Choose whether they were present, sent apologies or were absent."
PERSON_NEEDED = "Choose the person."
SUBSTITUTE_FOR_NEEDED = "Say whom the substitute stands in for."
END_BEFORE_START = "The end date must be on or after the start date."

WEEKS = [("1", "First"), ("2", "Second"), ("3", "Third"), ("4", "Fourth"), ("-1", "Last")]
DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS = [(str(n), name) for n, name in enumerate(DAY_NAMES)]
PLAN_MAX_DAYS = 3 * 366


def combine(day, time):
    """A date and a time on the partnership's clock, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


def meeting_label(meeting):
    when = timezone.localtime(meeting.starts_at)
    return f"{meeting.group.name}, {date_format(when, 'l j F Y')} at {date_format(when, 'H:i')}"


def moment_label(moment):
    local = timezone.localtime(moment)
    return f"{date_format(local, 'l j F Y')} at {date_format(local, 'H:i')}"


# Meetings ------------------------------------------------------------------------------------------


class MeetingForm(VersionedForm):
    date = forms.DateField(widget=DATE, label="Date")
    time = forms.TimeField(widget=TIME, label="Starts at", help_text="For example, 18:30.")
    finishes = forms.TimeField(widget=TIME, label="Finishes at", required=False)
    online_link = forms.URLField(max_length=500, required=False, label="Online meeting link", assume_scheme="https")

    class Meta:
        model = Meeting
        fields = ["group", "location", "online_link", "is_public"]
        help_texts = {"location": "The address or room. Leave it blank for a meeting held only online."}

    field_order = ["group", "date", "time", "finishes", "location", "online_link", "is_public"]

    def __init__(self, *args, partnership, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["group"].queryset = groups
        self.fields["group"].empty_label = "Choose a group"
        if self.instance.pk:
            starts = timezone.localtime(self.instance.starts_at)
            self.fields["date"].initial = starts.date()
            self.fields["time"].initial = starts.time()
            if self.instance.ends_at:
                self.fields["finishes"].initial = timezone.localtime(self.instance.ends_at).time()

    def clean(self):
        data = super().clean()
        day, start, finish = data.get("date"), data.get("time"), data.get("finishes")
        if day and start:
            data["starts_at"] = self.instance.starts_at = combine(day, start)
            data["ends_at"] = self.instance.ends_at = combine(day, finish) if finish else None
            if finish and finish <= start:
                self.add_error("finishes", FINISH_AFTER_START)
                self.instance.ends_at = None
        return data

    def changes(self):
        fields = ["group", "location", "online_link", "is_public", "starts_at", "ends_at"]
        return {name: self.cleaned_data[name] for name in fields}


class PlanRuleForm(forms.Form):
    """Step 1 of planning a year: the rule, e.g. the third Tuesday of every other month."""

    group = forms.ModelChoiceField(queryset=None, empty_label="Choose a group")
    first = forms.DateField(widget=DATE, label="From", help_text="The first date a meeting could be held.")
    until = forms.DateField(widget=DATE, label="Until", help_text="The last date a meeting could be held.")
    week = forms.ChoiceField(choices=WEEKS, label="Which week of the month")
    weekday = forms.ChoiceField(choices=WEEKDAYS, label="Day of the week")
    interval = forms.IntegerField(
        min_value=1,
        max_value=12,
        initial=1,
        label="Every how many months",
        help_text="1 for every month, 2 for every other month, 3 for every quarter.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
    )
    time = forms.TimeField(widget=TIME, label="Starts at", help_text="For example, 18:30.")
    length = forms.IntegerField(
        min_value=15,
        max_value=600,
        required=False,
        label="Length in minutes",
        help_text="Used to set when each meeting finishes.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
    location = forms.CharField(
        max_length=300, required=False, label="Place", help_text="Give a place, an online meeting link, or both."
    )
    online_link = forms.URLField(max_length=500, required=False, label="Online meeting link", assume_scheme="https")
    is_public = forms.BooleanField(
        required=False,
        initial=True,
        label="Open to the press and public",
        help_text="Meetings are open unless confidential matters are the main business.",
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups

    def clean(self):
        data = super().clean()
        first, until = data.get("first"), data.get("until")
        if first and until:
            if until <= first:
                self.add_error("until", UNTIL_AFTER_FIRST)
            elif (until - first).days > PLAN_MAX_DAYS:
                self.add_error("until", PLAN_TOO_LONG)
        if not data.get("location") and not data.get("online_link") and "online_link" not in self.errors:
            self.add_error("location", PLACE_OR_LINK)
        return data

    def dates(self):
        data = self.cleaned_data
        return services.plan_dates(
            first=data["first"],
            until=data["until"],
            weekday=int(data["weekday"]),
            week=int(data["week"]),
            interval=data["interval"],
            at=data["time"],
        )

    def describe(self):
        data = self.cleaned_data
        week = dict(WEEKS)[data["week"]].lower()
        day = dict(WEEKDAYS)[data["weekday"]]
        every = "month" if data["interval"] == 1 else f"{data['interval']} months"
        return f"The {week} {day} of every {every} at {data['time']:%H:%M}"


class PlanDatesForm(forms.Form):
    """Step 2: the dates the rule gives, all ticked; untick those to skip."""

    dates = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Meetings to create",
        help_text="Untick any date you do not want, for example one in a holiday.",
    )

    def __init__(self, *args, moments, **kwargs):
        super().__init__(*args, **kwargs)
        self.moments = {moment.isoformat(): moment for moment in moments}
        self.fields["dates"].choices = [(key, moment_label(moment)) for key, moment in self.moments.items()]
        self.fields["dates"].initial = list(self.moments)

    def chosen(self):
        return [self.moments[key] for key in self.cleaned_data["dates"]]


class StatusForm(forms.Form):
    HELD, CANCEL, POSTPONE = "held", "cancel", "postpone"

    action = forms.ChoiceField(
        label="What happened to the meeting",
        widget=forms.RadioSelect,
        choices=[
            (HELD, "It took place"),
            (CANCEL, "It is cancelled"),
            (POSTPONE, "It is postponed to a new date"),
        ],
    )
    reason = forms.CharField(
        max_length=300, required=False, label="Reason", help_text="For a cancellation or postponement."
    )
    new_date = forms.DateField(widget=DATE, required=False, label="New date", help_text="Only for a postponement.")
    new_time = forms.TimeField(
        widget=TIME, required=False, label="New start time", help_text="Only for a postponement."
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == self.POSTPONE:
            if not data.get("new_date"):
                self.add_error("new_date", services.POSTPONE_NEEDS_DATE)
            if not data.get("new_time"):
                self.add_error("new_time", services.POSTPONE_NEEDS_DATE)
            if data.get("new_date") and data.get("new_time"):
                data["new_starts_at"] = combine(data["new_date"], data["new_time"])
        return data


# Agenda items and papers ---------------------------------------------------------------------------


class AgendaItemForm(VersionedForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "description", "presenter", "is_confidential", "confidential_reason"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        labels = {"is_confidential": "This item is confidential"}
        help_texts = {
            "is_confidential": "Only the coordinator, the chair and those it is shared with will see it.",
            "confidential_reason": "Needed for a confidential item. For example: personal information about an "
            "individual, or an operational police matter.",
        }

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = people
        self.fields["presenter"].label_from_instance = person_label
        self.fields["presenter"].empty_label = "No presenter"
        # Needed when the item is confidential (the hint says so): not "(optional)".
        self.fields["confidential_reason"].govuk_conditional = True


class PaperForm(forms.Form):
    title = forms.CharField(max_length=300, help_text="For example: Quarterly crime figures, April to June.")
    file = forms.FileField(
        label="File",
        allow_empty_file=True,  # the service refuses an empty file with its own message
        help_text=f"One of: {', '.join(PAPER_EXTENSIONS)}. Smaller than {PAPER_MAX_BYTES // (1024 * 1024)} MB.",
    )


class ShareForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=None, required=False, label="Share with an agency", empty_label="Choose an agency"
    )
    person = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Or share with a person",
        empty_label="Choose a person",
        help_text="Only people who can sign in are listed.",
    )

    def __init__(self, *args, agencies, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = person_label

    def clean(self):
        data = super().clean()
        if bool(data.get("agency")) == bool(data.get("person")) and not self.errors:
            self.add_error("agency", SHARE_ONE)
        return data


# Attendance -------------------------------------------------------------------------------------


class AttendanceRowForm(forms.Form):
    """One expected attendee: their status, and whom they stand in for if a substitute."""

    person = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=Attendance.Status.choices, widget=forms.RadioSelect, required=False)
    substitute_for = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args, people_choices, names, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["substitute_for"].choices = [("", "Not a substitute"), *people_choices]
        person_id = self.initial.get("person") or self.data.get(self.add_prefix("person"))
        name = names.get(int(person_id)) if str(person_id or "").isdigit() else None
        self.name = name or "Unknown person"
        self.fields["status"].label = self.name
        self.fields["substitute_for"].label = "If a substitute, standing in for"

    def clean(self):
        data = super().clean()
        if data.get("status") == Attendance.Status.SUBSTITUTE and not data.get("substitute_for"):
            self.add_error("substitute_for", SUBSTITUTE_FOR_NEEDED)
        return data


class AddAttendeeForm(forms.Form):
    """Someone not on the expected list, e.g. a guest presenter."""

    person = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Person")
    status = forms.ChoiceField(choices=[("", "Choose")] + Attendance.Status.choices, required=False, label="Attendance")
    substitute_for = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Standing in for")

    govuk_mark_optional = False

    def __init__(self, *args, people_choices, others, **kwargs):
        super().__init__(*args, prefix="extra", **kwargs)
        self.fields["person"].choices = [("", "Choose a person"), *others]
        self.fields["substitute_for"].choices = [("", "Not a substitute"), *people_choices]

    def clean(self):
        data = super().clean()
        if data.get("person") and not data.get("status"):
            self.add_error("status", STATUS_NEEDED)
        if data.get("status") and not data.get("person"):
            self.add_error("person", PERSON_NEEDED)
        if data.get("status") == Attendance.Status.SUBSTITUTE and not data.get("substitute_for"):
            self.add_error("substitute_for", SUBSTITUTE_FOR_NEEDED)
        return data


AttendanceFormSet = forms.formset_factory(AttendanceRowForm, extra=0)


# Quorum and minutes -------------------------------------------------------------------------------


class QuorumForm(forms.Form):
    minimum_present = forms.IntegerField(
        min_value=1,
        max_value=200,
        label="Members present at least",
        help_text="Count substitutes as present.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    every_responsible_authority = forms.BooleanField(
        required=False,
        label="Every responsible authority must be represented",
        help_text="The police, the councils, fire and rescue, probation and health.",
    )


class MinutesForm(forms.Form):
    discussion = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        label="Minutes of the discussion",
        help_text="What was discussed, in a few sentences. Record decisions and actions separately.",
    )
    correction_reason = forms.CharField(
        max_length=500,
        required=False,
        label="Reason for the correction",
        help_text="The minutes have been approved, so any change is recorded as a numbered correction.",
    )

    def __init__(self, *args, locked, **kwargs):
        super().__init__(*args, **kwargs)
        if not locked:
            del self.fields["correction_reason"]


AGENDA_NEVER_PUBLISHED = (
    "The agenda of this meeting was never published. Tick the box to circulate the minutes all the same."
)


class CirculateForm(forms.Form):
    """Circulating minutes of a meeting whose agenda was never published asks for a confirmation first."""

    confirm_unpublished_agenda = forms.BooleanField(
        label="Circulate the minutes although the agenda was never published",
        required=True,
        error_messages={"required": AGENDA_NEVER_PUBLISHED},
    )


class ApproveForm(forms.Form):
    at_meeting = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        label="The meeting at which the minutes were approved",
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = meetings
        self.fields["at_meeting"].label_from_instance = meeting_label


# Lists ----------------------------------------------------------------------------------------------


class MeetingFilterForm(forms.Form):
    group = forms.ModelChoiceField(queryset=None, required=False, empty_label="All groups")

    govuk_mark_optional = False

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class DateRangeForm(forms.Form):
    since = forms.DateField(widget=DATE, required=False, label="From")
    until = forms.DateField(widget=DATE, required=False, label="To")

    govuk_mark_optional = False

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", END_BEFORE_START)
        return data


def people_choices(people):
    """(pk, label) pairs, read once for a whole formset rather than once per row."""
    return [(person.pk, person_label(person)) for person in people]
