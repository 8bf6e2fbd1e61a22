"""The reviews app's URLs, in two parts: the cycle's pages, and the outputs (charts, PDF)."""

from reviews import urls_outputs, urls_pages

app_name = "reviews"

urlpatterns = [*urls_pages.urlpatterns, *urls_outputs.urlpatterns]
