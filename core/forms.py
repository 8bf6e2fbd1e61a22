"""Base forms: a version carried for stale-edit refusal, and a service's errors put next to their fields."""

from django import forms


class VersionedForm(forms.ModelForm):
    """Carries the record's version, so that a save over someone else's newer change is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True

    def changes(self):
        """The cleaned model fields, for a service's update call."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


def apply_service_errors(form, error):
    """Put a service's ValidationError next to the fields it names, or at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
