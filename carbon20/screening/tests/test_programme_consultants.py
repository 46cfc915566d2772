"""A review goes to a consultant of one of the programme's partner consultancies: the form
lists only those, and the service refuses any other, whichever door it came through."""

import pytest
from django.urls import reverse

from carbon20.accounts.models import Role
from carbon20.organisations.models import Partner, PartnerType
from carbon20.partnerships.workflow import TransitionRefused
from carbon20.screening import services
from testsupport.fixtures import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(db):
    outside = Partner.objects.create(name="Udenfor Rådgivning", type=PartnerType.CONSULTANCY)
    return make_user("outsider@test.dk", Role.CONSULTANT, partner=outside)


def test_the_form_lists_only_the_programmes_partner_consultants(
    partnership_a, officer_a, consultant, outsider
):
    response = client_for(officer_a).get(reverse("screening:assign", args=[partnership_a.uuid]))
    choices = list(response.context["form"].fields["consultant"].queryset)
    assert choices == [consultant]
    assert "outsider@test.dk" not in response.text


def test_a_consultant_outside_the_programme_is_refused_at_the_field(
    partnership_a, officer_a, outsider
):
    response = client_for(officer_a).post(
        reverse("screening:assign", args=[partnership_a.uuid]), {"consultant": outsider.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["consultant"]
    partnership_a.refresh_from_db()
    assert partnership_a.consultant_id is None


def test_the_service_refuses_a_consultant_outside_the_programme(partnership_a, officer_a, outsider):
    with pytest.raises(TransitionRefused, match="partner"):
        services.assign_consultant(partnership=partnership_a, consultant=outsider, user=officer_a)
    partnership_a.refresh_from_db()
    assert partnership_a.consultant_id is None


def test_the_other_municipality_cannot_assign(partnership_a, officer_b, consultant):
    response = client_for(officer_b).post(
        reverse("screening:assign", args=[partnership_a.uuid]), {"consultant": consultant.pk}
    )
    assert response.status_code == 404
