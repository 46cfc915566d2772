"""One error format for every answer that is not a success:

    {"code": "cvr_checksum", "field": "cvr", "detail": "…",
     "errors": [{"code": "cvr_checksum", "field": "cvr", "detail": "…"}, …]}

`code` and `field` name the first problem (for clients that handle one); `errors` lists
every problem, with nested fields as dotted paths such as `records.3.value`.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
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
