"""Approving the plan tells the officer and the consultant."""

import pytest
from django.core import mail
from django.urls import reverse

from carbon20.actionplans.tests.test_plans import measure_uuids
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db

APPROVAL = {
    "approved_by_name": "Bo Direktør",
    "approved_by_title": "Adm. direktør",
    "approved_on": "2026-06-20",
}


def _recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def _add_action(client, plan, action_dates):
    client.post(
        reverse("actionplans:from_measures", args=[plan.uuid]),
        {"measures": measure_uuids(plan, 1), **action_dates},
    )


def test_approval_tells_the_officer_and_the_consultant(
    plan, company_user, officer_a, consultant, action_dates, django_capture_on_commit_callbacks
):
    client = client_for(company_user)
    _add_action(client, plan, action_dates)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("actionplans:approve", args=[plan.uuid]), APPROVAL)
    assert response.status_code == 302
    assert _recipients() == sorted([officer_a.email, consultant.email])
    assert all("er godkendt" in message.subject for message in mail.outbox)
    assert plan.get_absolute_url() in mail.outbox[0].body


def test_the_other_tenant_cannot_approve_and_nobody_is_told(
    plan, company_user, officer_b, action_dates, django_capture_on_commit_callbacks
):
    _add_action(client_for(company_user), plan, action_dates)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(officer_b).post(
            reverse("actionplans:approve", args=[plan.uuid]), APPROVAL
        )
    assert response.status_code == 404
    assert mail.outbox == []
