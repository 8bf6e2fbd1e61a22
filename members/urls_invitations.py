"""The invitation link, outside any partnership's pages: the invitee does not belong to one yet."""

from django.urls import path

from members import views_invitations

app_name = "invitations"

urlpatterns = [
    path("<str:token>/", views_invitations.invitation_accept, name="accept"),
]
