"""URLs of the reviews app (one part of it; see reviews/urls.py): the cycle's pages and the frameworks."""

from django.urls import path

from reviews import views

R = "reviews/"

urlpatterns = [
    # The cycle
    path(R, views.reviews, name="reviews"),
    path(R + "new/", views.review_open, name="review_open"),
    path(R + "<int:pk>/", views.review, name="review"),
    path(R + "returns/<int:pk>/", views.return_, name="return"),
    path(R + "returns/<int:pk>/submit/", views.return_submit, name="return_submit"),
    path(R + "returns/<int:pk>/reopen/", views.return_reopen, name="return_reopen"),
    path(R + "<int:pk>/consolidate/", views.consolidate, name="consolidate"),
    path(R + "<int:pk>/findings/new/", views.finding_add, name="finding_add"),
    path(R + "<int:pk>/recommendations/new/", views.recommendation_add, name="recommendation_add"),
    path(R + "recommendations/<int:pk>/workplan/", views.recommendation_to_workplan, name="recommendation_to_workplan"),
    path(R + "<int:pk>/approve/", views.approve, name="approve"),
    path(R + "<int:pk>/correct/", views.correct, name="correct"),
    path(R + "<int:pk>/pdf/again/", views.document_retry, name="document_retry"),
    # Frameworks of questions
    path(R + "frameworks/", views.frameworks, name="frameworks"),
    path(R + "frameworks/<int:pk>/", views.framework, name="framework"),
    path(R + "frameworks/<int:pk>/copy/", views.framework_copy, name="framework_copy"),
    path(R + "frameworks/<int:pk>/questions/new/", views.question_add, name="question_add"),
    path(R + "questions/<int:pk>/edit/", views.question_edit, name="question_edit"),
    # Year on year
    path(R + "year-on-year/", views.year_on_year, name="year_on_year"),
]
