"""Top-level URLs. Partnership pages live under /p/<slug>/ so every page is scoped to one partnership."""

from django.contrib import admin
from django.urls import include, path

from partnership import views

P = "p/<slug:partnership>/"

partnership_urls = (
    [
        path("", views.home, name="home"),
        path("switch/", views.switch, name="switch"),
        path(P, views.dashboard, name="dashboard"),
        path(P + "public/", views.public, name="public"),
        path(P + "structure/", views.structure, name="structure"),
        path(P + "edit/", views.partnership_edit, name="edit"),
        path(P + "groups/new/", views.group_create, name="group_create"),
        path(P + "groups/<int:pk>/", views.group_detail, name="group"),
        path(P + "groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
        path(P + "audit/", views.audit, name="audit"),
        path(P + "history/<str:kind>/<int:pk>/", views.history, name="history"),
    ],
    "partnership",
)

urlpatterns = [
    path("", include(partnership_urls)),
    path(P, include("members.urls")),
    path(P, include("meetings.urls")),
    path(P, include("workplan.urls")),
    path(P, include("reviews.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
