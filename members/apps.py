from django.apps import AppConfig


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"

    def ready(self):
        # Imported here: services import models, which exist only once the app registry is ready.
        from members.handover import handover_step_register
        from members.services_groups import officer_handover_of_seats
        from members.services_invitations import _invitation_message
        from partnership.outbox import composer_register

        handover_step_register(officer_handover_of_seats)
        composer_register("members.invitation", _invitation_message)
