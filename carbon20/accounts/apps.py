from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "carbon20.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from carbon20.accounts import audit, middleware

        audit.register_models()
        audit.connect_guards()
        user_logged_in.connect(middleware.on_login, dispatch_uid="accounts_on_login")
