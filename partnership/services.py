"""Writes to partnerships and their structure. Each is one transaction, validated, with history."""

import uuid

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from core.writes import apply_changes, save_with_history
from partnership.models import Partnership, PartnershipGroup, PartnershipGroupObjectPermission

ROLE_GROUP_PERMS = {
    "coordinators_group": ["view_internal", "coordinate_partnership", "change_partnership"],
    "chairs_group": ["view_internal", "chair_partnership"],
    "members_group": ["view_internal"],
}


@transaction.atomic
def partnership_create(*, by, name, slug, area, kind=Partnership.Kind.DISTRICT, parent=None, **details):
    tag = uuid.uuid4().hex[:12]
    groups = {
        field: Group.objects.create(name=f"partnership:{tag}:{field.removesuffix('_group')}")
        for field in ROLE_GROUP_PERMS
    }
    partnership = Partnership(name=name, slug=slug, area=area, kind=kind, parent=parent, **details, **groups)
    save_with_history(partnership, by=by)
    codenames = {codename for perms in ROLE_GROUP_PERMS.values() for codename in perms}
    permissions = {
        p.codename: p for p in Permission.objects.filter(content_type__app_label="partnership", codename__in=codenames)
    }
    PartnershipGroupObjectPermission.objects.bulk_create(
        PartnershipGroupObjectPermission(
            group=groups[field], permission=permissions[codename], content_object=partnership
        )
        for field, perms in ROLE_GROUP_PERMS.items()
        for codename in perms
    )
    return partnership


@transaction.atomic
def partnership_update(*, partnership, by, version, **fields):
    locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
    apply_changes(locked, by=by, version=version, fields=fields)
    return locked


@transaction.atomic
def group_create(*, partnership, by, name, kind, remit="", lead=None, parent=None):
    group = PartnershipGroup(partnership=partnership, name=name, kind=kind, remit=remit, lead=lead, parent=parent)
    return save_with_history(group, by=by)


@transaction.atomic
def group_update(*, group, by, version, **fields):
    locked = PartnershipGroup.objects.select_for_update().get(pk=group.pk)
    apply_changes(locked, by=by, version=version, fields=fields)
    return locked
