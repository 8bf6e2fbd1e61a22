"""django-allauth adapter: accounts are made by coordinators, never by self sign-up."""

from allauth.account import forms as allauth_forms
from allauth.account.adapter import DefaultAccountAdapter


class NoSignupAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False


class LoginForm(allauth_forms.LoginForm):
    """allauth's sign-in form with a label that says what it takes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or email address"
        self.fields["login"].widget.attrs["autocomplete"] = "username"
        # A hint sits above its box, so a link in the password's hint was reached by Tab before the
        # password itself; the sign-in page shows the link after the form instead.
        self.fields["password"].help_text = ""
