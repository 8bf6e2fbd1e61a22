"""The partnership's services and its audit log: validated writes, stale edits, history and scoping."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from core.writes import STALE_EDIT
from members import services as member_services
from overview.selectors import audit_entries_for
from partnership import services
from partnership.models import AuditEntry, EmailBatch, Partnership, PartnershipGroup
from tests.factories import JOINED, make_group, make_partnership
from tests.records import history_mark, history_since

UPDATES = {
    "partnership": (services.partnership_update, "vision"),
    "group": (services.group_update, "remit"),
}


def _record(world, kind):
    return {"partnership": world.northdale, "group": world.groups["asb"]}[kind]


def _update(world, kind, obj, version, value):
    service, field = UPDATES[kind]
    return service(**{kind: obj}, by=world.users["alice"], version=version, **{field: value})


def test_a_new_partnership_has_its_own_role_groups(world):
    partnership = make_partnership(by=world.administrator)
    groups = {partnership.coordinators_group, partnership.chairs_group, partnership.members_group}
    assert len(groups) == 3
    assert not groups & {
        world.northdale.coordinators_group,
        world.northdale.chairs_group,
        world.northdale.members_group,
    }


def test_a_partnership_that_cannot_be_saved_leaves_no_groups_behind(world):
    groups = Group.objects.count()
    with pytest.raises(ValidationError) as caught:
        make_partnership(by=world.administrator, slug="northdale")
    assert "slug" in caught.value.message_dict
    assert Group.objects.count() == groups
    assert Partnership.objects.count() == 2


@pytest.mark.parametrize("kind", UPDATES)
def test_an_update_from_an_old_version_is_refused_and_changes_nothing(world, kind):
    obj = _record(world, kind)
    opened = obj.version
    _update(world, kind, obj, opened, "Saved first")
    mark = history_mark()
    with pytest.raises(ValidationError) as caught:
        _update(world, kind, obj, opened, "Saved second")
    assert caught.value.messages == [STALE_EDIT]
    after = type(obj).objects.get(pk=obj.pk)
    assert after.version == opened + 1
    assert getattr(after, UPDATES[kind][1]) == "Saved first"
    assert history_since(mark) == []


@pytest.mark.parametrize("kind", UPDATES)
def test_an_update_that_changes_nothing_writes_no_history(world, kind):
    obj = _record(world, kind)
    mark = history_mark()
    _update(world, kind, obj, obj.version, getattr(obj, UPDATES[kind][1]))
    assert history_since(mark) == []
    assert type(obj).objects.get(pk=obj.pk).version == obj.version


@pytest.mark.parametrize("kind", UPDATES)
def test_an_update_records_who_made_it(world, kind):
    obj = _record(world, kind)
    _update(world, kind, obj, obj.version, "Changed")
    record = type(obj).objects.get(pk=obj.pk).history.latest()
    assert record.history_user == world.users["alice"]
    assert record.history_type == "~"


WRITE_PATHS = {
    "partnership_create": lambda w, by: services.partnership_create(by=by, name="Eastmoor", slug="eastmoor", area="E"),
    "partnership_update": lambda w, by: services.partnership_update(
        partnership=w.northdale, by=by, version=w.northdale.version, aims="Fewer burglaries"
    ),
    "group_create": lambda w, by: services.group_create(
        partnership=w.northdale, by=by, name="Domestic abuse forum", kind=PartnershipGroup.Kind.SUB_GROUP
    ),
    "group_update": lambda w, by: services.group_update(
        group=w.groups["asb"], by=by, version=w.groups["asb"].version, is_archived=True
    ),
    "email_batch_queue": lambda w, by: _an_email(w, by),
    "email_batch_retry": lambda w, by: services.email_batch_retry(batch=_a_failed_email(w, by), by=by),
}


def _an_email(w, by):
    return services.email_batch_queue(
        partnership=w.northdale,
        key="members.invitation:test",
        composer="members.invitation",
        object_id=0,
        description="Invitation to sign in",
        by=by,
    )


def _a_failed_email(w, by):
    """As the worker leaves a batch whose mail server kept failing."""
    batch = _an_email(w, by)
    EmailBatch.objects.filter(pk=batch.pk).update(state=EmailBatch.State.FAILED)
    batch.refresh_from_db()
    return batch


@pytest.mark.parametrize("path", WRITE_PATHS)
def test_every_history_row_a_service_writes_names_who_made_the_change_and_is_indexed(world, alice, path):
    mark = history_mark()
    WRITE_PATHS[path](world, alice)
    rows = history_since(mark)
    assert rows
    assert {row.history_user for row in rows} == {alice}
    entries = AuditEntry.objects.filter(history_id__in=[row.history_id for row in rows])
    assert {(e.kind, e.history_id, e.user_id) for e in entries} >= {
        (row.instance._meta.label_lower, row.history_id, alice.pk) for row in rows
    }


def test_the_write_paths_above_cover_every_service_of_the_partnership():
    service_names = {
        name
        for name, value in vars(services).items()
        if callable(value) and not name.startswith("_") and getattr(value, "__module__", "") == services.__name__
    }
    assert service_names == set(WRITE_PATHS)


# The audit log's scope --------------------------------------------------------------------------


def _kinds_and_names(entries):
    return {(entry.kind, entry.object_repr) for entry in entries}


def test_the_audit_log_holds_the_partnerships_own_records(world):
    seen = _kinds_and_names(audit_entries_for(world.northdale))
    assert ("partnership.partnership", "Northdale Community Safety Partnership") in seen
    assert ("partnership.partnershipgroup", "Anti-social behaviour group") in seen
    assert ("members.membership", "Shire Constabulary in Northdale Community Safety Partnership") in seen
    assert ("members.agencyrole", "Lead officer for Shire Constabulary: Leo Lewis") in seen
    assert ("members.partnershiprole", "Coordinator: Alice Archer") in seen


def test_the_audit_log_holds_changes_to_member_agencies_and_their_people(world):
    seen = _kinds_and_names(audit_entries_for(world.northdale))
    assert ("members.agency", "Shire Constabulary") in seen
    assert ("members.person", "Olive Okafor") in seen


def test_the_audit_log_leaves_out_agencies_that_are_not_members_and_their_people(world):
    seen = _kinds_and_names(audit_entries_for(world.northdale))
    assert ("members.agency", "Southvale Borough Council") not in seen
    assert ("members.person", "Charlie Clarke") not in seen


def test_the_audit_log_leaves_out_another_partnerships_records(world):
    member_services.membership_create(
        partnership=world.southvale,
        agency=world.agencies["police"],
        statutory_role="responsible",
        by=world.administrator,
    )
    entries = list(audit_entries_for(world.northdale))
    assert {entry.partnership_id for entry in entries} == {world.northdale.pk, None}
    assert ("members.membership", "Shire Constabulary in Southvale Community Safety Partnership") not in (
        _kinds_and_names(entries)
    )
    assert ("partnership.partnershipgroup", "Southvale board") not in _kinds_and_names(entries)


def test_the_audit_log_keeps_the_history_of_an_agency_that_has_left(world):
    membership = world.memberships["police"]
    member_services.membership_update(
        membership=membership, by=world.administrator, version=membership.version, left=JOINED
    )
    olive = world.people["olive"]
    member_services.person_update(person=olive, by=world.administrator, version=olive.version, job_title="Sergeant")
    seen = [
        e for e in audit_entries_for(world.northdale) if e.kind == "members.person" and e.object_repr == "Olive Okafor"
    ]
    assert len(seen) == 2


def test_the_audit_log_shows_changes_to_a_board_member_who_works_for_no_agency(world, alice):
    maya = world.people["maya"]
    member_services.person_update(person=maya, by=alice, version=maya.version, phone="01632 960123")
    changes = [
        e for e in audit_entries_for(world.northdale) if e.kind == "members.person" and e.object_id == str(maya.pk)
    ]
    assert [e.get_history_type_display() for e in changes] == ["Changed", "Created"]


def test_the_audit_log_is_newest_first(world):
    group = make_group(by=world.administrator, partnership=world.northdale, name="Newest")
    first = audit_entries_for(world.northdale).first()
    assert (first.kind, first.object_id) == ("partnership.partnershipgroup", str(group.pk))
