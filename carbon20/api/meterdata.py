"""Metering points and their interval data as daily readings (read only)."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from carbon20.api.base import TenantReadOnlyViewSet
from carbon20.api.fields import StrictModelSerializer
from carbon20.api.filters import uuid_filter, with_filters
from carbon20.energy import meter_selectors
from carbon20.energy.meter_models import MeteringPoint

MAX_DAYS = 731


class MeteringPointSerializer(StrictModelSerializer):
    company = serializers.SlugRelatedField(slug_field="uuid", read_only=True)

    class Meta:
        model = MeteringPoint
        fields = [
            "uuid",
            "company",
            "gsrn",
            "type_of_mp",
            "address",
            "postcode",
            "price_area",
            "source",
            "disappeared_at",
            "last_fetched_at",
            "last_error",
            "created_at",
            "updated_at",
        ]


class DailyReadingSerializer(serializers.Serializer):
    day = serializers.DateField(source="start")
    kwh = serializers.DecimalField(source="quantity", max_digits=16, decimal_places=3)
    missing_hours = serializers.IntegerField()


class DaysQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text=_("First day (local), YYYY-MM-DD."))
    end = serializers.DateField(help_text=_("Last day (local), included."))

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": _("The end is before the start.")})
        if attrs["end"] - attrs["start"] >= timedelta(days=MAX_DAYS):
            raise serializers.ValidationError(
                {"end": _("At most %(days)d days at a time.") % {"days": MAX_DAYS}}
            )
        return attrs


@with_filters(
    uuid_filter("company", "company__uuid", str(_("Only this company's metering points (UUID)."))),
)
class MeteringPointViewSet(TenantReadOnlyViewSet):
    """Electricity metering points of the companies you see, fetched from Eloverblik or
    imported from its files."""

    serializer_class = MeteringPointSerializer
    get_visible_object = staticmethod(meter_selectors.get_metering_point_for_user)

    @staticmethod
    def visible_objects(user):
        return meter_selectors.metering_points_for_user(user)

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, required=True),
            OpenApiParameter("end", OpenApiTypes.DATE, required=True),
        ],
        responses={200: DailyReadingSerializer(many=True)},
    )
    # One answer with every day asked for (the range is bounded), not pages of them.
    @action(detail=True, methods=["get"], pagination_class=None)
    def days(self, request, uuid=None):
        """The metering point's consumption per local day (kWh) from `start` to `end`
        (at most 731 days); a day without data is absent."""
        point = self.get_object()
        query = DaysQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        readings = meter_selectors.daily_readings(
            [point], query.validated_data["start"], query.validated_data["end"]
        )
        return Response(DailyReadingSerializer(readings, many=True).data)
