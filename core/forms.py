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


class IdsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's multiple choice of records, refusing a value that is not a record number the database can
    hold before it queries (Django passes the raw values to `pk__in`, and a number beyond 64 bits makes the
    database driver raise instead of the field giving its "not one of the choices" message)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if not text.isdigit() or len(text) > 19 or int(text) >= 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text[:40]}
                )
        return super()._check_values(value)
