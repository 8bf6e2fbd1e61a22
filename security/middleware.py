"""One middleware for the security app, after AuthenticationMiddleware and allauth's:

- ends a session that has been idle too long or has passed its absolute limit (security.sessions);
- sends a person who must use two-step sign-in and has not set it up to set it up, before any other page;
- records refusals (403, and 404 on our routes), lockouts, downloads and exports, and feed token use.
"""

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse
from django.shortcuts import redirect

from security import policy, sessions
from security.events import Kind, record

# While two-step sign-in is still to be set up, only these pages open.
MFA_SETUP_ROUTES = {
    "mfa_activate_totp",
    "mfa_index",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "account_logout",
    "security:account",
    "security:recovery_codes",
    "partnership:accessibility",
}
DOWNLOAD_TYPES = ("application/pdf", "text/csv", "text/calendar", "application/octet-stream")
FEED_TOKEN_KWARGS = ("token",)


def _download_detail(route, response):
    """The route and the kind of file, never its name: an uploaded file keeps the name its author gave it,
    which may name a victim or a confidential subject, and the log is read by people not cleared for it."""
    name = response.get("Content-Disposition", "").rsplit("filename=", 1)[-1].strip('"; ')
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return f"{route}, a .{extension} file" if extension.isalnum() and len(extension) <= 5 else route


def _route(request):
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    return match.view_name


class SecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            why = sessions.expired(request.session)
            if why:
                record(
                    Kind.SESSION_EXPIRED,
                    request=request,
                    detail="idle for too long" if why == "idle" else "the session reached its time limit",
                )
                logout(request)
                messages.info(
                    request,
                    "You were signed out because you had not used the site for a while."
                    if why == "idle"
                    else "You were signed out because you signed in a long time ago. Sign in again to go on.",
                )
                return redirect_to_login(request.get_full_path())
            sessions.touch(request.session)
        response = self.get_response(request)
        self._record(request, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not hasattr(request, "session"):
            return None
        if not request.session.get(policy.SESSION_KEY):
            return None
        if request.resolver_match.view_name in MFA_SETUP_ROUTES:
            return None
        if is_mfa_enabled(user):  # set up since: one query, only while the session still says it is owed
            request.session[policy.SESSION_KEY] = ""
            return None
        messages.warning(request, request.session[policy.SESSION_KEY] + " Set it up now to go on.")
        return redirect("security:account")

    def _record(self, request, response):
        route = _route(request)
        if route is None:
            return
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        partnership = getattr(request, "partnership", None)
        status = response.status_code
        if status == 403:
            record(Kind.DENIED, request=request, partnership=partnership, detail=route)
        elif status == 404 and (signed_in or "partnership" in request.resolver_match.kwargs):
            record(Kind.NOT_FOUND, request=request, partnership=partnership, detail=route)
        elif status == 429:
            record(Kind.LOCKOUT, request=request, detail=route)
        elif status == 200 and self._is_download(response):
            kwargs = request.resolver_match.kwargs
            if not signed_in and any(key in kwargs for key in FEED_TOKEN_KWARGS):
                record(Kind.TOKEN_USED, request=request, partnership=partnership, detail=route)
            elif signed_in:
                record(
                    Kind.DOWNLOAD, request=request, partnership=partnership, detail=_download_detail(route, response)
                )

    @staticmethod
    def _is_download(response):
        if isinstance(response, FileResponse):
            return True
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        return content_type in DOWNLOAD_TYPES
