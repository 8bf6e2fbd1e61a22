"""URLs of the reviews app's outputs: the PDF, its stored versions and the charts (one part of it; see
reviews/urls.py)."""

from django.urls import path

from reviews import views_outputs

R = "reviews/"

urlpatterns = [
    path(R + "<int:pk>/review.pdf", views_outputs.review_pdf, name="pdf"),
    path(R + "<int:pk>/documents/<int:version>.pdf", views_outputs.document, name="document"),
    path(R + "<int:pk>/charts/question-<int:question_pk>.svg", views_outputs.chart_question, name="chart_question"),
    path(R + "charts/year-on-year.svg", views_outputs.chart_year_on_year, name="chart_year_on_year"),
]
