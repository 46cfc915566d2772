from django.contrib import admin

from carbon20.actionplans.models import Action, ActionPlan, ActionStatusChange


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["title", "owner", "deadline", "priority", "status"]


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["partnership", "approved_on", "approved_by_name"]
    search_fields = ["partnership__company__name", "partnership__company__cvr"]
    readonly_fields = ["plan_pdf", "approval_recorded_by"]
    inlines = [ActionInline]


@admin.register(ActionStatusChange)
class ActionStatusChangeAdmin(admin.ModelAdmin):
    """History is only ever added to, through the plan's pages."""

    list_display = ["action", "from_status", "to_status", "changed_by", "changed_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
