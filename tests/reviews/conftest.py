"""Northdale's annual review, made through the services, for every reviews test.

nacro          the shipped Nacro framework (48 questions), loaded by migration
framework      Northdale's own copy of it (edition 1), made by alice
review         Northdale's review of the year that ended yesterday, open, returns due in two weeks
police_return  the police's return to it (leo, the police lead officer, completes it)
fire_return    the fire service's return to it (fred, the fire lead officer, completes it)

`clock_at(moment)` sets the clock the services read (as meetings/demo.py does when it replays a
year), so that records of a past year are made the way they would have been made at the time.
"""

import datetime
from contextlib import ExitStack, contextmanager
from unittest import mock

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from reviews import services
from reviews.models import ReviewFramework

NACRO = "Nacro: an effective partnership"
BERRY = "Berry et al.: mechanisms of better partnership working"
HALLMARKS = "Home Office: hallmarks of effective partnerships"

_REAL_NOW = timezone.now


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def at(day, hour=10, minute=0):
    """An aware datetime at local (UK) time on `day`."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@contextmanager
def clock_at(moment):
    """`django.utils.timezone.now`, and every model field defaulting to it, return `moment`."""
    if isinstance(moment, datetime.date) and not isinstance(moment, datetime.datetime):
        moment = at(moment, 12)

    def clock():
        return moment

    with ExitStack() as stack:
        stack.enter_context(mock.patch.object(timezone, "now", clock))
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if field.default is _REAL_NOW:
                    stack.enter_context(mock.patch.object(field, "_get_default", clock))
        yield moment


def fresh(user):
    """The user as the next request will load it, with no permission or access cache."""
    return get_user_model().objects.get(pk=user.pk)


def rate(agency_return, ratings, *, by, evidence="", comment=""):
    """Save ratings on a return: `ratings` maps question order -> rating (or None)."""
    questions = {q.order: q for q in agency_return.review.framework.questions.all()}
    return services.answers_save(
        agency_return=agency_return,
        answers={questions[order]: (rating, evidence, comment) for order, rating in ratings.items()},
        by=by,
    )


def rate_all(agency_return, rating, *, by, **overrides):
    """Rate every question `rating`, except those given in `overrides` as q<order>=rating."""
    orders = agency_return.review.framework.questions.values_list("order", flat=True)
    ratings = {order: overrides.get(f"q{order}", rating) for order in orders}
    return rate(agency_return, ratings, by=by)


def open_review(world, framework, *, title, period_start, period_end=None, deadline=None, by=None):
    return services.review_open(
        partnership=world.northdale,
        title=title,
        period_start=period_start,
        period_end=period_end or period_start + datetime.timedelta(days=364),
        deadline=deadline or days_from_today(14),
        framework=framework,
        by=by or world.users["alice"],
    )


def shipped(name):
    """A framework shipped by the app (loaded by migration), by its name."""
    return ReviewFramework.objects.get(partnership=None, name=name)


def make_framework(world, nacro):
    return services.framework_copy(framework=nacro, partnership=world.northdale, by=world.users["alice"])


def make_review(world, framework):
    return open_review(
        world,
        framework,
        title="Annual review of the past year",
        period_start=days_from_today(-365),
        period_end=days_from_today(-1),
        deadline=days_from_today(14),
    )


@pytest.fixture
def nacro(db):
    return shipped(NACRO)


@pytest.fixture
def framework(world, nacro):
    return make_framework(world, nacro)


@pytest.fixture
def review(world, framework):
    return make_review(world, framework)


@pytest.fixture
def police_return(world, review):
    return review.returns.get(agency=world.agencies["police"])


@pytest.fixture
def fire_return(world, review):
    return review.returns.get(agency=world.agencies["fire"])


@pytest.fixture
def council_return(world, review):
    return review.returns.get(agency=world.agencies["council"])


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# A review can be approved only with at least one return in; with some missing the chair records why.
MISSING_RETURNS = "The other agencies did not send their returns in time."


def submit_a_return(world, review, agency="police", who="leo"):
    """Rate and submit one agency's return, made by the administrator (a set-up step), so it can be approved."""
    agency_return = review.returns.get(agency=world.agencies[agency])
    rate_all(agency_return, 3, by=world.administrator)
    return services.return_submit(agency_return=agency_return, submitter=world.people[who], by=world.administrator)
