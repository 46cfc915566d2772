"""The API's request parser. Its own module: the settings name it, and DRF resolves that
name while importing its views, so it must not live beside code that imports them."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser


class DepthLimitedJSONParser(JSONParser):
    """JSON nested thousands of levels deep makes the decoder recurse until Python stops it
    (RecursionError, not a ValueError that DRF turns into 400): refused as malformed."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError(_("The JSON is nested too deeply.")) from exc
