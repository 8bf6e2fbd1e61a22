"""The meetings app's URLs, in three parts: meetings and agendas, decisions and actions, and outputs."""

from meetings import urls_actions, urls_meetings, urls_outputs

app_name = "meetings"

urlpatterns = [*urls_meetings.urlpatterns, *urls_actions.urlpatterns, *urls_outputs.urlpatterns]
