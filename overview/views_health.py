"""The health check a load balancer calls on each app server (README, "Running on several servers")."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from overview.health import health_report


@never_cache
@require_GET
def health(request):
    """200 when this server reaches the database and the task queue, else 503. No sign-in, no session, and
    nothing about the partnerships: only reachability and the queue's length."""
    healthy, report = health_report()
    return JsonResponse({"status": "ok" if healthy else "unavailable", **report}, status=200 if healthy else 503)
