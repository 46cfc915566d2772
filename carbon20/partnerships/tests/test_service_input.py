"""The partnership services refuse bad input at the field it concerns and save nothing,
whichever door the input came through: the model's rules, by `full_clean()`."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from carbon20.organisations.models import ContactPerson
from carbon20.partnerships import services, workflow
from carbon20.partnerships.models import (
    InformationMeeting,
    ManagementBacking,
    MeetingInvitation,
    Partnership,
    Step,
    TimelineEvent,
    Visit,
    VisitOutcome,
)

pytestmark = pytest.mark.django_db


def test_start_partnership_refuses_an_unknown_channel_at_the_field(company_a, officer_a, programme):
    with pytest.raises(ValidationError) as refused:
        services.start_partnership(
            company=company_a,
            municipality=company_a.municipality,
            programme=programme,
            owner=officer_a,
            user=officer_a,
            channel="carrier_pigeon",
            first_contact_date=date(2026, 9, 1),
        )
    assert "channel" in refused.value.error_dict
    assert not Partnership.objects.exists()
    assert not TimelineEvent.objects.exists()


def test_update_recruitment_refuses_an_unknown_interest_at_the_field(partnership_a, officer_a):
    events = partnership_a.timeline.count()
    with pytest.raises(ValidationError) as refused:
        services.update_recruitment(
            partnership=partnership_a, user=officer_a, interest="lukewarm", next_action="Ring"
        )
    assert set(refused.value.error_dict) == {"interest"}
    stored = Partnership.objects.get(pk=partnership_a.pk)
    assert stored.interest != "lukewarm"
    assert stored.next_action == ""
    assert partnership_a.timeline.count() == events


def test_save_meeting_refuses_a_missing_title_at_the_field(muni_a, programme, officer_a, company_a):
    meeting = InformationMeeting(
        municipality=muni_a,
        programme=programme,
        title="",
        starts_at=timezone.now() + timedelta(days=7),
        place="Rådhuset",
    )
    with pytest.raises(ValidationError) as refused:
        services.save_meeting(
            meeting=meeting, presented_partners=[], invited_companies=[company_a], user=officer_a
        )
    assert set(refused.value.error_dict) == {"title"}
    assert not InformationMeeting.objects.exists()
    assert not MeetingInvitation.objects.exists()


def test_record_visit_refuses_an_unknown_outcome_and_keeps_no_landlord(partnership_a, officer_a):
    workflow.select_for_visit(partnership_a, officer_a)
    events = partnership_a.timeline.count()
    visit = Visit(
        visit_date=date(2026, 10, 1),
        municipal_participants="Officer A",
        company_participants="Director",
        management_present=True,
        employee_involvement="some",
        energy_management="informal",
        agreement_walked_through=True,
        management_backing=ManagementBacking.SECURED,
        outcome="maybe_later",
        focus_areas=["electricity"],
        rents_premises=True,
    )
    with pytest.raises(ValidationError) as refused:
        services.record_visit(
            partnership=partnership_a,
            visit=visit,
            user=officer_a,
            landlord_name="Udlejer A/S",
            landlord_email="udlejer@example.dk",
        )
    assert "outcome" in refused.value.error_dict
    assert not Visit.objects.exists()
    assert not ContactPerson.objects.filter(is_landlord=True).exists()
    partnership_a.refresh_from_db()
    assert partnership_a.step == Step.VISIT
    assert partnership_a.timeline.count() == events


def test_record_visit_saves_the_landlord_and_moves_on(partnership_a, officer_a):
    workflow.select_for_visit(partnership_a, officer_a)
    visit = services.record_visit(
        partnership=partnership_a,
        visit=Visit(
            visit_date=date(2026, 10, 1),
            municipal_participants="Officer A",
            company_participants="Director",
            management_present=True,
            employee_involvement="some",
            energy_management="informal",
            agreement_walked_through=True,
            management_backing=ManagementBacking.SECURED,
            outcome=VisitOutcome.AGREEMENT,
            focus_areas=["electricity"],
            rents_premises=True,
        ),
        user=officer_a,
        landlord_name="Udlejer A/S",
        landlord_email="udlejer@example.dk",
    )
    assert visit.landlord.is_landlord
    assert visit.landlord.company == partnership_a.company
    partnership_a.refresh_from_db()
    assert partnership_a.step == Step.AGREEMENT
