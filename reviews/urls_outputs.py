"""URLs of the reviews app (one part of it; see reviews/urls.py)."""

urlpatterns = []
