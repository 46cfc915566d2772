from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carbon20.accounts import selectors, services
from carbon20.accounts.forms import (
    AcceptInvitationForm,
    InviteCompanyUserForm,
    MembershipForm,
    UserSearchForm,
)
from carbon20.accounts.models import Invitation, User
from carbon20.accounts.services import AccessRefused


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related(
        "municipality", "programme", "partner", "company"
    )
    return render(request, "accounts/profile.html", {"memberships": memberships})


def _refused(request: HttpRequest, error: AccessRefused) -> None:
    messages.error(request, str(error))


@login_required
@require_http_methods(["GET", "POST"])
def company_user_invite(request: HttpRequest, company_uuid) -> HttpResponse:
    company = selectors.get_company_for_access(request.user, company_uuid)
    form = InviteCompanyUserForm(
        request.POST or None, contacts=selectors.invitable_contacts(request.user, company)
    )
    if request.method == "POST" and form.is_valid():
        contact = form.cleaned_data["contact"]
        try:
            invitation = services.invite_company_user(
                company=company, contact=contact, invited_by=request.user
            )
        except AccessRefused as error:
            form.add_error("contact", str(error))
        else:
            messages.success(
                request,
                _("An invitation is sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect(_access_url(company))
    return render(request, "accounts/company_user_invite.html", {"form": form, "company": company})


def _access_url(company) -> str:
    return company.get_absolute_url() + "#access-heading"


@login_required
@require_POST
def invitation_resend(request: HttpRequest, company_uuid, invitation_uuid) -> HttpResponse:
    company = selectors.get_company_for_access(request.user, company_uuid)
    invitation = selectors.get_invitation_for_company(company, invitation_uuid)
    try:
        services.resend_invitation(invitation=invitation, user=request.user)
    except AccessRefused as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("A new invitation is sent to %(email)s; the earlier link no longer works.")
            % {"email": invitation.email},
        )
    return redirect(_access_url(company))


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, company_uuid, invitation_uuid) -> HttpResponse:
    company = selectors.get_company_for_access(request.user, company_uuid)
    invitation = selectors.get_invitation_for_company(company, invitation_uuid)
    try:
        services.revoke_invitation(invitation=invitation, user=request.user)
    except AccessRefused as error:
        _refused(request, error)
    else:
        messages.success(
            request, _("The invitation to %(email)s is revoked.") % {"email": invitation.email}
        )
    return redirect(_access_url(company))


@login_required
@require_POST
def company_user_remove(request: HttpRequest, company_uuid, user_uuid) -> HttpResponse:
    company = selectors.get_company_for_access(request.user, company_uuid)
    membership = selectors.get_company_membership(company, user_uuid)
    services.remove_membership(membership=membership, user=request.user)
    messages.success(
        request,
        _("%(name)s no longer has access to %(company)s.")
        % {"name": membership.user, "company": company.name},
    )
    return redirect(_access_url(company))


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time link from the invitation e-mail. A link that no longer works gets a page
    that says why and what to do, never an error."""
    invitation = services.find_invitation(token)
    if invitation is None:
        return _invitation_closed(request, None, status=404)
    state = invitation.state_at(timezone.now())
    if state != Invitation.State.PENDING:
        return _invitation_closed(request, invitation, status=410)
    existing = User.objects.filter(email=invitation.email).first()
    context = {"invitation": invitation, "existing": existing}
    if existing is not None:
        if not request.user.is_authenticated or request.user.pk != existing.pk:
            context["login_url"] = (
                reverse("accounts:login") + "?" + urlencode({"next": request.path})
            )
            return render(request, "accounts/invitation_accept.html", context)
        if request.method == "POST":
            return _accept(request, invitation, existing_user=existing)
        return render(request, "accounts/invitation_accept.html", context)
    form = AcceptInvitationForm(User(email=invitation.email), request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _accept(
            request,
            invitation,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            password=form.cleaned_data["new_password1"],
        )
    context["form"] = form
    return render(request, "accounts/invitation_accept.html", context)


def _accept(request: HttpRequest, invitation: Invitation, **data) -> HttpResponse:
    try:
        account = services.accept_invitation(invitation=invitation, **data)
    except AccessRefused:
        invitation.refresh_from_db()
        return _invitation_closed(request, invitation, status=410)
    login(request, account, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request,
        _("Welcome. You now have access to %(company)s.") % {"company": invitation.company.name},
    )
    return redirect("home:home")


def _invitation_closed(request: HttpRequest, invitation: Invitation | None, *, status: int):
    state = invitation.state_at(timezone.now()) if invitation else None
    return render(
        request,
        "accounts/invitation_closed.html",
        {"invitation": invitation, "state": state, "State": Invitation.State},
        status=status,
    )


USERS_PER_PAGE = 50


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    form = UserSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    users = selectors.users_for_admin(request.user, query)
    page = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/user_list.html",
        {"form": form, "page": page, "query": urlencode({"q": query}) if query else ""},
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_detail(request: HttpRequest, user_uuid) -> HttpResponse:
    account = selectors.get_user_for_admin(request.user, user_uuid)
    form = MembershipForm(request.POST if "add-membership" in request.POST else None)
    if request.method == "POST":
        if "add-membership" in request.POST:
            if form.is_valid():
                try:
                    services.add_membership(
                        user=account, role=form.cleaned_data["role"], target=form.target
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("The role is added."))
                    return redirect("accounts:user_detail", account.uuid)
        elif "remove-membership" in request.POST:
            membership = selectors.get_membership_of(account, request.POST.get("membership"))
            services.remove_membership(membership=membership, user=request.user)
            messages.success(request, _("The role is removed."))
            return redirect("accounts:user_detail", account.uuid)
        elif "active" in request.POST:
            try:
                services.set_active(
                    account=account, active=request.POST["active"] == "true", user=request.user
                )
            except AccessRefused as error:
                _refused(request, error)
            else:
                messages.success(
                    request,
                    _("The account is active again.")
                    if account.is_active
                    else _("The account is deactivated; the user can no longer log in."),
                )
            return redirect("accounts:user_detail", account.uuid)
        else:
            raise Http404
    return render(
        request,
        "accounts/user_detail.html",
        {"account": account, "memberships": account.memberships.all(), "form": form},
    )
