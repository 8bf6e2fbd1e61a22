"""The hook by which apps above members take part in an officer's handover (members.services.officer_handover).

Apps add steps with handover_step_register() from their AppConfig.ready(), so the steps are there
whenever Django is set up: in a request, a shell or a management command. Each step is called as
step(outgoing=, successor=, partnership=, by=) inside the handover's transaction and returns a list of
lines for the summary.
"""

HANDOVER_STEPS = []


def handover_step_register(step):
    """Add `step` to every handover (once, however often it is registered)."""
    if step not in HANDOVER_STEPS:
        HANDOVER_STEPS.append(step)
