"""URLs of the meetings app (one part of it; see meetings/urls.py): meetings, agendas, papers, sharing,
attendance and minutes."""

from django.urls import path

from meetings import views

urlpatterns = [
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/plan/", views.meeting_plan, name="meeting_plan"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/status/", views.meeting_status, name="meeting_status"),
    path("meetings/<int:pk>/agenda/publish/", views.agenda_publish, name="agenda_publish"),
    path("meetings/<int:pk>/items/new/", views.item_create, name="item_create"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/minutes/<str:step>/", views.minutes_step, name="minutes_step"),
    path("items/<int:pk>/", views.item, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/move/", views.item_move, name="item_move"),
    path("items/<int:pk>/minutes/", views.item_minutes, name="item_minutes"),
    path("items/<int:pk>/papers/new/", views.paper_add, name="paper_add"),
    path("items/<int:pk>/share/", views.item_share, name="item_share"),
    path("papers/<int:pk>/", views.paper, name="paper"),
    path("papers/<int:pk>/withdraw/", views.paper_withdraw, name="paper_withdraw"),
    path("shares/<int:pk>/revoke/", views.share_revoke, name="share_revoke"),
    path("groups/<int:pk>/quorum/", views.quorum_edit, name="quorum_edit"),
    path("attendance/", views.agency_attendance, name="agency_attendance"),
]
