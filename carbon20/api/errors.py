"""One error format for every answer that is not a success:

    {"code": "cvr_checksum", "field": "cvr", "detail": "…",
     "errors": [{"code": "cvr_checksum", "field": "cvr", "detail": "…"}, …]}

`code` and `field` name the first problem (for clients that handle one); `errors` lists
every problem, with nested fields as dotted paths such as `records.3.value`.
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler


class ConflictError(exceptions.APIException):
    """A write that collides with an existing object; `extra` tells the client which."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = _("The request conflicts with an existing object.")

    def __init__(self, detail, *, code: str, field: str | None = None, extra: dict | None = None):
        super().__init__(detail, code)
        self.field = field
        self.extra = extra or {}


def _flatten(detail, path: str | None):
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key == api_settings.NON_FIELD_ERRORS_KEY:
                yield from _flatten(value, path)
            else:
                yield from _flatten(value, f"{path}.{key}" if path else str(key))
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            if isinstance(item, dict | list):
                yield from _flatten(item, f"{path}.{index}" if path else str(index))
            else:
                yield from _flatten(item, path)
    else:
        code = detail.code if isinstance(detail, ErrorDetail) else "invalid"
        yield {"field": path, "code": code, "detail": str(detail)}


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        # Model validation raised inside a service: still the client's input at fault.
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = list(_flatten(exc.detail, None))
    else:
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
        errors = [{"field": getattr(exc, "field", None), "code": code, "detail": str(exc.detail)}]
    first = errors[0]
    response.data = {
        "code": first["code"],
        "field": first["field"],
        "detail": first["detail"],
        "errors": errors,
        **getattr(exc, "extra", {}),
    }
    return response


class ErrorItemSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Machine-readable code of the problem."))
    field = serializers.CharField(
        allow_null=True,
        help_text=_("The field at fault as a dotted path, or null for the request as a whole."),
    )
    detail = serializers.CharField(help_text=_("Human-readable explanation."))


class ErrorSerializer(ErrorItemSerializer):
    errors = ErrorItemSerializer(many=True, help_text=_("Every problem found."))


logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def error_body(code: str, detail: str, field: str | None = None) -> dict:
    item = {"code": code, "field": field, "detail": detail}
    return {**item, "errors": [item]}


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class ApiErrorMiddleware:
    """Under /api/ every failure answers the API's JSON error shape, also those that happen
    outside DRF's views: a body over DATA_UPLOAD_MAX_MEMORY_SIZE (413), a suspicious request
    Django refuses (400), a CSRF refusal or any other HTML error page (its status kept), and
    an unexpected exception (500, logged with its traceback)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX) and _declared_length(request) > (
            settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        ):
            # Refused before anything reads the body (DRF streams it past Django's check).
            return self._json_for_status(413)
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        return self._json_for_status(response.status_code)

    def process_exception(self, request, exception):
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, RequestDataTooBig):
            return JsonResponse(
                error_body("request_too_large", str(_("The request body is too large."))),
                status=413,
            )
        if isinstance(exception, SuspiciousOperation):
            return JsonResponse(error_body("bad_request", str(_("Malformed request."))), status=400)
        if isinstance(exception, Http404):
            return JsonResponse(error_body("not_found", str(_("Not found."))), status=404)
        logger.exception("Server error under the API", exc_info=exception)
        return self._json_for_status(500)

    @staticmethod
    def _json_for_status(status_code: int) -> JsonResponse:
        messages = {
            400: ("bad_request", _("Malformed request.")),
            403: ("permission_denied", _("You do not have permission to perform this action.")),
            404: ("not_found", _("Not found.")),
            405: ("method_not_allowed", _("Method not allowed.")),
            413: ("request_too_large", _("The request body is too large.")),
        }
        code, detail = messages.get(
            status_code, ("server_error", _("Something went wrong on our side. Try again later."))
        )
        return JsonResponse(error_body(code, str(detail)), status=status_code)
