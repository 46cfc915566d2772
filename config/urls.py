from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("carbon20.home.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("carbon20.accounts.urls")),
    path("", include("carbon20.organisations.urls")),
    path("guides/", include("carbon20.guides.urls")),
    path("partnerships/", include("carbon20.agreements.urls")),
    path("partnerships/", include("carbon20.partnerships.urls")),
    path("energy/", include("carbon20.energy.urls")),
    path("reviews/", include("carbon20.screening.urls")),
    path("plans/", include("carbon20.actionplans.urls")),
    path("follow-ups/", include("carbon20.followups.urls")),
    path("reports/", include("carbon20.reports.urls")),
    path("public/", include("carbon20.public.urls")),
    path("api/v1/", include("carbon20.api.urls")),
    path("admin/", admin.site.urls),
]
