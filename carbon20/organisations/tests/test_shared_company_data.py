"""Adoption grants the register data only (decision 0017): an officer of B who adopts A's
company by its CVR reads its public register data, and none of what A's partnership
recorded: no consumption, no evidence, no renaming, in the pages and the API alike."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carbon20.api.tests.conftest import token_client
from carbon20.energy import services as energy_services
from carbon20.energy.models import ConsumptionRecord
from carbon20.organisations import services
from carbon20.organisations.models import Company, PortfolioEntry, Site
from carbon20.partnerships.tests.conftest import make_partnership
from testsupport.fixtures import client_for
from testsupport.pdfs import minimal_pdf

pytestmark = pytest.mark.django_db

PDF = minimal_pdf("bill")


@pytest.fixture
def record_a(company_a, officer_a):
    return energy_services.record_consumption(
        company=company_a,
        user=officer_a,
        site=None,
        carrier="electricity",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        quantity=Decimal("120"),
        unit="MWh",
        source="bill",
        heated_share_percent=None,
    )


@pytest.fixture
def adopted(company_a, muni_b, officer_b):
    services.adopt_company(cvr=company_a.cvr, municipality=muni_b, user=officer_b)
    return company_a


def test_adoption_is_tied_to_the_typed_cvr(officer_b, company_a, company_b, muni_b):
    """The hidden company id must belong to the CVR the officer typed."""
    other = Company.objects.create(
        cvr="10000017",
        name="Tredje ApS",
        address="Vej 1",
        postcode="7400",
        city="Herning",
        municipality=muni_b,
    )
    response = client_for(officer_b).post(
        reverse("organisations:company_create"),
        {
            "adopt": "1",
            "cvr": other.cvr,
            "company": str(company_a.uuid),
            "portfolio_municipality": muni_b.pk,
        },
    )
    assert response.status_code == 404
    assert not PortfolioEntry.objects.filter(company=company_a, municipality=muni_b).exists()
    assert not PortfolioEntry.objects.filter(company=other).exists()


def test_an_adoption_is_marked_and_the_registration_is_not(adopted, muni_a, muni_b):
    assert PortfolioEntry.objects.get(company=adopted, municipality=muni_b).adopted
    assert not PortfolioEntry.objects.get(company=adopted, municipality=muni_a).adopted


def test_adopting_officer_reads_the_register_data(adopted, officer_b):
    response = client_for(officer_b).get(adopted.get_absolute_url())
    assert response.status_code == 200
    assert adopted.name in response.text
    assert reverse("organisations:company_edit", args=[adopted.uuid]) not in response.text


def test_adopting_officer_sees_no_consumption_or_evidence(adopted, officer_b, record_a):
    record_a.evidence.save("regning.pdf", SimpleUploadedFile("regning.pdf", PDF))
    client = client_for(officer_b)
    for name, args in [
        ("energy:consumption_list", [adopted.uuid]),
        ("energy:consumption_add", [adopted.uuid]),
        ("energy:consumption_import", [adopted.uuid]),
        ("energy:consumption_evidence", [record_a.uuid]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    listing = client.get(reverse("energy:company_list"))
    assert adopted.name not in listing.text


def test_adopting_officer_cannot_write_consumption(adopted, officer_b):
    response = client_for(officer_b).post(
        reverse("energy:consumption_add", args=[adopted.uuid]),
        {
            "carrier": "electricity",
            "period_start": "01-01-2025",
            "period_end": "31-12-2025",
            "quantity": "10",
            "unit": "MWh",
            "source": "bill",
        },
    )
    assert response.status_code == 404
    assert not ConsumptionRecord.objects.exists()


def test_adopting_officer_cannot_rename_or_add_sites(adopted, officer_b):
    client = client_for(officer_b)
    edit = reverse("organisations:company_edit", args=[adopted.uuid])
    assert client.get(edit).status_code == 403
    response = client.post(edit, {"name": "Omdøbt ApS"})
    assert response.status_code == 403
    assert client.get(reverse("organisations:site_create", args=[adopted.uuid])).status_code == 403
    adopted.refresh_from_db()
    assert adopted.name == "Albertslund Testfabrik ApS"


def test_registering_officer_and_company_user_keep_their_data(
    adopted, officer_a, company_user, record_a
):
    for user in (officer_a, company_user):
        response = client_for(user).get(reverse("energy:consumption_list", args=[adopted.uuid]))
        assert response.status_code == 200
        assert response.context["page"].object_list[0] == record_a
    assert (
        client_for(officer_a)
        .get(reverse("organisations:company_edit", args=[adopted.uuid]))
        .status_code
        == 200
    )


def test_a_partnership_shares_the_companys_data(adopted, officer_b, muni_b, programme, record_a):
    """The company's own data is shared with the municipalities it works with."""
    make_partnership(adopted, officer_b, programme, municipality=muni_b)
    client = client_for(officer_b)
    response = client.get(reverse("energy:consumption_list", args=[adopted.uuid]))
    assert response.status_code == 200
    assert client.get(reverse("organisations:company_edit", args=[adopted.uuid])).status_code == 200


def test_api_adoption_marks_the_entry_and_refuses_an_unknown_cvr(officer_b, company_a, muni_b):
    client = token_client(officer_b)
    url = "/api/v1/companies/adopt/"
    unknown = client.post(
        url, {"cvr": "10000017", "portfolio_municipality": muni_b.slug}, format="json"
    )
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "cvr_unknown"
    response = client.post(
        url, {"cvr": company_a.cvr, "portfolio_municipality": muni_b.slug}, format="json"
    )
    assert response.status_code == 200
    assert PortfolioEntry.objects.get(company=company_a, municipality=muni_b).adopted


def test_api_gives_the_adopter_nothing_of_the_companys_data(adopted, officer_b, record_a):
    client = token_client(officer_b)
    listing = client.get("/api/v1/consumption-records/")
    assert listing.status_code == 200
    assert listing.json()["results"] == []
    assert client.get(f"/api/v1/consumption-records/{record_a.uuid}/").status_code == 404
    created = client.post(
        "/api/v1/consumption-records/",
        {
            "company": str(adopted.uuid),
            "carrier": "electricity",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "quantity": "1",
            "unit": "MWh",
            "source": "bill",
        },
        format="json",
    )
    assert created.status_code == 400
    assert created.json()["field"] == "company"
    renamed = client.patch(
        f"/api/v1/companies/{adopted.uuid}/", {"name": "Omdøbt ApS"}, format="json"
    )
    assert renamed.status_code == 403
    site = client.post(
        "/api/v1/sites/",
        {
            "company": str(adopted.uuid),
            "p_number": "1003388394",
            "address": "Vej 2",
            "postcode": "2620",
            "city": "Albertslund",
            "municipality": "albertslund",
        },
        format="json",
    )
    assert site.status_code == 403
    assert ConsumptionRecord.objects.count() == 1
    assert Site.objects.filter(company=adopted).count() == 1
    adopted.refresh_from_db()
    assert adopted.name == "Albertslund Testfabrik ApS"


def test_api_registering_officer_still_renames(adopted, officer_a):
    renamed = token_client(officer_a).patch(
        f"/api/v1/companies/{adopted.uuid}/", {"name": "Nyt Navn ApS"}, format="json"
    )
    assert renamed.status_code == 200
    adopted.refresh_from_db()
    assert adopted.name == "Nyt Navn ApS"


def test_adopting_officer_cannot_give_company_logins(adopted, officer_b, officer_a):
    from carbon20.core import tenancy

    assert not tenancy.may_manage_company_access(officer_b, adopted)
    assert tenancy.may_manage_company_access(officer_a, adopted)


def test_adoption_shows_no_meter_data_and_no_production(adopted, officer_a, officer_b):
    """Meter data and production are the company's own data like consumption: the adopting
    municipality sees the company page without them, and their pages and API answer 404."""
    from carbon20.energy.meter_models import MeteringPoint

    point = MeteringPoint.objects.create(
        company=adopted, gsrn="571313100000000017", price_area="DK2", source="eloverblik"
    )
    record = energy_services.record_production(
        company=adopted,
        user=officer_a,
        site=None,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 1, 31),
        quantity=Decimal("12"),
        unit="tonne",
        product="Brød",
    )
    page = client_for(officer_b).get(reverse("organisations:company_detail", args=[adopted.uuid]))
    assert page.status_code == 200
    assert point.gsrn not in page.content.decode()
    production = reverse("energy:production_list", args=[adopted.uuid])
    assert client_for(officer_b).get(production).status_code == 404
    assert client_for(officer_a).get(production).status_code == 200
    api = token_client(officer_b)
    assert api.get(f"/api/v1/metering-points/{point.uuid}/").status_code == 404
    assert api.get(f"/api/v1/production-records/{record.uuid}/").status_code == 404
    owner = token_client(officer_a)
    assert owner.get(f"/api/v1/production-records/{record.uuid}/").status_code == 200
