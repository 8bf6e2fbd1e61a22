"""Reading what the services wrote: the history rows made since a point in a test."""

from django.db.models import Max
from simple_history.models import registered_models
from simple_history.utils import get_history_model_for_model


def history_models():
    """The history model of every historied model (an m2m field's through model, whose changes simple-history
    records beside its owner's history row, has none of its own)."""
    return [
        get_history_model_for_model(model)
        for model in registered_models.values()
        if hasattr(model._meta, "simple_history_manager_attribute")
    ]


def history_mark():
    """The newest history row of each model so far; pass it to `history_since`."""
    return {model: model.objects.aggregate(last=Max("history_id"))["last"] or 0 for model in history_models()}


def history_since(mark):
    """Every history row written after `mark`, of every historied model."""
    rows = []
    for model, last in mark.items():
        rows.extend(model.objects.filter(history_id__gt=last).select_related("history_user"))
    return rows
