"""The admin writes through the services: a partnership or agency added there gets its groups,
permissions and history; an owner or lead agency changed there moves guardian's rights as the pages do;
a record with no update service is read-only there; every model of ours is registered, with history;
nothing can be deleted, and no history is reverted."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges

from core.admin_services import ServiceAdminMixin
from meetings import services as meeting_services
from meetings.models import ActionPoint, Decision
from members.models import Agency
from partnership.models import AuditEntry, Partnership
from reviews import services as review_services
from reviews.models import Question, ReviewFramework
from tests.workplan.conftest import make_objective, make_plan, make_police_item, make_priority, make_strategy
from workplan.models import WorkplanItem

pytestmark = pytest.mark.django_db

OUR_APPS = ["partnership", "members", "meetings", "workplan", "reviews"]
# Reference data and the audit index: no service writes them, and they keep their own admin.
NOT_THROUGH_SERVICES = {"members.agencytype", "partnership.auditentry"}


def our_models():
    """Every concrete model of our apps but simple-history's tables and guardian's direct-FK permission rows."""
    return [
        model
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        if not issubclass(model, (HistoricalChanges, UserObjectPermissionBase, GroupObjectPermissionBase))
    ]


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "root-password-1")
    client.force_login(admin)
    client.admin = admin
    return client


def test_partnership_added_in_admin_gets_role_groups_and_history(admin_client):
    response = admin_client.post(
        reverse("admin:partnership_partnership_add"),
        {
            "name": "Westmere Partnership",
            "slug": "westmere",
            "kind": "district",
            "nation": "england",
            "area": "Westmere",
        },
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


def test_every_model_of_our_apps_is_in_the_admin_with_its_history():
    unregistered = [model._meta.label for model in our_models() if model not in admin.site._registry]
    assert unregistered == []
    without_history = [
        model._meta.label
        for model in our_models()
        if hasattr(model, "history") and not isinstance(admin.site._registry[model], SimpleHistoryAdmin)
    ]
    assert without_history == []


def test_no_record_of_our_apps_can_be_deleted_or_reverted_in_admin(admin_client):
    request = RequestFactory().get("/")
    request.user = admin_client.admin
    for model in our_models():
        model_admin = admin.site._registry[model]
        assert not model_admin.has_delete_permission(request), model._meta.label
        assert "delete_selected" not in model_admin.get_actions(request), model._meta.label
        if isinstance(model_admin, SimpleHistoryAdmin):
            assert model_admin.revert_disabled(request), model._meta.label


def test_a_record_with_no_update_service_is_read_only_in_admin(admin_client):
    request = RequestFactory().get("/")
    request.user = admin_client.admin
    read_only = []
    for model in our_models():
        model_admin = admin.site._registry[model]
        if isinstance(model_admin, ServiceAdminMixin) or model._meta.label_lower in NOT_THROUGH_SERVICES:
            continue
        assert not model_admin.has_add_permission(request), model._meta.label
        assert not model_admin.has_change_permission(request), model._meta.label
        read_only.append(model._meta.label)
    assert {"meetings.Decision", "meetings.Minutes", "workplan.ProgressUpdate", "reviews.AnnualReview"} <= set(
        read_only
    )


def test_a_read_only_record_cannot_be_added_or_changed_in_admin(world, admin_client):
    decision = meeting_services.decision_record(
        partnership=world.northdale,
        wording="Agreed by email to fund the summer plan.",
        decided_on=timezone.localdate(),
        by_correspondence=True,
        agreed_by=[(world.people["carol"], timezone.localdate())],
        by=world.users["alice"],
    )
    assert admin_client.get(reverse("admin:meetings_decision_change", args=[decision.pk])).status_code == 200
    assert admin_client.get(reverse("admin:meetings_decision_add")).status_code == 403
    changed = admin_client.post(reverse("admin:meetings_decision_change", args=[decision.pk]), {"wording": "Other"})
    assert changed.status_code == 403
    assert Decision.objects.get(pk=decision.pk).wording == "Agreed by email to fund the summer plan."


def test_history_is_not_reverted_in_admin(world, admin_client):
    action = _police_action(world)
    meeting_services.action_update(action=action, by=world.users["alice"], version=None, description="Changed")
    first = action.history.earliest()
    url = reverse("admin:meetings_actionpoint_simple_history", args=[action.pk, first.history_id])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"description": first.description}).status_code == 403
    assert ActionPoint.objects.get(pk=action.pk).description == "Changed"


def _police_action(world):
    return meeting_services.action_create(
        partnership=world.northdale,
        description="Walk the town centre with the licensing officer.",
        owner=world.people["olive"],
        due=timezone.localdate() + datetime.timedelta(days=30),
        by=world.users["alice"],
        notify=False,
    )


def test_an_action_points_owner_changed_in_admin_moves_the_agencys_rights(world, admin_client):
    action = _police_action(world)
    olive, fred = world.users["olive"], world.users["fred"]
    assert fresh(olive).has_perm("meetings.change_actionpoint", action)

    response = admin_client.post(
        reverse("admin:meetings_actionpoint_change", args=[action.pk]),
        {
            "description": action.description,
            "owner": world.people["fred"].pk,
            "due": action.due.isoformat(),
            "workplan_item": "",
        },
    )

    assert response.status_code == 302
    moved = ActionPoint.objects.get(pk=action.pk)
    assert (moved.owner, moved.agency, moved.version) == (world.people["fred"], world.agencies["fire"], 2)
    assert fresh(fred).has_perm("meetings.change_actionpoint", moved)
    assert not fresh(olive).has_perm("meetings.change_actionpoint", moved)
    assert moved.history.first().history_user == admin_client.admin


def test_an_action_point_added_in_admin_gives_its_agency_the_right_to_update_it(world, admin_client):
    response = admin_client.post(
        reverse("admin:meetings_actionpoint_add"),
        {
            "partnership": world.northdale.pk,
            "meeting": "",
            "item": "",
            "description": "Map the repeat calls.",
            "owner": world.people["olive"].pk,
            "due": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
            "workplan_item": "",
        },
    )

    assert response.status_code == 302
    action = ActionPoint.objects.get(description="Map the repeat calls.")
    assert action.agency == world.agencies["police"]
    assert fresh(world.users["olive"]).has_perm("meetings.change_actionpoint", action)
    assert action.history.get().history_user == admin_client.admin


def test_a_workplan_items_lead_agency_changed_in_admin_moves_the_right_to_log_progress(world, admin_client):
    item = make_police_item(world, make_objective(world, make_priority(world, make_plan(world, make_strategy(world)))))
    leo, fred = world.users["leo"], world.users["fred"]
    assert fresh(leo).has_perm("workplan.change_workplanitem", item)

    response = admin_client.post(
        reverse("admin:workplan_workplanitem_change", args=[item.pk]),
        {
            "objective": item.objective_id,
            "title": item.title,
            "description": item.description,
            "lead_agency": world.agencies["fire"].pk,
            "responsible_officer": world.people["fred"].pk,
            "starts": item.starts.isoformat(),
            "due": item.due.isoformat(),
        },
    )

    assert response.status_code == 302
    moved = WorkplanItem.objects.get(pk=item.pk)
    assert (moved.lead_agency, moved.responsible_officer) == (world.agencies["fire"], world.people["fred"])
    assert fresh(fred).has_perm("workplan.change_workplanitem", moved)
    assert not fresh(leo).has_perm("workplan.change_workplanitem", moved)
    assert not moved.supporters.filter(agency=world.agencies["fire"]).exists()  # the new lead no longer supports


def test_a_services_refusal_is_shown_on_the_admin_form_and_nothing_is_saved(world, admin_client):
    shipped = ReviewFramework.objects.filter(partnership__isnull=True).first().questions.order_by("order").first()

    response = admin_client.post(
        reverse("admin:reviews_question_change", args=[shipped.pk]),
        {"section": shipped.section, "text": "Reworded?", "guidance": shipped.guidance},
    )

    assert response.status_code == 200
    assert review_services.FRAMEWORK_LOCKED in response.content.decode()
    assert Question.objects.get(pk=shipped.pk).text == shipped.text


def test_a_question_added_in_admin_to_the_partnerships_own_framework_is_numbered_and_recorded(world, admin_client):
    shipped = ReviewFramework.objects.filter(partnership__isnull=True).first()
    own = review_services.framework_copy(framework=shipped, partnership=world.northdale, by=world.users["alice"])

    response = admin_client.post(
        reverse("admin:reviews_question_add"),
        {"framework": own.pk, "section": "Local", "text": "Do residents know how to report?", "guidance": ""},
    )

    assert response.status_code == 302
    question = own.questions.get(text="Do residents know how to report?")
    assert question.order == shipped.questions.count() + 1
    assert question.history.get().history_user == admin_client.admin


def test_no_restricted_case_file_is_in_the_admin():
    """The admin shows every row to a superuser, who is not on any case: only the public procedure is there."""
    registered = {
        model._meta.label_lower
        for model in apps.get_app_config("casereviews").get_models()
        if admin.site.is_registered(model)
    }
    assert registered == {"casereviews.asbprocedure"}
