import pytest

from carbon20.accounts.models import Role
from carbon20.organisations.models import Company, Municipality, PortfolioEntry, Site
from testsupport.fixtures import make_company, make_site, make_user, next_cvr

pytestmark = pytest.mark.django_db

COMPANIES = "/api/v1/companies/"
SITES = "/api/v1/sites/"


def company_payload(muni, **overrides):
    return {
        "cvr": next_cvr(),
        "name": "Ny Virksomhed ApS",
        "address": "Hovedgaden 1",
        "postcode": "2620",
        "city": "Albertslund",
        "municipality": muni.slug,
        "portfolio_municipality": muni.slug,
        **overrides,
    }


def bad_checksum(cvr: str) -> str:
    return cvr[:-1] + str((int(cvr[-1]) + 1) % 10)


# Companies: reading


def test_officer_lists_the_companies_of_their_portfolio(api_for, officer_a, company_a, company_b):
    response = api_for(officer_a).get(COMPANIES)
    assert response.status_code == 200
    body = response.json()
    assert [c["uuid"] for c in body["results"]] == [str(company_a.uuid)]
    assert body["results"][0]["portfolio"] == ["albertslund"]
    assert body["results"][0]["sites"] == [str(company_a.sites.get().uuid)]


def test_coordinator_reads_the_companies_of_the_programme(
    api_for, coordinator, company_a, company_b
):
    body = api_for(coordinator).get(COMPANIES).json()
    assert {c["uuid"] for c in body["results"]} == {str(company_a.uuid), str(company_b.uuid)}


def test_company_user_sees_only_their_company(api_for, company_user, company_a, company_b):
    body = api_for(company_user).get(COMPANIES).json()
    assert [c["uuid"] for c in body["results"]] == [str(company_a.uuid)]


def test_consultant_and_user_without_role_see_no_company(
    api_for, consultant, no_role_user, company_a
):
    for user in (consultant, no_role_user):
        assert len(api_for(user).get(COMPANIES).json()["results"]) == 0
        assert api_for(user).get(f"{COMPANIES}{company_a.uuid}/").status_code == 404


def test_another_municipalitys_company_is_404(api_for, officer_b, company_a):
    response = api_for(officer_b).get(f"{COMPANIES}{company_a.uuid}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("size", [3, 12])
def test_the_company_list_has_a_bounded_query_count(
    api_for, officer_a, muni_a, size, django_assert_max_num_queries
):
    for index in range(size):
        make_site(make_company(muni_a, f"Virksomhed {index}"))
    client = api_for(officer_a)
    # token, roles, page, portfolio and sites prefetches, last_used update
    with django_assert_max_num_queries(8):
        response = client.get(COMPANIES)
    assert len(response.json()["results"]) == size


def test_companies_filter_by_municipality_and_updated_since(
    api_for, coordinator, company_a, company_b
):
    client = api_for(coordinator)
    body = client.get(COMPANIES, {"municipality": "herning"}).json()
    assert [c["uuid"] for c in body["results"]] == [str(company_b.uuid)]
    Company.objects.filter(pk=company_a.pk).update(updated_at="2020-01-01T00:00:00Z")
    Company.objects.filter(pk=company_b.pk).update(updated_at="2026-01-01T00:00:00Z")
    body = client.get(COMPANIES, {"updated_since": "2025-06-01T00:00:00+01:00"}).json()
    assert [c["uuid"] for c in body["results"]] == [str(company_b.uuid)]


def test_a_bad_filter_value_is_a_400_at_the_parameter(api_for, officer_a):
    response = api_for(officer_a).get(COMPANIES, {"updated_since": "yesterday"})
    assert response.status_code == 400
    assert response.json()["field"] == "updated_since"
    assert response.json()["code"] == "invalid"


# Companies: writing


def test_officer_creates_a_company_into_their_portfolio(api_for, officer_a, muni_a):
    payload = company_payload(muni_a)
    payload["cvr"] = f"DK {payload['cvr'][:4]} {payload['cvr'][4:]}"
    response = api_for(officer_a).post(COMPANIES, payload)
    assert response.status_code == 201, response.json()
    company = Company.objects.get(uuid=response.json()["uuid"])
    assert company.cvr == payload["cvr"].replace("DK ", "").replace(" ", "")
    assert PortfolioEntry.objects.get(company=company).municipality == muni_a
    assert response.json()["portfolio"] == [muni_a.slug]


def test_a_wrong_cvr_check_digit_is_refused_at_the_cvr_field(api_for, officer_a, muni_a):
    response = api_for(officer_a).post(
        COMPANIES, company_payload(muni_a, cvr=bad_checksum(next_cvr()))
    )
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == ("cvr_checksum", "cvr")
    assert not Company.objects.exists()


def test_every_invalid_field_is_reported(api_for, officer_a, muni_a):
    response = api_for(officer_a).post(
        COMPANIES, company_payload(muni_a, cvr="1234", postcode="12", industry_code="12")
    )
    assert response.status_code == 400
    errors = {(e["field"], e["code"]) for e in response.json()["errors"]}
    assert errors == {
        ("cvr", "cvr_length"),
        ("postcode", "postcode"),
        ("industry_code", "industry_code"),
    }


def test_an_existing_cvr_answers_409_with_its_register_data(api_for, officer_b, company_a, muni_b):
    response = api_for(officer_b).post(COMPANIES, company_payload(muni_b, cvr=company_a.cvr))
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["field"]) == ("cvr_exists", "cvr")
    assert body["company"]["uuid"] == str(company_a.uuid)
    assert body["company"]["name"] == company_a.name
    # Officer B cannot see it yet, so there is no address to follow, only the adoption.
    assert "url" not in body
    assert Company.objects.count() == 1


def test_an_existing_visible_cvr_answers_its_address(api_for, officer_a, company_a, muni_a):
    body = api_for(officer_a).post(COMPANIES, company_payload(muni_a, cvr=company_a.cvr)).json()
    assert body["code"] == "cvr_exists"
    assert body["url"].endswith(f"/api/v1/companies/{company_a.uuid}/")


def test_an_officer_adopts_a_registered_company(api_for, officer_b, company_a, muni_b):
    client = api_for(officer_b)
    response = client.post(
        f"{COMPANIES}adopt/", {"cvr": company_a.cvr, "portfolio_municipality": muni_b.slug}
    )
    assert response.status_code == 200
    assert response.json()["portfolio"] == [muni_b.slug]
    assert client.get(f"{COMPANIES}{company_a.uuid}/").status_code == 200


def test_adoption_is_only_into_ones_own_municipality(api_for, officer_b, company_a, muni_a):
    response = api_for(officer_b).post(
        f"{COMPANIES}adopt/", {"cvr": company_a.cvr, "portfolio_municipality": muni_a.slug}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "portfolio_municipality"


def test_adopting_an_unknown_cvr_is_refused(api_for, officer_b, muni_b):
    response = api_for(officer_b).post(
        f"{COMPANIES}adopt/", {"cvr": next_cvr(), "portfolio_municipality": muni_b.slug}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "cvr_unknown"


def test_a_company_cannot_go_into_another_municipalitys_portfolio(api_for, officer_a, muni_b):
    response = api_for(officer_a).post(COMPANIES, company_payload(muni_b))
    assert response.status_code == 400
    assert response.json()["field"] == "portfolio_municipality"
    assert not Company.objects.exists()


@pytest.mark.parametrize("persona", ["company_user", "consultant", "no_role_user"])
def test_other_roles_may_not_create_companies(api_for, persona, request, muni_a):
    user = request.getfixturevalue(persona)
    response = api_for(user).post(COMPANIES, company_payload(muni_a))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_officer_updates_a_company_but_never_its_cvr(api_for, officer_a, company_a):
    client = api_for(officer_a)
    url = f"{COMPANIES}{company_a.uuid}/"
    response = client.patch(url, {"name": "Omdøbt ApS", "cvr": company_a.cvr})
    assert response.status_code == 200
    company_a.refresh_from_db()
    assert company_a.name == "Omdøbt ApS"
    response = client.patch(url, {"cvr": next_cvr()})
    assert (response.status_code, response.json()["code"]) == (400, "immutable")
    assert Company.objects.get(pk=company_a.pk).cvr == company_a.cvr


def test_a_site_never_moves_to_another_company(api_for, officer_a, company_a, muni_a):
    other = make_company(muni_a, "Anden ApS")
    site = company_a.sites.get()
    response = api_for(officer_a).patch(f"{SITES}{site.uuid}/", {"company": str(other.uuid)})
    assert (response.status_code, response.json()["code"]) == (400, "immutable")


def test_updating_another_municipalitys_company_is_404(api_for, officer_b, company_a):
    response = api_for(officer_b).patch(f"{COMPANIES}{company_a.uuid}/", {"name": "x"})
    assert response.status_code == 404
    company_a.refresh_from_db()
    assert company_a.name != "x"


def test_company_user_may_read_but_not_edit_their_company(api_for, company_user, company_a):
    client = api_for(company_user)
    assert client.get(f"{COMPANIES}{company_a.uuid}/").status_code == 200
    assert client.patch(f"{COMPANIES}{company_a.uuid}/", {"name": "x"}).status_code == 403


# Sites


def site_payload(company, muni, **overrides):
    return {
        "company": str(company.uuid),
        "p_number": "1012345678",
        "address": "Industrivej 4",
        "postcode": "2620",
        "city": "Albertslund",
        "municipality": muni.slug,
        **overrides,
    }


def test_officer_creates_a_site_for_their_company(api_for, officer_a, company_a, muni_a):
    response = api_for(officer_a).post(
        SITES, site_payload(company_a, muni_a, p_number="10 1234 5678")
    )
    assert response.status_code == 201, response.json()
    assert Site.objects.get(uuid=response.json()["uuid"]).p_number == "1012345678"


def test_a_p_number_must_have_ten_digits_and_be_new(api_for, officer_a, company_a, muni_a):
    client = api_for(officer_a)
    response = client.post(SITES, site_payload(company_a, muni_a, p_number="12345"))
    assert (response.json()["code"], response.json()["field"]) == ("p_number_length", "p_number")
    existing = company_a.sites.get().p_number
    response = client.post(SITES, site_payload(company_a, muni_a, p_number=existing))
    assert (response.json()["code"], response.json()["field"]) == ("p_number_exists", "p_number")


def test_a_site_cannot_be_added_to_another_municipalitys_company(
    api_for, officer_b, company_a, muni_b
):
    response = api_for(officer_b).post(SITES, site_payload(company_a, muni_b))
    assert response.status_code == 400
    assert response.json()["field"] == "company"
    assert response.json()["code"] == "does_not_exist"


def test_sites_are_read_by_those_who_see_the_company(
    api_for, officer_a, officer_b, company_user, company_a
):
    site = company_a.sites.get()
    assert api_for(officer_a).get(f"{SITES}{site.uuid}/").status_code == 200
    assert api_for(company_user).get(f"{SITES}{site.uuid}/").status_code == 200
    assert api_for(officer_b).get(f"{SITES}{site.uuid}/").status_code == 404
    assert len(api_for(officer_b).get(SITES).json()["results"]) == 0


def test_company_user_may_not_edit_sites(api_for, company_user, company_a):
    site = company_a.sites.get()
    response = api_for(company_user).patch(f"{SITES}{site.uuid}/", {"name": "x"})
    assert response.status_code == 403


def test_sites_filter_by_company(api_for, officer_a, company_a, muni_a):
    other = make_company(muni_a, "Anden ApS")
    make_site(other)
    body = api_for(officer_a).get(SITES, {"company": str(other.uuid)}).json()
    assert [s["company"] for s in body["results"]] == [str(other.uuid)]


@pytest.mark.parametrize("size", [2, 10])
def test_the_site_list_has_a_bounded_query_count(
    api_for, officer_a, muni_a, size, django_assert_max_num_queries
):
    company = make_company(muni_a)
    for _ in range(size):
        make_site(company)
    client = api_for(officer_a)
    with django_assert_max_num_queries(6):
        assert len(client.get(SITES).json()["results"]) == size


# Municipalities and programmes


def test_municipalities_are_those_the_user_works_in(api_for, officer_a, coordinator, muni_a):
    assert [
        m["slug"] for m in api_for(officer_a).get("/api/v1/municipalities/").json()["results"]
    ] == ["albertslund"]
    coordinated = api_for(coordinator).get("/api/v1/municipalities/").json()["results"]
    assert {m["slug"] for m in coordinated} == {"albertslund", "herning"}


def test_another_municipality_is_404(api_for, officer_b):
    assert api_for(officer_b).get("/api/v1/municipalities/albertslund/").status_code == 404
    assert api_for(officer_b).get("/api/v1/municipalities/herning/").json()["code"] == 657


def test_programmes_are_read_by_their_coordinator_and_officers(
    api_for, coordinator, officer_a, consultant, programme
):
    url = f"/api/v1/programmes/{programme.uuid}/"
    assert api_for(coordinator).get(url).json()["municipalities"] == ["albertslund", "herning"]
    assert api_for(officer_a).get(url).status_code == 200
    assert api_for(consultant).get(url).status_code == 404
    outsider = make_user(
        "officer.c@test.dk", Role.OFFICER, municipality=Municipality.objects.get(code=101)
    )
    assert len(api_for(outsider).get("/api/v1/programmes/").json()["results"]) == 0


def test_programmes_are_read_only(api_for, coordinator, programme):
    response = api_for(coordinator).patch(f"/api/v1/programmes/{programme.uuid}/", {"name": "x"})
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
