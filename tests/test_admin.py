"""The admin writes through the services: a partnership or agency added there gets its groups,
permissions and history, and nothing can be deleted."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from members.models import Agency
from partnership.models import AuditEntry, Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "root-password-1")
    client.force_login(admin)
    client.admin = admin
    return client


def test_partnership_added_in_admin_gets_role_groups_and_history(admin_client):
    response = admin_client.post(
        reverse("admin:partnership_partnership_add"),
        {"name": "Westmere Partnership", "slug": "westmere", "kind": "district", "area": "Westmere"},
    )
    assert response.status_code == 302
    partnership = Partnership.objects.get(slug="westmere")
    assert partnership.coordinators_group.permissions.count() == 0
    assert {p.permission.codename for p in partnership.partnershipgroupobjectpermission_set.all()} == {
        "view_internal",
        "coordinate_partnership",
        "change_partnership",
        "chair_partnership",
    }
    record = partnership.history.get()
    assert record.history_user == admin_client.admin
    assert AuditEntry.objects.filter(kind="partnership.partnership", partnership=partnership).count() == 1


def test_agency_changed_in_admin_records_one_history_row_with_the_admin(admin_client):
    admin_client.post(reverse("admin:members_agency_add"), {"name": "Westmere Police", "sector": "police"})
    agency = Agency.objects.get(name="Westmere Police")
    assert agency.officers_group and agency.leads_group
    admin_client.post(
        reverse("admin:members_agency_change", args=[agency.pk]), {"name": "Westmere Constabulary", "sector": "police"}
    )
    agency.refresh_from_db()
    assert agency.name == "Westmere Constabulary"
    assert [r.history_type for r in agency.history.order_by("history_date")] == ["+", "~"]
    assert agency.history.first().history_user == admin_client.admin


def test_nothing_can_be_deleted_in_admin(admin_client):
    admin_client.post(reverse("admin:members_agency_add"), {"name": "Westmere Police", "sector": "police"})
    agency = Agency.objects.get()
    response = admin_client.get(reverse("admin:members_agency_delete", args=[agency.pk]))
    assert response.status_code == 403
