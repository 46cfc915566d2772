from datetime import date, timedelta

import pytest

from carbon20.followups.models import FollowUp
from carbon20.partnerships.models import Partnership, Step


def make_partnership(
    company, programme, owner, step: int = Step.FOLLOW_UP, **fields
) -> Partnership:
    return Partnership.objects.create(
        company=company,
        municipality=fields.pop("municipality", company.municipality),
        programme=programme,
        owner=owner,
        step=step,
        channel=fields.pop("channel", "website"),
        first_contact_date=fields.pop("first_contact_date", date(2025, 2, 1)),
        **fields,
    )


def plan_follow_ups(partnership: Partnership, first: date, count: int = 3) -> list[FollowUp]:
    return [
        FollowUp.objects.create(
            partnership=partnership, number=n, planned_date=first + timedelta(days=120 * (n - 1))
        )
        for n in range(1, count + 1)
    ]


@pytest.fixture
def partnership_a(company_a, programme, officer_a) -> Partnership:
    return make_partnership(company_a, programme, officer_a)
