from django.contrib import admin

from carbon20.organisations.models import (
    Company,
    ContactPerson,
    Municipality,
    Partner,
    PortfolioEntry,
    Programme,
    Site,
)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "is_public"]
    list_filter = ["type", "is_public"]
    search_fields = ["name"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "start_date", "end_date", "target_percent"]
    search_fields = ["name", "funder_reference"]
    filter_horizontal = ["municipalities", "partners"]
    prepopulated_fields = {"slug": ["name"]}


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "cvr", "municipality", "industry_text"]
    list_filter = ["municipality"]
    search_fields = ["name", "cvr"]
    inlines = [SiteInline]


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):
    list_display = ["name", "company", "municipality", "is_management"]
    search_fields = ["name", "company__name"]


admin.site.register(PortfolioEntry)
