from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "carbon20.followups"
    label = "followups"
    verbose_name = _("Follow-up and results")

    def ready(self) -> None:
        from carbon20.followups import results_cache, signals  # noqa: F401  (connects the receivers)

        results_cache.follow_the_inputs()
