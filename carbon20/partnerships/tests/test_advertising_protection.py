"""Invitations to information meetings skip companies that are advertising protected in the
CVR register (reklamebeskyttet), unless the company itself asked to take part."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carbon20.organisations.models import Company
from carbon20.partnerships import mail as partnership_mail
from carbon20.partnerships import selectors
from carbon20.partnerships.models import InformationMeeting, Interest, MeetingInvitation
from carbon20.partnerships.tests.conftest import make_partnership
from testsupport.fixtures import client_for, make_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def upcoming(muni_a, programme, officer_a, company_a):
    meeting = InformationMeeting.objects.create(
        municipality=muni_a,
        programme=programme,
        title="Klimamøde",
        starts_at=timezone.now() + timedelta(days=7),
        place="Rådhuset",
        created_by=officer_a,
    )
    protected = make_company(muni_a, "Stille Smedie ApS", advertising_protected=True)
    for company, email in ((company_a, "a@a.example.dk"), (protected, "smedie@example.dk")):
        MeetingInvitation.objects.create(meeting=meeting, company=company, email=email)
    return meeting, protected


def _send(client, meeting, capture):
    with capture(execute=True):
        return client.post(reverse("partnerships:meeting_send", args=[meeting.uuid]), follow=True)


def test_a_protected_company_is_skipped_and_the_page_says_why(
    officer_a, upcoming, django_capture_on_commit_callbacks
):
    meeting, protected = upcoming
    client = client_for(officer_a)
    response = client.get(meeting.get_absolute_url())
    assert response.text.count('data-testid="invitation-skipped"') == 1
    assert "reklamebeskyttet" in response.text
    # The button counts only what will go out.
    assert response.context["unsent"] == 1
    _send(client, meeting, django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [["a@a.example.dk"]]
    skipped = MeetingInvitation.objects.get(company=protected)
    assert skipped.sent_at is None


def test_a_protected_company_that_said_yes_is_invited(
    officer_a, programme, upcoming, django_capture_on_commit_callbacks
):
    meeting, protected = upcoming
    make_partnership(protected, officer_a, programme, interest=Interest.YES)
    _send(client_for(officer_a), meeting, django_capture_on_commit_callbacks)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "a@a.example.dk",
        "smedie@example.dk",
    ]


def test_a_maybe_is_not_asking(officer_a, programme, upcoming, django_capture_on_commit_callbacks):
    meeting, protected = upcoming
    make_partnership(protected, officer_a, programme, interest=Interest.MAYBE)
    _send(client_for(officer_a), meeting, django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [["a@a.example.dk"]]


def test_protection_set_after_queueing_still_stops_the_mail(officer_a, upcoming):
    meeting, _protected = upcoming
    invitation = meeting.invitations.get(email="a@a.example.dk")
    Company.objects.filter(pk=invitation.company_id).update(advertising_protected=True)
    assert partnership_mail.send_invitation(invitation_id=invitation.pk, user_id=None) is False
    assert mail.outbox == []


def test_the_rule_costs_two_queries_for_any_number_of_companies(upcoming, muni_a):
    meeting, protected = upcoming
    others = [make_company(muni_a, f"Firma {n}", advertising_protected=True) for n in range(5)]
    with CaptureQueriesContext(connection) as queries:
        skipped = selectors.advertising_protected_skips(
            meeting, [protected.pk, *(company.pk for company in others)]
        )
    assert skipped == {protected.pk, *(company.pk for company in others)}
    assert len(queries) == 2
