from django.contrib import admin

from carbon20.energy.models import (
    ConsumptionRecord,
    DegreeDayMonth,
    DegreeDayYear,
    EmissionFactor,
    FactorSet,
)


class EmissionFactorInline(admin.TabularInline):
    model = EmissionFactor
    extra = 0


@admin.register(FactorSet)
class FactorSetAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "method", "reliability", "programme", "is_published"]
    list_filter = ["method", "reliability", "is_published"]
    search_fields = ["name"]
    inlines = [EmissionFactorInline]
    readonly_fields = ["uuid", "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # A set that a signed agreement pins is never edited, not even here.
        if obj is not None and obj.is_pinned:
            return [field.name for field in obj._meta.fields]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_pinned:
            return False
        return super().has_delete_permission(request, obj)

    def get_inline_instances(self, request, obj=None):
        if obj is not None and obj.is_pinned:
            return []
        return super().get_inline_instances(request, obj)


@admin.register(ConsumptionRecord)
class ConsumptionRecordAdmin(admin.ModelAdmin):
    list_display = ["company", "carrier", "period_start", "period_end", "quantity", "unit"]
    list_filter = ["carrier", "source"]
    search_fields = ["company__name", "company__cvr"]
    list_select_related = ["company"]
    raw_id_fields = ["company", "site", "created_by"]

    # Records are entered through the pages and imports, which convert the quantity.
    def has_add_permission(self, request):
        return False

    readonly_fields = [
        "uuid",
        "canonical_quantity",
        "conversion_factor",
        "conversion_source",
        "created_at",
        "updated_at",
    ]


class DegreeDayMonthInline(admin.TabularInline):
    model = DegreeDayMonth
    extra = 0


@admin.register(DegreeDayYear)
class DegreeDayYearAdmin(admin.ModelAdmin):
    list_display = ["series", "year"]
    list_filter = ["series"]
    inlines = [DegreeDayMonthInline]
