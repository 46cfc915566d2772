"""The review services refuse bad input at the field it concerns and save nothing: the
model's rules, by `full_clean()`, whichever door (page, API, import) the input came from."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from carbon20.partnerships.workflow import TransitionRefused
from carbon20.screening import services
from carbon20.screening.models import Measure, MeasureType, TechnicalReview
from carbon20.screening.tests.factories import add_baseline

pytestmark = pytest.mark.django_db


def _measure(**fields) -> Measure:
    values = {
        "focus_area": "electricity",
        "description": "LED",
        "type": MeasureType.INVESTMENT,
        "savings": {"electricity": "10000"},
        "dkk_saved_per_year": Decimal("15000"),
        "investment": Decimal("50000"),
        "lifetime_years": 10,
    }
    values.update(fields)
    return Measure(**values)


def test_save_baseline_refuses_a_negative_quantity_and_keeps_the_old_baseline(review):
    add_baseline(review, electricity=Decimal("1000"))
    with pytest.raises(ValidationError) as refused:
        services.save_baseline(
            review=review,
            lines={"electricity": (Decimal("2000"), None), "natural_gas": (Decimal("-5"), None)},
        )
    assert set(refused.value.error_dict) == {"quantity"}
    assert list(review.baseline.values_list("carrier", "quantity")) == [
        ("electricity", Decimal("1000"))
    ]


def test_save_baseline_refuses_an_unknown_carrier_at_the_field(review):
    with pytest.raises(ValidationError) as refused:
        services.save_baseline(review=review, lines={"moonlight": (Decimal("10"), None)})
    assert "carrier" in refused.value.error_dict
    assert not review.baseline.exists()


def test_import_measures_refuses_all_rows_when_one_breaks_a_field_rule(review):
    with pytest.raises(ValidationError) as refused:
        services.import_measures(review=review, measures=[_measure(), _measure(lifetime_years=0)])
    assert set(refused.value.error_dict) == {"lifetime_years"}
    assert not review.measures.exists()


def test_import_measures_numbers_after_the_existing_measures(review):
    services.save_measure(review=review, measure=_measure())
    assert services.import_measures(review=review, measures=[_measure(), _measure()]) == 2
    assert list(review.measures.order_by("number").values_list("number", flat=True)) == [1, 2, 3]


def test_import_measures_into_an_issued_review_is_refused(review):
    TechnicalReview.objects.filter(pk=review.pk).update(status=TechnicalReview.State.ISSUED)
    with pytest.raises(TransitionRefused):
        services.import_measures(review=review, measures=[_measure()])
    assert not review.measures.exists()


def test_the_review_services_take_keyword_arguments_only(review, consultant, officer_a):
    with pytest.raises(TypeError):
        services.assign_consultant(review.partnership, consultant, officer_a)
    with pytest.raises(TypeError):
        services.save_baseline(review, {"electricity": (Decimal("1"), None)})
    with pytest.raises(TypeError):
        services.issue_review(review, consultant)
    assert not review.baseline.exists()
