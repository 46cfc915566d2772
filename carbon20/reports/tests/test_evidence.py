"""Savings by evidence grade: measured grades add up with their uncertainties in quadrature,
deemed stands apart, and the dashboard and its exports show them."""

from decimal import Decimal

from django.urls import reverse

from carbon20.followups.models import FollowUp
from carbon20.followups.tests.conftest import approved  # noqa: F401  (a shared fixture)
from carbon20.reports import kpis
from testsupport.fixtures import client_for


def figure(evidence, tonnes, uncertainty=None):
    return {
        "evidence": evidence,
        "co2e_saved_t": tonnes,
        "co2e_uncertainty_t": uncertainty,
    }


def test_measured_grades_add_up_and_uncertainties_in_quadrature():
    summary = kpis.summarise_documented(
        [
            figure("regression", "12.000", "3.000"),
            figure("regression", "8.000", "4.000"),
            figure("bills", "5.500"),
            figure("normalised", "2.500"),
            figure("deemed", "40.000"),
            figure("bills", None),
        ]
    )
    regression = summary.by_evidence[0]
    assert (regression.figures, regression.tonnes, regression.uncertainty) == (
        2,
        Decimal("20.000"),
        Decimal("5.000"),
    )
    assert summary.measured_t == Decimal("28.000")
    assert summary.measured_uncertainty_t == Decimal("5.000")
    assert summary.deemed_t == Decimal("40.000")
    assert kpis.summarise_documented([]).measured_uncertainty_t is None


def test_the_dashboard_and_export_show_the_grades(approved, coordinator, officer_a):  # noqa: F811
    follow_up = approved.follow_ups.first() or FollowUp.objects.create(
        partnership=approved, number=1, planned_date=approved.created_at.date()
    )
    follow_up.snapshot = {
        "version": 3,
        "result": {},
        "documented": [
            figure("regression", "12.000", "3.000"),
            figure("regression", "8.000", "4.000"),
            figure("deemed", "40.000"),
        ],
    }
    follow_up.save()
    page = client_for(coordinator).get(reverse("reports:dashboard", args=[approved.programme.slug]))
    text = page.content.decode()
    assert "Besparelser efter evidensgrad" in text and "Målt i alt" in text
    streamed = client_for(coordinator).get(
        reverse("reports:export_csv", args=[approved.programme.slug])
    )
    csv = b"".join(streamed.streaming_content).decode("utf-8-sig")
    assert "Målt i alt;2;20,0;5,0" in csv
    assert "Beregnet;1;40,0;" in csv
