"""Writes of the security app: recovery codes, a coordinator's reset of a lost device, the site's sign-in
policy, and ending a person's other sessions. Each records its security event."""

import secrets

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.db import transaction
from django.utils import timezone

from core.writes import save_with_history
from security.events import Kind, record
from security.models import RecoveryCode, SitePolicy
from security.recovery import ALPHABET, COUNT, LENGTH, code_hash, normalise


@transaction.atomic
def recovery_codes_generate(*, user, request=None):
    """A new set of codes for `user`, replacing any earlier set; returns the codes in clear, this once."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = ["".join(secrets.choice(ALPHABET) for _ in range(LENGTH)) for _ in range(COUNT)]
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_hash=code_hash(code)) for code in codes])
    record(Kind.RECOVERY_CODES, request=request, user=user)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


@transaction.atomic
def recovery_code_use(*, user, code, request=None):
    """Spend one of `user`'s unused codes: True, or False if `code` matches none of them."""
    if len(normalise(code)) != LENGTH:
        return False
    spent = RecoveryCode.objects.filter(user=user, code_hash=code_hash(code), used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if spent:
        left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
        record(Kind.RECOVERY_CODE_USED, request=request, user=user, detail=f"{left} unused codes left")
    return bool(spent)


def _end_sessions(sessions):
    ended = 0
    for session in sessions:
        session.end()
        ended += 1
    return ended


@transaction.atomic
def other_sessions_end(*, request, user, reason="Ended by the person"):
    """End every session of `user` but the one making this request; returns how many were ended."""
    current = request.session.session_key if hasattr(request, "session") else None
    ended = _end_sessions(UserSession.objects.filter(user=user).exclude(session_key=current))
    if ended:
        record(Kind.SESSIONS_ENDED, request=request, user=user, detail=f"{ended} other sessions ended: {reason}")
    return ended


@transaction.atomic
def mfa_reset(*, person, partnership, by, request=None):
    """A coordinator's answer to a lost device: the person's authenticator app and recovery codes are removed
    and every session of theirs ended, so they sign in with their password and set up a new app (at once,
    if it is required of them). Recorded in the security log with who did it."""
    user = person.user
    removed = Authenticator.objects.filter(user=user).count()
    Authenticator.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    _end_sessions(UserSession.objects.filter(user=user))
    record(
        Kind.MFA_RESET,
        request=request,
        user=by,
        partnership=partnership,
        detail=f"Reset the two-step sign-in of {person.full_name} ({user.get_username()}); "
        f"{removed} authenticators removed, every session ended",
    )


@transaction.atomic
def site_policy_set(*, by, require_mfa_for_everyone, request=None):
    policy = SitePolicy.objects.select_for_update().order_by("pk").first() or SitePolicy()
    if policy.pk is not None and policy.require_mfa_for_everyone == require_mfa_for_everyone:
        return policy
    policy.require_mfa_for_everyone = require_mfa_for_everyone
    save_with_history(policy, by=by)
    record(
        Kind.POLICY_CHANGED,
        request=request,
        user=by,
        detail="Two-step sign-in required of everyone" if require_mfa_for_everyone else "Required of no one site-wide",
    )
    return policy


@transaction.atomic
def recovery_codes_delete_all(*, user):
    """Recovery codes go with the authenticator app they back up."""
    RecoveryCode.objects.filter(user=user).delete()
