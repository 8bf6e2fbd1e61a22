"""The accessibility statement public sector bodies must publish (SI 2018/952, regulation 8): on every page's
footer, for everyone, with the contact for reporting a problem and the enforcement procedure."""

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@override_settings(ACCESSIBILITY_CONTACT_EMAIL="access@example.org")
def test_the_statement_names_the_standard_the_contact_and_the_enforcement_procedure(client):
    response = client.get(reverse("partnership:accessibility"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "WCAG" in text and "2.2" in text and "AA" in text
    assert 'href="mailto:access@example.org"' in text
    assert "Equality and Human Rights Commission" in text
    assert "equalityadvisoryservice.com" in text
    assert response["Cache-Control"].startswith("public")


def test_every_page_links_to_the_statement_from_its_footer(client):
    response = client.get(reverse("account_login"))
    assert f'href="{reverse("partnership:accessibility")}"' in response.content.decode()
