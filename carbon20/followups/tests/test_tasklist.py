"""Each role's start page lists what waits for that role, with links; another role and
another tenant see none of it; each list costs the same queries at any size."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carbon20.accounts.models import Role
from carbon20.agreements.models import Agreement, AgreementSignature
from carbon20.followups.models import FollowUp
from carbon20.followups.tests.conftest import (
    add_plan,
    make_factor_set,
    make_partnership,
    sign_agreement,
)
from carbon20.partnerships.models import Partnership, Step
from carbon20.screening.models import TechnicalReview
from testsupport.fixtures import client_for, make_company, make_user

pytestmark = pytest.mark.django_db

HOME = reverse("home:home")


def _home(user):
    response = client_for(user).get(HOME)
    assert response.status_code == 200
    return response.text


def _overdue_follow_up(partnership, days=5) -> FollowUp:
    return FollowUp.objects.create(
        partnership=partnership,
        number=1,
        planned_date=timezone.localdate() - timedelta(days=days),
    )


def _sent_agreement(partnership, *, company_signed: bool) -> Agreement:
    agreement = sign_agreement(partnership, make_factor_set(name=f"F{partnership.pk}"))
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.State.SENT, signed_at=None)
    if company_signed:
        AgreementSignature.objects.create(
            agreement=agreement,
            party=AgreementSignature.Party.COMPANY,
            user=make_user(f"signer{partnership.pk}@test.dk"),
            name="Hanne",
            title="Direktør",
            pdf_sha256="0" * 64,
        )
    return agreement


def _officer_world(municipality, programme, officer, n: int) -> None:
    """n partnerships of each kind an officer acts on."""
    for index in range(n):
        company = make_company(municipality, name=f"Virksomhed {index} ApS")
        at_3 = make_partnership(company, programme, officer, step=Step.AGREEMENT)
        _sent_agreement(at_3, company_signed=True)
        other = make_company(municipality, name=f"Plan {index} ApS")
        make_partnership(other, programme, officer, step=Step.ACTION_PLAN)
        waiting = make_company(municipality, name=f"Venter {index} ApS")
        make_partnership(waiting, programme, officer, step=Step.TECHNICAL_REVIEW)
        late = make_company(municipality, name=f"Sen {index} ApS")
        _overdue_follow_up(make_partnership(late, programme, officer, step=Step.FOLLOW_UP))


def test_the_officer_sees_what_waits_with_links(muni_a, programme, officer_a, officer_b):
    _officer_world(muni_a, programme, officer_a, 1)
    text = _home(officer_a)
    assert 'data-testid="officer-tasks"' in text
    agreement = Agreement.objects.get(status=Agreement.State.SENT)
    assert reverse("agreements:agreement_detail", args=[agreement.uuid]) in text
    waiting = Partnership.objects.get(step=Step.TECHNICAL_REVIEW)
    assert reverse("screening:assign", args=[waiting.uuid]) in text
    assert FollowUp.objects.get().get_absolute_url() in text
    assert "Aftaler, der skal medunderskrives" in text
    assert "Handlingsplaner, der venter på godkendelse" in text
    assert "Overskredet" in text
    # The other municipality's officer sees none of it.
    other = _home(officer_b)
    assert agreement.partnership.company.name not in other
    assert "Intet venter på dig lige nu." in other


def test_an_approved_plan_and_an_unsigned_agreement_are_not_the_officers_tasks(
    company_a, programme, officer_a
):
    at_5 = make_partnership(company_a, programme, officer_a, step=Step.ACTION_PLAN)
    add_plan(at_5)
    _sent_agreement(at_5, company_signed=False)
    text = _home(officer_a)
    assert "Intet venter på dig lige nu." in text


def test_a_follow_up_far_ahead_is_not_due(company_a, programme, officer_a):
    partnership = make_partnership(company_a, programme, officer_a)
    FollowUp.objects.create(
        partnership=partnership, number=1, planned_date=timezone.localdate() + timedelta(days=90)
    )
    assert "Opfølgninger, der forfalder" not in _home(officer_a)


def test_the_officers_lists_cost_the_same_queries_at_any_size(muni_a, programme, officer_a):
    # The page's queries are fixed: each task list is one query (two when it is cut off),
    # whatever the number of rows, because rows join what they print.
    _officer_world(muni_a, programme, officer_a, 1)
    client = client_for(officer_a)
    client.get(HOME)
    with CaptureQueriesContext(connection) as small:
        client.get(HOME)
    _officer_world(muni_a, programme, officer_a, 6)
    with CaptureQueriesContext(connection) as large:
        response = client.get(HOME)
    assert sum(f.get_absolute_url() in response.text for f in FollowUp.objects.all()) == 7
    assert len(large) == len(small)
    assert len(small) <= 30


def test_the_coordinator_sees_overdue_follow_ups_across_the_programme(
    company_a, company_b, programme, officer_a, officer_b, coordinator
):
    late_a = _overdue_follow_up(make_partnership(company_a, programme, officer_a))
    late_b = _overdue_follow_up(make_partnership(company_b, programme, officer_b))
    text = _home(coordinator)
    assert late_a.get_absolute_url() in text and late_b.get_absolute_url() in text
    # An officer reads only the own municipality's; the wrong role sees no such list.
    assert late_b.get_absolute_url() not in _home(officer_a)


def test_a_coordinator_of_another_programme_sees_nothing(company_a, programme, officer_a, muni_b):
    from carbon20.organisations.models import Programme

    _overdue_follow_up(make_partnership(company_a, programme, officer_a))
    other = Programme.objects.create(
        name="Andet program",
        slug="andet-program",
        start_date=programme.start_date,
        end_date=programme.end_date,
        target_percent=programme.target_percent,
    )
    other.municipalities.add(muni_b)
    stranger = make_user("andet@test.dk", Role.COORDINATOR, programme=other)
    assert "Ingen opfølgning er overskredet." in _home(stranger)


def test_the_coordinators_list_costs_the_same_queries_at_any_size(
    muni_a, programme, officer_a, coordinator
):
    _officer_world(muni_a, programme, officer_a, 1)
    client = client_for(coordinator)
    client.get(HOME)
    with CaptureQueriesContext(connection) as small:
        client.get(HOME)
    _officer_world(muni_a, programme, officer_a, 6)
    with CaptureQueriesContext(connection) as large:
        client.get(HOME)
    assert len(large) == len(small)


def test_the_consultant_sees_the_reviews_to_write(
    company_a, company_b, programme, officer_a, officer_b, consultant
):
    mine = make_partnership(
        company_a, programme, officer_a, step=Step.TECHNICAL_REVIEW, consultant=consultant
    )
    review = TechnicalReview.objects.create(partnership=mine)
    unassigned = make_partnership(company_b, programme, officer_b, step=Step.TECHNICAL_REVIEW)
    other = TechnicalReview.objects.create(partnership=unassigned)
    text = _home(consultant)
    assert 'data-testid="task-reviews-to-write"' in text
    assert review.get_absolute_url() in text
    assert other.get_absolute_url() not in text
    # The officer is not asked to write it.
    assert 'data-testid="task-reviews-to-write"' not in _home(officer_a)


def test_the_consultants_list_costs_the_same_queries_at_any_size(
    muni_a, programme, officer_a, consultant
):
    def add(n):
        for index in range(n):
            company = make_company(muni_a, name=f"R{n}-{index} ApS")
            partnership = make_partnership(
                company, programme, officer_a, step=Step.TECHNICAL_REVIEW, consultant=consultant
            )
            TechnicalReview.objects.create(partnership=partnership)

    add(1)
    client = client_for(consultant)
    client.get(HOME)
    with CaptureQueriesContext(connection) as small:
        client.get(HOME)
    add(6)
    with CaptureQueriesContext(connection) as large:
        client.get(HOME)
    assert len(large) == len(small)


def _company_at_step_6(company, programme, officer, n: int):
    """The company's partnership at step 6 with n actions in progress and n follow-ups due."""
    partnership = make_partnership(company, programme, officer)
    plan = add_plan(partnership)
    plan.actions.update(status="in_progress")
    today = timezone.localdate()
    for number in range(1, n + 1):
        FollowUp.objects.create(
            partnership=partnership, number=number, planned_date=today + timedelta(days=number)
        )
    return partnership, plan


def test_the_company_user_sees_what_to_sign_update_and_report(
    company_a, company_b, muni_b, programme, officer_a, officer_b, company_user
):
    _at_6, plan = _company_at_step_6(company_a, programme, officer_a, 1)
    # A second partnership of the same company, with the neighbouring municipality.
    at_3 = make_partnership(
        company_a, programme, officer_b, step=Step.AGREEMENT, municipality=muni_b
    )
    agreement = _sent_agreement(at_3, company_signed=False)
    other = _sent_agreement(
        make_partnership(company_b, programme, officer_b, step=Step.AGREEMENT),
        company_signed=False,
    )
    text = _home(company_user)
    tasks = text.split('data-testid="company-tasks"')[1]
    assert reverse("agreements:agreement_detail", args=[agreement.uuid]) in tasks
    assert reverse("agreements:agreement_detail", args=[other.uuid]) not in text
    assert plan.get_absolute_url() in tasks
    assert "LED i hallen" in tasks
    assert reverse("energy:consumption_list", args=[company_a.uuid]) in tasks
    assert "før opfølgning 1" in tasks
    # The officer is not asked to sign for the company.
    assert 'data-testid="task-to-sign"' not in _home(officer_a)
    # Once the company has signed, it is no longer asked to.
    AgreementSignature.objects.create(
        agreement=agreement,
        party=AgreementSignature.Party.COMPANY,
        user=company_user,
        name="Hanne",
        title="Direktør",
        pdf_sha256="0" * 64,
    )
    assert 'data-testid="task-to-sign"' not in _home(company_user)


def test_the_company_users_lists_cost_the_same_queries_at_any_size(
    company_a, programme, officer_a, company_user
):
    client = client_for(company_user)
    partnership, plan = _company_at_step_6(company_a, programme, officer_a, 1)
    client.get(HOME)
    with CaptureQueriesContext(connection) as small:
        client.get(HOME)
    for number in range(2, 8):
        FollowUp.objects.create(
            partnership=partnership,
            number=number,
            planned_date=timezone.localdate() + timedelta(days=number),
        )
        action = plan.actions.first()
        action.pk = None
        action.uuid = uuid4()
        action.title = f"Handling {number}"
        action.save()
    with CaptureQueriesContext(connection) as large:
        response = client.get(HOME)
    assert response.text.count("før opfølgning") == 7
    assert len(large) == len(small)
