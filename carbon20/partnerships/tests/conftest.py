from datetime import date, timedelta

import pytest
from django.utils import timezone

from carbon20.agreements import services
from carbon20.agreements.models import Agreement
from carbon20.agreements.selectors import template_for_partnership
from carbon20.partnerships import workflow
from carbon20.partnerships.models import (
    InformationMeeting,
    ManagementBacking,
    MeetingInvitation,
    Partnership,
    RecruitmentChannel,
    Visit,
    VisitOutcome,
)


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


def make_visit(partnership, officer, **fields) -> Visit:
    values = {
        "visit_date": date(2026, 10, 1),
        "municipal_participants": "Officer A",
        "company_participants": "Director",
        "management_present": True,
        "employee_involvement": "some",
        "energy_management": "informal",
        "agreement_walked_through": True,
        "management_backing": ManagementBacking.SECURED,
        "outcome": VisitOutcome.AGREEMENT,
        "focus_areas": ["electricity", "heat"],
        "recorded_by": officer,
    }
    values.update(fields)
    return Visit.objects.create(partnership=partnership, **values)


def advance_to_agreement(partnership, officer) -> Partnership:
    workflow.select_for_visit(partnership, officer)
    workflow.record_visit(partnership, make_visit(partnership, officer), officer)
    return partnership


def make_agreement(partnership, officer, **fields) -> Agreement:
    values = services.initial_agreement_values(partnership)
    values.update(
        {
            "baseline_year": 2025,
            "start_date": date(2026, 10, 15),
            "target_date": date(2028, 12, 31),
            "focus_areas": list(partnership.focus_areas),
        }
    )
    values.update(fields)
    return Agreement.objects.create(
        partnership=partnership,
        version=1,
        template_version=template_for_partnership(partnership).latest_version,
        created_by=officer,
        **values,
    )


@pytest.fixture
def partnership_a(company_a, officer_a, programme) -> Partnership:
    return make_partnership(company_a, officer_a, programme, site=company_a.sites.first())


@pytest.fixture
def partnership_b(company_b, officer_b, programme) -> Partnership:
    return make_partnership(company_b, officer_b, programme)


@pytest.fixture
def agreement_a(partnership_a, officer_a) -> Agreement:
    """Partnership A at step 3 with a draft agreement."""
    advance_to_agreement(partnership_a, officer_a)
    return make_agreement(partnership_a, officer_a)


@pytest.fixture
def sent_agreement_a(agreement_a, officer_a, company_user) -> Agreement:
    # Sending needs a company user who can sign; company_user belongs to company_a.
    return services.send_for_signature(agreement=agreement_a, user=officer_a)


@pytest.fixture
def meeting_a(muni_a, programme, officer_a, company_a) -> InformationMeeting:
    meeting = InformationMeeting.objects.create(
        municipality=muni_a,
        programme=programme,
        title="Klimamøde",
        starts_at=timezone.now() - timedelta(days=2),
        place="Rådhuset",
        created_by=officer_a,
    )
    MeetingInvitation.objects.create(
        meeting=meeting, company=company_a, email="kontakt@a.example.dk"
    )
    return meeting
