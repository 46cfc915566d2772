"""Emission factor sets (read) and consumption records (read, create, bulk create)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from carbon20.api.base import TenantReadOnlyViewSet, TenantViewSetMixin, role_permission
from carbon20.api.fields import StrictModelSerializer, StrictSerializer
from carbon20.api.filters import (
    choice_filter,
    municipality_filter,
    updated_since_filter,
    uuid_filter,
    with_filters,
)
from carbon20.core import tenancy
from carbon20.energy import selectors, services
from carbon20.energy.models import (
    Carrier,
    ConsumptionRecord,
    EmissionFactor,
    FactorMethod,
    FactorSet,
    RecordSource,
    Unit,
)
from carbon20.organisations.models import Site
from carbon20.organisations.selectors import companies_sharing_data_with

MAX_BULK_RECORDS = 500


class EmissionFactorSerializer(StrictModelSerializer):
    class Meta:
        model = EmissionFactor
        fields = ["carrier", "kg_co2e_per_unit", "scope", "source", "note"]


class FactorSetSerializer(StrictModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="uuid", read_only=True, allow_null=True)
    factors = EmissionFactorSerializer(many=True, read_only=True)

    class Meta:
        model = FactorSet
        fields = [
            "uuid",
            "name",
            "year",
            "method",
            "source_url",
            "reliability",
            "reliability_note",
            "programme",
            "is_published",
            "published_at",
            "factors",
            "created_at",
            "updated_at",
        ]


@with_filters(
    choice_filter("method", "method", FactorMethod.choices, str(_("Only sets of this method."))),
    updated_since_filter(),
)
class FactorSetViewSet(TenantReadOnlyViewSet):
    """Emission factor sets: the installation's reference sets and your programmes' sets."""

    serializer_class = FactorSetSerializer
    get_visible_object = staticmethod(selectors.get_factor_set_for_user)

    @staticmethod
    def visible_objects(user):
        return (
            selectors.factor_sets_for_user(user)
            .select_related("programme")
            .prefetch_related("factors")
        )


class VisibleCompanyField(serializers.SlugRelatedField):
    """A company by UUID among those whose consumption the requesting user reads (an adopted
    company's does not exist for its adopter). Resolved per request, which
    also works inside the list of a bulk request, where the field is built only once."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="uuid", **kwargs)

    def get_queryset(self):
        return companies_sharing_data_with(self.context["request"].user)


class VisibleSiteField(VisibleCompanyField):
    def get_queryset(self):
        return Site.objects.filter(company__in=super().get_queryset())


class ConsumptionRecordSerializer(StrictModelSerializer):
    company = VisibleCompanyField()
    site = VisibleSiteField(required=False, allow_null=True)
    carrier = serializers.ChoiceField(choices=Carrier.choices)
    unit = serializers.ChoiceField(choices=Unit.choices)
    source = serializers.ChoiceField(choices=RecordSource.choices)
    # Parsed only: the service holds the rules (not negative, at most 3 decimals), so the
    # API refuses a bad quantity with the same message as the page.
    quantity = serializers.DecimalField(max_digits=None, decimal_places=None)
    heated_share_percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
        allow_null=True,
        help_text=_("Share used for space heating; omitted: the carrier's default."),
    )

    class Meta:
        model = ConsumptionRecord
        fields = [
            "uuid",
            "company",
            "site",
            "carrier",
            "period_start",
            "period_end",
            "quantity",
            "unit",
            "canonical_quantity",
            "conversion_factor",
            "conversion_source",
            "source",
            "heated_share_percent",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["canonical_quantity", "conversion_factor", "conversion_source"]

    def validate(self, attrs):
        user = self.context["request"].user
        if not selectors.can_write_consumption(user, attrs["company"]):
            raise serializers.ValidationError(
                {"company": _("You may read this company's consumption but not enter it.")},
                code="permission_denied",
            )
        return attrs

    def create(self, validated_data):
        return services.record_consumption(
            user=self.context["request"].user,
            company=validated_data["company"],
            site=validated_data.get("site"),
            carrier=validated_data["carrier"],
            period_start=validated_data["period_start"],
            period_end=validated_data["period_end"],
            quantity=validated_data["quantity"],
            unit=validated_data["unit"],
            source=validated_data["source"],
            heated_share_percent=validated_data.get("heated_share_percent"),
            note=validated_data.get("note", ""),
        )


class ConsumptionBulkSerializer(StrictSerializer):
    records = ConsumptionRecordSerializer(
        many=True,
        allow_empty=False,
        max_length=MAX_BULK_RECORDS,
        help_text=_("Saved all together or not at all."),
        # DRF's own Danish catalogue lacks this message; ours has it.
        error_messages={
            "max_length": _("Ensure this field has no more than {max_length} elements."),
        },
    )


class ConsumptionBulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    records = ConsumptionRecordSerializer(many=True)


@with_filters(
    uuid_filter("company", "company__uuid", str(_("Only this company's records (UUID)."))),
    choice_filter("carrier", "carrier", Carrier.choices, str(_("Only this energy carrier."))),
    municipality_filter("company__portfolioentry__municipality__slug"),
    updated_since_filter(),
)
class ConsumptionRecordViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Energy and resource consumption of the companies you see. Company users and the
    officers of the company's portfolio enter it; coordinators read."""

    serializer_class = ConsumptionRecordSerializer
    permission_classes = [
        permissions.IsAuthenticated,
        role_permission(tenancy.may_enter_consumption),
    ]
    get_visible_object = staticmethod(selectors.get_consumption_record_for_user)

    @staticmethod
    def visible_objects(user):
        return selectors.consumption_for_user(user)

    @transaction.atomic
    def perform_create(self, serializer):
        serializer.save()

    @extend_schema(
        request=ConsumptionBulkSerializer,
        responses={201: ConsumptionBulkResultSerializer},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Create many records at once, all or nothing: if any record is refused, none is
        saved and every refused record is reported as `records.<index>.<field>`."""
        serializer = ConsumptionBulkSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        item_serializer = serializer.fields["records"].child
        created, errors = [], {}
        with transaction.atomic():
            for index, item in enumerate(serializer.validated_data["records"]):
                try:
                    # A savepoint per record, so one refusal does not spoil the others'
                    # check on PostgreSQL; the outer transaction still keeps all or none.
                    with transaction.atomic():
                        created.append(item_serializer.create(item))
                except DjangoValidationError as exc:
                    errors[index] = serializers.as_serializer_error(exc)
            if errors:
                transaction.set_rollback(True)
        if errors:
            detail = [
                errors.get(index, {}) for index in range(len(serializer.validated_data["records"]))
            ]
            raise serializers.ValidationError({"records": detail})
        body = ConsumptionBulkResultSerializer(
            {"created": len(created), "records": created}, context={"request": request}
        ).data
        return Response(body, status=status.HTTP_201_CREATED)
