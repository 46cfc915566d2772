from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related(
        "municipality", "programme", "partner", "company"
    )
    return render(request, "accounts/profile.html", {"memberships": memberships})
