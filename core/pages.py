"""The one way a partnership page starts: resolve the partnership, then the user's access to it."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login


def partnership_page_decorator(*, resolve, access_for):
    """Make the `partnership_page` decorator from a selector and an access function of the app above.

    `resolve(user, slug, internal=...)` returns the partnership or raises 404; `access_for(user,
    partnership)` returns the rights put on `request.access`.
    """

    def partnership_page(internal=True):
        """Resolve `<slug:partnership>` for the view; internal pages ask anonymous visitors to sign in."""

        def decorator(view):
            @wraps(view)
            def wrapped(request, partnership, *args, **kwargs):
                if internal and not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                found = resolve(request.user, partnership, internal=internal)
                request.partnership = found
                request.access = access_for(request.user, found)
                return view(request, found, *args, **kwargs)

            return wrapped

        return decorator

    return partnership_page
