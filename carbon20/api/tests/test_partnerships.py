import pytest

from carbon20.partnerships.models import Interest, Status, Step, TimelineEvent
from carbon20.partnerships.tests.conftest import (
    advance_to_agreement,
    make_agreement,
    make_partnership,
)

pytestmark = pytest.mark.django_db

PARTNERSHIPS = "/api/v1/partnerships/"


@pytest.fixture
def partnership_a(company_a, officer_a, programme):
    return make_partnership(company_a, officer_a, programme)


@pytest.fixture
def partnership_b(company_b, officer_b, programme):
    return make_partnership(company_b, officer_b, programme)


def url(partnership, suffix=""):
    return f"{PARTNERSHIPS}{partnership.uuid}/{suffix}"


# Reading


def test_each_role_reads_the_partnerships_it_may_see(
    api_for,
    officer_a,
    officer_b,
    coordinator,
    company_user,
    consultant,
    partnership_a,
    partnership_b,
):
    def uuids(user):
        return {p["uuid"] for p in api_for(user).get(PARTNERSHIPS).json()["results"]}

    assert uuids(officer_a) == {str(partnership_a.uuid)}
    assert uuids(officer_b) == {str(partnership_b.uuid)}
    assert uuids(coordinator) == {str(partnership_a.uuid), str(partnership_b.uuid)}
    assert uuids(company_user) == {str(partnership_a.uuid)}
    assert uuids(consultant) == set()
    partnership_a.consultant = consultant
    partnership_a.save()
    assert uuids(consultant) == {str(partnership_a.uuid)}


def test_another_municipalitys_partnership_is_404(api_for, officer_b, partnership_a):
    assert api_for(officer_b).get(url(partnership_a)).status_code == 404
    assert api_for(officer_b).get(url(partnership_a, "timeline/")).status_code == 404


def test_the_partnership_shows_step_status_and_timeline(api_for, officer_a, partnership_a):
    client = api_for(officer_a)
    body = client.get(url(partnership_a)).json()
    assert (body["step"], body["status"], body["municipality"]) == (1, "active", "albertslund")
    events = client.get(url(partnership_a, "timeline/")).json()
    assert [e["kind"] for e in events] == ["created"]


def test_partnerships_filter_by_step_status_and_municipality(
    api_for, coordinator, officer_a, partnership_a, partnership_b
):
    advance_to_agreement(partnership_a, officer_a)
    client = api_for(coordinator)
    assert [p["uuid"] for p in client.get(PARTNERSHIPS, {"step": 3}).json()["results"]] == [
        str(partnership_a.uuid)
    ]
    assert len(client.get(PARTNERSHIPS, {"status": "paused"}).json()["results"]) == 0
    herning = client.get(PARTNERSHIPS, {"municipality": "herning"}).json()["results"]
    assert [p["uuid"] for p in herning] == [str(partnership_b.uuid)]
    bad = client.get(PARTNERSHIPS, {"step": 7})
    assert (bad.status_code, bad.json()["field"], bad.json()["code"]) == (
        400,
        "step",
        "invalid_choice",
    )


@pytest.mark.parametrize("size", [1, 8])
def test_the_partnership_list_has_a_bounded_query_count(
    api_for, officer_a, muni_a, programme, size, django_assert_max_num_queries
):
    from testsupport.fixtures import make_company

    for index in range(size):
        make_partnership(make_company(muni_a, f"Virksomhed {index}"), officer_a, programme)
    client = api_for(officer_a)
    with django_assert_max_num_queries(5):
        assert len(client.get(PARTNERSHIPS).json()["results"]) == size


# Workflow transitions


def test_the_officer_selects_for_a_visit(api_for, officer_a, partnership_a):
    response = api_for(officer_a).post(url(partnership_a, "select-for-visit/"))
    assert response.status_code == 200
    assert response.json()["step"] == Step.VISIT
    assert partnership_a.timeline.filter(kind=TimelineEvent.Kind.STEP).exists()


def test_a_refused_transition_answers_the_guards_reason(api_for, officer_a, partnership_a):
    partnership_a.interest = Interest.NO
    partnership_a.save()
    response = api_for(officer_a).post(url(partnership_a, "select-for-visit/"))
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "transition_refused"
    assert "interest" in body["detail"].lower() or "interesse" in body["detail"].lower()
    partnership_a.refresh_from_db()
    assert partnership_a.step == Step.RECRUITMENT


def test_pause_needs_a_reason_and_resume_restores(api_for, officer_a, partnership_a):
    client = api_for(officer_a)
    missing = client.post(url(partnership_a, "pause/"), {})
    assert (missing.status_code, missing.json()["field"]) == (400, "reason")
    paused = client.post(url(partnership_a, "pause/"), {"reason": "Ny direktør"})
    assert (paused.json()["status"], paused.json()["status_reason"]) == ("paused", "Ny direktør")
    refused = client.post(url(partnership_a, "select-for-visit/"))
    assert refused.status_code == 409
    assert client.post(url(partnership_a, "resume/")).json()["status"] == "active"
    assert client.post(url(partnership_a, "resume/")).json()["code"] == "transition_refused"


def test_withdraw(api_for, officer_a, partnership_a):
    response = api_for(officer_a).post(url(partnership_a, "withdraw/"), {"reason": "Lukker"})
    assert response.json()["status"] == Status.WITHDRAWN


@pytest.mark.parametrize("persona", ["coordinator", "company_user"])
def test_readers_may_not_move_the_partnership(api_for, persona, request, partnership_a):
    user = request.getfixturevalue(persona)
    client = api_for(user)
    assert client.get(url(partnership_a)).status_code == 200
    assert client.post(url(partnership_a, "select-for-visit/")).status_code == 404
    partnership_a.refresh_from_db()
    assert partnership_a.step == Step.RECRUITMENT


def test_another_municipalitys_officer_may_not_move_it(api_for, officer_b, partnership_a):
    response = api_for(officer_b).post(url(partnership_a, "withdraw/"), {"reason": "x"})
    assert response.status_code == 404
    partnership_a.refresh_from_db()
    assert partnership_a.status == Status.ACTIVE


# Visits and agreements


def test_visits_are_read_with_the_partnership(
    api_for, officer_a, officer_b, company_user, partnership_a
):
    advance_to_agreement(partnership_a, officer_a)
    visit = partnership_a.visits.get()
    assert api_for(officer_a).get("/api/v1/visits/").json()["results"][0]["uuid"] == str(visit.uuid)
    assert api_for(company_user).get(f"/api/v1/visits/{visit.uuid}/").status_code == 200
    assert api_for(officer_b).get(f"/api/v1/visits/{visit.uuid}/").status_code == 404


def test_agreements_are_read_and_downloaded_as_pdf(
    api_for, officer_a, officer_b, company_user, partnership_a
):
    advance_to_agreement(partnership_a, officer_a)
    agreement = make_agreement(partnership_a, officer_a)
    body = api_for(company_user).get(f"/api/v1/agreements/{agreement.uuid}/").json()
    assert (body["version"], body["status"]) == (1, "draft")
    response = api_for(officer_a).get(f"/api/v1/agreements/{agreement.uuid}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        b"".join(response.streaming_content if response.streaming else [response.content])[:4]
        == b"%PDF"
    )
    assert api_for(officer_b).get(f"/api/v1/agreements/{agreement.uuid}/pdf/").status_code == 404
    assert len(api_for(officer_b).get("/api/v1/agreements/").json()["results"]) == 0
