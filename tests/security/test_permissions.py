"""The security pages, with the status each named person gets (see tests/test_permissions.py).

The sign-in and security page is every signed-in person's own; the security log of a partnership is its
coordinators'; the site's log and sign-in policy are the site administrators' (none of the named people).
Making recovery codes and ending sessions take a POST only."""

import pytest
from django.urls import reverse

from tests.test_permissions import COORDINATOR_ONLY, LOGIN, PEOPLE, _ids, expect, nd, statuses

OWN = expect(dict.fromkeys(PEOPLE, 200), anonymous=LOGIN)
POST_ONLY = expect(dict.fromkeys(PEOPLE, 405), anonymous=LOGIN)
SITE_ONLY = expect(dict.fromkeys(PEOPLE, 403), anonymous=LOGIN)

TABLE = [
    ("security:account", lambda w: {}, OWN),
    ("security:recovery_codes", lambda w: {}, POST_ONLY),
    ("security:sessions_end", lambda w: {}, POST_ONLY),
    ("security:site_log", lambda w: {}, SITE_ONLY),
    ("security:site_policy", lambda w: {}, SITE_ONLY),
    ("security:partnership_log", nd(), COORDINATOR_ONLY),
    ("security:mfa_reset", lambda w: nd(pk=w.people["leo"].pk)(w), COORDINATOR_ONLY),
    # Never the coordinator's own (she uses her own page).
    ("security:mfa_reset", lambda w: nd(pk=w.people["alice"].pk)(w), expect(COORDINATOR_ONLY, alice=403)),
]

ELSEWHERE = [
    (
        "security:partnership_log",
        lambda w: {"partnership": "southvale"},
        expect(dict.fromkeys(PEOPLE, 404), anonymous=LOGIN, charlie=200),
    ),
    (
        "security:mfa_reset",
        lambda w: nd(pk=w.people["charlie"].pk)(w),
        expect(dict.fromkeys(PEOPLE, 404), anonymous=LOGIN),
    ),
]


@pytest.mark.parametrize(("url_name", "kwargs", "expected"), TABLE + ELSEWHERE, ids=_ids(TABLE + ELSEWHERE))
def test_each_person_gets_the_status_the_table_gives_them(world, signed_in, url_name, kwargs, expected):
    assert statuses(world, reverse(url_name, kwargs=kwargs(world)), signed_in=signed_in) == expected
