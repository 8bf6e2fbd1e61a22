"""Settings read from the environment refuse values they do not understand, so a typo stops start-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from partnership.settings import envbool, envint

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("value", ["1", "true", "Yes", "y", "ON", " on "])
def test_yes_words_read_as_true(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    assert envbool("SOME_FLAG") is True


@pytest.mark.parametrize("value", ["0", "false", "No", "n", "off", ""])
def test_no_words_read_as_false(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    assert envbool("SOME_FLAG", True) is False


def test_an_unset_flag_takes_its_default(monkeypatch):
    monkeypatch.delenv("SOME_FLAG", raising=False)
    assert envbool("SOME_FLAG", True) is True


@pytest.mark.parametrize("value", ["prod", "enabled", "2", "tru"])
def test_an_unrecognised_yes_no_value_is_refused_with_its_name(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match=f"SOME_FLAG='{value}' is not a yes/no value"):
        envbool("SOME_FLAG")


def test_a_number_that_is_not_one_is_refused_with_its_name(monkeypatch):
    monkeypatch.setenv("PAGE_SIZE", "twenty")
    with pytest.raises(ImproperlyConfigured, match="PAGE_SIZE='twenty' is not a whole number"):
        envint("PAGE_SIZE", 25)


def test_start_up_stops_on_a_mistyped_production_flag():
    env = {**os.environ, "PRODUCTION": "prod", "DJANGO_SETTINGS_MODULE": "partnership.settings"}
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "PRODUCTION='prod' is not a yes/no value" in done.stderr
