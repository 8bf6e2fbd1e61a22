"""Template context for every page: the current partnership, the switcher and the navigation."""

from django.urls import reverse

from members.access import access_for
from partnership.selectors import partnerships_visible_to


def _nav_items(request, partnership, access):
    items = [("Dashboard", "partnership:dashboard"), ("Structure", "partnership:structure")]
    if access.can_view_internal:
        items += [
            ("Meetings", "meetings:meetings"),
            ("Actions", "meetings:my_actions"),
            ("Decisions", "meetings:decisions"),
            ("Workplan", "workplan:plan"),
            ("Annual review", "reviews:reviews"),
            ("Case reviews", "casereviews:case_reviews"),
            ("Partners", "members:register"),
            ("People", "members:people"),
            ("Roles", "members:roles"),
        ]
    if access.is_coordinator or access.is_chair:
        items.append(("Audit log", "partnership:audit"))
    if not access.can_view_internal:
        items = [("About", "partnership:public"), ("Meetings", "meetings:meetings")]
    path = request.path
    result = []
    for label, name in items:
        url = reverse(name, args=[partnership.slug])
        result.append(
            {
                "label": label,
                "url": url,
                "active": path == url or (url != f"/p/{partnership.slug}/" and path.startswith(url)),
            }
        )
    return result


def partnership(request):
    current = getattr(request, "partnership", None)
    mine = list(partnerships_visible_to(request.user)) if hasattr(request, "user") else []
    nav = []
    if current is not None:
        nav = _nav_items(request, current, access_for(request.user, current))
    return {"current_partnership": current, "my_partnerships": mine, "nav_items": nav}
