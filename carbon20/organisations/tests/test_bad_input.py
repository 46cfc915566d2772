"""Bad input is refused at its field, in the user's language, and nothing is saved."""

import pytest
from django.test import Client
from django.urls import reverse

from carbon20.core.demo import demo_cvr
from carbon20.organisations.models import Company, ContactPerson, Site
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db

DEMO_CVR = demo_cvr(987_654)


def _client(user, language):
    client = client_for(user)
    if language == "en":
        client.cookies["carbon20_language"] = "en"
    return client


def _company(municipality, **overrides):
    data = {
        "cvr": "12345674",
        "name": "Fejlfri ApS",
        "address": "Fejlvej 1",
        "postcode": "2620",
        "city": "Albertslund",
        "municipality": municipality.pk,
        "portfolio_municipality": municipality.pk,
    }
    data.update(overrides)
    return data


CVR_CASES = [
    # value, Danish, English
    ("1234567", "Et CVR-nummer har præcis 8 cifre.", "A CVR number has exactly 8 digits."),
    ("123456745", "Et CVR-nummer har præcis 8 cifre.", "A CVR number has exactly 8 digits."),
    (
        "1234567A",
        "Et CVR-nummer må kun indeholde cifre.",
        "A CVR number may only contain digits.",
    ),
    (
        "12345678",
        "12345678 er ikke et gyldigt CVR-nummer: kontrolcifret passer ikke.",
        "12345678 is not a valid CVR number: the check digit does not match.",
    ),
]


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize(("cvr", "danish", "english"), CVR_CASES)
def test_bad_cvr(officer_a, muni_a, language, cvr, danish, english):
    response = _client(officer_a, language).post(
        reverse("organisations:company_create"), _company(muni_a, cvr=cvr)
    )
    assert response.status_code == 200
    expected = danish if language == "da" else english
    assert response.context["form"].errors["cvr"] == [expected]
    # The message stands at the field, linked to it for screen readers.
    assert 'id="id_cvr_error"' in response.text
    assert expected in response.text
    assert not Company.objects.filter(name="Fejlfri ApS").exists()


def test_demo_cvr_is_refused_outside_demo_mode(settings, officer_a, muni_a):
    settings.DEMO_MODE = False
    response = client_for(officer_a).post(
        reverse("organisations:company_create"), _company(muni_a, cvr=DEMO_CVR)
    )
    assert response.context["form"].errors["cvr"] == [
        "CVR-numre, der begynder med 0, udstedes aldrig; de bruges kun til demodata."
    ]
    assert not Company.objects.filter(name="Fejlfri ApS").exists()


def test_demo_cvr_is_accepted_in_demo_mode(settings, officer_a, muni_a):
    settings.DEMO_MODE = True
    response = client_for(officer_a).post(
        reverse("organisations:company_create"), _company(muni_a, cvr=DEMO_CVR)
    )
    assert response.status_code == 302
    assert Company.objects.get(name="Fejlfri ApS").cvr == DEMO_CVR


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", "Et dansk postnummer har 4 cifre mellem 0800 og 9990."),
        ("en", "A Danish postcode has 4 digits between 0800 and 9990."),
    ],
)
@pytest.mark.parametrize("postcode", ["0799", "9991", "12a4"])
def test_postcode_outside_the_danish_range(officer_a, muni_a, language, expected, postcode):
    response = _client(officer_a, language).post(
        reverse("organisations:company_create"), _company(muni_a, postcode=postcode)
    )
    assert response.context["form"].errors["postcode"] == [expected]
    assert not Company.objects.filter(name="Fejlfri ApS").exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("da", "Et P-nummer må kun indeholde cifre."), ("en", "A P-number may only contain digits.")],
)
def test_p_number_with_letters(officer_a, company_a, muni_a, language, expected):
    response = _client(officer_a, language).post(
        reverse("organisations:site_create", args=[company_a.uuid]),
        {
            "p_number": "10123456AB",
            "address": "Fabriksvej 3",
            "postcode": "2620",
            "city": "Albertslund",
            "municipality": muni_a.pk,
        },
    )
    assert response.context["form"].errors["p_number"] == [expected]
    assert 'id="id_p_number_error"' in response.text
    assert Site.objects.filter(company=company_a).count() == 1


@pytest.mark.parametrize(
    ("language", "expected"),
    [("da", "Angiv en gyldig e-mailadresse."), ("en", "Enter a valid email address.")],
)
def test_email_without_at(officer_a, company_a, muni_a, language, expected):
    response = _client(officer_a, language).post(
        reverse("organisations:contact_create", args=[company_a.uuid]),
        {"name": "Uden Snabel-a", "email": "uden.snabel-a.dk", "municipality": muni_a.pk},
    )
    assert response.context["form"].errors["email"] == [expected]
    assert 'id="id_email_error"' in response.text
    assert not ContactPerson.objects.filter(name="Uden Snabel-a").exists()


def test_accept_language_header_chooses_english(officer_a, muni_a):
    client = client_for(officer_a, client=Client(HTTP_ACCEPT_LANGUAGE="en"))
    response = client.post(reverse("organisations:company_create"), _company(muni_a, cvr="1234"))
    assert response.context["form"].errors["cvr"] == ["A CVR number has exactly 8 digits."]


def test_several_bad_fields_are_all_named(officer_a, muni_a):
    response = client_for(officer_a).post(
        reverse("organisations:company_create"),
        _company(muni_a, cvr="1234567A", postcode="0100"),
    )
    assert set(response.context["form"].errors) == {"cvr", "postcode"}
    assert not Company.objects.filter(name="Fejlfri ApS").exists()
