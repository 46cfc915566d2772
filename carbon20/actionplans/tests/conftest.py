from decimal import Decimal

import pytest

from carbon20.actionplans.models import ActionPlan
from carbon20.partnerships.models import Partnership, Step
from carbon20.screening import services as screening
from carbon20.screening.models import TechnicalReview
from carbon20.screening.tests.factories import (
    add_baseline,
    add_measure,
    make_factor_set,
    make_partnership_at_step_4,
)


def issued_review_at_step_5(company, officer, programme, consultant, factor_set):
    """A review with a baseline of 250 000 kWh electricity (49.25 t CO2e) and four
    electricity measures, issued; the partnership at step 5."""
    partnership = make_partnership_at_step_4(company, officer, programme, factor_set)
    review = screening.assign_consultant(
        partnership=partnership, consultant=consultant, user=officer
    )
    add_baseline(review, electricity=Decimal("250000"))
    # kWh, investment: 3.94 t, 5.91 t, 1.97 t and 4.925 t a year.
    for number, (kwh, investment) in enumerate(
        [(20000, 120000), (30000, 60000), (10000, 5000), (25000, 200000)], start=1
    ):
        add_measure(
            review,
            number,
            savings={"electricity": str(kwh)},
            investment=Decimal(investment),
            description=f"Tiltag {number}",
        )
    TechnicalReview.objects.filter(pk=review.pk).update(status=TechnicalReview.State.ISSUED)
    Partnership.objects.filter(pk=partnership.pk).update(step=Step.ACTION_PLAN)
    partnership.refresh_from_db()
    return partnership, review


@pytest.fixture
def factor_set(db):
    return make_factor_set()


@pytest.fixture
def plan(company_a, officer_a, programme, consultant, factor_set):
    partnership, _review = issued_review_at_step_5(
        company_a, officer_a, programme, consultant, factor_set
    )
    return ActionPlan.objects.create(partnership=partnership)


@pytest.fixture
def plan_b(company_b, officer_b, programme, consultant, factor_set):
    partnership, _review = issued_review_at_step_5(
        company_b, officer_b, programme, consultant, factor_set
    )
    return ActionPlan.objects.create(partnership=partnership)


@pytest.fixture
def action_dates():
    return {"owner": "Driftschef Hanne", "start_date": "2026-06-01", "deadline": "2026-12-31"}
