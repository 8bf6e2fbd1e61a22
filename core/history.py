"""Read-only history of one record: each change with who, when, why and a field-level diff."""

from django.db import models

HIDDEN_FIELDS = {"version", "coordinators_group", "chairs_group", "members_group", "officers_group", "leads_group"}


def _display(field, value, labels):
    if value in (None, ""):
        return "(blank)"
    if isinstance(field, models.ForeignKey):
        return labels.get((field.related_model, value), f"#{value}")
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    return str(value)


HIDDEN_LABEL = "A confidential record not shared with you"


def history_rows(obj, *, limit=200, hide=None):
    """Newest first. One query for the history, one per kind of related record named in it.

    `hide(model, ids)` returns the ids among `ids` whose labels the viewer may not read (for example
    confidential agenda items an action was taken under); those are shown as HIDDEN_LABEL.
    """
    records = list(obj.history.select_related("history_user__person").order_by("history_date", "history_id"))
    model = type(obj)
    fields = {
        f.attname if isinstance(f, models.ForeignKey) else f.name: f
        for f in model._meta.concrete_fields
        if f.name not in HIDDEN_FIELDS
    }
    wanted = {}
    for record in records:
        for name, field in fields.items():
            if isinstance(field, models.ForeignKey):
                value = getattr(record, name, None)
                if value is not None:
                    wanted.setdefault(field.related_model, set()).add(value)
    labels = {}
    for related, ids in wanted.items():
        hidden = hide(related, ids) if hide else set()
        for pk, related_obj in related._default_manager.in_bulk(ids).items():
            labels[(related, pk)] = HIDDEN_LABEL if pk in hidden else str(related_obj)
    rows, previous = [], None
    for record in records:
        changes = []
        for name, field in fields.items():
            if name == "id":
                continue
            new = getattr(record, name, None)
            old = getattr(previous, name, None) if previous is not None else None
            if previous is None and new in (None, "", False):
                continue
            if previous is None or old != new:
                changes.append(
                    {
                        "field": field.verbose_name.capitalize(),
                        "old": _display(field, old, labels) if previous is not None else "",
                        "new": _display(field, new, labels),
                    }
                )
        user = record.history_user
        rows.append(
            {
                "date": record.history_date,
                "who": (getattr(user, "person", None) or user) if user else "System",
                "type": {"+": "Created", "~": "Changed", "-": "Deleted"}[record.history_type],
                "reason": record.history_change_reason or "",
                "changes": changes,
            }
        )
        previous = record
    rows.reverse()
    return rows[:limit]
