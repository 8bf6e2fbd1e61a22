"""Pages about the service itself, for everyone: the accessibility statement public sector bodies must
publish (Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018,
SI 2018/952, regulation 8)."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.responses import cache_rule


@require_GET
def accessibility(request):
    response = render(
        request,
        "overview/accessibility.html",
        {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL, "reviewed_on": settings.ACCESSIBILITY_REVIEWED_ON},
    )
    return cache_rule(response, public=not request.user.is_authenticated)
