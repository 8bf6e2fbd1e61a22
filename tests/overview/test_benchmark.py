"""The page benchmark (manage.py benchmark_pages): its generator at a tiny scale, and its query-count check.

No timing is asserted: the benchmark's numbers are for BENCHMARKS.md, not for the test run."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.urls import reverse
from simple_history.utils import get_history_model_for_model

from meetings.models import ActionPoint, AgendaItem, Meeting
from members.access import access_for
from members.models import Person
from overview.benchmark import query_mismatches
from overview.benchmark_data import Area
from overview.management.commands import benchmark_pages
from partnership.models import AuditEntry, Partnership
from reviews.models import AnnualReview, Answer
from workplan.models import WorkplanItem

HISTORY_CHECKED = [Person, Meeting, AgendaItem, ActionPoint, WorkplanItem, Answer]


@pytest.mark.django_db
def test_the_generator_builds_a_small_area_with_its_history_audit_index_and_rights():
    area = Area(scale=0.004, partnerships=1, seed=7).build()

    # Every history row it wrote has its audit entry, scoped as partnership/audit.py scopes it.
    for model in HISTORY_CHECKED:
        history = get_history_model_for_model(model).objects.values_list("history_id", flat=True)
        entries = AuditEntry.objects.filter(kind=model._meta.label_lower)
        assert history, model
        assert sorted(entries.values_list("history_id", flat=True)) == sorted(history), model
        if model is not Person:
            assert set(entries.values_list("partnership__slug", flat=True)) == {area["slug"]}, model
    assert area["counts"]["audit entries"] == AuditEntry.objects.count()
    assert area["counts"]["action points"] == ActionPoint.objects.count()
    # Ten items a meeting: the four standing items and six of business.
    assert AgendaItem.objects.count() == 10 * Meeting.objects.count()
    assert ActionPoint.objects.filter(is_confidential=True).exists()

    # The people who sign in have their rights through the services' groups and guardian's rows.
    users = get_user_model().objects.in_bulk(area["users"].values(), field_name="username")
    partnership = Partnership.objects.get(slug=area["slug"])
    coordinator, chair, lead = (users[area["users"][role]] for role in ("coordinator", "chair", "lead officer"))
    assert access_for(coordinator, partnership).is_coordinator
    assert access_for(chair, partnership).is_chair
    assert access_for(lead, partnership).can_view_internal
    assert not access_for(lead, partnership).is_coordinator
    own = ActionPoint.objects.filter(partnership=partnership, agency=lead.person.agency).first()
    other = ActionPoint.objects.filter(partnership=partnership).exclude(agency=lead.person.agency).first()
    assert lead.has_perm("meetings.change_actionpoint", own)
    assert not lead.has_perm("meetings.change_actionpoint", other)
    assert Meeting.objects.get(pk=area["meeting"]).status == Meeting.Status.HELD
    assert AnnualReview.objects.get(pk=area["review"]).returns.filter(state="submitted").exists()


@pytest.mark.django_db
def test_the_floor_view_needs_only_a_sign_in():
    user = get_user_model().objects.create_user("floor")
    client = Client()
    with override_settings(ROOT_URLCONF="overview.benchmark_urls"):
        assert client.get(reverse("benchmark_floor")).status_code == 302
        client.force_login(user)
        assert client.get(reverse("benchmark_floor")).status_code == 200


def _run(queries):
    row = {"page": "All actions", "role": "coordinator", "status": 200, "queries": queries, "median": 0.01}
    row.update(p95=0.02, floor=0.002, admin_median=0.01, admin="admin:meetings_actionpoint_changelist")
    area = {"counts": {}, "seconds": 1.0, "partnerships": 1}
    return {"scale": 1, "requests": 1, "engine": "SQLite", "migrate_seconds": 1.0, "area": area, "rows": [row]}


def test_the_query_check_compares_each_page_and_role():
    assert query_mismatches(_run(12), _run(12)) == []
    assert query_mismatches(_run(12), _run(13)) == [("All actions", "coordinator", 12, 13)]


def test_a_page_with_more_queries_at_ten_times_fails_the_command_after_writing_the_table(monkeypatch, tmp_path):
    # No database here: the parent process must never touch the app's own database.
    runs = iter([_run(12), _run(14)])
    monkeypatch.setattr(benchmark_pages.Command, "_scratch", lambda self, options: ("sqlite", None, None))
    monkeypatch.setattr(benchmark_pages.Command, "_run_child", lambda self, options, scale, count, env: next(runs))
    output = tmp_path / "BENCHMARKS.md"
    with pytest.raises(CommandError, match="different number of queries"):
        call_command("benchmark_pages", "--scale", "0.01", "--requests", "1", "--output", str(output))
    text = output.read_text()
    assert "| All actions | coordinator | 12 | 14 |" in text
    assert "Query counts differ" in text
