import pytest
from django.urls import reverse

from carbon20.core.testing.fixtures import client_for
from carbon20.organisations.models import Company, PortfolioEntry

pytestmark = pytest.mark.django_db


def test_officer_sees_own_company(officer_a, company_a, company_b):
    response = client_for(officer_a).get(reverse("organisations:company_list"))
    assert response.status_code == 200
    assert company_a.name in response.text
    assert company_b.name not in response.text


def test_officer_of_other_municipality_gets_404(officer_b, company_a):
    response = client_for(officer_b).get(company_a.get_absolute_url())
    assert response.status_code == 404


def test_company_user_cannot_list_companies(company_user):
    response = client_for(company_user).get(reverse("organisations:company_list"))
    assert response.status_code == 404


def test_create_with_existing_cvr_leads_to_adoption(officer_b, company_a, muni_b):
    client = client_for(officer_b)
    response = client.post(
        reverse("organisations:company_create"),
        {
            "cvr": company_a.cvr,
            "name": "Dublet",
            "address": "x",
            "postcode": "7400",
            "city": "H",
            "municipality": muni_b.pk,
            "portfolio_municipality": muni_b.pk,
        },
    )
    assert response.status_code == 200
    assert "Kontakt A" not in response.text
    assert Company.objects.filter(cvr=company_a.cvr).count() == 1
    response = client.post(
        reverse("organisations:company_create"),
        {"adopt": "1", "company": str(company_a.uuid), "portfolio_municipality": muni_b.pk},
    )
    assert response.status_code == 302
    assert PortfolioEntry.objects.filter(company=company_a, municipality=muni_b).exists()
    detail = client.get(company_a.get_absolute_url())
    assert detail.status_code == 200
    assert "Kontakt A" not in detail.text
