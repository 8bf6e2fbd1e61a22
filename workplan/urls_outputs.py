"""URLs of the workplan app's outputs: timeline, charts, PDF, CSV export and import (one part of it; see
workplan/urls.py)."""

from django.urls import path

from workplan import views_outputs

W = "workplan/"

urlpatterns = [
    path(W + "<int:pk>/timeline/", views_outputs.timeline_page, name="timeline"),
    path(
        W + "<int:pk>/charts/status-by-priority.svg",
        views_outputs.chart_status_priority,
        name="chart_status_priority",
    ),
    path(W + "<int:pk>/charts/status-by-agency.svg", views_outputs.chart_status_agency, name="chart_status_agency"),
    path(W + "indicators/<int:pk>/chart.svg", views_outputs.chart_indicator, name="chart_indicator"),
    path(W + "<int:pk>/plan.pdf", views_outputs.plan_pdf, name="pdf"),
    path(W + "<int:pk>/items.csv", views_outputs.items_csv, name="items_csv"),
    path(W + "indicators/values.csv", views_outputs.values_csv, name="values_csv"),
    path(W + "<int:pk>/import/", views_outputs.import_items, name="import"),
]
