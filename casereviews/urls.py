"""The case reviews app's URLs, in parts: death reviews (urls_death), ASB case reviews (urls_asb) and the
public pages of both (urls_public)."""

from casereviews import urls_asb, urls_death, urls_public

app_name = "casereviews"

urlpatterns = [*urls_death.urlpatterns, *urls_asb.urlpatterns, *urls_public.urlpatterns]
