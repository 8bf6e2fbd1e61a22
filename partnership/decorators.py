"""The one way a partnership page starts: resolve the partnership through its selector."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login

from partnership.access import access_for
from partnership.selectors import partnership_get_for_user


def partnership_page(internal=True):
    """Resolve `<slug:partnership>` for the view; internal pages ask anonymous visitors to sign in."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, partnership, *args, **kwargs):
            if internal and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            found = partnership_get_for_user(request.user, partnership, internal=internal)
            request.partnership = found
            request.access = access_for(request.user, found)
            return view(request, found, *args, **kwargs)

        return wrapped

    return decorator
