"""Demo follow-ups: the partnerships at step 6 get their follow-ups planned from the plan's
approval; those already due are held (with snapshots), except one left overdue in every
third partnership; and two partnerships with consumption data enter their final year's last
months, hold every follow-up and are closed with consent to publish, so that the dashboard
and the public list have results to show."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from carbon20.actionplans.models import ActionPlan
from carbon20.energy import services as energy
from carbon20.energy.demo import DEMO_COMPANY
from carbon20.energy.models import ConsumptionRecord, RecordSource
from carbon20.followups import demo_measured, results, services
from carbon20.followups.models import BarrierCategory, FollowUp, Form
from carbon20.partnerships.models import Partnership, Status, Step

BARRIERS = [
    [BarrierCategory.FINANCE],
    [BarrierCategory.TIME, BarrierCategory.KNOWLEDGE],
    [BarrierCategory.LANDLORD],
    [],
]
CLOSED = 2


def _plan(partnership: Partnership, approved_on: date) -> list[FollowUp]:
    spacing = timedelta(days=settings.FOLLOW_UP_SPACING_DAYS)
    follow_ups = list(partnership.follow_ups.order_by("number"))
    for follow_up in follow_ups:
        follow_up.planned_date = approved_on + spacing * follow_up.number
    FollowUp.objects.bulk_update(follow_ups, ["planned_date"])
    return follow_ups


def _hold(follow_up: FollowUp, held_on: date, user, index: int) -> None:
    follow_up.held_date = held_on
    follow_up.form = [Form.VISIT, Form.PHONE, Form.EMAIL][follow_up.number % 3]
    follow_up.participants = "Miljømedarbejder, driftschef"
    follow_up.barriers = [str(b) for b in BARRIERS[(index + follow_up.number) % len(BARRIERS)]]
    follow_up.help_needed = "Hjælp til at finde tilskud" if follow_up.barriers else ""
    follow_up.notes = "Handlingsplanen følges; næste skridt aftalt."
    services.hold_follow_up(follow_up=follow_up, user=user)


def _complete_final_year(partnership: Partnership, year: int, user) -> None:
    """Enter the final year's missing months, estimated from the same months a year before
    less 12 %: the consumption the closing record is made from."""
    records, _scope = results.records_used(partnership)
    covered = set(
        records.filter(period_start__year=year).values_list("carrier", "period_start__month")
    )
    for record in records.filter(period_start__year=year - 1):
        month = record.period_start.month
        if (record.carrier, month) in covered or record.period_start.day != 1:
            continue
        start = date(year, month, 1)
        end = date(year, month, record.period_end.day) if month != 2 else date(year, 2, 28)
        energy.record_consumption(
            company=partnership.company,
            user=user,
            site=record.site,
            carrier=record.carrier,
            period_start=start,
            period_end=end,
            quantity=(record.quantity * Decimal("0.88")).quantize(Decimal("0.001")),
            unit=record.unit,
            source=RecordSource.ESTIMATE,
            heated_share_percent=record.heated_share_percent,
            note="Demo: skøn for årets sidste måneder",
        )


def load(context: dict) -> None:
    today = timezone.localdate()
    with_data = {
        company.pk
        for company in context.get("consumption_companies", [])
        if ConsumptionRecord.objects.filter(company=company).exists()
    }
    partnerships = [
        p
        for p in (context.get("partnerships") or {}).values()
        if p.step == Step.FOLLOW_UP and p.status == Status.ACTIVE
    ]
    with_agreement = sorted(
        (
            p
            for p in (context.get("partnerships") or {}).values()
            if p.company_id in with_data and p.step >= Step.ACTION_PLAN
        ),
        key=lambda p: (p.company.name != DEMO_COMPANY, p.company.name),
    )
    demo_measured.load(with_agreement)
    closed = 0
    spacing = timedelta(days=settings.FOLLOW_UP_SPACING_DAYS)
    for index, partnership in enumerate(sorted(partnerships, key=lambda p: p.company.name)):
        plan = ActionPlan.objects.filter(partnership=partnership).first()
        approved_on = plan.approved_on if plan and plan.approved_on else today
        follow_ups = _plan(partnership, approved_on)
        user = partnership.owner
        agreement = partnership.signed_agreement
        close = (
            closed < CLOSED
            and partnership.company_id in with_data
            and agreement is not None
            and agreement.publish_consent
        )
        for follow_up in follow_ups:
            if close:
                held_on = approved_on + (today - approved_on) * follow_up.number / (
                    len(follow_ups) + 1
                )
            elif follow_up.planned_date <= today:
                if index % 3 == 2 and follow_up.planned_date > today - spacing:
                    # Left overdue on purpose: the reminder task and the pipeline flag it.
                    continue
                held_on = follow_up.planned_date + timedelta(days=2)
            else:
                continue
            _hold(follow_up, min(held_on, today), user, index)
        if close:
            _complete_final_year(partnership, today.year, user)
            measured = results.measured_result(partnership)
            if isinstance(measured, results.MeasuredResult) and measured.latest_year:
                services.close_partnership(
                    partnership=partnership,
                    final_year=measured.latest_year,
                    result_summary=(
                        "Virksomheden skiftede til LED-belysning, fik styr på trykluftlækager "
                        "og sænkede fremløbstemperaturen. Medarbejderne deltog i en "
                        "energiuge."
                    ),
                    publish_case=True,
                    user=user,
                )
                closed += 1
    context["closed_partnerships"] = closed
