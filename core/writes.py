"""Shared building blocks for services: validated saves with history, and refusal of stale edits."""

from django.core.exceptions import ValidationError
from django.utils.text import Truncator

STALE_EDIT = (
    "Someone else changed this record while you were editing it. "
    "Your changes have not been saved: review the current version and make them again."
)


def save_with_history(obj, *, by, reason=None, exclude=None):
    """Validate and save, recording who made the change (and why) in the history row."""
    obj.full_clean(exclude=exclude)
    obj._history_user = by
    if reason:
        # simple-history keeps 100 characters of a reason; records that need the whole text (a
        # minutes correction, say) store it in their own fields.
        obj._change_reason = Truncator(reason).chars(100)
    obj.save()
    return obj


def apply_changes(obj, *, by, version, fields, reason=None):
    """Apply `fields` to a locked row if `version` is still current; save only if something changed.

    `obj` must have been fetched with select_for_update() inside the caller's transaction.
    Returns the names of the fields that changed.
    """
    if version is not None and obj.version != version:
        raise ValidationError(STALE_EDIT, code="stale")
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(obj, name, fields[name])
    obj.version += 1
    save_with_history(obj, by=by, reason=reason)
    return changed
