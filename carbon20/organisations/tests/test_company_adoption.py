"""A CVR is stored once per installation: entering one that exists leads to the company."""

import pytest
from django.urls import reverse

from carbon20.organisations.models import Company, PortfolioEntry
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db

CREATE = "organisations:company_create"


def _duplicate_of(company, municipality, cvr=None):
    return {
        "cvr": cvr or company.cvr,
        "name": "Dublet ApS",
        "address": "Dubletvej 1",
        "postcode": "7400",
        "city": "Herning",
        "municipality": municipality.pk,
        "portfolio_municipality": municipality.pk,
    }


def test_existing_cvr_shows_the_company_and_nothing_of_others(officer_b, company_a, muni_b):
    response = client_for(officer_b).post(reverse(CREATE), _duplicate_of(company_a, muni_b))
    assert response.status_code == 200
    assert response.templates[0].name == "organisations/company_existing.html"
    assert company_a.name in response.text
    assert company_a.cvr in response.text
    # A's contact is A's own record, not public register data.
    assert "Kontakt A" not in response.text
    assert "kontakt@a.example.dk" not in response.text
    assert Company.objects.filter(cvr=company_a.cvr).count() == 1
    assert not Company.objects.filter(name="Dublet ApS").exists()
    assert not PortfolioEntry.objects.filter(company=company_a, municipality=muni_b).exists()


def test_existing_cvr_is_found_even_when_pasted_with_spaces(officer_b, company_a, muni_b):
    spaced = f"DK {company_a.cvr[:4]} {company_a.cvr[4:]}"
    response = client_for(officer_b).post(
        reverse(CREATE), _duplicate_of(company_a, muni_b, cvr=spaced)
    )
    assert response.templates[0].name == "organisations/company_existing.html"


def test_adopting_adds_to_the_portfolio_and_keeps_records_apart(officer_b, company_a, muni_b):
    client = client_for(officer_b)
    response = client.post(
        reverse(CREATE),
        {
            "adopt": "1",
            "cvr": company_a.cvr,
            "company": str(company_a.uuid),
            "portfolio_municipality": muni_b.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == company_a.get_absolute_url()
    entry = PortfolioEntry.objects.get(company=company_a, municipality=muni_b)
    assert entry.added_by == officer_b
    detail = client.get(company_a.get_absolute_url())
    assert detail.status_code == 200
    assert "Kontakt A" not in detail.text
    # The portfolio line names only what B may read.
    assert "Albertslund" not in [m.name for m in detail.context["portfolio"]]


def test_adopting_twice_changes_nothing(officer_b, company_a, muni_b):
    client = client_for(officer_b)
    data = {
        "adopt": "1",
        "cvr": company_a.cvr,
        "company": str(company_a.uuid),
        "portfolio_municipality": muni_b.pk,
    }
    client.post(reverse(CREATE), data)
    client.post(reverse(CREATE), data)
    assert PortfolioEntry.objects.filter(company=company_a, municipality=muni_b).count() == 1


def test_officer_who_already_sees_the_company_is_led_to_it(officer_a, company_a, muni_a):
    response = client_for(officer_a).post(reverse(CREATE), _duplicate_of(company_a, muni_a))
    assert response.status_code == 302
    assert response["Location"] == company_a.get_absolute_url()
    assert Company.objects.filter(cvr=company_a.cvr).count() == 1


def test_cannot_adopt_into_another_municipalitys_portfolio(officer_b, company_a, muni_a):
    response = client_for(officer_b).post(
        reverse(CREATE),
        {"adopt": "1", "company": str(company_a.uuid), "portfolio_municipality": muni_a.pk},
    )
    assert response.status_code == 404
    assert PortfolioEntry.objects.filter(company=company_a).count() == 1


@pytest.mark.parametrize("persona", ["company_user", "consultant", "no_role_user"])
def test_other_roles_cannot_adopt(request, persona, company_b, muni_b):
    response = client_for(request.getfixturevalue(persona)).post(
        reverse(CREATE),
        {"adopt": "1", "company": str(company_b.uuid), "portfolio_municipality": muni_b.pk},
    )
    assert response.status_code == 404
    assert PortfolioEntry.objects.filter(company=company_b).count() == 1


def test_adopting_an_unknown_company_answers_404(officer_b, muni_b):
    response = client_for(officer_b).post(
        reverse(CREATE),
        {
            "adopt": "1",
            "company": "3f1c2d4e-0000-4000-8000-000000000000",
            "portfolio_municipality": muni_b.pk,
        },
    )
    assert response.status_code == 404
