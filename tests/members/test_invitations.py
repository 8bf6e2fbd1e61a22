"""Invitations: sent by email with a single-use link that expires; the person sets their own password.

An expired, used, withdrawn, replaced or forged link gets a clear page and changes nothing.
"""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from members import services_invitations as services
from members.models import Invitation
from tests.factories import make_person

PASSWORD = "a-Long-and-new-passw0rd"


def url(name, *args):
    return reverse(name, args=["northdale", *args])


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """sent(callable): run it and send the emails its transaction queued; returns (result, the new emails)."""

    def run(write):
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            result = write()
        return result, mail.outbox[before:]

    return run


def link_in(email):
    return re.search(r"https?://\S+/invitations/(\S+)/", email.body).group(0)


def path_of(link):
    return "/" + link.split("/", 3)[3]


@pytest.fixture
def newcomer(world):
    return make_person(
        by=world.administrator,
        first_name="Nia",
        last_name="Newton",
        agency=world.agencies["police"],
        email="nia@example.org",
        job_title="Sergeant",
    )


def login_of(person):
    return get_user_model().objects.get(person__pk=person.pk)


def invite(client, person, **data):
    return client.post(url("members:person_invite", person.pk), data)


def test_the_coordinator_invites_a_person_by_email_naming_the_partnership_and_inviter(world, client, newcomer, sent):
    client.force_login(world.users["alice"])
    response, emails = sent(lambda: invite(client, newcomer, username="nnewton"))

    assert response.status_code == 302
    assert len(emails) == 1
    email = emails[0]
    assert email.to == ["nia@example.org"]
    assert "Northdale Community Safety Partnership" in email.subject
    assert "Alice Archer has invited you to Northdale Community Safety Partnership" in email.body
    assert "nnewton" in email.body
    assert "expires on" in email.body
    newcomer.refresh_from_db()
    assert newcomer.user.username == "nnewton"
    assert not newcomer.user.has_usable_password()
    invitation = Invitation.objects.get(person=newcomer)
    assert invitation.status_at(timezone.now()) == Invitation.Status.INVITED
    assert invitation.expires_at - invitation.sent_at == datetime.timedelta(days=7)
    # Only a hash of the token is kept: the link's token is not in the database, its sha256 is.
    token = link_in(email).rstrip("/").rsplit("/", 1)[1]
    assert invitation.token_hash == services.invitation_token_hash(token) != token
    assert not Invitation.objects.filter(token_hash=token).exists()


def test_an_inviter_never_sets_a_password(world, client, newcomer):
    client.force_login(world.users["alice"])
    form = client.get(url("members:person_invite", newcomer.pk)).context["form"]
    assert not any("password" in name for name in form.fields)


def test_the_person_follows_the_link_sets_a_password_and_is_signed_in(world, client, newcomer, sent):
    invitation, emails = sent(
        lambda: services.invitation_send(person=newcomer, partnership=world.northdale, by=world.users["alice"])
    )
    path = path_of(link_in(emails[0]))

    page = client.get(path)
    assert page.status_code == 200
    assert "Accept your invitation" in page.text and "nia@example.org" in page.text

    response = client.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/p/northdale/"
    user = login_of(newcomer)
    assert user.check_password(PASSWORD)
    assert client.get("/p/northdale/").status_code == 200
    invitation.refresh_from_db()
    assert invitation.status_at(timezone.now()) == Invitation.Status.ACCEPTED
    assert invitation.history.latest().history_user == user


def test_a_used_link_gets_a_clear_page_and_changes_nothing(world, client, newcomer, sent):
    _, emails = sent(
        lambda: services.invitation_send(person=newcomer, partnership=world.northdale, by=world.users["alice"])
    )
    path = path_of(link_in(emails[0]))
    client.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    client.logout()

    again = client.post(path, {"password1": "Another-passw0rd-9", "password2": "Another-passw0rd-9"})
    assert again.status_code == 410
    assert "This invitation has already been used" in again.text
    assert login_of(newcomer).check_password(PASSWORD)


def test_an_expired_link_gets_a_clear_page_and_changes_nothing(world, client, newcomer, sent):
    _, emails = sent(
        lambda: services.invitation_send(person=newcomer, partnership=world.northdale, by=world.users["alice"])
    )
    path = path_of(link_in(emails[0]))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        response = client.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 410
    assert "This invitation has expired" in response.text
    assert "Alice Archer" in response.text
    assert not login_of(newcomer).has_usable_password()


def test_a_forged_link_gets_a_clear_page(world, client, newcomer, sent):
    sent(lambda: services.invitation_send(person=newcomer, partnership=world.northdale, by=world.users["alice"]))
    response = client.post("/invitations/not-a-real-token/", {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.text
    assert not login_of(newcomer).has_usable_password()


def test_a_withdrawn_invitation_stops_working(world, client, newcomer, sent):
    invitation, emails = sent(
        lambda: services.invitation_send(person=newcomer, partnership=world.northdale, by=world.users["alice"])
    )
    client.force_login(world.users["alice"])
    assert client.post(url("members:invitation_withdraw", invitation.pk)).status_code == 302
    client.logout()
    response = client.get(path_of(link_in(emails[0])))
    assert response.status_code == 410
    assert "withdrawn" in response.text
    client.force_login(world.users["alice"])
    assert "Withdrawn" in client.get(url("members:person", newcomer.pk)).text


def test_a_re_sent_invitation_replaces_the_old_link(world, client, newcomer, sent):
    invitation, first = sent(
        lambda: services.invitation_send(person=newcomer, partnership=world.northdale, by=world.users["alice"])
    )
    client.force_login(world.users["alice"])
    _, second = sent(lambda: client.post(url("members:invitation_resend", invitation.pk)))
    client.logout()

    assert len(second) == 1
    old = client.get(path_of(link_in(first[0])))
    assert old.status_code == 410 and "A newer invitation replaced this one" in old.text
    assert client.get(path_of(link_in(second[0]))).status_code == 200


def test_the_persons_page_shows_invited_then_accepted_or_expired(world, client, newcomer, sent):
    client.force_login(world.users["alice"])
    page = client.get(url("members:person", newcomer.pk)).text
    assert "Not invited" in page and "Invite to sign in" in page

    _, emails = sent(lambda: invite(client, newcomer))
    assert "Invited" in client.get(url("members:person", newcomer.pk)).text
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        client.force_login(world.users["alice"])
        assert "Expired" in client.get(url("members:person", newcomer.pk)).text

    client.logout()
    client.post(path_of(link_in(emails[0])), {"password1": PASSWORD, "password2": PASSWORD})
    client.force_login(world.users["alice"])
    assert "Accepted" in client.get(url("members:person", newcomer.pk)).text


def test_a_person_without_an_email_address_is_not_invited(world, client):
    person = make_person(by=world.administrator, first_name="No", last_name="Email", agency=world.agencies["police"])
    client.force_login(world.users["alice"])
    response = invite(client, person)
    assert response.status_code == 200
    assert escape(services.NEEDS_EMAIL) in response.text
    assert not Invitation.objects.filter(person=person).exists()


def test_a_lead_officer_invites_people_of_their_own_agency_only(world, client, newcomer, sent):
    client.force_login(world.users["leo"])
    response, emails = sent(lambda: invite(client, newcomer))
    assert response.status_code == 302 and len(emails) == 1
    assert "Leo Lewis has invited you" in emails[0].body

    fire_person = make_person(
        by=world.administrator, first_name="Fay", last_name="Fire", agency=world.agencies["fire"], email="f@example.org"
    )
    assert client.get(url("members:person_invite", fire_person.pk)).status_code == 403
    assert invite(client, fire_person).status_code == 403
    assert not Invitation.objects.filter(person=fire_person).exists()


@pytest.mark.parametrize("name", ["olive", "maya", "carol"])
def test_people_who_are_neither_coordinator_nor_lead_may_not_invite(world, client, newcomer, name):
    client.force_login(world.users[name])
    assert invite(client, newcomer).status_code == 403
    assert not Invitation.objects.filter(person=newcomer).exists()


def test_an_outsider_gets_404(world, client, newcomer, sent):
    invitation, _ = sent(
        lambda: services.invitation_send(person=newcomer, partnership=world.northdale, by=world.users["alice"])
    )
    client.force_login(world.users["charlie"])
    assert invite(client, newcomer).status_code == 404
    assert client.post(url("members:invitation_withdraw", invitation.pk)).status_code == 404
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None


def test_the_accept_page_refuses_mismatched_passwords_next_to_the_field(world, client, newcomer, sent):
    _, emails = sent(
        lambda: services.invitation_send(person=newcomer, partnership=world.northdale, by=world.users["alice"])
    )
    response = client.post(path_of(link_in(emails[0])), {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert response.context["form"].errors["password2"]
    assert not login_of(newcomer).has_usable_password()


# The invitation's email is sent by the background worker (partnership.outbox) ----------------------------


def test_the_worker_makes_the_link_as_it_sends_so_no_link_exists_before(world, newcomer, settings, mailoutbox):
    from partnership.models import EmailBatch
    from tests.worker import DATABASE_TASKS, run_the_worker

    settings.TASKS = DATABASE_TASKS
    invitation = services.invitation_send(person=newcomer, partnership=world.northdale, by=world.users["alice"])
    placeholder = Invitation.objects.get(pk=invitation.pk).token_hash
    assert mailoutbox == []
    run_the_worker()
    (email,) = mailoutbox
    token = link_in(email).rstrip("/").rsplit("/", 1)[1]
    invitation.refresh_from_db()
    assert invitation.token_hash == services.invitation_token_hash(token) != placeholder
    batch = EmailBatch.objects.get(composer="members.invitation", object_id=invitation.pk)
    assert (batch.state, batch.delivered) == (EmailBatch.State.SENT, ["nia@example.org"])
    assert token not in str(list(batch.history.values()))


def test_an_invitation_withdrawn_before_the_worker_reaches_it_is_sent_to_nobody(world, newcomer, settings, mailoutbox):
    from partnership.models import EmailBatch
    from tests.worker import DATABASE_TASKS, run_the_worker

    settings.TASKS = DATABASE_TASKS
    invitation = services.invitation_send(person=newcomer, partnership=world.northdale, by=world.users["alice"])
    services.invitation_withdraw(invitation=invitation, by=world.users["alice"])
    run_the_worker()
    assert mailoutbox == []
    batch = EmailBatch.objects.get(composer="members.invitation", object_id=invitation.pk)
    assert (batch.state, batch.recipients) == (EmailBatch.State.SENT, 0)
