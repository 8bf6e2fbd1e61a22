"""Admin saves go through the services, so history, groups and object permissions stay right."""


class ServiceAdminMixin:
    """Set `create_service(request, data)` and `update_service(request, obj, changes)` on the admin."""

    def create_service(self, request, data):
        raise NotImplementedError

    def update_service(self, request, obj, changes):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.cleaned_data if name in form.fields}
        if change:
            changes = {name: data[name] for name in form.changed_data if name in data}
            saved = self.update_service(request, obj, changes) if changes else obj
        else:
            saved = self.create_service(request, data)
        obj.pk = saved.pk
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})

    def has_delete_permission(self, request, obj=None):
        # Records are ended or archived, never deleted.
        return False
