from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("partners/", views.register, name="register"),
    path("partners/add/", views.partner_add, name="partner_add"),
    path("partners/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency"),
    path("agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("agencies/<int:pk>/roles/assign/", views.agency_role_assign, name="agency_role_assign"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/handover/", views.handover, name="handover"),
    path("roles/", views.roles, name="roles"),
    path("roles/assign/", views.partnership_role_assign, name="partnership_role_assign"),
    path("roles/<str:kind>/<int:pk>/end/", views.role_end, name="role_end"),
]
