from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "Security"

    def ready(self):
        from security import receivers  # noqa: F401  (connects the sign-in, password and MFA signals)
