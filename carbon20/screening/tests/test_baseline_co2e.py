"""A carrier without a factor never blanks the others: the baseline CO2e counts every
carrier that has a factor and names the rest; a review without baseline CO2e is not issued."""

from decimal import Decimal

from django.urls import reverse

from carbon20.agreements.models import Agreement
from carbon20.partnerships.models import Step
from carbon20.screening.figures import review_figures
from carbon20.screening.tests.factories import add_baseline, add_measure
from testsupport.fixtures import client_for


def test_water_beside_electricity_counts_only_electricity(review, consultant):
    # The test set has no water factor: 250 000 kWh × 0.197 = 49 250 kg, water left out.
    add_baseline(review, electricity=Decimal("250000"), water=Decimal("1200"))
    figures = review_figures(review)
    assert figures.baseline_kg == Decimal("49250")
    assert figures.required_kg == Decimal("9850")
    assert figures.carriers_without_factor == ["water"]
    assert figures.energy_carriers_without_factor == []
    assert [row.kg_co2e for row in figures.baseline] == [Decimal("49250"), None]
    page = client_for(consultant).get(reverse("screening:review", args=[review.uuid]))
    assert "Ikke medregnet i CO2e" in page.content.decode()
    assert "Vand" in " ".join(str(problem) for problem in page.context["figures"].problems)


def test_an_energy_carrier_without_a_factor_is_named_and_the_rest_computed(review, officer_a):
    add_baseline(review, electricity=Decimal("100000"), diesel=Decimal("5000"))
    figures = review_figures(review)
    assert figures.baseline_kg == Decimal("19700")
    assert figures.energy_carriers_without_factor == ["diesel"]
    page = client_for(officer_a).get(reverse("screening:review", args=[review.uuid]))
    assert "har ingen faktor for: Diesel" in page.content.decode()


def test_a_review_without_baseline_co2e_is_refused_with_the_reason(review, consultant):
    Agreement.objects.filter(partnership=review.partnership).update(factor_set=None)
    add_baseline(review, electricity=Decimal("1000"))
    add_measure(review, 1)
    response = client_for(consultant).post(
        reverse("screening:issue", args=[review.uuid]), {"confirm": "on"}
    )
    assert response.status_code == 400
    errors = str(response.context["issue_form"].non_field_errors())
    assert "uden basisforbrugets CO2e" in errors
    assert "intet emissionsfaktorsæt" in errors
    review.refresh_from_db()
    review.partnership.refresh_from_db()
    assert not review.is_issued and not review.report_pdf
    assert review.partnership.step == Step.TECHNICAL_REVIEW


def test_only_carriers_without_a_factor_also_refuse_the_issue(review, consultant):
    add_baseline(review, water=Decimal("1000"))
    add_measure(review, 1)
    response = client_for(consultant).post(
        reverse("screening:issue", args=[review.uuid]), {"confirm": "on"}
    )
    assert response.status_code == 400
    assert "ingen faktor for nogen" in str(response.context["issue_form"].non_field_errors())
    review.refresh_from_db()
    assert not review.is_issued


def test_the_wrong_role_and_the_other_tenant_cannot_issue(
    review, officer_a, officer_b, company_user
):
    add_baseline(review, electricity=Decimal("1000"))
    add_measure(review, 1)
    for user in (officer_a, officer_b, company_user):
        response = client_for(user).post(
            reverse("screening:issue", args=[review.uuid]), {"confirm": "on"}
        )
        assert response.status_code in (403, 404)
    review.refresh_from_db()
    assert not review.is_issued
