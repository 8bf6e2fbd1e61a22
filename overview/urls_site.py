"""Site administration: starting partnerships and choosing site administrators (namespace `site`)."""

from django.urls import path

from overview import views_site

app_name = "site"

urlpatterns = [
    path("", views_site.site_home, name="home"),
    path("partnerships/new/", views_site.partnership_start, name="partnership_start"),
    path("administrators/add/", views_site.site_administrator_add, name="administrator_add"),
    path("administrators/<int:pk>/remove/", views_site.site_administrator_remove, name="administrator_remove"),
]
