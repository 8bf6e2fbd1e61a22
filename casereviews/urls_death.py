"""URLs of the case reviews app (one part of it; see casereviews/urls.py): the landing page and death reviews."""

from django.urls import path

from casereviews import views_death as views

C = "case-reviews/"
D = C + "deaths/<int:pk>/"

urlpatterns = [
    path(C, views.case_reviews, name="case_reviews"),
    path(C + "deaths/new/", views.death_review_notify, name="death_review_notify"),
    path(D, views.death_review, name="death_review"),
    path(D + "edit/", views.death_review_edit, name="death_review_edit"),
    path(D + "decide/", views.death_review_decide, name="death_review_decide"),
    path(D + "panel/new/", views.panel_add, name="panel_add"),
    path(C + "panel/<int:pk>/remove/", views.panel_remove, name="panel_remove"),
    path(D + "reports/new/", views.agency_report_request, name="agency_report_request"),
    path(C + "reports/<int:pk>/", views.agency_report, name="agency_report"),
    path(C + "reports/<int:pk>/file/", views.agency_report_file, name="agency_report_file"),
    path(C + "reports/<int:pk>/reopen/", views.agency_report_reopen, name="agency_report_reopen"),
    path(D + "chronology/", views.chronology, name="chronology"),
    path(D + "chronology/new/", views.chronology_add, name="chronology_add"),
    path(D + "chronology.csv", views.chronology_csv, name="chronology_csv"),
    path(D + "family/new/", views.family_add, name="family_add"),
    path(D + "proceedings/new/", views.proceeding_add, name="proceeding_add"),
    path(C + "proceedings/<int:pk>/end/", views.proceeding_end, name="proceeding_end"),
    path(D + "versions/new/", views.report_version_add, name="report_version_add"),
    path(C + "versions/<int:pk>/file/", views.report_version_file, name="report_version_file"),
    path(D + "quality-assurance/new/", views.qa_submit, name="qa_submit"),
    path(C + "quality-assurance/<int:pk>/", views.qa_outcome, name="qa_outcome"),
    path(D + "publish/", views.publish, name="publish"),
    path(D + "recommendations/new/", views.recommendation_add, name="recommendation_add"),
    path(C + "recommendations/<int:pk>/", views.recommendation, name="recommendation"),
    path(D + "board-reports/new/", views.board_report_add, name="board_report_add"),
    path(D + "action-plan.pdf", views.action_plan_pdf, name="action_plan_pdf"),
    path(D + "access-log/", views.access_log, name="access_log"),
    path(D + "history/", views.case_history, name="case_history"),
]
