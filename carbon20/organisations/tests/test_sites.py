import pytest
from django.urls import reverse

from carbon20.organisations.models import Site
from testsupport.fixtures import client_for, make_site

pytestmark = pytest.mark.django_db


def _site_data(municipality, **overrides):
    data = {
        "p_number": "1012345678",
        "name": "Hovedfabrikken",
        "address": "Fabriksvej 3",
        "postcode": "2620",
        "city": "Albertslund",
        "municipality": municipality.pk,
        "floor_area_m2": "1.250",
        "employees": "14",
    }
    data.update(overrides)
    return data


def test_officer_adds_a_site(officer_a, company_a, muni_a):
    client = client_for(officer_a)
    url = reverse("organisations:site_create", args=[company_a.uuid])
    assert client.get(url).status_code == 200
    response = client.post(url, _site_data(muni_a))
    assert response.status_code == 302
    assert response["Location"] == company_a.get_absolute_url()
    site = Site.objects.get(p_number="1012345678")
    assert site.company == company_a
    # Danish thousands separator in the number field.
    assert site.floor_area_m2 == 1250
    detail = client.get(company_a.get_absolute_url())
    assert "1012345678" in detail.text


def test_coordinator_adds_a_site(coordinator, company_a, muni_a):
    response = client_for(coordinator).post(
        reverse("organisations:site_create", args=[company_a.uuid]), _site_data(muni_a)
    )
    assert response.status_code == 302
    assert Site.objects.filter(company=company_a, p_number="1012345678").exists()


def test_p_number_with_spaces_is_normalised(officer_a, company_a, muni_a):
    client_for(officer_a).post(
        reverse("organisations:site_create", args=[company_a.uuid]),
        _site_data(muni_a, p_number="10 1234 5678"),
    )
    assert Site.objects.filter(p_number="1012345678").exists()


@pytest.mark.parametrize(
    ("p_number", "message"),
    [
        ("10123A5678", "Et P-nummer må kun indeholde cifre."),
        ("101234567", "Et P-nummer har præcis 10 cifre."),
    ],
)
def test_bad_p_number_is_refused(officer_a, company_a, muni_a, p_number, message):
    count = Site.objects.count()
    response = client_for(officer_a).post(
        reverse("organisations:site_create", args=[company_a.uuid]),
        _site_data(muni_a, p_number=p_number),
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors["p_number"]
    assert Site.objects.count() == count


def test_p_number_of_another_site_is_refused(officer_a, company_a, muni_a):
    existing = company_a.sites.get()
    response = client_for(officer_a).post(
        reverse("organisations:site_create", args=[company_a.uuid]),
        _site_data(muni_a, p_number=existing.p_number),
    )
    assert response.status_code == 200
    assert "p_number" in response.context["form"].errors
    assert company_a.sites.count() == 1


def test_officer_edits_a_site(officer_a, company_a, muni_a):
    site = company_a.sites.get()
    url = reverse("organisations:site_edit", args=[company_a.uuid, site.uuid])
    client = client_for(officer_a)
    assert client.get(url).status_code == 200
    response = client.post(url, _site_data(muni_a, p_number=site.p_number, name="Lageret"))
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.name == "Lageret"


@pytest.mark.parametrize("persona", ["officer_b", "company_user", "consultant", "no_role_user"])
def test_others_cannot_add_or_edit_sites(request, persona, company_a, muni_a):
    client = client_for(request.getfixturevalue(persona))
    site = company_a.sites.get()
    create = reverse("organisations:site_create", args=[company_a.uuid])
    edit = reverse("organisations:site_edit", args=[company_a.uuid, site.uuid])
    assert client.get(create).status_code == 404
    assert client.post(create, _site_data(muni_a)).status_code == 404
    assert client.get(edit).status_code == 404
    assert client.post(edit, _site_data(muni_a, name="Overtaget")).status_code == 404
    site.refresh_from_db()
    assert site.name != "Overtaget"
    assert not Site.objects.filter(p_number="1012345678").exists()


def test_site_of_another_company_answers_404(officer_a, company_a, company_b):
    """A site is reached only through its own company."""
    foreign_site = make_site(company_b)
    url = reverse("organisations:site_edit", args=[company_a.uuid, foreign_site.uuid])
    assert client_for(officer_a).get(url).status_code == 404


def test_anonymous_is_sent_to_login(company_a):
    url = reverse("organisations:site_create", args=[company_a.uuid])
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
