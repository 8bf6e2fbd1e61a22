from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partnership"

    def ready(self):
        from simple_history.signals import post_create_historical_record

        from partnership.audit import index_history_record

        post_create_historical_record.connect(index_history_record, dispatch_uid="partnership-audit-index")
