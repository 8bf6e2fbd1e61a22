from django.apps import AppConfig


class WorkplanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workplan"
