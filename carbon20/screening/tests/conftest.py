from datetime import date

import pytest

from carbon20.screening import services
from carbon20.screening.tests.factories import make_factor_set, make_partnership_at_step_4


@pytest.fixture
def factor_set(db):
    return make_factor_set()


@pytest.fixture
def partnership_a(company_a, officer_a, programme, factor_set):
    return make_partnership_at_step_4(company_a, officer_a, programme, factor_set)


@pytest.fixture
def partnership_b(company_b, officer_b, programme, factor_set):
    return make_partnership_at_step_4(company_b, officer_b, programme, factor_set)


@pytest.fixture
def review(partnership_a, consultant, officer_a):
    review = services.assign_consultant(
        partnership=partnership_a, consultant=consultant, user=officer_a
    )
    review.site_visit_date = date(2026, 4, 2)
    review.baseline_start = date(2025, 1, 1)
    review.baseline_end = date(2025, 12, 31)
    review.floor_area_m2 = 2000
    review.employees = 40
    review.end_use_shares = {"lighting": "30", "space_heating": "50", "other": "20"}
    review.save()
    return review
