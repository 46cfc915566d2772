"""The nightly refresh of the register data of the companies on the platform.

For each company that has not ceased, the CVR register is asked outside any transaction (no
row is locked while the register answers); what it says is then compared and stored in one
transaction per company, together with the timeline events that name each change on the
company's open partnerships. A second run finds nothing changed and writes nothing but the
time of the refresh, so reruns and overlapping runs never duplicate an event.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from carbon20.integrations import cvr
from carbon20.organisations import register, services
from carbon20.organisations.models import Company
from carbon20.partnerships import workflow
from carbon20.partnerships.models import EventText, Partnership, Status, TimelineEvent


def companies_to_refresh() -> list[int]:
    """Every company still trading: a ceased company does not come back to life."""
    return list(Company.objects.filter(ceased=False).order_by("pk").values_list("pk", flat=True))


def refresh_company(company_id: int, client: cvr.CvrClient) -> int:
    """Fetch, compare and store one company; returns the number of timeline events written.
    Raises `cvr.CvrError` (nothing stored) when the register does not answer."""
    number = Company.objects.values_list("cvr", flat=True).get(pk=company_id)
    record = client.company(number)
    with transaction.atomic():
        company = Company.objects.select_for_update().get(pk=company_id)
        was_ceased = company.ceased
        flags = register.RegisterFlags.of(record)
        changes = services.apply_register_data(
            company=company,
            fields=register.company_fields(record),
            register={
                "advertising_protected": flags.advertising_protected,
                "register_status": flags.register_status,
                "ceased": flags.ceased,
                "ceased_on": flags.ceased_on,
            },
            refreshed_at=timezone.now(),
        )
        texts = [
            EventText(
                gettext_noop("CVR register: %(field)s changed from “%(old)s” to “%(new)s”."),
                field=change.label,
                old=change.old or "–",
                new=change.new or "–",
            )
            for change in changes
        ]
        if company.ceased and not was_ceased:
            texts.append(_ceased_text(company))
        partnerships = Partnership.objects.filter(
            company=company, status__in=[Status.ACTIVE, Status.PAUSED]
        )
        events = 0
        for partnership in partnerships:
            for text in texts:
                workflow.record_event(partnership, None, TimelineEvent.Kind.REGISTER, text)
                events += 1
    return events


def _ceased_text(company: Company) -> EventText:
    if company.ceased_on:
        return EventText(
            gettext_noop("The CVR register lists the company as ceased (%(status)s) from %(day)s."),
            status=company.register_status,
            day=company.ceased_on,
        )
    return EventText(
        gettext_noop("The CVR register lists the company as ceased (%(status)s)."),
        status=company.register_status,
    )
