"""URLs of the case reviews app (one part of it; see casereviews/urls.py): ASB case reviews."""

from django.urls import path

from casereviews import views_asb as views

A = "case-reviews/asb/"

urlpatterns = [
    path(A, views.asb_applications, name="asb_applications"),
    path(A + "procedure/", views.asb_procedure, name="asb_procedure"),
    path(A + "new/", views.asb_record, name="asb_record"),
    path(A + "<int:pk>/", views.asb_application, name="asb_application"),
    path(A + "<int:pk>/edit/", views.asb_edit, name="asb_edit"),
    path(A + "<int:pk>/incidents/new/", views.asb_incident_add, name="asb_incident_add"),
    path(A + "<int:pk>/threshold/", views.asb_threshold, name="asb_threshold"),
    path(A + "<int:pk>/recommendations/new/", views.asb_recommendation_add, name="asb_recommendation_add"),
    path(A + "recommendations/<int:pk>/done/", views.asb_recommendation_done, name="asb_recommendation_done"),
    path(A + "<int:pk>/handlers/new/", views.asb_handler_add, name="asb_handler_add"),
    path(A + "handlers/<int:pk>/remove/", views.asb_handler_remove, name="asb_handler_remove"),
    path(A + "<int:pk>/access-log/", views.asb_access_log, name="asb_access_log"),
    path(A + "<int:pk>/history/", views.asb_history, name="asb_history"),
]
