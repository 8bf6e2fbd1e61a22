"""Two-step sign-in, recovery codes, who must use it, a coordinator's reset, and the session limits.

Each sign-in here is a real one, through allauth's forms: a password, then (once an app is set up) a code
the test computes from the app's secret as an authenticator app would."""

import hashlib
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from security import sessions
from security.models import RecoveryCode, SecurityEvent
from security.services import recovery_codes_generate, site_policy_set
from tests.factories import PASSWORD

Kind = SecurityEvent.Kind


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and allauth's used-code markers live in the cache: each test starts afresh."""
    cache.clear()
    yield
    cache.clear()


def code_for(secret, offset=0):
    """The app's code now (or `offset` periods away). Near the end of a 30-second period it waits for the next,
    so the code is still current when the request that carries it is checked (allauth allows no drift)."""
    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def sign_in(client, login, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def set_up_app(client, capture=None):
    """Turn on two-step sign-in for the signed-in person, as they would: scan, then type the app's code.

    allauth announces the new authenticator once its transaction commits; in a test that is never, unless
    `capture` (pytest-django's django_capture_on_commit_callbacks) runs the callbacks."""
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302 and page["Location"].startswith(reverse("account_reauthenticate")):
        # allauth asks for the password again before two-step sign-in is changed.
        client.post(page["Location"], {"password": PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200, page
    secret = page.context["form"].secret
    assert secret in page.text  # the key, typed in by hand when the QR code cannot be scanned
    if capture is None:
        response = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    else:
        with capture(execute=True):
            response = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return secret


@pytest.fixture
def leo_with_app(world):
    client = Client()
    sign_in(client, "leo")
    secret = set_up_app(client)
    client.post(reverse("account_logout"))
    cache.clear()  # the code used to set up may not be used again; a fresh period's code is fine
    return secret


def test_setting_up_an_app_stores_its_secret_encrypted_and_is_recorded(world, django_capture_on_commit_callbacks):
    client = Client()
    sign_in(client, "leo")
    secret = set_up_app(client, django_capture_on_commit_callbacks)
    authenticator = Authenticator.objects.get(user=world.users["leo"], type=Authenticator.Type.TOTP)
    assert secret not in str(authenticator.data)
    assert decrypt(authenticator.data["secret"]) == secret
    assert SecurityEvent.objects.filter(kind=Kind.MFA_ADDED, username="leo").exists()


def test_once_set_up_signing_in_asks_for_the_app_s_code(world, leo_with_app):
    client = Client()
    response = sign_in(client, "leo")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    not_the_code = f"{(int(code_for(leo_with_app)) + 1) % 10**6:06}"
    wrong = client.post(reverse("mfa_authenticate"), {"code": not_the_code})
    assert wrong.status_code == 200
    assert "Enter the 6-digit code your authenticator app shows now" in wrong.text
    assert "govuk-error-summary" in wrong.text
    assert SecurityEvent.objects.filter(kind=Kind.MFA_FAILED, username="leo").exists()
    right = client.post(reverse("mfa_authenticate"), {"code": code_for(leo_with_app)})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(world.users["leo"].pk)


def test_recovery_codes_are_stored_only_as_hashes_and_shown_once(world, leo_with_app):
    client = Client()
    sign_in(client, "leo")
    client.post(reverse("mfa_authenticate"), {"code": code_for(leo_with_app)})
    response = client.post(reverse("security:recovery_codes"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    for code in codes:
        assert code in response.text
    stored = list(RecoveryCode.objects.filter(user=world.users["leo"]).values_list("code_hash", flat=True))
    assert sorted(stored) == sorted(hashlib.sha256(code.replace("-", "").encode()).hexdigest() for code in codes)
    every_value = " ".join(str(row) for row in RecoveryCode.objects.values_list())
    assert not any(code.replace("-", "") in every_value or code in every_value for code in codes)
    # The account page says how many are left, and shows none of them.
    account = client.get(reverse("security:account"))
    assert "You have 10 unused recovery codes." in account.text
    assert not any(code in account.text for code in codes)


def test_a_recovery_code_signs_in_once_and_new_codes_replace_the_old(world, leo_with_app):
    leo = world.users["leo"]
    first, second, *_ = recovery_codes_generate(user=leo)
    client = Client()
    sign_in(client, "leo")
    assert client.post(reverse("mfa_authenticate"), {"code": first.upper()}).status_code == 302
    assert SecurityEvent.objects.filter(kind=Kind.RECOVERY_CODE_USED, username="leo").exists()
    client.post(reverse("account_logout"))
    again = Client()
    sign_in(again, "leo")
    assert again.post(reverse("mfa_authenticate"), {"code": first}).status_code == 200  # spent
    [newer, *_] = recovery_codes_generate(user=leo)
    assert again.post(reverse("mfa_authenticate"), {"code": second}).status_code == 200  # replaced
    assert again.post(reverse("mfa_authenticate"), {"code": newer}).status_code == 302


def test_making_codes_needs_an_app_first(world, signed_in):
    from tests.conftest import client_of

    response = client_of("olive", world, signed_in).post(reverse("security:recovery_codes"))
    assert response.status_code == 302
    assert not RecoveryCode.objects.filter(user=world.users["olive"]).exists()


# Who must use it -----------------------------------------------------------------------------------------


def _partnership_requires_it(world):
    world.northdale.require_mfa_for_leads = True
    world.northdale.save(update_fields=["require_mfa_for_leads"])


def test_a_partnership_that_requires_it_sends_its_coordinator_to_set_it_up_before_any_page(world):
    _partnership_requires_it(world)
    alice = Client()
    sign_in(alice, "alice")
    response = alice.get(reverse("partnership:dashboard", args=["northdale"]))
    assert response["Location"] == reverse("security:account")
    page = alice.get(reverse("security:account"))
    assert "Northdale" in page.text and "requires two-step sign-in of its coordinators and chairs" in page.text
    set_up_app(alice)
    assert alice.get(reverse("partnership:dashboard", args=["northdale"])).status_code == 200


def test_an_officer_without_a_lead_role_is_not_asked(world):
    _partnership_requires_it(world)
    olive = Client()
    sign_in(olive, "olive")
    assert olive.get(reverse("partnership:dashboard", args=["northdale"])).status_code == 200


def test_the_site_administrator_can_require_it_of_everyone(world):
    site_policy_set(by=world.administrator, require_mfa_for_everyone=True)
    olive = Client()
    sign_in(olive, "olive")
    assert olive.get(reverse("members:people", args=["northdale"]))["Location"] == reverse("security:account")
    # Signing out still works.
    assert olive.post(reverse("account_logout")).status_code == 302
    assert SecurityEvent.objects.filter(kind=Kind.POLICY_CHANGED, username="admin").exists()


def test_the_site_policy_page_saves_the_policy(world, client):
    client.force_login(world.administrator)
    response = client.post(reverse("security:site_policy"), {"require_mfa_for_everyone": "on"})
    assert response.status_code == 302
    from security.policy import site_policy

    assert site_policy().require_mfa_for_everyone
    assert site_policy().history.count() == 1


# A lost device -------------------------------------------------------------------------------------------


def test_a_coordinator_resets_a_lost_device_and_it_is_recorded(world, leo_with_app, signed_in):
    from tests.conftest import client_of

    leo = world.users["leo"]
    recovery_codes_generate(user=leo)
    elsewhere = Client()
    sign_in(elsewhere, "leo")
    elsewhere.post(reverse("mfa_authenticate"), {"code": code_for(leo_with_app)})
    assert elsewhere.get(reverse("security:account")).status_code == 200
    alice = client_of("alice", world, signed_in)
    url = reverse("security:mfa_reset", args=["northdale", world.people["leo"].pk])
    assert "Reset Leo" in alice.get(url).text
    response = alice.post(url)
    assert response["Location"] == reverse("members:person", args=["northdale", world.people["leo"].pk])
    assert not Authenticator.objects.filter(user=leo).exists()
    assert not RecoveryCode.objects.filter(user=leo).exists()
    assert not UserSession.objects.filter(user=leo).exists()
    assert elsewhere.get(reverse("security:account")).status_code == 302  # his session was ended
    event = SecurityEvent.objects.get(kind=Kind.MFA_RESET)
    assert (event.username, event.partnership_id) == ("alice", world.northdale.pk)
    assert "leo" in event.detail
    # He signs in with his password alone now.
    assert sign_in(Client(), "leo")["Location"] != reverse("mfa_authenticate")


def test_a_lead_officer_may_not_reset_anyone(world, leo_with_app, signed_in):
    from tests.conftest import client_of

    url = reverse("security:mfa_reset", args=["northdale", world.people["olive"].pk])
    assert client_of("leo", world, signed_in).post(url).status_code == 403


# Sessions ------------------------------------------------------------------------------------------------


def test_an_idle_session_is_ended_and_the_person_asked_to_sign_in_again(world, settings):
    client = Client()
    sign_in(client, "olive")
    session = client.session
    session[sessions.SEEN_AT] -= settings.SESSION_IDLE_SECONDS + 1
    session.save()
    key = session.session_key
    response = client.get(reverse("members:people", args=["northdale"]))
    assert response["Location"].startswith(reverse("account_login"))
    assert not Session.objects.filter(session_key=key).exists()
    assert SecurityEvent.objects.filter(kind=Kind.SESSION_EXPIRED, username="olive", detail="idle for too long")


def test_a_session_ends_at_its_absolute_limit_however_active(world, settings):
    client = Client()
    sign_in(client, "olive")
    session = client.session
    session[sessions.LOGIN_AT] -= settings.SESSION_ABSOLUTE_SECONDS + 1
    session.save()
    response = client.get(reverse("members:people", args=["northdale"]))
    assert response["Location"].startswith(reverse("account_login"))


def test_activity_keeps_a_session_alive_and_is_written_back_at_most_once_a_minute(world, settings):
    settings.SESSION_ACTIVITY_WRITE_SECONDS = 60
    client = Client()
    sign_in(client, "olive")
    session = client.session
    session[sessions.SEEN_AT] -= 61
    session.save()
    before = client.session[sessions.SEEN_AT]
    assert client.get(reverse("members:people", args=["northdale"])).status_code == 200
    touched = client.session[sessions.SEEN_AT]
    assert touched >= before + 61
    assert client.get(reverse("members:people", args=["northdale"])).status_code == 200
    assert client.session[sessions.SEEN_AT] == touched


def test_a_person_sees_their_sessions_and_ends_the_others(world):
    here, there = Client(HTTP_USER_AGENT="Here/1"), Client(HTTP_USER_AGENT="There/2")
    sign_in(here, "olive")
    sign_in(there, "olive")
    page = here.get(reverse("security:account"))
    assert "Here/1" in page.text and "There/2" in page.text
    here.post(reverse("security:sessions_end"))
    assert there.get(reverse("security:account")).status_code == 302
    assert here.get(reverse("security:account")).status_code == 200
    assert SecurityEvent.objects.filter(kind=Kind.SESSIONS_ENDED, username="olive").exists()


def test_changing_the_password_ends_every_other_session(world):
    here, there = Client(), Client()
    sign_in(here, "olive")
    sign_in(there, "olive")
    new = "another-long-password-5521"
    response = here.post(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 302
    assert here.get(reverse("security:account")).status_code == 200
    assert there.get(reverse("security:account")).status_code == 302
    assert SecurityEvent.objects.filter(kind=Kind.PASSWORD_CHANGED, username="olive").exists()


def test_setting_up_two_step_sign_in_ends_every_other_session(world, django_capture_on_commit_callbacks):
    here, there = Client(), Client()
    sign_in(here, "olive")
    sign_in(there, "olive")
    set_up_app(here, django_capture_on_commit_callbacks)
    assert there.get(reverse("security:account")).status_code == 302
    assert here.get(reverse("security:account")).status_code == 200
