from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

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

    def get_page_number(self, request, paginator):
        # DRF reads `?page=` as the first page; an empty or malformed page number is a
        # mistake of the client, told as such.
        if self.page_query_param not in request.query_params:
            return 1
        value = request.query_params[self.page_query_param]
        if value in self.last_page_strings:
            return paginator.num_pages
        number = serializers.IntegerField(min_value=1)
        try:
            return number.run_validation(value)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({self.page_query_param: exc.detail}) from exc

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
                parameter["description"] = str(_("Results per page, 1 to 500 (default 50)."))
        return parameters
