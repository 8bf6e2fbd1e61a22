"""Forms of the security app: two-step sign-in codes (an app's code or a recovery code), the security log's
filters, the site policy."""

import django_filters
from allauth.core import context
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.base.internal.flows import check_rate_limit
from allauth.mfa.models import Authenticator
from django import forms
from django.core.exceptions import ValidationError

from core.filters import DateRangeMixin
from security.models import SecurityEvent
from security.services import recovery_code_use

WRONG_CODE = "Enter the 6-digit code your authenticator app shows now, or one of your recovery codes."


class _CodeMixin:
    """The code is checked against the authenticator app (TOTP) and then against the person's unused
    recovery codes, stored as hashes (security.recovery)."""

    def _setup_code_field(self):
        field = self.fields["code"]
        field.label = "Code from your authenticator app, or a recovery code"
        field.help_text = "The 6 digits your app shows now; or, if you have lost the device, a recovery code."
        field.widget.attrs.pop("placeholder", None)
        field.widget.attrs.update({"autocomplete": "one-time-code", "spellcheck": "false"})

    def clean_code(self):
        clear_rate_limit = check_rate_limit(self.user)
        code = self.cleaned_data["code"].strip()
        totp = Authenticator.objects.filter(user=self.user, type=Authenticator.Type.TOTP).first()
        if totp is None:
            raise ValidationError(WRONG_CODE, code="incorrect_code")
        app_code = totp.wrap().validate_code(code.replace(" ", ""))
        if not app_code and not recovery_code_use(user=self.user, code=code, request=context.request):
            self._emit_authentication_failed(totp)
            raise ValidationError(WRONG_CODE, code="incorrect_code")
        self.authenticator = totp
        self.authenticator.user = self.user
        clear_rate_limit()
        return code


class AuthenticateForm(_CodeMixin, mfa_forms.AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_code_field()


class ReauthenticateForm(_CodeMixin, mfa_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_code_field()


class SecurityLogFilter(DateRangeMixin, django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label="What happened", choices=SecurityEvent.Kind.choices, empty_label="Anything"
    )
    username = django_filters.CharFilter(label="Username", lookup_expr="iexact")
    date_from = django_filters.DateFilter(
        label="From", field_name="at", lookup_expr="date__gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label="To", field_name="at", lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = SecurityEvent
        fields = []


class SitePolicyForm(forms.Form):
    require_mfa_for_everyone = forms.BooleanField(
        label="Require two-step sign-in of everyone",
        required=False,
        help_text="From their next sign-in, everyone must set up an authenticator app before using the site.",
    )
