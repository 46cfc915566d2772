from django.urls import path

from carbon20.energy import heat_views, meter_views, views

app_name = "energy"

urlpatterns = [
    path("", views.company_list, name="company_list"),
    path(
        "company/<uuid:company_uuid>/consumption/",
        views.consumption_list,
        name="consumption_list",
    ),
    path(
        "company/<uuid:company_uuid>/consumption/new/",
        views.consumption_add,
        name="consumption_add",
    ),
    path(
        "company/<uuid:company_uuid>/consumption/import/",
        views.consumption_import,
        name="consumption_import",
    ),
    path(
        "consumption/template.<str:file_format>",
        views.consumption_template,
        name="consumption_template",
    ),
    path(
        "consumption/<uuid:record_uuid>/evidence/",
        views.consumption_evidence,
        name="consumption_evidence",
    ),
    path(
        "company/<uuid:company_uuid>/meter-data/import/",
        meter_views.meter_import,
        name="meter_import",
    ),
    path(
        "company/<uuid:company_uuid>/meter-data/power-of-attorney/new/",
        meter_views.power_of_attorney_add,
        name="power_of_attorney_add",
    ),
    path("factor-sets/", views.factor_set_list, name="factor_set_list"),
    path("factor-sets/import/", views.factor_set_import, name="factor_set_import"),
    path("factor-sets/template.csv", views.factor_template, name="factor_template"),
    path("factor-sets/<uuid:factor_set_uuid>/", views.factor_set_detail, name="factor_set_detail"),
    path(
        "factor-sets/<uuid:factor_set_uuid>/publish/",
        views.factor_set_publish,
        name="factor_set_publish",
    ),
    path("factor-sets/<uuid:factor_set_uuid>/copy/", views.factor_set_copy, name="factor_set_copy"),
    path("factor-sets/<uuid:factor_set_uuid>/factors/new/", views.factor_edit, name="factor_add"),
    path(
        "factor-sets/<uuid:factor_set_uuid>/factors/<slug:carrier>/",
        views.factor_edit,
        name="factor_edit",
    ),
    path("degree-days/", views.degree_day_list, name="degree_day_list"),
    path("degree-days/import/", views.degree_day_import, name="degree_day_import"),
    path("degree-days/template.csv", views.degree_day_template, name="degree_day_template"),
    path("district-heating/", heat_views.heat_supplier_list, name="heat_supplier_list"),
    path("district-heating/new/", heat_views.heat_supplier_create, name="heat_supplier_create"),
    path(
        "district-heating/<uuid:supplier_uuid>/",
        heat_views.heat_supplier_detail,
        name="heat_supplier_detail",
    ),
    path(
        "district-heating/declarations/<uuid:declaration_uuid>/publish/",
        heat_views.heat_declaration_publish,
        name="heat_declaration_publish",
    ),
    path(
        "sites/<uuid:site_uuid>/district-heating/",
        heat_views.site_heat_supply,
        name="site_heat_supply",
    ),
    path("weather/", views.weather_list, name="weather_list"),
    path("weather/new/", views.weather_series_add, name="weather_series_add"),
    path("weather/template.csv", views.weather_template, name="weather_template"),
    path("weather/<uuid:series_uuid>/import/", views.weather_import, name="weather_import"),
    path(
        "company/<uuid:company_uuid>/production/",
        views.production_list,
        name="production_list",
    ),
    path(
        "company/<uuid:company_uuid>/production/new/",
        views.production_add,
        name="production_add",
    ),
    path(
        "company/<uuid:company_uuid>/production/import/",
        views.production_import,
        name="production_import",
    ),
    path("production/template.csv", views.production_template, name="production_template"),
]
