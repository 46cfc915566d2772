from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "carbon20.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from carbon20.accounts.models import Membership, User
        from carbon20.actionplans.models import Action, ActionPlan
        from carbon20.agreements.models import Agreement
        from carbon20.core import read_cache
        from carbon20.followups.models import ClosingRecord, FollowUp
        from carbon20.organisations.models import Company, Municipality, Programme
        from carbon20.partnerships.models import Partnership

        # What `reports.dashboard.build` and the partnership pipeline read: a change to any
        # of them changes a figure or a row (the pipeline names the officers, and offers
        # those of the reach as a filter).
        read_cache.PROGRAMME_PAGES.follow(
            [
                Partnership,
                Agreement,
                ActionPlan,
                Action,
                FollowUp,
                ClosingRecord,
                Company,
                Municipality,
                Programme,
                User,
                Membership,
            ]
        )
