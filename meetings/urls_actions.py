"""URLs of the meetings app (one part of it; see meetings/urls.py)."""

urlpatterns = []
