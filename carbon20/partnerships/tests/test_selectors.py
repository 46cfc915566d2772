import pytest
from django.http import Http404

from carbon20.partnerships.selectors import (
    can_edit_partnership,
    get_partnership_for_user,
    partnerships_for_user,
)


def test_officer_sees_own_municipality_only(partnership_a, partnership_b, officer_a, officer_b):
    assert list(partnerships_for_user(officer_a)) == [partnership_a]
    assert list(partnerships_for_user(officer_b)) == [partnership_b]
    with pytest.raises(Http404):
        get_partnership_for_user(officer_b, partnership_a.uuid)
    assert can_edit_partnership(officer_a, partnership_a)
    assert not can_edit_partnership(officer_b, partnership_a)


def test_coordinator_reads_the_programme_but_does_not_edit(
    partnership_a, partnership_b, coordinator
):
    assert set(partnerships_for_user(coordinator)) == {partnership_a, partnership_b}
    assert not can_edit_partnership(coordinator, partnership_a)


def test_company_user_sees_only_their_company(partnership_a, partnership_b, company_user):
    assert list(partnerships_for_user(company_user)) == [partnership_a]
    with pytest.raises(Http404):
        get_partnership_for_user(company_user, partnership_b.uuid)
    assert not can_edit_partnership(company_user, partnership_a)


def test_consultant_sees_assigned_partnerships_only(partnership_a, partnership_b, consultant):
    assert list(partnerships_for_user(consultant)) == []
    partnership_a.consultant = consultant
    partnership_a.save()
    assert list(partnerships_for_user(consultant)) == [partnership_a]


def test_no_role_user_sees_nothing_and_admin_everything(
    partnership_a, partnership_b, no_role_user, superuser
):
    assert not partnerships_for_user(no_role_user).exists()
    assert partnerships_for_user(superuser).count() == 2


def test_malformed_uuid_is_404(officer_a):
    with pytest.raises(Http404):
        get_partnership_for_user(officer_a, "not-a-uuid")
