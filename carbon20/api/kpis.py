"""The KPI figures of the programme dashboards, as the dashboard page computes them."""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from carbon20.reports import dashboard, selectors

DECIMAL = {"max_digits": 30, "decimal_places": 6, "allow_null": True}


class ReductionSerializer(serializers.Serializer):
    companies = serializers.IntegerField(help_text=_("Companies with a measured result."))
    average_percent = serializers.DecimalField(**DECIMAL)
    median_percent = serializers.DecimalField(**DECIMAL)
    weighted_percent = serializers.DecimalField(**DECIMAL)
    tonnes_saved = serializers.DecimalField(max_digits=30, decimal_places=6)
    share_reaching_target_percent = serializers.DecimalField(**DECIMAL)


class InvestmentSerializer(serializers.Serializer):
    actions = serializers.IntegerField()
    investment_dkk = serializers.DecimalField(max_digits=30, decimal_places=2)
    annual_saving_dkk = serializers.DecimalField(max_digits=30, decimal_places=2)
    average_payback_years = serializers.DecimalField(**DECIMAL)
    portfolio_payback_years = serializers.DecimalField(**DECIMAL)


@extend_schema_field({"type": "array", "items": {"type": "array", "items": {}}})
class RowsField(serializers.Field):
    """Table rows as on the dashboard: text, whole numbers, decimals or null."""

    def to_representation(self, value):
        return [[_plain(cell) for cell in row] for row in value]


def _plain(cell):
    if cell is None or isinstance(cell, bool | int | float):
        return cell
    return str(cell)


class KpiTableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    headers = serializers.ListField(child=serializers.CharField())
    rows = RowsField()
    note = serializers.CharField()


class KpiSerializer(serializers.Serializer):
    programme = serializers.CharField(help_text=_("The programme's slug."))
    municipality = serializers.CharField(allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    partnerships = serializers.IntegerField()
    follow_ups_held = serializers.IntegerField()
    reductions = ReductionSerializer()
    investments = InvestmentSerializer(allow_null=True)
    tables = KpiTableSerializer(many=True)


class KpiQuerySerializer(serializers.Serializer):
    municipality = serializers.SlugField(required=False)
    year = serializers.IntegerField(required=False, min_value=1990, max_value=2100)


class KpiView(APIView):
    """KPI figures of a programme: the whole programme for its coordinators, their own
    municipalities for officers; others get 404, as on the dashboard page."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "municipality",
                OpenApiTypes.STR,
                description=str(_("Only this municipality (slug).")),
            ),
            OpenApiParameter(
                "year",
                {"type": "integer", "minimum": 1990, "maximum": 2100},
                description=str(_("Only partnerships first contacted in this year.")),
            ),
        ],
        responses={200: KpiSerializer},
    )
    def get(self, request, slug):
        programme = selectors.get_dashboard_programme_for_user(request.user, slug)
        given = {k: request.query_params.get(k) for k in request.query_params}
        unknown = set(given) - {"municipality", "year"}
        if unknown:
            name = sorted(unknown)[0]
            raise serializers.ValidationError(
                {
                    name: [
                        serializers.ErrorDetail(_("Unknown query parameter."), "unknown_parameter")
                    ]
                }
            )
        query = KpiQuerySerializer(data=given)
        query.is_valid(raise_exception=True)
        municipalities = selectors.dashboard_municipalities(request.user, programme)
        municipality = None
        if "municipality" in query.validated_data:
            municipality = municipalities.filter(slug=query.validated_data["municipality"]).first()
            if municipality is None:
                raise serializers.ValidationError(
                    {
                        "municipality": [
                            serializers.ErrorDetail(
                                _("Not a municipality of this programme that you may see."),
                                "does_not_exist",
                            )
                        ]
                    }
                )
        filters = dashboard.Filters(
            municipality=municipality, year=query.validated_data.get("year")
        )
        # The answer's JSON as it was rendered, from the cache: no serialiser runs and no
        # object is made per row on a request that finds it.
        return HttpResponse(
            _answer(request.user, programme, municipality, filters),
            content_type="application/json",
        )


def _answer(user, programme, municipality, filters: dashboard.Filters) -> bytes:
    """The rendered answer, kept in the dashboards' cache under their generation: it is
    built from the user's cached dashboard, and every published result's row (thousands at
    national scale) is read, serialised and rendered once, not on every request."""

    def build() -> bytes:
        board = dashboard.build_for(user, programme, filters)
        scoped = dashboard.scoped_partnerships(user, programme, filters)
        body = {
            "programme": programme.slug,
            "municipality": municipality.slug if municipality else None,
            "year": filters.year,
            "partnerships": board.partnerships,
            "follow_ups_held": board.follow_ups_held,
            "reductions": board.reductions,
            "investments": board.investments,
            "tables": [
                {
                    "key": t.key,
                    "title": str(t.title),
                    "headers": [str(h) for h in t.headers],
                    "rows": list(dashboard.result_rows(scoped)) if t.paged else t.rows,
                    "note": str(t.note),
                }
                for t in board.tables
            ],
        }
        return JSONRenderer().render(KpiSerializer(body).data)

    return dashboard.cached_for_reader("api-kpis", user, programme, build, filters.key())
