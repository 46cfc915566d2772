from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from carbon20.core.validators import validate_plain_text


class StrictCharField(serializers.CharField):
    """Text only: DRF would turn 0 or true into "0" and "True", hiding a client's mistake.
    Like every form field, it refuses NUL bytes and text-direction overrides."""

    default_error_messages = {"invalid": _("Not a valid string.")}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(validate_plain_text)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class RefuseUnknownFieldsMixin:
    """A field the serializer does not know is refused (code `unknown_field`), as unknown
    query parameters are: silently dropping `compnay` hides a client's mistake. Read-only
    fields sent back from a GET stay accepted and ignored."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(str(key) for key in data if key not in self.fields)  # type: ignore[attr-defined]
            if unknown:
                raise serializers.ValidationError(
                    {
                        key: [
                            serializers.ErrorDetail(
                                _("This field is unknown."), code="unknown_field"
                            )
                        ]
                        for key in unknown
                    }
                )
        return super().to_internal_value(data)  # type: ignore[misc]


class StrictSerializer(RefuseUnknownFieldsMixin, serializers.Serializer):
    pass


class StrictModelSerializer(RefuseUnknownFieldsMixin, serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
    }
