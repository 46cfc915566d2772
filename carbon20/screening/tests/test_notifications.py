"""Assigning a consultant tells the consultant; issuing the review tells the officer and
the company's users. Refusals and other tenants hear nothing."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from carbon20.screening.tests.factories import add_baseline, add_measure
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db


def _recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_assigned_consultant_is_told(
    partnership_a, officer_a, consultant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(officer_a).post(
            reverse("screening:assign", args=[partnership_a.uuid]), {"consultant": consultant.pk}
        )
    assert response.status_code == 302
    assert _recipients() == [consultant.email]
    assert partnership_a.company.name in mail.outbox[0].subject
    assert response["Location"] in mail.outbox[0].body


def test_the_other_municipality_cannot_assign_and_nobody_is_told(
    partnership_a, officer_b, consultant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(officer_b).post(
            reverse("screening:assign", args=[partnership_a.uuid]), {"consultant": consultant.pk}
        )
    assert response.status_code == 404
    assert mail.outbox == []


def test_issuing_tells_the_officer_and_the_company_users(
    review, consultant, officer_a, officer_b, company_user, django_capture_on_commit_callbacks
):
    add_baseline(review, electricity=Decimal("250000"))
    add_measure(review, 1, savings={"electricity": "20000"}, description="LED")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(consultant).post(
            reverse("screening:issue", args=[review.uuid]), {"confirm": "on"}
        )
    assert response.status_code == 302
    assert _recipients() == sorted([officer_a.email, company_user.email])
    assert all("er udstedt" in message.subject for message in mail.outbox)


def test_a_company_user_cannot_issue_and_nobody_is_told(
    review, company_user, django_capture_on_commit_callbacks
):
    add_baseline(review, electricity=Decimal("250000"))
    add_measure(review, 1, savings={"electricity": "20000"}, description="LED")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(company_user).post(
            reverse("screening:issue", args=[review.uuid]), {"confirm": "on"}
        )
    assert response.status_code == 404
    assert mail.outbox == []
