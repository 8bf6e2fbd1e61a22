"""The select widget's options are written in Python (core/templatetags/govuk.py, select_options) for speed;
the markup must be what Django's own select templates give, for every kind of choice."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from core.rendering import GovukFormRenderer

CHOICES = [
    ("", "Any <one>"),
    ("x", 'X "&" y'),
    ("Police", [("1", "Sergeant O'Neil"), ("2", "Inspector <Two>")]),
    (3, "Three"),
]


def tidy(html):
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.Select(choices=CHOICES), "2"),
        (forms.Select(choices=CHOICES), None),
        (forms.Select(choices=CHOICES, attrs={"disabled": True, "data-x": 'a"b'}), 3),
        (forms.SelectMultiple(choices=CHOICES), ["1", "x"]),
        (forms.NullBooleanSelect(), True),
    ],
)
def test_the_options_are_django_s_own_markup(widget, value):
    ours = widget.render("field", value, attrs={"id": "id_field"}, renderer=GovukFormRenderer())
    django_s = widget.render("field", value, attrs={"id": "id_field"}, renderer=DjangoTemplates())
    assert tidy(ours) == tidy(django_s)
