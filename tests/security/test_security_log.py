"""The security log: what it records (sign-ins, failures, lockouts, refusals, downloads, token use), that it
cannot be changed, who reads which part of it, its filters and its retention."""

import datetime
import io

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from security.models import AppendOnly, SecurityEvent
from tests.factories import PASSWORD

Kind = SecurityEvent.Kind


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts failed sign-ins in the cache, per address and per account: each test starts afresh and
    leaves no lockout behind for the next test on this worker."""
    cache.clear()
    yield
    cache.clear()


def _sign_in(client, login, password=PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": login, "password": password}, **extra)


def _kinds(**filters):
    return list(SecurityEvent.objects.filter(**filters).order_by("pk").values_list("kind", flat=True))


def test_a_sign_in_is_recorded_with_the_address_behind_the_proxy_and_the_browser(world, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    client = Client(HTTP_USER_AGENT="Firefox/140", HTTP_X_FORWARDED_FOR="203.0.113.7")
    response = _sign_in(client, "olive")
    assert response.status_code == 302
    event = SecurityEvent.objects.get(kind=Kind.SIGN_IN, username="olive")
    assert (event.user_id, event.ip, event.user_agent) == (world.users["olive"].pk, "203.0.113.7", "Firefox/140")


def test_a_failed_sign_in_is_recorded_with_the_name_tried_and_no_password(world):
    response = _sign_in(Client(), "olive", password="not-her-password")
    assert response.status_code == 200
    event = SecurityEvent.objects.get(kind=Kind.SIGN_IN_FAILED)
    assert (event.username, event.user_id) == ("olive", None)
    assert "not-her-password" not in f"{event.detail} {event.path}"


def test_too_many_failures_lock_the_account_out_and_the_lockout_is_recorded(world):
    client = Client()
    for _ in range(5):
        _sign_in(client, "leo", password="wrong")
    response = _sign_in(client, "leo")  # the right password, too late
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.text
    assert _kinds(username="leo") == [Kind.SIGN_IN_FAILED] * 5 + [Kind.LOCKOUT]
    assert "_auth_user_id" not in client.session


def test_signing_out_is_recorded_and_ends_the_session_on_the_server(world):
    client = Client()
    _sign_in(client, "maya")
    key = client.session.session_key
    client.post(reverse("account_logout"))
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=key).exists()
    assert _kinds(username="maya") == [Kind.SIGN_IN, Kind.SIGN_OUT]


def test_a_refusal_is_recorded_with_the_partnership_and_the_route(world, signed_in):
    from tests.conftest import client_of

    fred = client_of("fred", world, signed_in)
    assert fred.get(reverse("partnership:edit", args=["northdale"])).status_code == 403
    event = SecurityEvent.objects.get(kind=Kind.DENIED)
    assert (event.username, event.partnership_id, event.detail) == ("fred", world.northdale.pk, "partnership:edit")
    assert event.path == "/p/northdale/edit/"


def test_a_page_not_shown_to_an_outsider_is_recorded_as_not_found(world, signed_in):
    from tests.conftest import client_of

    charlie = client_of("charlie", world, signed_in)
    url = reverse("members:person", args=["northdale", world.people["olive"].pk])
    assert charlie.get(url).status_code == 404
    event = SecurityEvent.objects.get(kind=Kind.NOT_FOUND)
    assert (event.username, event.path, event.detail) == ("charlie", url, "members:person")


def test_an_export_is_recorded_as_a_download(world, signed_in):
    from tests.conftest import client_of

    olive = client_of("olive", world, signed_in)
    response = olive.get(reverse("members:people_csv", args=["northdale"]))
    assert response.status_code == 200
    event = SecurityEvent.objects.get(kind=Kind.DOWNLOAD)
    assert (event.username, event.partnership_id) == ("olive", world.northdale.pk)
    assert "members:people_csv" in event.detail and ".csv" in event.detail


def test_a_download_is_recorded_without_the_uploaded_file_s_name(world, signed_in, settings, tmp_path):
    """An uploaded file keeps the name its author gave it (it may name a victim); the log, read by people not
    cleared for the item, says only which route served what kind of file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings import services as meetings
    from tests.conftest import client_of
    from tests.http import close_response
    from tests.meetings.conftest import make_meeting

    settings.MEDIA_ROOT = tmp_path
    alice = world.users["alice"]
    meeting = make_meeting(by=alice, group=world.groups["board"], starts_at=timezone.now() - datetime.timedelta(days=7))
    meetings.agenda_publish(meeting=meeting, by=alice)
    item = meetings.agenda_item_create(meeting=meeting, title="Figures", by=alice)
    upload = SimpleUploadedFile("jane-doe-chronology.txt", b"Chronology of events")
    paper = meetings.paper_add(item=item, title="Chronology", file=upload, by=alice)
    response = client_of("alice", world, signed_in).get(reverse("meetings:paper", args=["northdale", paper.pk]))
    assert response.status_code == 200
    close_response(response)
    event = SecurityEvent.objects.get(kind=Kind.DOWNLOAD)
    assert event.detail == "meetings:paper, a .txt file"
    assert not any("jane-doe" in str(value) for value in SecurityEvent.objects.values_list())


def test_a_calendar_feed_token_is_recorded_when_used_but_never_written_down(world):
    feed = meeting_services.calendar_feed_create(person=world.people["olive"], by=world.users["olive"])
    url = reverse("meetings:person_ics", args=["northdale", feed.token])
    assert Client().get(url).status_code == 200
    event = SecurityEvent.objects.get(kind=Kind.TOKEN_USED)
    assert event.partnership_id == world.northdale.pk
    assert feed.token not in event.path and "[secret]" in event.path


def test_pages_that_are_simply_shown_are_not_recorded(world, signed_in):
    from tests.conftest import client_of

    before = SecurityEvent.objects.count()
    assert client_of("olive", world, signed_in).get(reverse("members:people", args=["northdale"])).status_code == 200
    assert SecurityEvent.objects.count() == before


# Append-only ---------------------------------------------------------------------------------------------


def test_an_event_cannot_be_changed_or_deleted_by_anyone(world):
    event = SecurityEvent.objects.create(kind=Kind.SIGN_IN, username="olive")
    event.detail = "tampered"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        SecurityEvent.objects.filter(pk=event.pk).update(detail="tampered")
    with pytest.raises(AppendOnly):
        SecurityEvent.objects.all().delete()
    assert SecurityEvent.objects.get(pk=event.pk).detail == ""


def test_the_admin_shows_the_log_but_neither_adds_changes_nor_deletes(world, rf):
    model_admin = admin.site._registry[SecurityEvent]
    request = rf.get("/admin/")
    request.user = world.administrator
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_retention_deletes_only_events_older_than_the_setting(world, settings):
    settings.SECURITY_LOG_RETENTION_DAYS = 30
    old = SecurityEvent.objects.create(kind=Kind.SIGN_IN, at=timezone.now() - datetime.timedelta(days=31))
    recent = SecurityEvent.objects.create(kind=Kind.SIGN_IN, at=timezone.now() - datetime.timedelta(days=29))
    out = io.StringIO()
    call_command("prune_security_log", stdout=out)
    assert out.getvalue().startswith("1 security events older than 30 days deleted")
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()
    assert SecurityEvent.objects.filter(pk=recent.pk).exists()


# Who reads it --------------------------------------------------------------------------------------------


def _events(world):
    northdale_page = SecurityEvent.objects.create(
        kind=Kind.DENIED, username="fred", user=world.users["fred"], partnership=world.northdale, path="/p/northdale/x/"
    )
    olive_sign_in = SecurityEvent.objects.create(kind=Kind.SIGN_IN, username="olive", user=world.users["olive"])
    southvale_page = SecurityEvent.objects.create(
        kind=Kind.DOWNLOAD, username="charlie", user=world.users["charlie"], partnership=world.southvale
    )
    charlie_sign_in = SecurityEvent.objects.create(kind=Kind.SIGN_IN, username="charlie", user=world.users["charlie"])
    return northdale_page, olive_sign_in, southvale_page, charlie_sign_in


def test_a_coordinator_reads_her_partnership_s_events_and_her_people_s_sign_ins_only(world, signed_in):
    from tests.conftest import client_of

    northdale_page, olive_sign_in, southvale_page, charlie_sign_in = _events(world)
    response = client_of("alice", world, signed_in).get(reverse("security:partnership_log", args=["northdale"]))
    shown = {event.pk for event in response.context["page_obj"]}
    assert {northdale_page.pk, olive_sign_in.pk} <= shown
    assert not shown & {southvale_page.pk, charlie_sign_in.pk}
    assert "/p/northdale/x/" in response.text


def test_a_site_administrator_reads_every_event(world, client):
    events = _events(world)
    client.force_login(world.administrator)
    response = client.get(reverse("security:site_log"))
    assert {event.pk for event in events} <= {event.pk for event in response.context["page_obj"]}


def test_the_log_filters_by_kind_name_and_dates_and_refuses_dates_the_wrong_way_round(world, signed_in):
    from tests.conftest import client_of

    northdale_page, olive_sign_in, *_ = _events(world)
    alice = client_of("alice", world, signed_in)
    url = reverse("security:partnership_log", args=["northdale"])
    by_kind = alice.get(url, {"kind": Kind.DENIED}).context["page_obj"]
    assert [event.pk for event in by_kind] == [northdale_page.pk]
    by_name = list(alice.get(url, {"username": "OLIVE"}).context["page_obj"])
    assert olive_sign_in in by_name and {event.username for event in by_name} == {"olive"}
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    wrong = alice.get(url, {"date_from": today.isoformat(), "date_to": yesterday.isoformat()})
    assert wrong.status_code == 200
    assert "The end date must be on or after the start date." in wrong.text
    assert "govuk-error-summary" in wrong.text


def test_the_coordinator_s_log_query_count_does_not_grow_with_the_events(world, signed_in, django_assert_num_queries):
    from tests.conftest import client_of

    alice = client_of("alice", world, signed_in)
    url = reverse("security:partnership_log", args=["northdale"])
    alice.get(url)
    _events(world)
    with django_assert_num_queries(8) as few:
        alice.get(url)
    SecurityEvent.objects.bulk_create(
        [SecurityEvent(kind=Kind.DENIED, username="fred", partnership=world.northdale) for _ in range(60)]
    )
    with django_assert_num_queries(len(few.captured_queries)):
        alice.get(url)
