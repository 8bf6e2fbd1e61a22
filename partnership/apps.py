from django.apps import AppConfig
from simple_history.signals import post_create_historical_record


class PartnershipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnership"

    def ready(self):
        # Models are importable only once the app registry is ready, so the handler is imported here.
        from partnership.audit import index_history_record

        post_create_historical_record.connect(index_history_record, dispatch_uid="partnership-audit-index")
