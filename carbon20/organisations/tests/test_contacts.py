import pytest
from django.urls import reverse

from carbon20.organisations.models import ContactPerson
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db


def _contact_data(**overrides):
    data = {
        "name": "Lise Kjær",
        "title": "Driftschef",
        "email": "lise@virksomhed.example.dk",
        "phone": "+45 43 00 00 00",
        "is_management": "on",
    }
    data.update(overrides)
    return data


def test_officer_records_a_contact_for_their_municipality(officer_a, company_a, muni_a):
    client = client_for(officer_a)
    url = reverse("organisations:contact_create", args=[company_a.uuid])
    page = client.get(url)
    assert page.status_code == 200
    # One municipality to record for: no choice is offered.
    assert page.context["form"].fields["municipality"].widget.is_hidden
    response = client.post(url, _contact_data(municipality=muni_a.pk))
    assert response.status_code == 302
    contact = ContactPerson.objects.get(name="Lise Kjær")
    assert contact.municipality == muni_a
    assert contact.company == company_a
    assert contact.is_management and not contact.is_landlord


def test_coordinator_records_a_contact(coordinator, company_a, muni_a):
    response = client_for(coordinator).post(
        reverse("organisations:contact_create", args=[company_a.uuid]),
        _contact_data(municipality=muni_a.pk),
    )
    assert response.status_code == 302
    assert ContactPerson.objects.get(name="Lise Kjær").municipality == muni_a


def test_officer_cannot_record_for_a_municipality_outside_the_portfolio(
    officer_ab, company_a, muni_b
):
    """officer_ab works for A and B, but only A has company_a in its portfolio."""
    response = client_for(officer_ab).post(
        reverse("organisations:contact_create", args=[company_a.uuid]),
        _contact_data(municipality=muni_b.pk),
    )
    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    # The choice is a hidden field here, so its error is shown above the form.
    assert 'class="alert alert-error"' in response.text
    assert not ContactPerson.objects.filter(name="Lise Kjær").exists()


def test_officer_of_two_municipalities_chooses_who_records(officer_ab, shared_company, muni_b):
    client = client_for(officer_ab)
    url = reverse("organisations:contact_create", args=[shared_company.uuid])
    field = client.get(url).context["form"].fields["municipality"]
    assert not field.widget.is_hidden
    assert client.post(url, _contact_data(municipality=muni_b.pk)).status_code == 302
    assert ContactPerson.objects.get(name="Lise Kjær").municipality == muni_b


@pytest.mark.parametrize("email", ["lise.virksomhed.dk", "lise@", "@virksomhed.dk"])
def test_email_without_valid_form_is_refused(officer_a, company_a, muni_a, email):
    response = client_for(officer_a).post(
        reverse("organisations:contact_create", args=[company_a.uuid]),
        _contact_data(email=email, municipality=muni_a.pk),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Angiv en gyldig e-mailadresse."]
    assert not ContactPerson.objects.filter(name="Lise Kjær").exists()


def test_officer_edits_own_contact(officer_a, company_a):
    contact = company_a.contacts.get()
    client = client_for(officer_a)
    url = reverse("organisations:contact_edit", args=[company_a.uuid, contact.uuid])
    page = client.get(url)
    assert page.status_code == 200
    # A contact stays with the municipality that recorded it.
    assert "municipality" not in page.context["form"].fields
    response = client.post(url, _contact_data(name="Kontakt A", title="Direktør"))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.title == "Direktør"


def test_company_page_hides_other_municipalities_contacts(officer_a, officer_b, shared_company):
    page_a = client_for(officer_a).get(shared_company.get_absolute_url())
    assert "Anna Albertslund" in page_a.text
    assert "Bent Herning" not in page_a.text
    page_b = client_for(officer_b).get(shared_company.get_absolute_url())
    assert "Bent Herning" in page_b.text
    assert "Anna Albertslund" not in page_b.text


def test_officer_cannot_edit_other_municipalitys_contact(officer_b, shared_company):
    contact_a = shared_company.contacts.get(name="Anna Albertslund")
    url = reverse("organisations:contact_edit", args=[shared_company.uuid, contact_a.uuid])
    client = client_for(officer_b)
    assert client.get(url).status_code == 404
    assert client.post(url, _contact_data(name="Overtaget")).status_code == 404
    contact_a.refresh_from_db()
    assert contact_a.name == "Anna Albertslund"


@pytest.mark.parametrize("persona", ["officer_b", "company_user", "consultant", "no_role_user"])
def test_others_cannot_add_or_edit_contacts(request, persona, company_a, muni_a):
    client = client_for(request.getfixturevalue(persona))
    contact = company_a.contacts.get()
    create = reverse("organisations:contact_create", args=[company_a.uuid])
    edit = reverse("organisations:contact_edit", args=[company_a.uuid, contact.uuid])
    assert client.get(create).status_code == 404
    assert client.post(create, _contact_data(municipality=muni_a.pk)).status_code == 404
    assert client.get(edit).status_code == 404
    assert client.post(edit, _contact_data(name="Overtaget")).status_code == 404
    assert not ContactPerson.objects.filter(name__in=["Lise Kjær", "Overtaget"]).exists()


def test_company_user_sees_but_cannot_edit_contacts(company_user, company_a):
    page = client_for(company_user).get(company_a.get_absolute_url())
    assert page.status_code == 200
    assert "Kontakt A" in page.text
    assert reverse("organisations:contact_create", args=[company_a.uuid]) not in page.text
