"""The security log (append-only), recovery codes stored as hashes, and the site's sign-in policy."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class AppendOnly(Exception):
    """Raised on any attempt to change or delete a security event."""


class SecurityEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Security events are never changed.")

    def delete(self):
        raise AppendOnly("Security events are never deleted, except by the retention command.")

    def prune_before(self, moment):
        """The one deletion: events older than the retention period (security.retention)."""
        return models.QuerySet.delete(self.filter(at__lt=moment))


class SecurityEvent(models.Model):
    """One security event: who, when, from which address, what. Written once, never changed."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        LOCKOUT = "lockout", "Too many attempts: locked out for a while"
        SIGN_OUT = "sign_out", "Signed out"
        SESSION_EXPIRED = "session_expired", "Session ended by the time limits"
        SESSIONS_ENDED = "sessions_ended", "Other sessions ended"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PASSWORD_RESET = "password_reset", "Password reset"
        MFA_ADDED = "mfa_added", "Two-step sign-in set up"
        MFA_REMOVED = "mfa_removed", "Two-step sign-in removed"
        MFA_FAILED = "mfa_failed", "Wrong two-step sign-in code"
        RECOVERY_CODES = "recovery_codes", "New recovery codes made"
        RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
        MFA_RESET = "mfa_reset", "Two-step sign-in reset by a coordinator"
        POLICY_CHANGED = "policy_changed", "Sign-in policy changed"
        DENIED = "denied", "Refused (403)"
        NOT_FOUND = "not_found", "Not found or not visible (404)"
        DOWNLOAD = "download", "Download or export"
        TOKEN_USED = "token_used", "Feed or API token used"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)
    # The account acting or concerned. Kept by name as well, so the record outlives the account; an account
    # is never deleted while its events are kept (PROTECT), it is made inactive.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="security_events"
    )
    username = models.CharField(max_length=150, blank=True, db_index=True)
    # The partnership the event happened in, when it happened on one of its pages (or concerns its person).
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField(max_length=500, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["partnership", "-at"], name="security_partnership_at"),
            models.Index(fields=["user", "-at"], name="security_user_at"),
            models.Index(fields=["kind", "-at"], name="security_kind_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("Security events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Security events are never deleted, except by the retention command.")


class RecoveryCode(models.Model):
    """One single-use recovery code, stored only as its SHA-256 hash; shown once, when made."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "code_hash"], name="security_recovery_lookup")]

    def __str__(self):
        return f"Recovery code of {self.user} ({'used' if self.used_at else 'unused'})"


class SitePolicy(models.Model):
    """The deployment's sign-in policy (one row), set by a site administrator."""

    require_mfa_for_everyone = models.BooleanField(
        "Require two-step sign-in of everyone",
        default=False,
        help_text="Everyone who signs in must set up an authenticator app before they can use the site.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "site policy"

    def __str__(self):
        return "Site sign-in policy"
