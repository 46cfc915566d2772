"""Query-string filters of the list endpoints, validated like any other input: a bad value
answers 400 with the parameter as `field`, never a 500 and never a silently ignored filter.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers


@dataclass(frozen=True)
class Filter:
    name: str
    make_field: Callable[[], serializers.Field]
    apply: Callable[[QuerySet, object], QuerySet]
    openapi_type: object
    description: str
    enum: tuple[str, ...] | None = None

    def parameter(self) -> OpenApiParameter:
        return OpenApiParameter(
            self.name,
            self.openapi_type,
            OpenApiParameter.QUERY,
            required=False,
            description=self.description,
            enum=self.enum,
        )


def municipality_filter(lookup: str) -> Filter:
    # No DISTINCT: the slug names one municipality, and every path to it passes foreign
    # keys or a portfolio entry, of which a company has at most one per municipality, so
    # the join never repeats a row. (DISTINCT over a page's joined rows cost a
    # coordinator's consumption list a hash of every record of the municipality.)
    return Filter(
        name="municipality",
        make_field=lambda: serializers.SlugField(required=False),
        apply=lambda qs, value: qs.filter(**{lookup: value}),
        openapi_type=OpenApiTypes.STR,
        description=str(_("Only objects of this municipality (its slug, e.g. albertslund).")),
    )


def updated_since_filter(lookup: str = "updated_at__gte") -> Filter:
    return Filter(
        name="updated_since",
        make_field=lambda: serializers.DateTimeField(required=False),
        apply=lambda qs, value: qs.filter(**{lookup: value}),
        openapi_type=OpenApiTypes.DATETIME,
        description=str(_("Only objects changed at or after this moment (ISO 8601).")),
    )


def choice_filter(name: str, lookup: str, choices, description: str) -> Filter:
    values = tuple(str(value) for value, _label in choices)
    return Filter(
        name=name,
        make_field=lambda: serializers.ChoiceField(choices=values, required=False),
        apply=lambda qs, value: qs.filter(**{lookup: value}),
        openapi_type=OpenApiTypes.STR,
        description=description,
        enum=values,
    )


def uuid_filter(name: str, lookup: str, description: str) -> Filter:
    return Filter(
        name=name,
        make_field=lambda: serializers.UUIDField(required=False),
        apply=lambda qs, value: qs.filter(**{lookup: value}),
        openapi_type=OpenApiTypes.UUID,
        description=description,
    )


def apply_filters(queryset: QuerySet, filters: tuple[Filter, ...], query_params) -> QuerySet:
    fields = {f.name: f.make_field() for f in filters}
    # A plain dict, not the QueryDict: DRF reads an empty query value as "not given",
    # whereas `?updated_since=` is a malformed filter and must say so.
    given = {name: query_params.get(name) for name in fields if name in query_params}
    form = type("FilterSerializer", (serializers.Serializer,), fields)(data=given)
    form.is_valid(raise_exception=True)
    for item in filters:
        value = form.validated_data.get(item.name)
        if value not in (None, ""):
            queryset = item.apply(queryset, value)
    return queryset


def with_filters(*filters: Filter):
    """Declare a viewset's list filters once: applied by FilteredListMixin, documented in the
    OpenAPI schema."""

    def decorate(viewset):
        viewset.list_filters = filters
        return extend_schema_view(list=extend_schema(parameters=[f.parameter() for f in filters]))(
            viewset
        )

    return decorate


class FilteredListMixin:
    list_filters: tuple[Filter, ...] = ()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "list":
            self._refuse_unknown_parameters()
            queryset = apply_filters(queryset, self.list_filters, self.request.query_params)
        return queryset

    def _refuse_unknown_parameters(self) -> None:
        """A misspelt filter would otherwise return everything, silently."""
        known = {f.name for f in self.list_filters}
        paginator = self.paginator
        if paginator is not None:
            known |= {paginator.cursor_query_param, paginator.page_size_query_param}
        unknown = sorted(set(self.request.query_params) - known)
        if unknown:
            raise serializers.ValidationError(
                {
                    name: [
                        serializers.ErrorDetail(
                            _("Unknown query parameter; the list accepts: %(known)s.")
                            % {"known": ", ".join(sorted(known))},
                            code="unknown_parameter",
                        )
                    ]
                    for name in unknown
                }
            )
