"""Writing the security log: one function, called by the receivers, the middleware and the services."""

import logging

from allauth.core.internal.httpkit import get_client_ip

from security.models import SecurityEvent

logger = logging.getLogger("security")
Kind = SecurityEvent.Kind


def client_ip(request):
    """The client's address as allauth's sign-in throttling sees it: REMOTE_ADDR, or the address the trusted
    proxy put in X-Forwarded-For (ALLAUTH_TRUSTED_PROXY_COUNT) or in its own header
    (ALLAUTH_TRUSTED_CLIENT_IP_HEADER); see SECURITY.md."""
    try:
        return get_client_ip(request)
    except Exception:  # a misconfigured proxy count must not stop the log
        return request.META.get("REMOTE_ADDR") or None


SECRET_KWARGS = ("token", "key")  # a feed's or an invitation's token, a password-reset key: never logged


def _redacted_path(request):
    path = request.get_full_path()
    match = getattr(request, "resolver_match", None)
    for name in SECRET_KWARGS:
        value = match.kwargs.get(name) if match is not None else None
        if value:
            path = path.replace(str(value), "[secret]")
    return path


def record(kind, *, request=None, user=None, username="", partnership=None, detail=""):
    """Add one event. `user` defaults to the request's signed-in user; `username` to the user's."""
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    if user is not None and not getattr(user, "pk", None):
        user = None
    event = SecurityEvent(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        partnership=partnership,
        detail=str(detail)[:500],
    )
    if request is not None:
        event.ip = client_ip(request)
        event.user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
        event.method = request.method or ""
        event.path = _redacted_path(request)[:500]
    event.save()
    logger.info("%s %s %s %s", kind, event.username, event.ip, event.path)
    return event
