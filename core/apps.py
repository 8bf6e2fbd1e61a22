from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The toolkit: shared building blocks every app uses. It has no models and imports no app of ours."""

    name = "core"
