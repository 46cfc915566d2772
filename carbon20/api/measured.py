"""Measured savings in the API: each partnership's documented result (method, figures,
uncertainty and evidence grade per data kind), the weather series with their daily values,
and production records (read, create). Tenancy as everywhere: the pages' selectors."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from carbon20.api.base import TenantReadOnlyViewSet, TenantViewSetMixin, role_permission
from carbon20.api.energy import VisibleCompanyField, VisibleSiteField
from carbon20.api.fields import StrictModelSerializer
from carbon20.api.filters import updated_since_filter, uuid_filter, with_filters
from carbon20.core import tenancy
from carbon20.energy import selectors, services
from carbon20.energy.models import ProductionRecord, WeatherDay, WeatherSeries
from carbon20.followups import documented
from carbon20.partnerships import selectors as partnership_selectors

MAX_DAYS = 3700


class WeatherSeriesSerializer(StrictModelSerializer):
    class Meta:
        model = WeatherSeries
        fields = ["uuid", "area", "code", "name", "created_at", "updated_at"]


class WeatherDaySerializer(StrictModelSerializer):
    class Meta:
        model = WeatherDay
        fields = [
            "day",
            "mean_temperature_c",
            "heating_degree_days",
            "source",
            "degree_days_source",
        ]


class WeatherDaysSerializer(serializers.Serializer):
    series = serializers.UUIDField()
    days = WeatherDaySerializer(many=True)


class DayRangeSerializer(serializers.Serializer):
    first_day = serializers.DateField(required=False)
    last_day = serializers.DateField(required=False)


@with_filters(updated_since_filter())
class WeatherSeriesViewSet(TenantReadOnlyViewSet):
    """Weather series (DMI municipality or station): read by every staff role."""

    serializer_class = WeatherSeriesSerializer
    get_visible_object = staticmethod(selectors.get_weather_series_for_user)

    @staticmethod
    def visible_objects(user):
        return selectors.weather_series_for_user(user)

    @extend_schema(
        parameters=[
            OpenApiParameter("first_day", OpenApiTypes.DATE, description=str(_("From this day."))),
            OpenApiParameter("last_day", OpenApiTypes.DATE, description=str(_("To this day."))),
        ],
        responses={200: WeatherDaysSerializer},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def days(self, request, uuid=None):
        """The series' daily mean temperature and heating degree days (17 °C), by date; at
        most ten years at a time."""
        series = self.get_object()
        # A plain dict, so that an empty `last_day=` is refused rather than taken as absent.
        bounds = DayRangeSerializer(data=request.query_params.dict())
        bounds.is_valid(raise_exception=True)
        days = series.days.order_by("day")
        if "first_day" in bounds.validated_data:
            days = days.filter(day__gte=bounds.validated_data["first_day"])
        if "last_day" in bounds.validated_data:
            days = days.filter(day__lte=bounds.validated_data["last_day"])
        body = {"series": series.uuid, "days": days[:MAX_DAYS]}
        return Response(WeatherDaysSerializer(body).data)


class ProductionRecordSerializer(StrictModelSerializer):
    company = VisibleCompanyField()
    site = VisibleSiteField(required=False, allow_null=True)
    quantity = serializers.DecimalField(max_digits=16, decimal_places=3)

    class Meta:
        model = ProductionRecord
        fields = [
            "uuid",
            "company",
            "site",
            "period_start",
            "period_end",
            "quantity",
            "unit",
            "product",
            "created_at",
            "updated_at",
        ]

    def validate(self, attrs):
        user = self.context["request"].user
        if not selectors.can_write_consumption(user, attrs["company"]):
            raise serializers.ValidationError(
                {"company": _("You may read this company's production but not enter it.")},
                code="permission_denied",
            )
        return attrs

    def create(self, validated_data):
        company = validated_data["company"]
        return services.record_production(
            user=self.context["request"].user,
            company=company,
            site=validated_data.get("site"),
            period_start=validated_data["period_start"],
            period_end=validated_data["period_end"],
            quantity=validated_data["quantity"],
            unit=validated_data["unit"],
            product=validated_data["product"],
            required_unit=selectors.production_unit_for_company(company),
        )


@with_filters(
    uuid_filter("company", "company__uuid", str(_("Only this company's records (UUID)."))),
    updated_since_filter(),
)
class ProductionRecordViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """What the companies you see produced per period; entered like consumption."""

    serializer_class = ProductionRecordSerializer
    permission_classes = [
        permissions.IsAuthenticated,
        role_permission(tenancy.may_enter_consumption),
    ]
    get_visible_object = staticmethod(selectors.get_production_record_for_user)

    @staticmethod
    def visible_objects(user):
        return selectors.production_for_user(user)

    @transaction.atomic
    def perform_create(self, serializer):
        serializer.save()


class ModelQualitySerializer(serializers.Serializer):
    kind = serializers.CharField()
    r2 = serializers.DecimalField(max_digits=8, decimal_places=3)
    cv_rmse = serializers.DecimalField(max_digits=10, decimal_places=2)
    nmbe = serializers.DecimalField(max_digits=10, decimal_places=2)


class ChartPeriodSerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=["baseline", "reporting"])
    start = serializers.DateField()
    end = serializers.DateField()
    observed = serializers.DecimalField(max_digits=20, decimal_places=0)
    predicted = serializers.DecimalField(max_digits=20, decimal_places=0)


def _decimal(places: int) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=22, decimal_places=places, allow_null=True)


class KindFigureSerializer(serializers.Serializer):
    data_kind = serializers.CharField()
    method = serializers.CharField()
    evidence = serializers.ChoiceField(choices=documented.Evidence.choices)
    unit = serializers.CharField()
    baseline_start = serializers.DateField(allow_null=True)
    baseline_end = serializers.DateField(allow_null=True)
    reporting_start = serializers.DateField(allow_null=True)
    reporting_end = serializers.DateField(allow_null=True)
    baseline_quantity = _decimal(0)
    reporting_quantity = _decimal(0)
    savings = _decimal(0)
    savings_percent = _decimal(2)
    uncertainty = _decimal(0)
    uncertainty_percent = _decimal(2)
    co2e_saved_t = _decimal(3)
    co2e_saved_own_years_t = _decimal(3)
    co2e_uncertainty_t = _decimal(3)
    model = ModelQualitySerializer(allow_null=True)
    periods = ChartPeriodSerializer(many=True)
    reasons = serializers.ListField(child=serializers.CharField())


class DocumentedResultSerializer(serializers.Serializer):
    signed = serializers.BooleanField()
    measured_co2e_t = _decimal(3)
    measured_uncertainty_t = _decimal(3)
    deemed_co2e_t = _decimal(3)
    figures = KindFigureSerializer(many=True)


class PartnershipResultViewSet(viewsets.ViewSet):
    """`GET /partnerships/{uuid}/result/`: the documented savings per data kind."""

    lookup_field = "uuid"

    @extend_schema(responses={200: DocumentedResultSerializer})
    def retrieve(self, request, uuid=None):
        """The partnership's savings per data kind by the agreement's method: each figure
        with its evidence grade (regression, normalised, bills, deemed), its uncertainty at
        90 % where measured, the model's quality, and CO2e with the pinned factors and with
        each year's own. Measured and deemed totals are given apart, never added."""
        partnership = partnership_selectors.get_partnership_for_user(request.user, uuid)
        result = documented.documented_result(partnership)
        body = {
            "signed": result is not None,
            "measured_co2e_t": result.measured_co2e_t if result else None,
            "measured_uncertainty_t": result.measured_uncertainty_t if result else None,
            "deemed_co2e_t": result.deemed_co2e_t if result else None,
            "figures": result.figures if result else [],
        }
        return Response(DocumentedResultSerializer(body).data)
