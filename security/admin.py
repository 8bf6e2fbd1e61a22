"""The security log in the admin: read only (append-only for everyone, superusers included)."""

from django.contrib import admin

from core.admin_services import ReadOnlyAdminMixin
from security.models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "kind", "username", "ip", "partnership", "path"]
    list_filter = ["kind"]
    search_fields = ["username", "ip", "path"]
    date_hierarchy = "at"
