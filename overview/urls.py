"""URLs of the partnership's own pages and the pages that gather from every app (namespace `partnership`)."""

from django.urls import path

from overview import views, views_about, views_health, views_partnership

P = "p/<slug:partnership>/"

partnership_urls = (
    [
        path("", views.home, name="home"),
        path("switch/", views.switch, name="switch"),
        path("accessibility/", views_about.accessibility, name="accessibility"),
        path("health/", views_health.health, name="health"),
        path(P, views.dashboard, name="dashboard"),
        path(P + "public/", views_partnership.public, name="public"),
        path(P + "structure/", views_partnership.structure, name="structure"),
        path(P + "edit/", views_partnership.partnership_edit, name="edit"),
        path(P + "groups/new/", views_partnership.group_create, name="group_create"),
        path(P + "groups/<int:pk>/", views_partnership.group_detail, name="group"),
        path(P + "groups/<int:pk>/edit/", views_partnership.group_edit, name="group_edit"),
        path(P + "audit/", views.audit, name="audit"),
        path(P + "emails/<int:pk>/", views_partnership.email, name="email"),
        path(P + "history/<str:kind>/<int:pk>/", views.history, name="history"),
    ],
    "partnership",
)
