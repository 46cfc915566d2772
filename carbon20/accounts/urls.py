from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from carbon20.accounts import views
from carbon20.accounts.forms import EmailAuthenticationForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=EmailAuthenticationForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("audit/", views.audit_log, name="audit_log"),
    path("", views.profile, name="profile"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation"),
    path("users/", views.user_list, name="user_list"),
    path("users/<uuid:user_uuid>/", views.user_detail, name="user_detail"),
    path(
        "companies/<uuid:company_uuid>/invite/",
        views.company_user_invite,
        name="company_user_invite",
    ),
    path(
        "companies/<uuid:company_uuid>/invitations/<uuid:invitation_uuid>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "companies/<uuid:company_uuid>/invitations/<uuid:invitation_uuid>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "companies/<uuid:company_uuid>/users/<uuid:user_uuid>/remove/",
        views.company_user_remove,
        name="company_user_remove",
    ),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        views.RateLimitedPasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
