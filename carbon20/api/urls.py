from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from carbon20.api import (
    actionplans,
    energy,
    kpis,
    measured,
    meterdata,
    organisations,
    partnerships,
    screening,
    views,
)
from carbon20.api.base import UUID_REGEX

app_name = "api"

router = DefaultRouter()
router.register("municipalities", organisations.MunicipalityViewSet, basename="municipality")
router.register("programmes", organisations.ProgrammeViewSet, basename="programme")
router.register("companies", organisations.CompanyViewSet, basename="company")
router.register("sites", organisations.SiteViewSet, basename="site")
router.register("factor-sets", energy.FactorSetViewSet, basename="factor-set")
router.register("metering-points", meterdata.MeteringPointViewSet, basename="metering-point")
router.register("partnerships", partnerships.PartnershipViewSet, basename="partnership")
router.register("visits", partnerships.VisitViewSet, basename="visit")
router.register("agreements", partnerships.AgreementViewSet, basename="agreement")
router.register("technical-reviews", screening.TechnicalReviewViewSet, basename="technical-review")
router.register("measures", screening.MeasureViewSet, basename="measure")
router.register("action-plans", actionplans.ActionPlanViewSet, basename="action-plan")
router.register("actions", actionplans.ActionViewSet, basename="action")
router.register("follow-ups", actionplans.FollowUpViewSet, basename="follow-up")
router.register(
    "consumption-records", energy.ConsumptionRecordViewSet, basename="consumption-record"
)
router.register("weather-series", measured.WeatherSeriesViewSet, basename="weather-series")
router.register(
    "production-records", measured.ProductionRecordViewSet, basename="production-record"
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<uuid:token_uuid>/revoke/", views.token_revoke, name="token_revoke"),
    path("kpis/<slug:slug>/", kpis.KpiView.as_view(), name="kpis"),
    re_path(
        rf"^partnerships/(?P<uuid>{UUID_REGEX})/result/$",
        measured.PartnershipResultViewSet.as_view({"get": "retrieve"}),
        name="partnership-result",
    ),
    *router.urls,
    # Anything else under /api/v1/ answers the API's JSON 404, not the site's HTML page.
    re_path(r"^.*$", views.not_found, name="not_found"),
]
