from django.urls import path

from members import views, views_csv, views_groups, views_invitations

app_name = "members"

urlpatterns = [
    path("partners/", views.register, name="register"),
    path("partners/add/", views.partner_add, name="partner_add"),
    path("partners/export.csv", views_csv.export, {"kind": "agencies"}, name="agencies_csv"),
    path("partners/import/", views_csv.import_file, {"kind": "agencies"}, name="agencies_import"),
    path("people/export.csv", views_csv.export, {"kind": "people"}, name="people_csv"),
    path("people/import/", views_csv.import_file, {"kind": "people"}, name="people_import"),
    path("partners/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency"),
    path("agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("agencies/<int:pk>/roles/assign/", views.agency_role_assign, name="agency_role_assign"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/handover/", views.handover, name="handover"),
    path("people/<int:pk>/invite/", views_invitations.person_invite, name="person_invite"),
    path("invitations/<int:pk>/resend/", views_invitations.invitation_resend, name="invitation_resend"),
    path("invitations/<int:pk>/withdraw/", views_invitations.invitation_withdraw, name="invitation_withdraw"),
    path("groups/<int:pk>/members/add/", views_groups.group_member_add, name="group_member_add"),
    path("seats/<int:pk>/end/", views_groups.seat_end, name="seat_end"),
    path("roles/", views.roles, name="roles"),
    path("roles/assign/", views.partnership_role_assign, name="partnership_role_assign"),
    path("roles/<str:kind>/<int:pk>/end/", views.role_end, name="role_end"),
]
