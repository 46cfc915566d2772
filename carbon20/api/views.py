from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny

from carbon20.api import services
from carbon20.api.forms import ApiTokenForm
from carbon20.api.models import ApiToken


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """The secret of a new token is rendered once in the answer to the POST and never
    stored, hence no redirect and no caching."""
    form = ApiTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        _token, new_secret = services.create_token(
            user=request.user, name=form.cleaned_data["name"]
        )
        form = ApiTokenForm()
    context = {
        "form": form,
        "tokens": ApiToken.objects.filter(user=request.user),
        "new_secret": new_secret,
    }
    return render(request, "api/token_list.html", context)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_uuid) -> HttpResponse:
    token = ApiToken.objects.filter(user=request.user, uuid=token_uuid).first()
    if token is None:
        raise Http404
    services.revoke_token(token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api:token_list")


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
def not_found(request, *args, **kwargs):
    raise exceptions.NotFound
