from django.apps import AppConfig


class WorkplanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workplan"

    def ready(self):
        # Imported here: services and selectors import models, which exist only once the registry is ready.
        from meetings.links import workplan_item_choices_register
        from members.handover import handover_step_register
        from workplan.selectors import items_for_action_link
        from workplan.services import officer_handover_of_items

        handover_step_register(officer_handover_of_items)
        workplan_item_choices_register(items_for_action_link)
