"""The URLs of the page benchmark's child process (manage.py benchmark_pages): the app's own, and a floor view.

The floor is a signed-in page that reads nothing from the database and renders no template: what every
page pays for the middleware, the session and the sign-in check before its own work begins. It is not in
the app's URLs; only the benchmark's child process uses this URL configuration.
"""

from django.contrib.auth.decorators import login_required
from django.urls import path

from core.responses import text_response
from partnership.urls import urlpatterns as app_urlpatterns


@login_required
def floor(request):
    return text_response("floor")


urlpatterns = [*app_urlpatterns, path("__floor__/", floor, name="benchmark_floor")]
