"""The sign-in, password and two-step events, into the security log; and what follows some of them."""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver
from django.utils import timezone

from security import policy, sessions
from security.events import Kind, record
from security.services import other_sessions_end, recovery_codes_delete_all


@receiver(auth_signals.user_logged_in, dispatch_uid="security_signed_in")
def signed_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    sessions.start(request)
    request.session[policy.SESSION_KEY] = "" if is_mfa_enabled(user) else policy.mfa_required_for(user)
    record(Kind.SIGN_IN, request=request, user=user)


@receiver(auth_signals.user_login_failed, dispatch_uid="security_sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username") or credentials.get("email") or credentials.get("login") or ""
    record(Kind.SIGN_IN_FAILED, request=request, username=str(username)[:150])


@receiver(auth_signals.user_logged_out, dispatch_uid="security_signed_out")
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(Kind.SIGN_OUT, request=request, user=user)


@receiver(account_signals.password_changed, dispatch_uid="security_password_changed")
@receiver(account_signals.password_set, dispatch_uid="security_password_set")
def password_changed(sender, request, user, **kwargs):
    record(Kind.PASSWORD_CHANGED, request=request, user=user)
    _end_other_sessions(request, user, "the password was changed")


@receiver(account_signals.password_reset, dispatch_uid="security_password_reset")
def password_reset(sender, request, user, **kwargs):
    record(Kind.PASSWORD_RESET, request=request, user=user)
    _end_other_sessions(request, user, "the password was reset")


@receiver(mfa_signals.authenticator_added, dispatch_uid="security_mfa_added")
def mfa_added(sender, request, user, authenticator, **kwargs):
    record(Kind.MFA_ADDED, request=request, user=user, detail=authenticator.get_type_display())
    if request is not None and hasattr(request, "session"):
        request.session[policy.SESSION_KEY] = ""
    _end_other_sessions(request, user, "two-step sign-in was set up")


@receiver(mfa_signals.authenticator_removed, dispatch_uid="security_mfa_removed")
def mfa_removed(sender, request, user, authenticator, **kwargs):
    record(Kind.MFA_REMOVED, request=request, user=user, detail=authenticator.get_type_display())
    recovery_codes_delete_all(user=user)
    if request is not None and hasattr(request, "session"):
        request.session[policy.SESSION_KEY] = policy.mfa_required_for(user)
    _end_other_sessions(request, user, "two-step sign-in was removed")


@receiver(mfa_signals.authentication_failed, dispatch_uid="security_mfa_failed")
def mfa_failed(sender, request, user, **kwargs):
    record(Kind.MFA_FAILED, request=request, user=user)


def _end_other_sessions(request, user, reason):
    if request is None or not hasattr(request, "session"):
        return
    other_sessions_end(request=request, user=user, reason=f"{reason} ({timezone.now():%d %B %Y %H:%M})")
