import pytest
from django.urls import reverse

from carbon20.organisations.models import Company, PortfolioEntry
from testsupport.fixtures import client_for, make_company

pytestmark = pytest.mark.django_db

LIST = "organisations:company_list"


def _company_data(municipality, **overrides):
    data = {
        "cvr": "12345674",
        "name": "Ny Virksomhed ApS",
        "address": "Nyvej 1",
        "postcode": "2620",
        "city": "Albertslund",
        "municipality": municipality.pk,
        "industry_code": "310100",
        "industry_text": "Møbelsnedkeri",
        "employee_band": "10-49",
        "website": "https://ny.example.dk",
        "portfolio_municipality": municipality.pk,
    }
    data.update(overrides)
    return data


def test_officer_lists_only_own_portfolio(officer_a, company_a, company_b):
    response = client_for(officer_a).get(reverse(LIST))
    assert response.status_code == 200
    assert company_a.name in response.text
    assert company_b.name not in response.text


def test_coordinator_lists_the_programmes_companies(coordinator, company_a, company_b):
    response = client_for(coordinator).get(reverse(LIST))
    assert company_a.name in response.text
    assert company_b.name in response.text


def test_superuser_lists_every_company(superuser, company_a, company_b):
    response = client_for(superuser).get(reverse(LIST))
    assert company_a.name in response.text
    assert company_b.name in response.text


@pytest.mark.parametrize("persona", ["company_user", "consultant", "no_role_user"])
def test_other_roles_cannot_list_companies(request, persona):
    response = client_for(request.getfixturevalue(persona)).get(reverse(LIST))
    assert response.status_code == 404


def test_anonymous_is_sent_to_login():
    response = client_for(None).get(reverse(LIST))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_search_by_name_and_by_cvr(officer_a, muni_a, company_a):
    other = make_company(muni_a, "Kanalens Kantine I/S")
    client = client_for(officer_a)
    by_name = client.get(reverse(LIST), {"q": "kantine"})
    assert other.name in by_name.text
    assert company_a.name not in by_name.text
    # People paste CVR numbers as "DK 1234 5678".
    spaced = f"DK {company_a.cvr[:4]} {company_a.cvr[4:]}"
    by_cvr = client.get(reverse(LIST), {"q": spaced})
    assert company_a.name in by_cvr.text
    assert other.name not in by_cvr.text


def test_filter_by_municipality(coordinator, company_a, company_b, muni_b):
    response = client_for(coordinator).get(reverse(LIST), {"municipality": muni_b.slug})
    assert company_b.name in response.text
    assert company_a.name not in response.text


def test_list_is_paginated(officer_a, muni_a):
    for number in range(30):
        make_company(muni_a, f"Virksomhed {number:02d} ApS")
    client = client_for(officer_a)
    first = client.get(reverse(LIST))
    assert "Virksomhed 00 ApS" in first.text
    assert "Virksomhed 29 ApS" not in first.text
    second = client.get(reverse(LIST), {"page": 2})
    assert "Virksomhed 29 ApS" in second.text
    assert "Side 2 af 2" in second.text


def test_empty_list_says_what_to_do(officer_a):
    response = client_for(officer_a).get(reverse(LIST), {"q": "findes ikke"})
    assert "Ingen virksomheder matcher" in response.text


def test_htmx_search_returns_only_the_table(officer_a, company_a):
    response = client_for(officer_a).get(reverse(LIST), {"q": "Albert"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert company_a.name in response.text
    assert "<html" not in response.text
    assert response.templates[0].name == "organisations/_company_table.html"


@pytest.mark.parametrize("persona", ["officer_a", "coordinator", "company_user", "superuser"])
def test_detail_for_those_who_may_see_it(request, persona, company_a):
    response = client_for(request.getfixturevalue(persona)).get(company_a.get_absolute_url())
    assert response.status_code == 200
    assert company_a.cvr in response.text


@pytest.mark.parametrize("persona", ["officer_b", "consultant", "no_role_user"])
def test_detail_answers_404_to_others(request, persona, company_a):
    response = client_for(request.getfixturevalue(persona)).get(company_a.get_absolute_url())
    assert response.status_code == 404


def test_detail_of_unknown_company_answers_404(officer_a):
    url = reverse("organisations:company_detail", args=["3f1c2d4e-0000-4000-8000-000000000000"])
    assert client_for(officer_a).get(url).status_code == 404


def test_company_user_sees_no_edit_links(company_user, company_a):
    response = client_for(company_user).get(company_a.get_absolute_url())
    assert reverse("organisations:company_edit", args=[company_a.uuid]) not in response.text
    assert reverse("organisations:site_create", args=[company_a.uuid]) not in response.text


@pytest.mark.parametrize("persona", ["officer_a", "coordinator"])
def test_create_a_company(request, persona, muni_a):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("organisations:company_create")).status_code == 200
    response = client.post(reverse("organisations:company_create"), _company_data(muni_a))
    company = Company.objects.get(cvr="12345674")
    assert response.status_code == 302
    assert response["Location"] == company.get_absolute_url()
    entry = PortfolioEntry.objects.get(company=company)
    assert entry.municipality == muni_a
    assert entry.added_by == request.getfixturevalue(persona)


def test_officer_cannot_put_a_company_in_another_municipalitys_portfolio(officer_a, muni_b):
    response = client_for(officer_a).post(
        reverse("organisations:company_create"),
        _company_data(muni_b, portfolio_municipality=muni_b.pk),
    )
    assert response.status_code == 200
    assert "portfolio_municipality" in response.context["form"].errors
    assert not Company.objects.filter(cvr="12345674").exists()


@pytest.mark.parametrize("persona", ["company_user", "consultant", "no_role_user"])
def test_other_roles_cannot_create(request, persona, muni_a):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("organisations:company_create")).status_code == 404
    response = client.post(reverse("organisations:company_create"), _company_data(muni_a))
    assert response.status_code == 404
    assert not Company.objects.filter(cvr="12345674").exists()


@pytest.mark.parametrize("persona", ["officer_a", "coordinator"])
def test_edit_register_data(request, persona, company_a, muni_a):
    client = client_for(request.getfixturevalue(persona))
    url = reverse("organisations:company_edit", args=[company_a.uuid])
    assert client.get(url).status_code == 200
    original_cvr = company_a.cvr
    response = client.post(url, _company_data(muni_a, name="Omdøbt ApS", cvr="12345674"))
    assert response.status_code == 302
    company_a.refresh_from_db()
    assert company_a.name == "Omdøbt ApS"
    # The CVR is a company's identity and cannot be edited.
    assert company_a.cvr == original_cvr


@pytest.mark.parametrize("persona", ["officer_b", "company_user", "consultant", "no_role_user"])
def test_others_cannot_edit(request, persona, company_a, muni_a):
    client = client_for(request.getfixturevalue(persona))
    url = reverse("organisations:company_edit", args=[company_a.uuid])
    assert client.get(url).status_code == 404
    assert client.post(url, _company_data(muni_a, name="Overtaget")).status_code == 404
    company_a.refresh_from_db()
    assert company_a.name != "Overtaget"
