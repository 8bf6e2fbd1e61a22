"""Forms for the partnership and its structure. Shape and validation only."""

from django import forms

from core.forms import VersionedForm
from partnership.models import Partnership, PartnershipGroup


class PartnershipForm(VersionedForm):
    class Meta:
        model = Partnership
        fields = [
            "name",
            "kind",
            "parent",
            "area",
            "vision",
            "mission",
            "aims",
            "public_email",
            "public_phone",
            "require_mfa_for_leads",
        ]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in ["vision", "mission", "aims"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Partnership.objects.filter(kind=Partnership.Kind.COUNTY).exclude(
            pk=self.instance.pk
        )
        self.fields["parent"].label = "Reports to (county strategy group)"


class GroupForm(VersionedForm):
    class Meta:
        model = PartnershipGroup
        fields = ["name", "kind", "remit", "parent", "lead", "is_archived"]
        widgets = {"remit": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, partnership, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["parent"].queryset = PartnershipGroup.objects.filter(partnership=partnership).exclude(
            pk=self.instance.pk
        )
        self.fields["lead"].queryset = people
        self.fields["lead"].label_from_instance = lambda p: f"{p.full_name} ({p.agency or 'no agency'})"
        if not self.instance.pk:
            del self.fields["is_archived"]
