"""URLs of the case reviews app (one part of it; see casereviews/urls.py): the public pages, open to anyone."""

from django.urls import path

from casereviews import views_public as views

urlpatterns = [
    path("public/asb-case-review/", views.public_asb, name="public_asb"),
    path("public/death-reviews/", views.public_death_reviews, name="public_death_reviews"),
    path("public/death-reviews/<int:pk>/report.pdf", views.public_death_review_file, name="public_death_review_file"),
]
