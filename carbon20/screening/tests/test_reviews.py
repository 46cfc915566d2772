"""Technical review pages: who sees and writes what, measures row by row, the baseline,
issuing the report, and bounded queries."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from carbon20.accounts.models import Role
from carbon20.organisations.models import Partner, PartnerType
from carbon20.partnerships.models import Step, TimelineEvent
from carbon20.screening import selectors, services
from carbon20.screening.models import Measure, TechnicalReview
from carbon20.screening.tests.factories import add_baseline, add_measure
from testsupport.fixtures import client_for, make_user


def measure_post(**overrides) -> dict:
    data = {
        "focus_area": "electricity",
        "description": "LED i lageret",
        "type": "investment",
        "dkk_saved_per_year": "30000",
        "investment": "120000",
        "lifetime_years": "15",
        "saving_electricity": "20000",
    }
    data.update(overrides)
    return data


# --- assigning the consultant ------------------------------------------------------------


def test_officer_assigns_a_consultant_and_the_review_opens(partnership_a, officer_a, consultant):
    url = reverse("screening:assign", args=[partnership_a.uuid])
    client = client_for(officer_a)
    assert client.get(url).status_code == 200
    response = client.post(url, {"consultant": consultant.pk})
    review = TechnicalReview.objects.get(partnership=partnership_a)
    assert response.status_code == 302
    assert response["Location"] == review.get_absolute_url()
    partnership_a.refresh_from_db()
    assert partnership_a.consultant == consultant
    assert review.focus_areas == ["electricity", "heat", "transport"]
    assert partnership_a.timeline.filter(kind=TimelineEvent.Kind.NOTE).exists()


def test_a_user_of_a_non_consulting_partner_cannot_be_assigned(partnership_a, officer_a):
    university = Partner.objects.create(name="Universitet", type=PartnerType.UNIVERSITY)
    researcher = make_user("forsker@test.dk", Role.CONSULTANT, partner=university)
    response = client_for(officer_a).post(
        reverse("screening:assign", args=[partnership_a.uuid]), {"consultant": researcher.pk}
    )
    assert response.status_code == 200
    assert "consultant" in response.context["form"].errors
    assert not TechnicalReview.objects.exists()


@pytest.mark.parametrize("persona", ["officer_b", "consultant", "company_user", "coordinator"])
def test_only_the_municipality_officer_assigns(request, partnership_a, persona):
    user = request.getfixturevalue(persona)
    url = reverse("screening:assign", args=[partnership_a.uuid])
    assert client_for(user).get(url).status_code == 404


def test_assigning_is_refused_before_step_4(partnership_a, officer_a, consultant):
    partnership_a.__class__.objects.filter(pk=partnership_a.pk).update(step=Step.AGREEMENT)
    response = client_for(officer_a).post(
        reverse("screening:assign", args=[partnership_a.uuid]), {"consultant": consultant.pk}
    )
    assert response.status_code == 200
    assert "trin 4" in str(response.context["form"].non_field_errors())
    assert not TechnicalReview.objects.exists()


# --- tenancy ------------------------------------------------------------------------------


def review_urls(review, measure=None):
    urls = [
        reverse("screening:review", args=[review.uuid]),
        reverse("screening:edit", args=[review.uuid]),
        reverse("screening:baseline", args=[review.uuid]),
        reverse("screening:end_uses", args=[review.uuid]),
        reverse("screening:measure_add", args=[review.uuid]),
        reverse("screening:measure_template", args=[review.uuid]),
    ]
    if measure is not None:
        urls.append(reverse("screening:measure_edit", args=[review.uuid, measure.uuid]))
    return urls


POST_ONLY = ["measure_import", "issue", "baseline_from_records"]


def test_other_municipality_officer_gets_404_everywhere(review, officer_b):
    measure = add_measure(review, 1)
    client = client_for(officer_b)
    for url in review_urls(review, measure):
        assert client.get(url).status_code == 404, url
    for name in POST_ONLY:
        assert client.post(reverse(f"screening:{name}", args=[review.uuid])).status_code == 404
    assert (
        client.post(
            reverse("screening:measure_delete", args=[review.uuid, measure.uuid])
        ).status_code
        == 404
    )
    assert client.get(reverse("screening:report_pdf", args=[review.uuid])).status_code == 404


def test_unassigned_consultant_gets_404(review, consultancy):
    other = make_user("other.consultant@test.dk", Role.CONSULTANT, partner=consultancy)
    client = client_for(other)
    for url in review_urls(review):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("screening:list")).status_code == 200
    assert (
        review.partnership.company.name
        not in client.get(reverse("screening:list")).content.decode()
    )


def test_assigned_consultant_sees_only_their_partnership(
    review, consultant, company_b, officer_b, programme, factor_set
):
    from carbon20.screening.tests.factories import make_partnership_at_step_4

    other = make_partnership_at_step_4(company_b, officer_b, programme, factor_set)
    other_review = TechnicalReview.objects.create(partnership=other)
    client = client_for(consultant)
    assert client.get(review.get_absolute_url()).status_code == 200
    assert client.get(other_review.get_absolute_url()).status_code == 404
    listing = client.get(reverse("screening:list")).content.decode()
    assert review.partnership.company.name in listing
    assert other.company.name not in listing


@pytest.mark.parametrize("persona", ["officer_a", "coordinator", "company_user"])
def test_readers_read_but_do_not_write(request, review, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    page = client.get(review.get_absolute_url())
    assert page.status_code == 200
    assert page.context["editable"] is False
    for url in review_urls(review)[1:]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("screening:issue", args=[review.uuid])).status_code == 404


def test_no_role_user_gets_404(review, no_role_user):
    assert client_for(no_role_user).get(review.get_absolute_url()).status_code == 404


# --- details, baseline, end uses ----------------------------------------------------------


def test_baseline_period_must_be_twelve_months(review, consultant):
    response = client_for(consultant).post(
        reverse("screening:edit", args=[review.uuid]),
        {"baseline_start": "2025-01-01", "baseline_end": "2025-03-31", "focus_areas": ["heat"]},
    )
    assert response.status_code == 200
    assert "baseline_end" in response.context["form"].errors
    review.refresh_from_db()
    assert review.baseline_end.month == 12


def test_focus_areas_come_from_the_agreement(review, consultant):
    response = client_for(consultant).post(
        reverse("screening:edit", args=[review.uuid]),
        {"baseline_start": "2025-01-01", "baseline_end": "2025-12-31", "focus_areas": ["food"]},
    )
    assert "focus_areas" in response.context["form"].errors


def test_baseline_is_entered_with_danish_decimals_and_key_figures_follow(review, consultant):
    client = client_for(consultant)
    response = client.post(
        reverse("screening:baseline", args=[review.uuid]),
        {
            "quantity_electricity": "250.000",
            "cost_electricity": "500.000,50",
            "quantity_district_heating": "400000",
        },
    )
    assert response.status_code == 302
    lines = {line.carrier: line for line in review.baseline.all()}
    assert lines["electricity"].quantity == Decimal("250000")
    assert lines["electricity"].cost_dkk == Decimal("500000.50")
    page = client.get(review.get_absolute_url())
    figures = page.context["figures"]
    # 250 000 × 0.197 + 400 000 × 0.065 = 49 250 + 26 000 = 75 250 kg.
    assert figures.baseline_kg == Decimal("75250")
    # 650 000 kWh over 2 000 m² and 40 employees.
    assert figures.kwh_per_m2 == Decimal("325.0")
    assert figures.kwh_per_employee == Decimal("16250.0")


def test_negative_baseline_is_refused(review, consultant):
    response = client_for(consultant).post(
        reverse("screening:baseline", args=[review.uuid]), {"quantity_electricity": "-5"}
    )
    assert response.status_code == 200
    assert "quantity_electricity" in response.context["form"].errors
    assert not review.baseline.exists()


def test_baseline_from_consumption_records(review, consultant):
    from carbon20.energy.services import record_consumption

    record_consumption(
        company=review.partnership.company,
        site=review.partnership.site,
        carrier="electricity",
        period_start=review.baseline_start,
        period_end=review.baseline_end,
        quantity=Decimal("120"),
        unit="MWh",
        source="bill",
        user=consultant,
        heated_share_percent=None,
    )
    response = client_for(consultant).post(
        reverse("screening:baseline_from_records", args=[review.uuid])
    )
    assert response.status_code == 302
    line = review.baseline.get()
    assert (line.carrier, line.quantity, line.source) == (
        "electricity",
        Decimal("120000"),
        "records",
    )


def test_end_uses_may_not_exceed_100_percent(review, consultant):
    before = dict(review.end_use_shares)
    response = client_for(consultant).post(
        reverse("screening:end_uses", args=[review.uuid]), {"lighting": "60", "process": "50"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    review.refresh_from_db()
    assert review.end_use_shares == before


# --- measures row by row ------------------------------------------------------------------


def test_measure_added_with_htmx_returns_the_section_with_computed_figures(review, consultant):
    client = client_for(consultant)
    url = reverse("screening:measure_add", args=[review.uuid])
    form_fragment = client.get(url, headers={"HX-Request": "true"})
    assert 'data-testid="measure-form"' in form_fragment.content.decode()
    response = client.post(url, measure_post(), headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="stack" id="measures"')
    measure = review.measures.get()
    assert measure.number == 1
    assert measure.savings == {"electricity": "20000"}
    row = response.context["figures"].measures[0]
    assert row.figures.co2e_kg_per_year == Decimal("3940")
    assert row.figures.simple_payback_years == Decimal("4")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("lifetime_years", "0"),
        ("saving_electricity", "-100"),
        ("investment", "-1"),
        ("dkk_saved_per_year", "-1"),
    ],
)
def test_bad_measure_input_is_refused_at_the_field(review, consultant, field, value):
    response = client_for(consultant).post(
        reverse("screening:measure_add", args=[review.uuid]),
        measure_post(**{field: value}),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert field in response.context["measure_form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Measure.objects.exists()


def test_obligation_needs_company_and_date(review, consultant):
    energy = Partner.objects.create(name="Energiselskab A/S", type=PartnerType.ENERGY_COMPANY)
    response = client_for(consultant).post(
        reverse("screening:measure_add", args=[review.uuid]),
        measure_post(obligation_company=energy.pk),
    )
    assert response.status_code == 200
    assert "obligation_date" in response.context["form"].errors
    response = client_for(consultant).post(
        reverse("screening:measure_add", args=[review.uuid]),
        measure_post(obligation_company=energy.pk, obligation_date="2026-05-01"),
    )
    assert response.status_code == 302
    assert review.measures.get().obligation_company == energy


def test_measure_edit_and_delete(review, consultant):
    measure = add_measure(review, 1)
    client = client_for(consultant)
    response = client.post(
        reverse("screening:measure_edit", args=[review.uuid, measure.uuid]),
        measure_post(description="Ny tekst", saving_electricity="", saving_natural_gas="5000"),
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.description == "Ny tekst"
    assert measure.savings == {"natural_gas": "5000"}
    client.post(reverse("screening:measure_delete", args=[review.uuid, measure.uuid]))
    assert not review.measures.exists()


# --- issuing ------------------------------------------------------------------------------


def test_issue_renders_the_report_and_moves_to_step_5(review, consultant):
    add_baseline(review, electricity=Decimal("250000"), district_heating=Decimal("400000"))
    add_measure(
        review,
        1,
        savings={"electricity": "20000"},
        dkk_saved_per_year=Decimal("30000"),
        investment=Decimal("120000"),
        lifetime_years=15,
        description="LED-belysning",
    )
    client = client_for(consultant)
    response = client.post(reverse("screening:issue", args=[review.uuid]), {"confirm": "on"})
    assert response.status_code == 302
    review.refresh_from_db()
    review.partnership.refresh_from_db()
    assert review.is_issued
    assert review.partnership.step == Step.ACTION_PLAN
    pdf = client.get(reverse("screening:report_pdf", args=[review.uuid]))
    assert pdf.status_code == 200
    text = "".join(
        page.extract_text() for page in PdfReader(BytesIO(b"".join(pdf.streaming_content))).pages
    )
    assert "Screeningsrapport" in text
    assert "LED-belysning" in text.replace("-\n", "-")
    assert "75.250" in text  # baseline kg CO2e in Danish number format
    # An issued review is read-only, even for its consultant.
    assert client.get(reverse("screening:edit", args=[review.uuid])).status_code == 404


def test_issue_without_measures_is_refused_and_nothing_changes(review, consultant):
    add_baseline(review, electricity=Decimal("1000"))
    response = client_for(consultant).post(
        reverse("screening:issue", args=[review.uuid]), {"confirm": "on"}
    )
    assert response.status_code == 400
    assert "mindst ét tiltag" in str(response.context["issue_form"].non_field_errors())
    review.refresh_from_db()
    assert not review.is_issued
    assert not review.report_pdf


def test_report_download_404_before_issue(review, officer_a):
    assert (
        client_for(officer_a).get(reverse("screening:report_pdf", args=[review.uuid])).status_code
        == 404
    )


# --- query counts -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["consultant", "officer_a"])
def test_review_page_queries_do_not_grow_with_measures(
    request, review, persona, django_assert_max_num_queries
):
    add_baseline(review, electricity=Decimal("250000"))
    client = client_for(request.getfixturevalue(persona))
    counts = []
    for total in (5, 50):
        for number in range(review.measures.count() + 1, total + 1):
            add_measure(review, number)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            response = client.get(review.get_absolute_url())
        assert response.status_code == 200
        assert len(response.context["figures"].measures) == total
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert counts[1] <= 25


def test_review_list_queries_bounded(
    consultant, officer_a, programme, company_a, factor_set, django_assert_max_num_queries
):
    from carbon20.screening.tests.factories import make_partnership_at_step_4
    from testsupport.fixtures import make_company

    for index in range(6):
        company = make_company(company_a.municipality, f"Virksomhed {index}")
        partnership = make_partnership_at_step_4(company, officer_a, programme, factor_set)
        services.assign_consultant(partnership=partnership, consultant=consultant, user=officer_a)
    for user in (consultant, officer_a):
        client = client_for(user)
        with django_assert_max_num_queries(10):
            response = client.get(reverse("screening:list"))
        assert response.status_code == 200
        assert response.content.decode().count("Virksomhed ") >= 6


def test_home_lists_the_consultants_reviews(review, consultant, consultancy):
    html = client_for(consultant).get(reverse("home:home")).content.decode()
    assert 'data-testid="home-my-reviews"' in html
    assert review.get_absolute_url() in html
    other = make_user("new.consultant@test.dk", Role.CONSULTANT, partner=consultancy)
    html = client_for(other).get(reverse("home:home")).content.decode()
    assert 'data-testid="home-my-reviews"' not in html
    assert 'class="empty-state"' in html


def test_my_reviews_keep_their_order_and_companies_when_joined_for_the_page(
    consultant, officer_a, programme, company_a, factor_set, django_assert_num_queries
):
    """The page is taken from the reviews alone and then joined: the same rows, in the same
    order (status, newest first), with their companies; a consultant's "other reviews" are
    none without asking."""
    from carbon20.screening.tests.factories import make_partnership_at_step_4
    from testsupport.fixtures import make_company

    for index in range(4):
        company = make_company(company_a.municipality, f"Virksomhed {index}")
        partnership = make_partnership_at_step_4(company, officer_a, programme, factor_set)
        services.assign_consultant(partnership=partnership, consultant=consultant, user=officer_a)
    TechnicalReview.objects.filter(partnership__company__name="Virksomhed 2").update(
        status="issued"
    )
    expected = list(selectors.assigned_reviews(consultant))
    response = client_for(consultant).get(reverse("screening:list"))
    shown = list(response.context["assigned"].object_list)
    assert shown == expected
    assert [r.partnership.company.name for r in shown] == [
        r.partnership.company.name for r in expected
    ]
    assert shown[-1].partnership.company.name == "Virksomhed 2"
    assert consultant.roles.is_consultant  # read once a request, before the list
    with django_assert_num_queries(0):
        assert list(selectors.other_reviews(consultant)) == []


def test_other_reviews_are_the_readers_reviews_less_their_own(review, officer_a, consultant):
    assert list(selectors.other_reviews(officer_a)) == list(selectors.reviews_for_user(officer_a))
    assert list(selectors.other_reviews(consultant)) == []
