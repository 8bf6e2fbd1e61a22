"""The dashboard's newest audit entries are read part by part (overview.selectors.recent_audit_entries) and
must be exactly the first entries of the whole audit log."""

import pytest

from overview.selectors import audit_entries_for, recent_audit_entries
from partnership.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 3, 8, 500])
def test_the_newest_entries_are_the_first_of_the_log(world, count):
    log = list(audit_entries_for(world.northdale).values_list("pk", flat=True))
    # The log holds entries of each part: the partnership's own, and its agencies' (no partnership).
    assert AuditEntry.objects.filter(pk__in=log, partnership__isnull=True, agency__isnull=False).exists()
    assert AuditEntry.objects.filter(pk__in=log, partnership=world.northdale).exists()
    assert [entry.pk for entry in recent_audit_entries(world.northdale, count)] == log[:count]


def test_another_partnership_s_entries_are_not_among_them(world):
    ours = {entry.pk for entry in recent_audit_entries(world.northdale, 500)}
    assert not ours & set(AuditEntry.objects.filter(partnership=world.southvale).values_list("pk", flat=True))
