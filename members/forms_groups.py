"""Forms for group membership. Shape and validation only; writes happen in members.services_groups."""

from django import forms

from members.models import GroupMember


class GroupMemberForm(forms.Form):
    person = forms.ModelChoiceField(label="Person", queryset=None, empty_label="Choose a person")
    seat = forms.ChoiceField(label="Seat", choices=GroupMember.Seat.choices, widget=forms.RadioSelect)
    substitute_for = forms.ModelChoiceField(
        label="Substitute for",
        queryset=None,
        required=False,
        empty_label="Not a substitute",
        help_text="For a named substitute only: the member whose seat they fill.",
    )
    joined = forms.DateField(
        label="Joined on", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), required=False
    )

    def __init__(self, *args, people, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: f"{p.full_name} ({p.agency or 'no agency'})"
        self.fields["substitute_for"].queryset = members
        self.fields["substitute_for"].label_from_instance = lambda s: f"{s.person.full_name}, {s.get_seat_display()}"
        self.fields["joined"].help_text = "Leave blank for today."


class SeatEndForm(forms.Form):
    left = forms.DateField(
        label="Left on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leave blank for today. The seat stays in the record with this date.",
    )
