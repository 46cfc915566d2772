from collections.abc import Callable

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, permissions, viewsets
from rest_framework.settings import api_settings

from carbon20.api.filters import FilteredListMixin
from carbon20.core import tenancy

UUID_REGEX = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class FormatSuffixMixin:
    """The router also serves every route with a format suffix (`…/pause.json/`) and passes
    `format=` to the handler; the actions written here take no such argument, so a suffix
    made each of them fail with a server error. The suffix is taken off before the handler
    is called and still chooses the renderer (JSON is the only one)."""

    _format_suffix: str | None = None

    def dispatch(self, request, *args, **kwargs):
        self._format_suffix = kwargs.pop(api_settings.FORMAT_SUFFIX_KWARG, None)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_format_suffix(self, **kwargs):
        return self._format_suffix


class TenantViewSetMixin(FormatSuffixMixin, FilteredListMixin):
    """Lists come from the app's `<thing>s_for_user` selector and single objects from its
    `get_<thing>_for_user`, so the API sees exactly what the pages see and another
    municipality's object is 404."""

    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX
    visible_objects: Callable
    get_visible_object: Callable

    def get_queryset(self):
        return type(self).visible_objects(self.request.user)

    def get_object(self):
        try:
            obj = type(self).get_visible_object(self.request.user, self.kwargs[self.lookup_field])
        except (ValueError, DjangoValidationError) as exc:
            raise exceptions.NotFound from exc
        self.check_object_permissions(self.request, obj)
        return obj


class TenantReadOnlyViewSet(TenantViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class RolePermission(permissions.BasePermission):
    """Reads for everyone the selector shows the object to; writes for the users that the
    tenancy predicate `may_write(user)` admits. Refused writes answer 403: the method is
    known, the role is not."""

    may_write: Callable = staticmethod(tenancy.reaches_everything)

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(type(self).may_write(request.user))


def role_permission(may_write: Callable) -> type[RolePermission]:
    return type("RolePermission", (RolePermission,), {"may_write": staticmethod(may_write)})
