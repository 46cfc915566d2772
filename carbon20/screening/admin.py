from django.contrib import admin

from carbon20.screening.models import BaselineConsumption, Measure, TechnicalReview


class BaselineInline(admin.TabularInline):
    model = BaselineConsumption
    extra = 0


class MeasureInline(admin.StackedInline):
    model = Measure
    extra = 0


@admin.register(TechnicalReview)
class TechnicalReviewAdmin(admin.ModelAdmin):
    list_display = ["partnership", "status", "site_visit_date", "issued_at"]
    list_filter = ["status"]
    search_fields = ["partnership__company__name", "partnership__company__cvr"]
    readonly_fields = ["issued_at", "issued_by", "report_pdf"]
    inlines = [BaselineInline, MeasureInline]
