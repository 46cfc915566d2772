"""Every API list is walked with an opaque cursor (decision 0018): a page costs the same
whatever its depth, with no COUNT and no OFFSET, as a scan of a unique index from the
cursor that stops after page_size + 1 rows."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination


class ApiPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    cursor_query_description = _(
        "Where the page starts: the `next` or `previous` link of the page before. "
        "Without it, the first page."
    )
    # The key of the walk: unique and indexed on every listed model, and public already
    # (the API exposes UUIDs, not database ids), so a cursor gives nothing away. A view may
    # name another unique field as `cursor_field`.
    ordering = "uuid"

    def get_page_size(self, request):
        # DRF falls back to the default on a malformed page_size; a client that asked for
        # something else should learn that it was not understood.
        if self.page_size_query_param not in request.query_params:
            return self.page_size
        value = serializers.IntegerField(min_value=1, max_value=self.max_page_size)
        try:
            return value.run_validation(request.query_params[self.page_size_query_param])
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({self.page_size_query_param: exc.detail}) from exc

    def get_ordering(self, request, queryset, view):
        return (getattr(view, "cursor_field", self.ordering),)

    def decode_cursor(self, request):
        # A cursor the API did not write is the client's mistake (400 at `cursor`), not a
        # missing object; a position that is no value of the key would fail in the query.
        if request.query_params.get(self.cursor_query_param) == "":
            raise self._invalid_cursor()
        try:
            cursor = super().decode_cursor(request)
            if cursor is not None and cursor.position is not None:
                self._model._meta.get_field(self.ordering[0]).to_python(cursor.position)
        except (NotFound, DjangoValidationError) as exc:
            raise self._invalid_cursor() from exc
        return cursor

    def _invalid_cursor(self) -> serializers.ValidationError:
        detail = serializers.ErrorDetail(str(self.invalid_cursor_message), code="invalid")
        return serializers.ValidationError({self.cursor_query_param: [detail]})

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["next", "previous", "results"]
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.cursor_query_param:
                parameter["schema"]["minLength"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
                parameter["description"] = str(_("Results per page, 1 to 500 (default 50)."))
        return parameters
