"""URLs of the workplan app (one part of it; see workplan/urls.py): the plan, its items and the indicators."""

from django.urls import path

from workplan import views

W = "workplan/"

urlpatterns = [
    # Plans, priorities, objectives
    path(W, views.plan, name="plan"),
    path(W + "all/", views.workplans, name="workplans"),
    path(W + "new/", views.workplan_create, name="workplan_create"),
    path(W + "<int:pk>/", views.workplan, name="workplan"),
    path(W + "<int:pk>/edit/", views.workplan_edit, name="workplan_edit"),
    path(W + "<int:pk>/priorities/new/", views.priority_create, name="priority_create"),
    path(W + "priorities/<int:pk>/edit/", views.priority_edit, name="priority_edit"),
    path(W + "priorities/<int:pk>/objectives/new/", views.objective_create, name="objective_create"),
    path(W + "objectives/<int:pk>/edit/", views.objective_edit, name="objective_edit"),
    # Other views of the plan
    path(W + "agencies/", views.by_agency, name="by_agency"),
    path(W + "officers/", views.by_officer, name="by_officer"),
    path(W + "attention/", views.attention, name="attention"),
    # Items
    path(W + "<int:pk>/items/new/", views.item_create, name="item_create"),
    path(W + "items/<int:pk>/", views.item, name="item"),
    path(W + "items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path(W + "items/<int:pk>/progress/", views.item_progress, name="item_progress"),
    path(W + "items/<int:pk>/comment/", views.item_comment, name="item_comment"),
    path(W + "items/<int:pk>/milestones/new/", views.milestone_add, name="milestone_add"),
    path(W + "items/<int:pk>/milestones/<int:milestone>/done/", views.milestone_done, name="milestone_done"),
    path(W + "items/<int:pk>/supporters/new/", views.supporter_add, name="supporter_add"),
    path(W + "items/<int:pk>/supporters/<int:supporter>/remove/", views.supporter_remove, name="supporter_remove"),
    path(W + "items/<int:pk>/resources/new/", views.resource_add, name="resource_add"),
    # Indicators
    path(W + "indicators/", views.indicators, name="indicators"),
    path(W + "indicators/new/", views.indicator_create, name="indicator_create"),
    path(W + "indicators/<int:pk>/", views.indicator, name="indicator"),
    path(W + "indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path(W + "indicators/<int:pk>/values/new/", views.indicator_value, name="indicator_value"),
]
