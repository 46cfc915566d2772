"""Lists are walked with the `next` and `previous` links (a cursor on the unique key): every
object of the reach once, none of another municipality's, filters kept along the way."""

import pytest

from testsupport.fixtures import make_company

pytestmark = pytest.mark.django_db

COMPANIES = "/api/v1/companies/"


def walk(client, url, params=None):
    """The pages from the first to the last, following `next`."""
    pages = [client.get(url, params).json()]
    while pages[-1]["next"] is not None:
        pages.append(client.get(pages[-1]["next"]).json())
    return pages


def test_the_next_links_reach_every_object_once(api_for, officer_a, muni_a, muni_b):
    mine = {str(make_company(muni_a, f"Virksomhed {index}").uuid) for index in range(7)}
    make_company(muni_b, "En andens virksomhed")
    pages = walk(api_for(officer_a), COMPANIES, {"page_size": 3})
    assert [len(page["results"]) for page in pages] == [3, 3, 1]
    seen = [company["uuid"] for page in pages for company in page["results"]]
    assert sorted(seen) == sorted(mine)
    assert pages[0]["previous"] is None


def test_the_previous_link_leads_back_to_the_page_before(api_for, officer_a, muni_a):
    for index in range(5):
        make_company(muni_a, f"Virksomhed {index}")
    client = api_for(officer_a)
    first, second, *_ = walk(client, COMPANIES, {"page_size": 2})
    back = client.get(second["previous"]).json()
    assert back["results"] == first["results"]
    assert back["next"] is not None


def test_an_object_added_during_the_walk_does_not_shift_the_pages(api_for, officer_a, muni_a):
    before = {str(make_company(muni_a, f"Virksomhed {index}").uuid) for index in range(4)}
    client = api_for(officer_a)
    first = client.get(COMPANIES, {"page_size": 2}).json()
    # Whatever its place in the order, a new object never repeats or hides one already
    # there, as a page number would after an insert before it.
    make_company(muni_a, "Kommer midt i")
    rest = walk(client, first["next"])
    seen = [c["uuid"] for page in [first, *rest] for c in page["results"]]
    assert len(seen) == len(set(seen))
    assert before <= set(seen)


def test_the_links_keep_the_filters(api_for, coordinator, muni_a, muni_b):
    for index in range(3):
        make_company(muni_a, f"A {index}")
        make_company(muni_b, f"B {index}")
    pages = walk(api_for(coordinator), COMPANIES, {"page_size": 2, "municipality": muni_b.slug})
    names = sorted(c["name"] for page in pages for c in page["results"])
    assert names == ["B 0", "B 1", "B 2"]
    assert all(f"municipality={muni_b.slug}" in page["next"] for page in pages[:-1])


def test_the_answer_has_no_count(api_for, officer_a, company_a):
    body = api_for(officer_a).get(COMPANIES).json()
    assert set(body) == {"next", "previous", "results"}


def test_the_schema_documents_the_cursor_and_the_answer(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/consumption-records/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert "page" not in parameters
    assert parameters["cursor"]["schema"] == {"type": "string", "minLength": 1}
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 500}
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    paginated = schema["components"]["schemas"][body.rsplit("/", 1)[-1]]
    assert paginated["required"] == ["next", "previous", "results"]
    assert "count" not in paginated["properties"]


def test_municipalities_walk_on_their_slug(api_for, coordinator, muni_a, muni_b):
    pages = walk(api_for(coordinator), "/api/v1/municipalities/", {"page_size": 1})
    slugs = [m["slug"] for page in pages for m in page["results"]]
    assert slugs == sorted([muni_a.slug, muni_b.slug])
