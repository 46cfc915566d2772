"""Writes of the technical review: each one a transaction, so that refused input changes
nothing."""

import hashlib
from datetime import date
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from carbon20.accounts.models import User
from carbon20.energy.calc.baseline import Consumption, quantities_in_window
from carbon20.energy.calc.carriers import Carrier as CalcCarrier
from carbon20.energy.models import ConsumptionRecord
from carbon20.guides import selectors as guides
from carbon20.guides.kinds import GuideKind
from carbon20.partnerships.models import EventText, Partnership, Status, Step, TimelineEvent
from carbon20.partnerships.workflow import TransitionRefused, record_event, review_issued
from carbon20.screening import completeness, notify
from carbon20.screening.documents import render_report_pdf
from carbon20.screening.figures import review_figures
from carbon20.screening.models import (
    BaselineConsumption,
    BaselineSource,
    Measure,
    TechnicalReview,
)
from carbon20.screening.selectors import eligible_consultants


def assign_consultant(*, partnership: Partnership, consultant: User, user) -> TechnicalReview:
    """Give a step-4 partnership its consultant and open (or reassign) its review."""
    with transaction.atomic():
        fresh = Partnership.objects.select_for_update().get(pk=partnership.pk)
        if fresh.step != Step.TECHNICAL_REVIEW or fresh.status != Status.ACTIVE:
            raise TransitionRefused(
                _("A consultant is assigned to an active partnership at step 4.")
            )
        if not eligible_consultants(partnership.programme).filter(pk=consultant.pk).exists():
            raise TransitionRefused(
                _(
                    "Only consultants of a consultancy or an energy company that is a partner "
                    "of the programme can be assigned."
                )
            )
        review = TechnicalReview.objects.filter(partnership=fresh).first()
        if review is not None and review.is_issued:
            raise TransitionRefused(_("The review is issued; its consultant stays on record."))
        fresh.consultant = consultant
        fresh.save(update_fields=["consultant"])
        partnership.consultant = consultant
        if review is None:
            agreement = fresh.signed_agreement
            site = fresh.site
            review = TechnicalReview(
                partnership=fresh,
                screening_guide_version=guides.in_force_for(fresh, GuideKind.SCREENING),
                report_guide_version=guides.in_force_for(fresh, GuideKind.SCREENING_REPORT),
                focus_areas=list(agreement.focus_areas if agreement else fresh.focus_areas),
                floor_area_m2=site.floor_area_m2 if site else None,
                employees=site.employees if site else None,
            )
            review.full_clean()
            review.save()
        record_event(
            fresh,
            user,
            TimelineEvent.Kind.NOTE,
            EventText(
                gettext_noop("Energy consultant assigned: %(name)s."),
                name=consultant.get_full_name() or consultant.email,
            ),
        )
        notify.consultant_assigned(review, consultant)
    return review


def save_baseline(
    *,
    review: TechnicalReview,
    lines: dict[str, tuple[Decimal, Decimal | None]],
    source: str = BaselineSource.ENTERED,
) -> None:
    """Replace the review's baseline with the given quantity (and cost) per carrier; a line
    the model refuses leaves the old baseline in place."""
    with transaction.atomic():
        review.baseline.all().delete()
        baseline = [
            BaselineConsumption(
                review=review, carrier=carrier, quantity=quantity, cost_dkk=cost, source=source
            )
            for carrier, (quantity, cost) in lines.items()
        ]
        for line in baseline:
            line.full_clean()
        BaselineConsumption.objects.bulk_create(baseline)


def baseline_from_records(review: TechnicalReview) -> dict[str, Decimal]:
    """The company's (or site's) recorded consumption in the review's 12 months, per
    carrier; records straddling the window count with their share of days inside it.
    Without the window there is nothing to count."""
    if review.baseline_start is None or review.baseline_end is None:
        return {}
    partnership = review.partnership
    records = ConsumptionRecord.objects.filter(
        company_id=partnership.company_id,
        period_end__gte=review.baseline_start,
        period_start__lte=review.baseline_end,
    )
    if partnership.site_id:
        records = records.filter(site_id=partnership.site_id)
    quantities, _covered = quantities_in_window(
        (
            Consumption(CalcCarrier(r.carrier), r.period_start, r.period_end, r.canonical_quantity)
            for r in records
        ),
        review.baseline_start,
        review.baseline_end,
    )
    return {
        carrier.value: quantity.quantize(Decimal("0.001"))
        for carrier, quantity in quantities.items()
    }


def fill_baseline_from_records(review: TechnicalReview) -> dict[str, Decimal]:
    quantities = baseline_from_records(review)
    if quantities:
        costs = {line.carrier: line.cost_dkk for line in review.baseline.all()}
        save_baseline(
            review=review,
            lines={carrier: (q, costs.get(carrier)) for carrier, q in quantities.items()},
            source=BaselineSource.RECORDS,
        )
    return quantities


class ReviewChanges(TypedDict, total=False):
    site_visit_date: date | None
    focus_areas: list[str]
    baseline_start: date | None
    baseline_end: date | None
    floor_area_m2: int | None
    employees: int | None
    end_use_shares: dict[str, str]
    summary: str


def update_review(*, review: TechnicalReview, **changes: Unpack[ReviewChanges]) -> TechnicalReview:
    """Change a draft review, under its row lock so that a concurrent issue cannot slip in
    between the check and the save; the model's rules (the 12-month baseline, the
    end-use shares) hold whichever door the change came through."""
    with transaction.atomic():
        fresh = TechnicalReview.objects.select_for_update().get(pk=review.pk)
        if fresh.is_issued:
            raise TransitionRefused(_("The review is issued; it can no longer change."))
        for name, value in changes.items():
            setattr(review, name, value)
        review.full_clean()
        review.save()
    return review


def save_measure(*, review: TechnicalReview, measure: Measure) -> Measure:
    """Validate and save a measure of a draft review, new or changed. A new measure gets
    the next number under the review's row lock, whichever door it came through."""
    with transaction.atomic():
        fresh = TechnicalReview.objects.select_for_update().get(pk=review.pk)
        if fresh.is_issued:
            raise TransitionRefused(_("The review is issued; it can no longer change."))
        measure.review = review
        if measure.number is None:
            last = review.measures.aggregate(last=Max("number"))["last"] or 0
            measure.number = last + 1
        measure.full_clean()
        measure.save()
    return measure


def delete_measure(measure: Measure) -> None:
    measure.delete()


def import_measures(*, review: TechnicalReview, measures: list[Measure]) -> int:
    """Save the parsed measures of an import as new measures of a draft review, numbered
    after the existing ones under the review's row lock, all or none."""
    with transaction.atomic():
        fresh = TechnicalReview.objects.select_for_update().get(pk=review.pk)
        if fresh.is_issued:
            raise TransitionRefused(_("The review is issued; it can no longer change."))
        number = review.measures.aggregate(last=Max("number"))["last"] or 0
        for measure in measures:
            number += 1
            measure.review = review
            measure.number = number
            measure.full_clean()
            measure.save()
    return len(measures)


def _require_baseline_co2e(review: TechnicalReview) -> None:
    """A report without the baseline's CO2e has no target to measure the plan against."""
    figures = review_figures(review)
    if figures.baseline_kg is not None:
        return
    if figures.pinned.factor_set is None:
        raise TransitionRefused(
            _(
                "The review cannot be issued without the baseline's CO2e: the signed agreement "
                "pins no emission factor set."
            )
        )
    raise TransitionRefused(
        _(
            "The review cannot be issued without the baseline's CO2e: the factor set %(set)s "
            "has no factor for any carrier of the baseline."
        )
        % {"set": figures.pinned.factor_set}
    )


def _require_issuable(review: TechnicalReview) -> None:
    if review.is_issued:
        raise TransitionRefused(_("The review has already been issued."))
    missing = completeness.missing_items(review)
    if missing:
        raise TransitionRefused(
            _("The screening guidelines ask for more before the review is issued: %(items)s.")
            % {"items": "; ".join(item.text for item in missing)}
        )
    _require_baseline_co2e(review)


def _report_inputs(review: TechnicalReview) -> tuple[object, ...]:
    """What the screening report is made of, to tell whether it changed after rendering."""
    return (
        review.updated_at,
        list(review.measures.order_by("pk").values_list("pk", "updated_at")),
        list(review.baseline.order_by("pk").values_list("pk", "quantity", "cost_dkk")),
    )


def issue_review(*, review: TechnicalReview, user: User) -> TechnicalReview:
    """Issue the review: render the screening report, keep it, and move the partnership on
    to the action plan. A refusal of the workflow leaves the review a draft.

    The report is rendered before the row lock is taken, so that the lock is held for
    milliseconds, not for the seconds WeasyPrint takes; a review changed meanwhile is
    refused rather than issued with a stale report."""
    draft = TechnicalReview.objects.select_related("partnership").get(pk=review.pk)
    _require_issuable(draft)
    inputs = _report_inputs(draft)
    draft.status = TechnicalReview.State.ISSUED
    draft.issued_at = timezone.now()
    draft.issued_by = user
    pdf = render_report_pdf(draft)
    with transaction.atomic():
        fresh = TechnicalReview.objects.select_for_update().get(pk=review.pk)
        _require_issuable(fresh)
        if _report_inputs(fresh) != inputs:
            raise TransitionRefused(
                _("The review changed while its report was being made; issue it again.")
            )
        # The workflow's guards first: a refusal must not leave a report file behind.
        review_issued(review.partnership, user)
        review.status = draft.status
        review.issued_at = draft.issued_at
        review.issued_by = user
        digest = hashlib.sha256(pdf).hexdigest()[:12]
        review.report_pdf.save(
            f"screening-{review.uuid}-{digest}.pdf", ContentFile(pdf), save=False
        )
        review.full_clean()
        review.save(update_fields=["status", "issued_at", "issued_by", "report_pdf", "updated_at"])
        notify.review_issued(review)
    return review
