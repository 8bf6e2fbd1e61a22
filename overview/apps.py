from django.apps import AppConfig


class OverviewConfig(AppConfig):
    """Pages and commands that gather from every app: dashboard, audit log, history, the demo, reminders."""

    name = "overview"
