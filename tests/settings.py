"""Settings for the test run: the app's settings with django-zeal's N+1 detection raising, fast hashing."""

import os

os.environ.setdefault("ZEAL", "1")

from partnership.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Guardian looks up a Permission (and its direct-FK row) for each grant a write makes; that is bounded
# by what one form creates, not by a list's length, so zeal is told to let those lookups be. List pages'
# query counts are pinned by their own tests.
ZEAL_ALLOWLIST = [
    {"model": "auth.Permission", "field": "get()"},
    {"model": "*ObjectPermission", "field": "get()"},
    # allauth's usersessions, at each sign-in, loads every earlier session of the person to drop those that
    # have ended (UserSession.purge reads each session's user), and ending a person's other sessions deletes
    # each through the session store: both bounded by one person's sessions.
    {"model": "auth.User", "field": "get()"},
    {"model": "sessions.Session", "field": "get()"},
]

# No persistent connections in the test run: a browser test's live server answers each request in a
# thread of its own, and a connection kept open by such a thread would outlive it.
for _database in DATABASES.values():  # noqa: F405
    _database["CONN_MAX_AGE"] = 0

# A session notes its last request at most once a minute (security.sessions): in the test run never, so a
# page's pinned query count does not gain a session write when a module's shared session turns a minute
# old. The tests of the session limits set it themselves.
SESSION_ACTIVITY_WRITE_SECONDS = 10**9

# Background tasks run at once, in the request that queues them, so a test sees their outcome; the tests of
# the worker itself (tests/reviews/test_background.py) switch to the database backend and run db_worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
