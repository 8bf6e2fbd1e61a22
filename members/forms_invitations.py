"""Forms for invitations. Shape and validation only; writes happen in members.services_invitations."""

from allauth.account.forms import SetPasswordForm
from django import forms

from members.models import Agency
from partnership.models import Partnership


class InviteForm(forms.Form):
    username = forms.CharField(
        label="Username",
        max_length=150,
        required=False,
        help_text="What the person types to sign in (they can also use their email address). "
        "Leave blank to use their email address.",
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        if person.user_id:
            del self.fields["username"]


class ConfirmForm(forms.Form):
    """A button alone: the change is named on the page."""


class AcceptForm(SetPasswordForm):
    """django-allauth's set-password form (its password rules and messages), labelled for an invitation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = "Choose a password"
        self.fields["password2"].label = "Type the password again"
        self.fields["password1"].widget.attrs["autocomplete"] = "new-password"


class PartnershipStartForm(forms.Form):
    name = forms.CharField(label="Name of the partnership", max_length=200)
    slug = forms.SlugField(
        label="Web address name", max_length=60, help_text="Lower-case letters, numbers and hyphens, e.g. 'northdale'."
    )
    area = forms.CharField(label="Area it covers", max_length=200)
    kind = forms.ChoiceField(label="Kind of partnership", choices=Partnership.Kind.choices, widget=forms.RadioSelect)
    nation = forms.ChoiceField(label="Nation", choices=Partnership.Nation.choices, widget=forms.RadioSelect)
    parent = forms.ModelChoiceField(
        label="County strategy group it reports to",
        queryset=Partnership.objects.none(),
        required=False,
        empty_label="None",
        help_text="In a two-tier area, a district partnership reports to the county strategy group.",
    )
    coordinator_first_name = forms.CharField(label="First name", max_length=100)
    coordinator_last_name = forms.CharField(label="Last name", max_length=100)
    coordinator_email = forms.EmailField(
        label="Email address", help_text="The invitation is sent here. It works once and expires after 7 days."
    )
    coordinator_job_title = forms.CharField(label="Job title", max_length=200, required=False)
    coordinator_agency = forms.ModelChoiceField(
        label="Agency they work for", queryset=Agency.objects.none(), required=False, empty_label="Not listed yet"
    )
    coordinator_username = forms.CharField(
        label="Username",
        max_length=150,
        required=False,
        help_text="Leave blank to use their email address.",
    )

    def __init__(self, *args, counties, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = counties
        self.fields["coordinator_agency"].queryset = agencies

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Partnership.Kind.COUNTY and cleaned.get("parent"):
            self.add_error("parent", "A county strategy group does not report to another partnership.")
        return cleaned


class SiteAdministratorForm(forms.Form):
    login = forms.CharField(label="Username or email address of the person", max_length=254)
