"""Session limits: an idle timeout (SESSION_IDLE_SECONDS, 30 minutes by default) and an absolute one
(SESSION_ABSOLUTE_SECONDS, 12 hours), kept in the session itself so a page adds no query to check them.

The time of the last request is written back only every SESSION_ACTIVITY_WRITE_SECONDS (one minute), so
an active person's session is saved about once a minute, not on every page."""

import time

from django.conf import settings

LOGIN_AT = "security_login_at"
SEEN_AT = "security_seen_at"


def idle_seconds():
    return getattr(settings, "SESSION_IDLE_SECONDS", 30 * 60)


def absolute_seconds():
    return getattr(settings, "SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)


def write_seconds():
    return getattr(settings, "SESSION_ACTIVITY_WRITE_SECONDS", 60)


def start(request):
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    request.session.set_expiry(idle_seconds())


def expired(session, now=None):
    """Why the session has run out ("idle" or "absolute"), or "" while it is live."""
    now = int(time.time()) if now is None else now
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT)
    if login_at is None or seen_at is None:
        return ""
    if now - login_at >= absolute_seconds():
        return "absolute"
    if now - seen_at >= idle_seconds():
        return "idle"
    return ""


def touch(session, now=None):
    """Note activity; written back only when the last note is older than write_seconds()."""
    now = int(time.time()) if now is None else now
    seen_at = session.get(SEEN_AT)
    if seen_at is None:
        session[LOGIN_AT] = session.get(LOGIN_AT, now)
        session[SEEN_AT] = now
        session.set_expiry(idle_seconds())
    elif now - seen_at >= write_seconds():
        session[SEEN_AT] = now
        session.set_expiry(idle_seconds())
