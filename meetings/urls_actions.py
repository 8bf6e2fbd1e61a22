"""URLs of the meetings app (one part of it; see meetings/urls.py): the decisions log and the action points."""

from django.urls import path

from meetings import views_actions as views

urlpatterns = [
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("items/<int:pk>/decisions/new/", views.item_decision_create, name="item_decision_create"),
    path("actions/", views.actions, name="actions"),
    path("actions/mine/", views.my_actions, name="my_actions"),
    path("actions/agency/", views.agency_actions, name="agency_actions"),
    path("actions/new/", views.action_create, name="action_create"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions.csv", views.actions_csv, name="actions_csv"),
    path("items/<int:pk>/actions/new/", views.item_action_create, name="item_action_create"),
]
