"""What an action point can be linked to from apps above meetings, offered through a hook.

meetings sits below workplan, so it cannot ask the workplan for its items: workplan registers the
function that lists them from its AppConfig.ready(). Without it, actions are offered no link.
"""

_workplan_item_choices = []


def workplan_item_choices_register(choices):
    """`choices(partnership, current=None)` returns the workplan items an action may link to, or None."""
    _workplan_item_choices[:] = [choices]


def workplan_item_choices(partnership, current=None):
    """The workplan items an action may be linked to (None when there are none to offer)."""
    if not _workplan_item_choices:
        return None
    return _workplan_item_choices[0](partnership, current=current)
