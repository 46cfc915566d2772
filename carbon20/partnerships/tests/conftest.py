from datetime import date

import pytest

from carbon20.partnerships import workflow
from carbon20.partnerships.models import Partnership, RecruitmentChannel


def make_partnership(company, officer, programme, **fields) -> Partnership:
    return workflow.start(
        company=company,
        municipality=fields.pop("municipality", company.municipality),
        programme=programme,
        owner=officer,
        user=officer,
        channel=fields.pop("channel", RecruitmentChannel.BUSINESS_COUNCIL),
        first_contact_date=fields.pop("first_contact_date", date(2026, 9, 1)),
        **fields,
    )


@pytest.fixture
def partnership_a(company_a, officer_a, programme) -> Partnership:
    return make_partnership(company_a, officer_a, programme, site=company_a.sites.first())


@pytest.fixture
def partnership_b(company_b, officer_b, programme) -> Partnership:
    return make_partnership(company_b, officer_b, programme)
