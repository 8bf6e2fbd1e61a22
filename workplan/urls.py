"""The workplan app's URLs, in two parts: the pages, and the outputs (charts, timeline, PDF, CSV)."""

from workplan import urls_outputs, urls_pages

app_name = "workplan"

urlpatterns = [*urls_pages.urlpatterns, *urls_outputs.urlpatterns]
