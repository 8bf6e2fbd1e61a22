"""Admin saves go through the services, so history, groups and object permissions stay right; records with
no update service are read-only there. Nothing is deleted in the admin, and history is never reverted."""

from django.core.exceptions import PermissionDenied, ValidationError
from simple_history.admin import SimpleHistoryAdmin


class KeptRecordsMixin:
    """Records are kept: never deleted in the admin. Their old versions are shown, never restored (a revert
    would save the record behind the services' back)."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def has_delete_permission(self, request, obj=None):
        # Records are ended or archived, never deleted.
        return False


class ReadOnlyAdminMixin(KeptRecordsMixin):
    """For records that have no update service: shown with their history, never added or changed here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyHistoryAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """The admin of a record with no update service: its list, its fields and its history."""


def _show_errors(form, error):
    """A service's ValidationError on the form: by field where the form has it, at the top otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class _ThroughServiceForm:
    """The admin's form, validated by the service itself as it saves.

    The model's own checks are left to the service, which sees the record as it will be saved (an action's
    agency follows its new owner, say); the service's errors are shown on the form, and nothing is saved.
    """

    service_admin = None
    service_request = None
    service_saved = None

    def _post_clean(self):
        if self._errors:
            return
        try:
            self.service_saved = self.service_admin.save_through_service(
                self.service_request, self.instance, self, change=not self.instance._state.adding
            )
        except ValidationError as error:
            _show_errors(self, error)


class ServiceAdminMixin(KeptRecordsMixin):
    """Set `create_service(request, data)` and `update_service(request, obj, changes)` on the admin.

    `create_only` names fields the create service takes and the update service does not (read-only once
    saved); `never_edited`, fields only the app's own steps change (always read-only here).
    """

    create_only = ()
    never_edited = ()

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), *self.never_edited]
        return [*fields, *self.create_only] if obj is not None else fields

    def create_service(self, request, data):
        raise NotImplementedError

    def update_service(self, request, obj, changes):
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        attrs = {"service_admin": self, "service_request": request, "__module__": form.__module__}
        return type(form)(form.__name__, (_ThroughServiceForm, form), attrs)

    def save_through_service(self, request, obj, form, *, change):
        data = {name: form.cleaned_data[name] for name in form.cleaned_data if name in form.fields}
        if not change:
            return self.create_service(request, data)
        changes = {name: data[name] for name in form.changed_data if name in data}
        return self.update_service(request, obj, changes) if changes else obj

    def save_model(self, request, obj, form, change):
        saved = getattr(form, "service_saved", None)
        if saved is None:
            saved = self.save_through_service(request, obj, form, change=change)
        obj.pk = saved.pk
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})
