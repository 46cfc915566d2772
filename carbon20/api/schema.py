from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from carbon20.api.errors import ErrorSerializer

# Answers any endpoint may give; documenting them lets clients (and the schema tests) rely
# on the error format.
COMMON_ERRORS = {
    "400": _("Invalid input; `field` names the first field at fault."),
    "401": _("No valid token or session."),
    "403": _("The object is yours to see, but this action is not yours to take."),
    "404": _("No such object, or not one you may see."),
    "405": _("The method is not allowed here."),
    "406": _("The requested response format is not offered."),
    "415": _("The request body is not JSON."),
    "429": _("Too many requests for this token; see the Retry-After header."),
}


class ApiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status_code, description in COMMON_ERRORS.items():
            if status_code not in responses:
                responses[status_code] = self._get_response_for_code(
                    OpenApiResponse(response=ErrorSerializer, description=str(description)),
                    status_code,
                    direction=direction,
                )
        return responses
