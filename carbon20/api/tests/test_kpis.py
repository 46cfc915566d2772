import pytest

from carbon20.core.read_cache import PROGRAMME_PAGES
from carbon20.organisations.models import Company
from carbon20.partnerships.tests.conftest import make_partnership
from carbon20.reports.dashboard import Filters, result_rows
from carbon20.reports.selectors import dashboard_partnerships
from carbon20.reports.tests.conftest import generate, muni_c, wide_programme  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def kpi_url(programme):
    return f"/api/v1/kpis/{programme.slug}/"


@pytest.fixture
def two_partnerships(company_a, company_b, officer_a, officer_b, programme):
    return make_partnership(company_a, officer_a, programme), make_partnership(
        company_b, officer_b, programme
    )


def test_the_coordinator_gets_the_whole_programme(
    api_for, coordinator, programme, two_partnerships
):
    body = api_for(coordinator).get(kpi_url(programme)).json()
    assert body["partnerships"] == 2
    assert body["programme"] == programme.slug
    funnel = next(t for t in body["tables"] if t["key"] == "funnel")
    assert len(funnel["rows"]) == 2


def test_an_officer_gets_only_their_municipality(api_for, officer_a, programme, two_partnerships):
    client = api_for(officer_a)
    assert client.get(kpi_url(programme)).json()["partnerships"] == 1
    refused = client.get(kpi_url(programme), {"municipality": "herning"})
    assert (refused.status_code, refused.json()["field"]) == (400, "municipality")
    own = client.get(kpi_url(programme), {"municipality": "albertslund", "year": 2026}).json()
    assert (own["municipality"], own["year"], own["partnerships"]) == ("albertslund", 2026, 1)


def test_the_coordinator_filters_by_municipality(api_for, coordinator, programme, two_partnerships):
    body = api_for(coordinator).get(kpi_url(programme), {"municipality": "herning"}).json()
    assert body["partnerships"] == 1


@pytest.mark.parametrize("persona", ["company_user", "consultant", "no_role_user"])
def test_other_roles_have_no_kpis(api_for, persona, request, programme):
    response = api_for(request.getfixturevalue(persona)).get(kpi_url(programme))
    assert response.status_code == 404


def test_an_officer_outside_the_programme_gets_404(api_for, programme):
    from carbon20.accounts.models import Role
    from carbon20.organisations.models import Municipality
    from testsupport.fixtures import make_user

    outsider = make_user(
        "officer.c@test.dk", Role.OFFICER, municipality=Municipality.objects.get(code=101)
    )
    assert api_for(outsider).get(kpi_url(programme)).status_code == 404


def test_bad_kpi_parameters_are_refused(api_for, coordinator, programme):
    client = api_for(coordinator)
    assert client.get(kpi_url(programme), {"year": "last"}).json()["field"] == "year"
    assert client.get(kpi_url(programme), {"sector": "x"}).json()["code"] == "unknown_parameter"


@pytest.mark.parametrize("size", [1, 6])
def test_the_kpis_have_a_bounded_query_count(
    api_for, coordinator, programme, muni_a, officer_a, size, django_assert_max_num_queries
):
    from testsupport.fixtures import make_company

    for index in range(size):
        make_partnership(make_company(muni_a, f"V {index}"), officer_a, programme)
    client = api_for(coordinator)
    # 14 for the answer (the dashboard's 8, the results table's rows 1), and one for whether
    # the token's account is locked at this address (the lockout counts in the database when
    # no shared cache is configured, as in tests).
    with django_assert_max_num_queries(15):
        assert client.get(kpi_url(programme)).json()["partnerships"] == size


def test_the_answer_is_cached_until_a_write_and_lists_every_result(
    api_for,
    coordinator,
    wide_programme,  # noqa: F811 (the fixture)
    muni_a,
    muni_b,
    muni_c,  # noqa: F811 (the fixture)
    django_capture_on_commit_callbacks,
):
    generate(wide_programme, [muni_a, muni_b, muni_c], 72)
    client = api_for(coordinator)

    def results() -> list[list]:
        body = client.get(kpi_url(wide_programme)).json()
        return next(t for t in body["tables"] if t["key"] == "results")["rows"]

    every = list(result_rows(Filters().apply(dashboard_partnerships(coordinator, wide_programme))))
    # Every published result, not one page of them; decimals as text, as before.
    assert len(results()) == len(every) > 0
    assert results()[0][:3] == [every[0][0], every[0][1], str(every[0][2])]
    company = Company.objects.get(name=every[0][0])
    company.name = "Aaa Omdøbt ApS"
    assert results()[0][0] == every[0][0]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        company.save(update_fields=["name"])
    assert results()[0][0] == "Aaa Omdøbt ApS"
    assert PROGRAMME_PAGES.replace in callbacks
