"""Writes to partnerships and their structure. Each is one transaction, validated, with history."""

import uuid

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator

from core.tasks import enqueue_with_transaction
from core.writes import apply_changes, save_with_history
from partnership.models import EmailBatch, Partnership, PartnershipGroup, PartnershipGroupObjectPermission
from partnership.outbox import composer_names, email_batch_send

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


# Email to many people, sent by a background worker (partnership.outbox) ---------------------------------

EMAIL_NOT_FAILED = "Only an email that could not be sent can be tried again; this one is {state}."


def _email_batch_enqueue(batch):
    def remember(result):
        EmailBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id))

    enqueue_with_transaction(email_batch_send, batch.pk, on_queued=remember)


@transaction.atomic
def email_batch_queue(*, partnership, key, composer, object_id, description, by):
    """Queue one email to many people (composed by the worker from `composer` and `object_id`). Asked twice
    under the same `key`, it queues once: the first batch is returned."""
    if composer not in composer_names():
        raise ValueError(f"No email composer is registered as {composer!r}")
    existing = EmailBatch.objects.select_for_update().filter(key=key).first()
    if existing is not None:
        return existing
    batch = EmailBatch(
        partnership=partnership,
        key=key,
        composer=composer,
        object_id=object_id,
        description=Truncator(description).chars(300),
        requested_by=by,
    )
    save_with_history(batch, by=by, reason="Queued for sending")
    _email_batch_enqueue(batch)
    return batch


@transaction.atomic
def email_batch_retry(*, batch, by):
    """The coordinator tries a failed email again: it goes only to the people not yet sent it."""
    locked = EmailBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.state != EmailBatch.State.FAILED:
        raise ValidationError(EMAIL_NOT_FAILED.format(state=locked.get_state_display().lower()))
    apply_changes(
        locked,
        by=by,
        version=None,
        fields={"state": EmailBatch.State.QUEUED, "attempts": 0, "error": "", "finished_at": None},
        reason="Tried again by the coordinator",
    )
    _email_batch_enqueue(locked)
    return locked
