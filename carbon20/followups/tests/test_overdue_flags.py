"""Overdue follow-ups are flagged on the pipeline, the partnership page and the follow-up
page, and the pipeline's deadline at step 6 is the next follow-up not yet held."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from carbon20.followups.models import FollowUp
from carbon20.followups.tests.conftest import make_partnership
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db

FLAG = 'data-testid="follow-up-overdue"'


@pytest.fixture
def late(company_a, programme, officer_a):
    """Step 6: follow-up 1 held, follow-up 2 five days overdue, follow-up 3 ahead."""
    partnership = make_partnership(company_a, programme, officer_a)
    today = timezone.localdate()
    FollowUp.objects.create(
        partnership=partnership,
        number=1,
        planned_date=today - timedelta(days=100),
        held_date=today - timedelta(days=99),
        snapshot={},
    )
    FollowUp.objects.create(
        partnership=partnership, number=2, planned_date=today - timedelta(days=5)
    )
    FollowUp.objects.create(
        partnership=partnership, number=3, planned_date=today + timedelta(days=100)
    )
    return partnership


def _short(day) -> str:
    # The pages print every date in the one date format (`local_date`: DATE_FORMAT).
    return formats.date_format(day, "DATE_FORMAT")


def test_the_pipeline_flags_it_and_its_deadline_is_the_next_follow_up(late, officer_a):
    response = client_for(officer_a).get(reverse("partnerships:pipeline"))
    assert response.status_code == 200
    assert FLAG in response.text
    assert _short(timezone.localdate() - timedelta(days=5)) in response.text
    # The held follow-up is no deadline any more.
    assert _short(timezone.localdate() - timedelta(days=100)) not in response.text
    assert response.context["total_overdue"] == 1
    only = client_for(officer_a).get(reverse("partnerships:pipeline"), {"overdue": "on"})
    assert only.context["total"] == 1


def test_a_follow_up_ahead_is_the_deadline_and_not_flagged(late, officer_a):
    late.follow_ups.filter(number=2).update(planned_date=timezone.localdate() + timedelta(days=3))
    response = client_for(officer_a).get(reverse("partnerships:pipeline"))
    assert FLAG not in response.text
    assert _short(timezone.localdate() + timedelta(days=3)) in response.text
    assert response.context["total_overdue"] == 0


def test_the_partnership_page_flags_it(late, officer_a, coordinator, company_user):
    for user in (officer_a, coordinator, company_user):
        response = client_for(user).get(late.get_absolute_url())
        assert response.status_code == 200
        assert FLAG in response.text


def test_the_follow_up_page_flags_only_the_overdue_one(late, officer_a):
    client = client_for(officer_a)
    overdue = late.follow_ups.get(number=2)
    ahead = late.follow_ups.get(number=3)
    held = late.follow_ups.get(number=1)
    assert FLAG in client.get(overdue.get_absolute_url()).text
    assert FLAG not in client.get(ahead.get_absolute_url()).text
    assert FLAG not in client.get(held.get_absolute_url()).text


def test_the_other_municipality_sees_neither_flag_nor_page(late, officer_b):
    client = client_for(officer_b)
    assert FLAG not in client.get(reverse("partnerships:pipeline")).text
    assert client.get(late.get_absolute_url()).status_code == 404
    assert client.get(late.follow_ups.get(number=2).get_absolute_url()).status_code == 404
