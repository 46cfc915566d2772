import hashlib
from urllib.parse import urlencode

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carbon20.accounts import audit, second_factor, selectors, services
from carbon20.accounts.client_ip import client_ip
from carbon20.accounts.forms import (
    AcceptInvitationForm,
    AuditSearchForm,
    InviteCompanyUserForm,
    MembershipForm,
    SecondFactorForm,
    UserSearchForm,
    normalise_email,
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
        elif "reset-second-factor" in request.POST:
            removed = second_factor.reset(account=account, by=request.user)
            messages.success(
                request,
                _("The second factor is removed; %(name)s sets up a new one at the next login.")
                % {"name": account}
                if removed
                else _("The user had no second factor."),
            )
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
    audit.record_access(instances=[account], actor=request.user, purpose="user page")
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": account,
            "memberships": account.memberships.all(),
            "form": form,
            "has_second_factor": second_factor.has_device(account),
        },
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url("home:home")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """After the password: enrol an authenticator app (required roles, or a company user who
    asks to), or give a code from the app already enrolled."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    enrolled = second_factor.has_device(user)
    wants = "enrol" in request.GET or "enrol" in request.POST
    if not enrolled and not (second_factor.is_required(user) or wants):
        # A company user who has not chosen a second factor owes none.
        request.session[second_factor.REQUIRED] = False
        return redirect(_next_url(request))
    form = SecondFactorForm(request.POST or None)
    context = {"form": form, "next": _next_url(request), "enrolled": enrolled}
    if enrolled:
        if request.method == "POST" and form.is_valid():
            if second_factor.verify(request=request, token=form.cleaned_data["token"]):
                return redirect(_next_url(request))
            form.add_error("token", _("The code is not valid. Try the newest code from your app."))
        context["demo_code"] = _demo_code(user)
        return render(request, "accounts/two_factor_verify.html", context)
    device = second_factor.pending_device(user)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.confirm_enrolment(
            request=request, device=device, token=form.cleaned_data["token"]
        )
        if codes is not None:
            return render(
                request,
                "accounts/two_factor_recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error("token", _("The code is not valid. Try the newest code from your app."))
    context.update(
        {
            "qr_svg": second_factor.qr_svg(device),
            "secret": second_factor.secret_of(device),
            "required": second_factor.is_required(user),
        }
    )
    return render(request, "accounts/two_factor_enrol.html", context)


def _demo_code(user) -> str | None:
    """On a demo installation run with DEBUG (never production) the demo accounts' current
    code is shown, so that the printed demo logins work without an authenticator app."""
    if settings.DEBUG and settings.DEMO_MODE and user.email.endswith(".demo"):
        return second_factor.current_code(user)
    return None


AUDIT_ENTRIES_PER_PAGE = 50
AUDIT_EXPORT_HEADER = [
    "timestamp",
    "actor",
    "action",
    "object_type",
    "object_id",
    "object",
    "changes",
    "address",
]


@login_required
@require_http_methods(["GET"])
def audit_log(request: HttpRequest) -> HttpResponse:
    """The administrators' audit log: search, page through, export as CSV."""
    selectors.require_admin(request.user)
    content_types = sorted(
        ((ct.pk, str(ct.model_class()._meta.verbose_name)) for ct in audit.audited_content_types()),
        key=lambda choice: choice[1],
    )
    form = AuditSearchForm(
        request.GET or None, content_types=content_types, actions=LogEntry.Action.choices
    )
    criteria = form.cleaned_data if form.is_valid() else {}
    entries = audit.search(
        actor=criteria.get("actor") or "",
        object_type=criteria.get("object_type"),
        action=criteria.get("action"),
        date_from=criteria.get("date_from"),
        date_to=criteria.get("date_to"),
        text=criteria.get("text") or "",
    )
    if request.GET.get("export") == "csv":
        response = HttpResponse(
            audit.to_csv(entries.iterator(chunk_size=2000), AUDIT_EXPORT_HEADER),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
        return response
    page = Paginator(entries, AUDIT_ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's reset page answers the same whether the address exists; this one also stops
    mailing after PASSWORD_RESET_RATE requests per address or per client address in the
    window (counted in the shared cache), and still answers the same."""

    def form_valid(self, form):
        email = normalise_email(form.cleaned_data.get("email"))
        keys = [
            "password-reset:address:" + hashlib.sha256(email.encode()).hexdigest(),
            f"password-reset:client:{client_ip(self.request)}",
        ]
        if any(_over_limit(key) for key in keys):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


def _over_limit(key: str) -> bool:
    window = settings.PASSWORD_RESET_WINDOW_MINUTES * 60
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window)
        count = 1
    return count > settings.PASSWORD_RESET_RATE
