"""GOV.UK Design System rendering for Django forms.

``settings.FORM_RENDERER = "core.rendering.GovukFormRenderer"`` makes
``{{ form }}`` and ``{{ field.as_field_group }}`` produce GOV.UK Frontend
markup (form groups, labels or fieldset legends, hints, error messages and the
``govuk-*`` classes on each control).

The work is split between:

* :class:`GovukFormRenderer` – points Django at ``forms/govuk_form.html`` and
  ``forms/govuk_field.html`` (project templates, found through the
  ``TEMPLATES`` setting because it is based on ``TemplatesSetting``) and makes
  every form use :class:`GovukBoundField`;
* :class:`GovukBoundField` – adds the right ``govuk-*`` class (and its
  ``--error`` modifier) to each widget, points ``aria-describedby`` at the
  hint (``<id>-hint``) and error message (``<id>-error``) and tells the field
  template which GOV.UK pattern to use (:attr:`GovukBoundField.govuk_kind`);
* ``templates/django/forms/widgets/`` – GOV.UK markup for radios, checkbox
  lists and the clearable file input.
"""

from __future__ import annotations

from django.forms import widgets as w
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe

# Widget kinds, as used by templates/forms/govuk_field.html.
HIDDEN = "hidden"
INPUT = "input"
TEXTAREA = "textarea"
SELECT = "select"
CHECKBOX = "checkbox"  # a single checkbox (BooleanField)
RADIOS = "radios"
CHECKBOXES = "checkboxes"  # CheckboxSelectMultiple
FILE = "file"
MULTI = "multi"  # MultiWidget / SelectDateWidget: a fieldset of parts

# GOV.UK class for each kind; kinds with an error modifier get "<class>--error".
KIND_CLASSES = {
    INPUT: "govuk-input",
    TEXTAREA: "govuk-textarea",
    SELECT: "govuk-select",
    FILE: "govuk-file-upload",
    CHECKBOX: "govuk-checkboxes__input",
    RADIOS: "govuk-radios__input",
    CHECKBOXES: "govuk-checkboxes__input",
}
KINDS_WITH_ERROR_MODIFIER = {INPUT, TEXTAREA, SELECT, FILE}

# Short inputs: GOV.UK sizes inputs to the expected length of the answer.
NARROW_INPUTS = (w.DateInput, w.TimeInput)
NO_SPELLCHECK_INPUTS = (w.EmailInput, w.PasswordInput, w.URLInput)


def widget_kind(widget: w.Widget) -> str:
    """Return the GOV.UK pattern used to render ``widget``."""
    if widget.is_hidden:
        return HIDDEN
    # Order matters: CheckboxSelectMultiple is a RadioSelect, RadioSelect is
    # a ChoiceWidget like Select, ClearableFileInput is a FileInput.
    if isinstance(widget, w.CheckboxSelectMultiple):
        return CHECKBOXES
    if isinstance(widget, w.RadioSelect):
        return RADIOS
    if isinstance(widget, w.CheckboxInput):
        return CHECKBOX
    if isinstance(widget, w.FileInput):
        return FILE
    if isinstance(widget, (w.MultiWidget, w.SelectDateWidget)):
        return MULTI
    if isinstance(widget, w.Select):
        return SELECT
    if isinstance(widget, w.Textarea):
        return TEXTAREA
    if isinstance(widget, w.Input):
        return INPUT
    return "other"


def merge_classes(*class_lists: str | None) -> str:
    """Join class strings, dropping blanks and duplicates, keeping order."""
    seen: list[str] = []
    for classes in class_lists:
        for name in (classes or "").split():
            if name not in seen:
                seen.append(name)
    return " ".join(seen)


def _is_admin_widget(widget: w.Widget) -> bool:
    return type(widget).__module__.startswith("django.contrib.admin")


class GovukBoundField(BoundField):
    """A BoundField that renders its widget with GOV.UK classes and ids."""

    @property
    def govuk_kind(self) -> str:
        return widget_kind(self.field.widget)

    @property
    def govuk_optional(self) -> bool:
        """Whether to add "(optional)" to the label or legend (GOV.UK style).

        Not for checkboxes; a form can opt out with ``govuk_mark_optional = False``
        (useful for filter forms where every field is optional), and a field with
        ``govuk_conditional = True`` (needed only with a certain other answer, which its
        hint says) is not marked either.
        """
        return (
            not self.field.required
            and getattr(self.form, "govuk_mark_optional", True)
            and not getattr(self.field, "govuk_conditional", False)
            and self.govuk_kind not in (CHECKBOX, CHECKBOXES, HIDDEN)
        )

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint" if self.auto_id else ""

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error" if self.auto_id else ""

    @property
    def error_anchor(self) -> str:
        """The id the error summary links to: the first control of the field."""
        return self.id_for_label or (f"{self.auto_id}_0" if self.auto_id else "")

    @property
    def aria_describedby(self):
        # Same contract as Django's: an aria-describedby set on the widget wins.
        if self.field.widget.attrs.get("aria-describedby"):
            return None
        ids = []
        if self.auto_id and not self.is_hidden:
            if self.help_text:
                ids.append(self.hint_id)
            if self.errors:
                ids.append(self.error_id)
        return " ".join(ids)

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        if _is_admin_widget(widget):
            return attrs
        kind = widget_kind(widget)
        # ClearableFileInput could be a fieldset, but we render it with a
        # <label>, so it needs aria-describedby on the input itself.
        if kind == FILE and not attrs.get("aria-describedby") and (describedby := self.aria_describedby):
            attrs["aria-describedby"] = describedby
        base_class = KIND_CLASSES.get(kind)
        if base_class:
            extra = []
            if kind in KINDS_WITH_ERROR_MODIFIER and self.errors:
                extra.append(f"{base_class}--error")
            if isinstance(widget, NARROW_INPUTS):
                extra.append("govuk-input--width-10")
            attrs["class"] = merge_classes(
                base_class,
                *extra,
                widget.attrs.get("class"),
                attrs.get("class"),
            )
        if isinstance(widget, NO_SPELLCHECK_INPUTS) and "spellcheck" not in widget.attrs:
            attrs["spellcheck"] = "false"
        # GOV.UK: do not use placeholder text in place of labels or hints.
        # (Django's attrs.html omits attributes whose value is False.)
        if widget.attrs.get("placeholder") or attrs.get("placeholder"):
            attrs["placeholder"] = False
        return attrs

    @property
    def govuk_parts(self):
        """Each part of a multi-part widget, labelled, for a GOV.UK fieldset.

        Returns a list of ``{"id", "label", "html"}`` for SplitDateTimeWidget
        ("Date", "Time"), SelectDateWidget ("Day", "Month", "Year", in locale
        order) and other MultiWidgets ("Part 1", "Part 2"...).
        """
        widget = self.field.widget
        if widget_kind(widget) != MULTI:
            return []
        if self.field.localize:
            widget.is_localized = True
        attrs = self.build_widget_attrs({}, widget)
        if self.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", self.auto_id)
        context = widget.get_context(self.html_name, self.value(), attrs)
        subwidgets = context["widget"]["subwidgets"]
        if isinstance(widget, w.SplitDateTimeWidget):
            labels = ["Date", "Time"]
        elif isinstance(widget, w.SelectDateWidget):
            labels = [sub["name"].rsplit("_", 1)[-1].capitalize() for sub in subwidgets]
        else:
            labels = [f"Part {i}" for i in range(1, len(subwidgets) + 1)]
        sub_widgets = getattr(widget, "widgets", None)
        parts = []
        for index, (sub, label) in enumerate(zip(subwidgets, labels, strict=True)):
            sub_kind = widget_kind(sub_widgets[index]) if sub_widgets is not None else SELECT
            if sub_kind == HIDDEN:
                parts.append({"id": "", "label": "", "html": self._render_sub(sub)})
                continue
            base_class = KIND_CLASSES.get(sub_kind, "govuk-input")
            classes = [base_class]
            if self.errors and sub_kind in KINDS_WITH_ERROR_MODIFIER:
                classes.append(f"{base_class}--error")
            if sub_widgets is not None and isinstance(sub_widgets[index], NARROW_INPUTS):
                classes.append("govuk-input--width-10")
            sub_attrs = dict(sub["attrs"])
            if sub_kind == SELECT:
                # A required <select> must start with an empty option; these
                # (e.g. SelectDateWidget's) do not, so "required" is invalid.
                sub_attrs.pop("required", None)
            sub_attrs["class"] = merge_classes(*classes, sub_attrs.get("class"))
            sub = {**sub, "attrs": sub_attrs}
            parts.append({"id": sub_attrs.get("id", ""), "label": label, "html": self._render_sub(sub)})
        return parts

    def _render_sub(self, sub):
        # Same as Widget._render(): the output of a widget template is safe.
        return mark_safe(self.form.renderer.render(sub["template_name"], {"widget": sub}))


class GovukFormRenderer(TemplatesSetting):
    """Render forms and fields with GOV.UK Design System markup."""

    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"
    bound_field_class = GovukBoundField
