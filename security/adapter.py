"""The account adapter (the toolkit's, with no self sign-up, recording sign-in lockouts in the security log) and
the MFA adapter (secrets encrypted at rest)."""

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ValidationError

from core.accounts import NoSignupAccountAdapter
from security.events import Kind, record


class AccountAdapter(NoSignupAccountAdapter):
    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            username = credentials.get("username") or credentials.get("email") or ""
            record(Kind.LOCKOUT, request=request, username=str(username)[:150], detail="too many failed sign-ins")
            raise


class MFAAdapter(DefaultMFAAdapter):
    """allauth's MFA adapter, with the authenticator app's secret encrypted at rest (Fernet, with a key
    derived from SECRET_KEY: rotating SECRET_KEY means everyone sets up their app again)."""

    def _fernet(self):
        key = hashlib.sha256(f"partnership-hub-mfa:{settings.SECRET_KEY}".encode()).digest()
        return Fernet(base64.urlsafe_b64encode(key))

    def encrypt(self, text):
        return self._fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text):
        return self._fernet().decrypt(encrypted_text.encode()).decode()
