"""Top-level URLs. Partnership pages live under /p/<slug>/ so every page is scoped to one partnership."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from overview.urls import partnership_urls

P = "p/<slug:partnership>/"

urlpatterns = [
    path("", include(partnership_urls)),
    path(P, include("members.urls")),
    path(P, include("meetings.urls")),
    path(P, include("workplan.urls")),
    path(P, include("reviews.urls")),
    path(P, include("casereviews.urls")),
    path("site/", include("overview.urls_site")),
    path("invitations/", include("members.urls_invitations")),
    path("", include("security.urls")),
    # allauth's own two-step page is replaced by the sign-in and security page (where TOTP set-up returns).
    path("accounts/2fa/", RedirectView.as_view(pattern_name="security:account"), name="mfa_index"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
