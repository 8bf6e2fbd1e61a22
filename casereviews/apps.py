from django.apps import AppConfig


class CaseReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "casereviews"
    verbose_name = "Case reviews"
