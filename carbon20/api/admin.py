from django.contrib import admin

from carbon20.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__email", "prefix"]
    # The hash is of no use to anyone and the secret is never stored.
    exclude = ["secret_hash"]
    readonly_fields = ["prefix", "last_used_at"]
