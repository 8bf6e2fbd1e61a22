"""URLs of the meetings app's outputs: PDFs and calendars (one part of it; see meetings/urls.py)."""

from django.urls import path

from meetings import views_outputs

urlpatterns = [
    path("meetings/<int:pk>/agenda.pdf", views_outputs.agenda_pdf, name="agenda_pdf"),
    path("meetings/<int:pk>/minutes.pdf", views_outputs.minutes_pdf, name="minutes_pdf"),
    path("meetings/<int:pk>/meeting.ics", views_outputs.meeting_ics, name="meeting_ics"),
    path("groups/<int:pk>/calendar.ics", views_outputs.group_ics, name="group_ics"),
    path("calendar/", views_outputs.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", views_outputs.person_ics, name="person_ics"),
]
