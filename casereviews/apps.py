from django.apps import AppConfig


class CaseReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "casereviews"
    verbose_name = "Case reviews"

    def ready(self):
        # Imported here: services import models, which exist only once the registry is ready.
        from casereviews.services import officer_handover_of_cases
        from members.handover import handover_step_register

        handover_step_register(officer_handover_of_cases)
