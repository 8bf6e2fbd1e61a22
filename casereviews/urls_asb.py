"""URLs of the case reviews app (one part of it; see casereviews/urls.py)."""

urlpatterns = []
