"""Shared building blocks for services: validated saves with history, new versions of a record, and refusal
of stale edits. A record's version number goes up here and nowhere else."""

from django.core.exceptions import ValidationError
from django.utils.text import Truncator

from core.models import Versioned

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


def save_new_version(obj, *, by, reason=None, exclude=None):
    """Save a changed record with history; a versioned one becomes its next version, so open edit forms
    holding the old number are refused as stale."""
    if isinstance(obj, Versioned):
        obj.version += 1
    return save_with_history(obj, by=by, reason=reason, exclude=exclude)


def apply_changes(obj, *, by, version, fields, reason=None):
    """Apply `fields` to a locked row if `version` is still current; save only if something changed.

    `obj` should have been fetched with select_for_update() inside the caller's transaction. `version` is
    the number the editor saw (None: no staleness check, as for a record that carries no version).
    Returns the names of the fields that changed.
    """
    if version is not None and obj.version != version:
        raise ValidationError(STALE_EDIT, code="stale")
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(obj, name, fields[name])
    save_new_version(obj, by=by, reason=reason)
    return changed
