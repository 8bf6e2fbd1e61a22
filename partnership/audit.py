"""The audit index: every history row of every model is copied into AuditEntry as it is written, so a
partnership's audit log is one indexed query. Connected to simple-history's signal in apps.py."""

from django.utils.text import Truncator

from partnership.models import AuditEntry


def index_history_record(sender, instance, history_instance, **kwargs):
    """Index a new history row of any model into AuditEntry (simple-history's post_create_historical_record)."""
    scope = getattr(instance, "audit_scope", None)
    partnership_id, agency_id = scope() if scope else (None, None)
    AuditEntry.objects.create(
        partnership_id=partnership_id,
        agency_id=agency_id,
        kind=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=Truncator(str(instance)).chars(300),
        history_id=history_instance.pk,
        history_type=history_instance.history_type,
        history_date=history_instance.history_date,
        change_reason=Truncator(history_instance.history_change_reason or "").chars(300),
        user_id=history_instance.history_user_id,
    )
