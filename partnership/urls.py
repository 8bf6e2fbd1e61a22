"""Top-level URLs. Partnership pages live under /p/<slug>/ so every page is scoped to one partnership."""

from django.contrib import admin
from django.urls import include, path

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
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
