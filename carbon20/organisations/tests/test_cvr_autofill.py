"""Entering a CVR number on the company form fills it from the CVR register (recorded answers)."""

import json

import httpx
import pytest
from django.urls import reverse

from carbon20.organisations.models import Company, Municipality, Site
from testsupport.cvr import connect, handler
from testsupport.fixtures import client_for as danish_client_for

pytestmark = pytest.mark.django_db

CREATE = reverse("organisations:company_create")
HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user):
    """The messages are checked in English; the Danish ones are the catalogue's."""
    client = danish_client_for(user)
    client.cookies["carbon20_language"] = "en"
    return client


@pytest.fixture
def register(settings):
    connect(settings)
    return settings


def _typed(officer_municipality, **overrides):
    data = {
        "cvr": "00009008",
        "name": "Fjordglimt Keramik ApS",
        "address": "Keramikervej 12B",
        "postcode": "5000",
        "city": "Odense C",
        "municipality": Municipality.objects.get(code=461).pk,
        "industry_code": "234100",
        "industry_text": "Keramik",
        "employee_band": "10-49",
        "portfolio_municipality": officer_municipality.pk,
    }
    data.update(overrides)
    return data


def test_without_a_connection_the_page_says_what_it_would_add(officer_a):
    response = client_for(officer_a).get(CREATE)
    assert response.status_code == 200
    assert 'data-testid="register-not-connected"' in response.text
    assert "hx-post" not in response.text


def test_with_a_connection_the_cvr_field_asks_the_register(officer_a, register):
    response = client_for(officer_a).get(CREATE)
    assert 'data-testid="register-not-connected"' not in response.text
    assert f'hx-post="{CREATE}"' in response.text


def test_entering_the_cvr_fills_the_form_and_lists_the_p_units(officer_a, muni_a, register):
    response = client_for(officer_a).post(
        CREATE, {"cvr": "0000 9008", "lookup": "1", "portfolio_municipality": muni_a.pk}, **HTMX
    )
    assert response.status_code == 200
    # The fragment only: the fields, not the page around them.
    assert "<html" not in response.text
    form = response.context["form"]
    assert form["name"].value() == "Fjordglimt Keramik ApS"
    assert form["address"].value() == "Keramikervej 12B"
    assert form["postcode"].value() == "5000"
    assert form["city"].value() == "Odense C"
    assert str(form["municipality"].value()) == str(Municipality.objects.get(code=461).pk)
    assert form["industry_code"].value() == "234100"
    assert "keramiske husholdningsartikler" in form["industry_text"].value()
    assert form["employee_band"].value() == "10-49"
    assert not form.errors
    assert "P 1900000011: Fjordglimt Keramik ApS, Keramikervej 12B, 5000 Odense C" in response.text
    assert "P 1900000029: Fjordglimt Keramik, lager, Lagervej 3, 5220 Odense SØ" in response.text
    assert "1900000037" not in response.text
    assert Company.objects.filter(cvr="00009008").count() == 0


def test_without_javascript_a_form_with_only_the_cvr_is_filled_not_saved(
    officer_a, muni_a, register
):
    response = client_for(officer_a).post(
        CREATE, {"cvr": "00009008", "portfolio_municipality": muni_a.pk}
    )
    assert response.status_code == 200
    assert "<html" in response.text
    assert response.context["form"]["name"].value() == "Fjordglimt Keramik ApS"
    assert not Company.objects.filter(cvr="00009008").exists()


def test_saving_stores_the_register_flags_and_the_chosen_p_units(officer_a, muni_a, register):
    data = _typed(muni_a, p_numbers=["1900000029"])
    response = client_for(officer_a).post(CREATE, data)
    company = Company.objects.get(cvr="00009008")
    assert response.status_code == 302
    assert company.register_status == "NORMAL"
    assert company.advertising_protected is False
    assert company.cvr_refreshed_at is not None
    site = Site.objects.get(company=company)
    assert (site.p_number, site.name, site.address, site.postcode, site.city) == (
        "1900000029",
        "Fjordglimt Keramik, lager",
        "Lagervej 3",
        "5220",
        "Odense SØ",
    )
    assert site.municipality.code == 461


def test_the_register_decides_advertising_protection_not_the_form(officer_a, muni_a, register):
    data = _typed(muni_a, cvr="00009024", name="Næstved Stålsmedie A/S", advertising_protected="")
    client_for(officer_a).post(CREATE, data)
    assert Company.objects.get(cvr="00009024").advertising_protected is True


def test_an_interval_across_two_bands_leaves_the_band_to_the_officer(officer_a, muni_a, register):
    response = client_for(officer_a).post(
        CREATE, {"cvr": "00009024", "lookup": "1", "employee_band": ""}, **HTMX
    )
    assert response.context["form"]["employee_band"].value() == ""
    assert "advertising protected (reklamebeskyttet)" in response.text


def test_a_p_unit_not_offered_by_the_register_is_refused(officer_a, muni_a, register):
    response = client_for(officer_a).post(CREATE, _typed(muni_a, p_numbers=["1234567890"]))
    assert response.status_code == 200
    assert "p_numbers" in response.context["form"].errors
    assert not Company.objects.filter(cvr="00009008").exists()


def test_an_unknown_cvr_is_named_at_the_field(officer_a, muni_a, register):
    response = client_for(officer_a).post(CREATE, {"cvr": "00009032", "lookup": "1"}, **HTMX)
    errors = response.context["form"].errors
    assert list(errors) == ["cvr"]
    assert "has no company with CVR number 00009032" in errors["cvr"][0]
    saved = client_for(officer_a).post(CREATE, _typed(muni_a, cvr="00009032"))
    assert "cvr" in saved.context["form"].errors
    assert not Company.objects.filter(cvr="00009032").exists()


def test_a_ceased_company_is_named_at_the_field_and_not_saved(officer_a, muni_a, register):
    response = client_for(officer_a).post(CREATE, {"cvr": "00009016", "lookup": "1"}, **HTMX)
    assert "as ceased (OPHØRT)" in response.context["form"].errors["cvr"][0]
    assert response.context["form"]["name"].value() in (None, "")
    saved = client_for(officer_a).post(CREATE, _typed(muni_a, cvr="00009016", name="Vejle"))
    assert "as ceased" in saved.context["form"].errors["cvr"][0]
    assert not Company.objects.filter(cvr="00009016").exists()


def test_a_cvr_with_a_wrong_check_digit_is_not_sent_to_the_register(officer_a, register):
    response = client_for(officer_a).post(CREATE, {"cvr": "00009009", "lookup": "1"}, **HTMX)
    assert "the check digit does not match" in response.context["form"].errors["cvr"][0]


def _slow(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("slow", request=request)


def slow_transport() -> httpx.MockTransport:
    return httpx.MockTransport(_slow)


def refusing_transport() -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(401))


def test_a_timeout_says_so_and_the_form_still_saves(officer_a, muni_a, register):
    register.CVR_TRANSPORT = f"{__name__}.slow_transport"
    response = client_for(officer_a).post(CREATE, {"cvr": "00009008", "lookup": "1"}, **HTMX)
    assert "did not answer in time" in response.context["form"].errors["cvr"][0]
    saved = client_for(officer_a).post(CREATE, _typed(muni_a), follow=True)
    company = Company.objects.get(cvr="00009008")
    assert company.cvr_refreshed_at is None
    assert "will be fetched tonight" in saved.text


def test_refused_credentials_are_explained(officer_a, register):
    register.CVR_TRANSPORT = f"{__name__}.refusing_transport"
    response = client_for(officer_a).post(CREATE, {"cvr": "00009008", "lookup": "1"}, **HTMX)
    assert "refused the platform's user name" in response.context["form"].errors["cvr"][0]


def test_an_unreadable_answer_is_explained(officer_a, register):
    register.CVR_TRANSPORT = f"{__name__}.garbled_transport"
    response = client_for(officer_a).post(CREATE, {"cvr": "00009008", "lookup": "1"}, **HTMX)
    assert "could not be read" in response.context["form"].errors["cvr"][0]


def garbled_transport() -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(200, text="<html></html>"))


def test_the_recorded_service_wants_basic_auth():
    answer = handler(httpx.Request("POST", "http://distribution.virk.dk/x", content=b"{}"))
    assert answer.status_code == 401


@pytest.mark.parametrize("persona", ["company_user", "consultant", "no_role_user"])
def test_only_those_who_manage_companies_may_look_up(persona, request, register):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(CREATE, {"cvr": "00009008", "lookup": "1"}, **HTMX)
    assert response.status_code == 404


def test_a_cvr_already_on_the_platform_leads_to_it_before_asking_the_register(
    officer_a, company_a, register
):
    register.CVR_TRANSPORT = f"{__name__}.refusing_transport"
    response = client_for(officer_a).post(CREATE, {"cvr": company_a.cvr, "lookup": "1"})
    assert response.status_code == 302
    assert response.url == company_a.get_absolute_url()


def test_a_form_error_keeps_the_p_units_and_the_choice(officer_a, muni_a, register):
    response = client_for(officer_a).post(
        CREATE, _typed(muni_a, postcode="", p_numbers=["1900000029"])
    )
    assert response.status_code == 200
    assert "postcode" in response.context["form"].errors
    assert response.context["form"]["p_numbers"].value() == ["1900000029"]
    assert 'value="1900000029"' in response.text
    assert not Company.objects.filter(cvr="00009008").exists()


def abroad_transport() -> httpx.MockTransport:
    """The recorded answers with a P-unit abroad (no municipality) and a seven-digit code."""

    def answer(request: httpx.Request) -> httpx.Response:
        data = json.loads(handler(request).content)
        for hit in data["hits"]["hits"]:
            source = hit["_source"]
            if "VrproduktionsEnhed" in source:
                address = source["VrproduktionsEnhed"]["produktionsEnhedMetadata"][
                    "nyesteBeliggenhedsadresse"
                ]
                address["kommune"] = None
            else:
                metadata = source["Vrvirksomhed"]["virksomhedMetadata"]
                metadata["nyesteHovedbranche"]["branchekode"] = "2341000"
        return httpx.Response(200, json=data)

    return httpx.MockTransport(answer)


def test_a_p_unit_abroad_cannot_be_a_site_and_an_odd_code_is_left_blank(
    officer_a, muni_a, register
):
    register.CVR_TRANSPORT = f"{__name__}.abroad_transport"
    looked_up = client_for(officer_a).post(CREATE, {"cvr": "00009008", "lookup": "1"}, **HTMX)
    assert looked_up.context["form"]["industry_code"].value() in (None, "")
    response = client_for(officer_a).post(CREATE, _typed(muni_a, p_numbers=["1900000029"]))
    assert (
        "lie outside the Danish municipalities" in response.context["form"].errors["p_numbers"][0]
    )
    assert not Company.objects.filter(cvr="00009008").exists()
