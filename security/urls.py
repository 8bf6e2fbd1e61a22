"""The security pages (namespace `security`)."""

from django.urls import path

from security import views

app_name = "security"

urlpatterns = [
    path("accounts/security/", views.account, name="account"),
    path("accounts/security/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("accounts/security/sessions/end/", views.sessions_end, name="sessions_end"),
    path("site/security-log/", views.site_log, name="site_log"),
    path("site/sign-in-policy/", views.site_policy, name="site_policy"),
    path("p/<slug:partnership>/security-log/", views.partnership_log, name="partnership_log"),
    path("p/<slug:partnership>/people/<int:pk>/two-step-reset/", views.mfa_reset, name="mfa_reset"),
]
