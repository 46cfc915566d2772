"""Municipalities, programmes, companies and sites."""

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from carbon20.api.base import (
    TenantReadOnlyViewSet,
    TenantViewSetMixin,
    role_permission,
)
from carbon20.api.errors import ConflictError, ErrorSerializer
from carbon20.api.fields import StrictCharField, StrictModelSerializer, StrictSerializer
from carbon20.api.filters import (
    municipality_filter,
    updated_since_filter,
    uuid_filter,
    with_filters,
)
from carbon20.core import tenancy
from carbon20.core.validators import validate_cvr, validate_p_number
from carbon20.integrations import cvr as cvr_register
from carbon20.organisations import register, selectors, services
from carbon20.organisations.models import Company, Municipality, Programme, Site


class MunicipalitySerializer(StrictModelSerializer):
    class Meta:
        model = Municipality
        fields = ["slug", "code", "name", "region", "region_code"]


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    """Municipalities the user works in or reads through a programme."""

    serializer_class = MunicipalitySerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    # Municipalities have no UUID; their slug is unique and public.
    cursor_field = "slug"

    def get_queryset(self):
        return selectors.municipalities_for_user(self.request.user)

    def get_object(self):
        return selectors.get_municipality_for_user(self.request.user, self.kwargs["slug"])


class ProgrammeSerializer(StrictModelSerializer):
    municipalities = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Programme
        fields = [
            "uuid",
            "slug",
            "name",
            "description",
            "start_date",
            "end_date",
            "target_percent",
            "follow_up_count",
            "company_goal",
            "funder_reference",
            "municipalities",
            "created_at",
            "updated_at",
        ]


def _get_programme(user, uuid):
    try:
        return selectors.programmes_for_user(user).get(uuid=uuid)
    except Programme.DoesNotExist as exc:
        raise Http404 from exc


@with_filters(updated_since_filter())
class ProgrammeViewSet(TenantReadOnlyViewSet):
    serializer_class = ProgrammeSerializer
    get_visible_object = staticmethod(_get_programme)

    @staticmethod
    def visible_objects(user):
        return selectors.programmes_for_user(user).prefetch_related("municipalities")


class RegisterDataSerializer(StrictModelSerializer):
    """A company's public register data (CVR), which anyone managing companies may see."""

    municipality = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Company
        fields = [
            "uuid",
            "cvr",
            "name",
            "address",
            "postcode",
            "city",
            "municipality",
            "industry_code",
            "industry_text",
            "employee_band",
            "website",
        ]


class CompanySerializer(StrictModelSerializer):
    cvr = StrictCharField(
        max_length=20, help_text=_("8 digits; spaces and a leading DK are removed.")
    )
    municipality = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Municipality.objects.all(),
        help_text=_("Where the company is registered (slug)."),
    )
    portfolio = serializers.SerializerMethodField(
        help_text=_("The municipalities you work in that have the company in their portfolio.")
    )
    portfolio_municipality = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Municipality.objects.none(),
        write_only=True,
        required=False,
        help_text=_("On creation: the municipality whose portfolio receives the company."),
    )
    sites = serializers.SlugRelatedField(slug_field="uuid", many=True, read_only=True)

    class Meta:
        model = Company
        fields = [
            "uuid",
            "cvr",
            "name",
            "address",
            "postcode",
            "city",
            "municipality",
            "industry_code",
            "industry_text",
            "employee_band",
            "website",
            "portfolio",
            "portfolio_municipality",
            "sites",
            "advertising_protected",
            "register_status",
            "ceased",
            "ceased_on",
            "cvr_refreshed_at",
            "created_at",
            "updated_at",
        ]
        # What only the CVR register sets (docs/decisions/0015).
        read_only_fields = [
            "advertising_protected",
            "register_status",
            "ceased",
            "ceased_on",
            "cvr_refreshed_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields[
                "portfolio_municipality"
            ].queryset = selectors.editable_municipalities_for_user(request.user)

    def get_portfolio(self, company) -> list[str]:
        user = self.context["request"].user
        return [
            m.slug
            for m in company.portfolio_municipalities.all()
            if tenancy.may_read_municipality(user, m.id)
        ]

    def validate_cvr(self, value: str) -> str:
        cvr = validate_cvr(value, allow_demo=settings.DEMO_MODE)
        if self.instance is not None:
            # The CVR never changes during a company's life; a wrong one is a new company.
            if cvr != self.instance.cvr:
                raise serializers.ValidationError(
                    _("The CVR number of a registered company cannot change."), code="immutable"
                )
            return cvr
        existing = selectors.find_company_by_cvr(cvr)
        if existing is not None:
            request = self.context["request"]
            extra = {"company": RegisterDataSerializer(existing).data}
            if selectors.companies_for_user(request.user).filter(pk=existing.pk).exists():
                extra["url"] = reverse("api:company-detail", args=[existing.uuid], request=request)
            raise ConflictError(
                _("A company with CVR %(cvr)s is already registered.") % {"cvr": cvr},
                code="cvr_exists",
                field="cvr",
                extra=extra,
            )
        return cvr

    def validate(self, attrs):
        if self.instance is None and not attrs.get("portfolio_municipality"):
            raise serializers.ValidationError(
                {
                    "portfolio_municipality": _(
                        "Choose the municipality that works with the company."
                    )
                },
                code="required",
            )
        return attrs

    def create(self, validated_data):
        portfolio_municipality = validated_data.pop("portfolio_municipality")
        return services.create_company(
            portfolio_municipality=portfolio_municipality,
            user=self.context["request"].user,
            **validated_data,
        )

    def update(self, instance, validated_data):
        validated_data.pop("portfolio_municipality", None)
        # The CVR is checked unchanged above; it is not a change to make.
        validated_data.pop("cvr", None)
        return services.update_company(company=instance, **validated_data)


class AdoptCompanySerializer(StrictSerializer):
    cvr = StrictCharField(max_length=20)
    portfolio_municipality = serializers.SlugRelatedField(
        slug_field="slug", queryset=Municipality.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields[
                "portfolio_municipality"
            ].queryset = selectors.editable_municipalities_for_user(request.user)

    def validate_cvr(self, value: str) -> str:
        return validate_cvr(value, allow_demo=settings.DEMO_MODE)


def _require_register_editor(user, company: Company) -> None:
    """Register data is shared: an adopting municipality reads it, and changes nothing."""
    if not tenancy.may_edit_register_data(user, company):
        raise exceptions.PermissionDenied(
            _(
                "Only a municipality that registered the company or works with it in a "
                "partnership changes its register data."
            )
        )


class RegisterUnitSerializer(serializers.Serializer):
    p_number = serializers.CharField()
    name = serializers.CharField()
    address = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()
    municipality = serializers.CharField(
        allow_null=True, help_text=_("Slug of the municipality the P-unit lies in.")
    )


class RegisterLookupSerializer(serializers.Serializer):
    """What the CVR register says about a company, in the fields of a company (create it with
    `POST /companies/`) and its P-units (add them with `POST /sites/`)."""

    cvr = serializers.CharField()
    name = serializers.CharField()
    address = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()
    municipality = serializers.CharField(allow_null=True)
    industry_code = serializers.CharField(help_text=_("DB07 industry code, 6 digits."))
    industry_text = serializers.CharField()
    employee_band = serializers.CharField(
        help_text=_("Empty when the register's interval spans two bands.")
    )
    advertising_protected = serializers.BooleanField()
    register_status = serializers.CharField()
    p_units = RegisterUnitSerializer(many=True)


class LookupQuerySerializer(serializers.Serializer):
    cvr = StrictCharField(max_length=20)

    def validate_cvr(self, value: str) -> str:
        return validate_cvr(value, allow_demo=settings.DEMO_MODE)


class RegisterUnavailable(exceptions.APIException):
    """The CVR register gave no usable answer. 424 (Failed Dependency), not a 5xx: the
    platform itself worked, and a 5xx is reserved for its own faults (the API fuzzing in CI
    fails on any)."""

    status_code = status.HTTP_424_FAILED_DEPENDENCY
    default_code = "cvr_unavailable"
    field = "cvr"


def _lookup_data(lookup: register.Lookup) -> dict:
    fields = lookup.fields
    municipality = fields.get("municipality")
    units = []
    for unit in lookup.units:
        site = register.site_fields(unit)
        units.append(
            {
                "p_number": unit.p_number,
                "name": unit.name,
                "address": unit.address.street,
                "postcode": unit.address.postcode,
                "city": unit.address.city,
                "municipality": site["municipality"].slug if site else None,
            }
        )
    return {
        "cvr": lookup.record.cvr,
        "name": fields.get("name", ""),
        "address": fields.get("address", ""),
        "postcode": fields.get("postcode", ""),
        "city": fields.get("city", ""),
        "municipality": municipality.slug if municipality else None,
        "industry_code": fields.get("industry_code", ""),
        "industry_text": fields.get("industry_text", ""),
        "employee_band": fields.get("employee_band", ""),
        "advertising_protected": lookup.flags.advertising_protected,
        "register_status": lookup.flags.register_status,
        "p_units": units,
    }


def _companies_for_api(user):
    return (
        selectors.companies_for_user(user)
        .select_related("municipality")
        # Sites are named by UUID only; a whole site is read from /sites/.
        .prefetch_related(
            "portfolio_municipalities", Prefetch("sites", Site.objects.only("uuid", "company"))
        )
    )


@with_filters(municipality_filter("portfolioentry__municipality__slug"), updated_since_filter())
class CompanyViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Companies in your municipalities' portfolios (or your own company). Officers and
    coordinators create and edit them with the same CVR rules as the pages."""

    serializer_class = CompanySerializer
    permission_classes = [
        permissions.IsAuthenticated,
        role_permission(tenancy.may_manage_companies),
    ]
    visible_objects = staticmethod(_companies_for_api)
    get_visible_object = staticmethod(selectors.get_company_for_user)

    @extend_schema(
        responses={
            201: CompanySerializer,
            409: OpenApiResponse(
                ErrorSerializer,
                description=_(
                    "The CVR is registered already (code cvr_exists): `company` holds its "
                    "public register data, `url` its address when you can already see it."
                ),
            ),
        }
    )
    @transaction.atomic
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(
        parameters=[
            OpenApiParameter("cvr", str, required=True, description=_("The CVR number, 8 digits."))
        ],
        responses={
            200: RegisterLookupSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description=_(
                    "Not a CVR number, or one the register does not know (code cvr_not_found) "
                    "or lists as ceased (code cvr_ceased)."
                ),
            ),
            424: OpenApiResponse(
                ErrorSerializer,
                description=_(
                    "No connection to the CVR register (cvr_not_configured), or it did not "
                    "answer (cvr_unavailable), refused the platform's credentials "
                    "(cvr_access_refused) or answered in an unknown form (cvr_bad_answer)."
                ),
            ),
        },
    )
    @action(detail=False, methods=["get"])
    def lookup(self, request):
        """What the CVR register says about a company, as the company form fills it: name,
        address, municipality, industry code, employee band, advertising protection and the
        P-units to add as sites. Nothing is stored."""
        if not tenancy.may_manage_companies(request.user):
            # Those who cannot create companies have nothing to fill in.
            raise exceptions.PermissionDenied
        query = LookupQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        number = query.validated_data["cvr"]
        try:
            lookup = register.look_up(number)
        except cvr_register.CvrNotFound as error:
            raise serializers.ValidationError(
                {"cvr": [register.error_message(error, number)]}, code="cvr_not_found"
            ) from error
        except cvr_register.CvrError as error:
            raise RegisterUnavailable(
                _("There is no connection to the CVR register.")
                if isinstance(error, cvr_register.CvrNotConfigured)
                else register.error_message(error, number),
                code=error.code,
            ) from error
        if lookup.record.ceased:
            raise serializers.ValidationError(
                {"cvr": [register.ceased_message(lookup.record)]}, code="cvr_ceased"
            )
        return Response(RegisterLookupSerializer(_lookup_data(lookup)).data)

    def perform_update(self, serializer):
        _require_register_editor(self.request.user, serializer.instance)
        serializer.save()

    @extend_schema(request=AdoptCompanySerializer, responses={200: CompanySerializer})
    @action(detail=False, methods=["post"])
    def adopt(self, request):
        """Add a company that is already registered to one of your municipalities'
        portfolios, as the page does when a CVR exists."""
        serializer = AdoptCompanySerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        # A CVR nobody registered is refused by the service (cvr_unknown, 400).
        company = services.adopt_company(
            cvr=serializer.validated_data["cvr"],
            municipality=serializer.validated_data["portfolio_municipality"],
            user=request.user,
        )
        company = _companies_for_api(request.user).get(pk=company.pk)
        return Response(self.get_serializer(company).data, status=status.HTTP_200_OK)


class SiteSerializer(StrictModelSerializer):
    company = serializers.SlugRelatedField(slug_field="uuid", queryset=Company.objects.none())
    p_number = StrictCharField(max_length=20, help_text=_("10 digits."))
    municipality = serializers.SlugRelatedField(
        slug_field="slug", queryset=Municipality.objects.all()
    )

    class Meta:
        model = Site
        fields = [
            "uuid",
            "company",
            "p_number",
            "name",
            "address",
            "postcode",
            "city",
            "municipality",
            "floor_area_m2",
            "employees",
            "created_at",
            "updated_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["company"].queryset = selectors.companies_for_user(request.user)

    def validate_company(self, company: Company) -> Company:
        if self.instance is not None and company != self.instance.company:
            raise serializers.ValidationError(
                _("A site cannot move to another company."), code="immutable"
            )
        return company

    def validate_p_number(self, value: str) -> str:
        p_number = validate_p_number(value)
        others = Site.objects.filter(p_number=p_number)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise serializers.ValidationError(
                _("A site with P-number %(p_number)s is already registered.")
                % {"p_number": p_number},
                code="p_number_exists",
            )
        return p_number

    def create(self, validated_data):
        company = validated_data.pop("company")
        return services.add_site(company=company, **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("company", None)
        return services.update_site(site=instance, **validated_data)


def _sites_for_user(user):
    return Site.objects.filter(company__in=selectors.companies_for_user(user)).select_related(
        "company", "municipality"
    )


def _get_site_for_user(user, uuid):
    try:
        return _sites_for_user(user).get(uuid=uuid)
    except Site.DoesNotExist as exc:
        raise Http404 from exc


@with_filters(
    uuid_filter("company", "company__uuid", str(_("Only the sites of this company (UUID)."))),
    municipality_filter("municipality__slug"),
    updated_since_filter(),
)
class SiteViewSet(
    TenantViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Production units (P-numbers) of the companies you see."""

    serializer_class = SiteSerializer
    permission_classes = [
        permissions.IsAuthenticated,
        role_permission(tenancy.may_manage_companies),
    ]
    visible_objects = staticmethod(_sites_for_user)
    get_visible_object = staticmethod(_get_site_for_user)

    def perform_create(self, serializer):
        _require_register_editor(self.request.user, serializer.validated_data["company"])
        serializer.save()

    def perform_update(self, serializer):
        _require_register_editor(self.request.user, serializer.instance.company)
        serializer.save()
