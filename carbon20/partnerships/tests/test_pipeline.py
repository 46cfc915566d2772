from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carbon20.core import read_cache
from carbon20.organisations.models import Company
from carbon20.partnerships.models import Partnership, RecruitmentChannel, Status, Step
from testsupport.fixtures import client_for, next_cvr


def bulk_partnerships(count, municipality, programme, owner, prefix="Bulk"):
    companies = Company.objects.bulk_create(
        Company(
            cvr=next_cvr(),
            name=f"{prefix} {index:04d} ApS",
            address="Vej 1",
            postcode="2620",
            city="By",
            municipality=municipality,
        )
        for index in range(count)
    )
    today = timezone.localdate()
    return Partnership.objects.bulk_create(
        Partnership(
            company=company,
            municipality=municipality,
            programme=programme,
            owner=owner,
            step=1 + index % 6,
            channel=RecruitmentChannel.values[index % len(RecruitmentChannel.values)],
            first_contact_date=date(2026, 1, 1),
            next_action_due=today - timedelta(days=1) if index % 4 == 0 else None,
        )
        for index, company in enumerate(companies)
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_count_is_the_same_at_10_and_500(officer_a, muni_a, programme):
    client = client_for(officer_a)
    url = reverse("partnerships:pipeline")
    filtered = url + "?q=Bulk&overdue=on&channel=website"
    client.get(url)  # warm the session and the user's roles

    def built(url) -> int:
        # bulk_create sends no signal: a new generation makes the page be built again.
        read_cache.PROGRAMME_PAGES.replace()
        return _queries(client, url)

    bulk_partnerships(10, muni_a, programme, officer_a, prefix="Small")
    small = built(url)
    small_cached = _queries(client, url)
    small_filtered = built(filtered)
    bulk_partnerships(490, muni_a, programme, officer_a)
    assert Partnership.objects.count() == 500
    assert built(url) == small
    assert _queries(client, url) == small_cached
    assert built(filtered) == small_filtered
    assert small <= 12
    # Cached, the page costs what the session, the user's roles and the header cost.
    assert small_cached < small


def test_grouped_by_step_with_counts_and_overdue(officer_a, muni_a, programme, partnership_b):
    bulk_partnerships(12, muni_a, programme, officer_a)
    response = client_for(officer_a).get(reverse("partnerships:pipeline"))
    groups = {group["step"]: group for group in response.context["groups"]}
    assert [groups[step]["count"] for step in Step] == [2, 2, 2, 2, 2, 2]
    assert response.context["total"] == 12
    # Every fourth has a due date yesterday: indexes 0, 4 and 8 (steps 1, 5 and 3).
    assert response.context["total_overdue"] == 3
    assert groups[Step.RECRUITMENT]["overdue"] == 1
    assert partnership_b.company.name not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=0003", 1),
        ("step=2", 2),
        ("channel=website", 2),
        ("overdue=on", 3),
        ("status=withdrawn", 1),
    ],
)
def test_filters(officer_a, muni_a, programme, query, expected):
    created = bulk_partnerships(12, muni_a, programme, officer_a)
    Partnership.objects.filter(pk=created[6].pk).update(status=Status.WITHDRAWN)
    response = client_for(officer_a).get(reverse("partnerships:pipeline") + "?" + query)
    assert response.context["total"] == expected


def test_search_by_cvr(officer_a, muni_a, programme):
    created = bulk_partnerships(5, muni_a, programme, officer_a)
    cvr = created[2].company.cvr
    response = client_for(officer_a).get(reverse("partnerships:pipeline") + f"?q={cvr}")
    assert response.context["total"] == 1


def test_htmx_answers_the_partial(officer_a, partnership_a):
    response = client_for(officer_a).get(
        reverse("partnerships:pipeline") + "?step=1", HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert "<html" not in content
    assert 'data-testid="pipeline-step-1"' in content
    assert partnership_a.company.name in content


def test_wrong_roles_get_404(company_user, consultant, no_role_user):
    for user in (company_user, consultant, no_role_user):
        assert client_for(user).get(reverse("partnerships:pipeline")).status_code == 404


def test_other_municipality_officer_sees_only_their_own(officer_b, partnership_a, partnership_b):
    response = client_for(officer_b).get(reverse("partnerships:pipeline"))
    content = response.content.decode()
    assert partnership_b.company.name in content
    assert partnership_a.company.name not in content
