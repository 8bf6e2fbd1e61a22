"""URLs of the workplan app (one part of it; see workplan/urls.py)."""

urlpatterns = []
