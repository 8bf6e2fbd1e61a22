from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"

    def ready(self):
        # Imported here: services import models, which exist only once the app registry is ready.
        from meetings import notifications
        from meetings.services import officer_handover_of_actions
        from members.handover import handover_step_register
        from partnership.outbox import composer_register

        handover_step_register(officer_handover_of_actions)
        composer_register("meetings.agenda_published", notifications.agenda_published_message)
        composer_register("meetings.minutes_circulated", notifications.minutes_circulated_message)
