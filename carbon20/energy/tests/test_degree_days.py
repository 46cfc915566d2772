import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carbon20.energy.models import DegreeDayMonth, DegreeDayYear
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db


def upload(text):
    return SimpleUploadedFile("graddage.csv", text.encode("utf-8-sig"))


FORM = {"series": "Kredsløb (Aarhus)", "source_url": "https://www.kredslob.dk/graddage", "note": ""}


def test_coordinator_imports_degree_days(coordinator):
    client = client_for(coordinator)
    response = client.post(
        reverse("energy:degree_day_import"),
        {**FORM, "file": upload("År;Måned;Graddage\r\n2022;1;402\r\n2022;2;369,5\r\n")},
    )
    assert response.status_code == 302
    year = DegreeDayYear.objects.get(series="Kredsløb (Aarhus)", year=2022)
    assert {m.month: str(m.degree_days) for m in year.months.all()} == {1: "402.0", 2: "369.5"}
    page = client.get(reverse("energy:degree_day_list"))
    assert "369,5" in page.text
    # A second import replaces a month and adds the rest.
    client.post(
        reverse("energy:degree_day_import"),
        {**FORM, "file": upload("År;Måned;Graddage\r\n2022;2;370\r\n2022;3;427\r\n")},
    )
    assert DegreeDayMonth.objects.get(degree_year=year, month=2).degree_days == 370
    assert year.months.count() == 3


def test_bad_rows_are_all_reported_and_nothing_saved(coordinator):
    text = "År;Måned;Graddage\r\n2022;1;402\r\n2022;13;10\r\nto;2;5\r\n2022;1;400\r\n2022;4;-3\r\n"
    response = client_for(coordinator).post(
        reverse("energy:degree_day_import"), {**FORM, "file": upload(text)}
    )
    assert response.status_code == 200
    problems = [(e.row, e.column) for e in response.context["report"].errors]
    assert problems == [(3, "Måned"), (4, "År"), (5, "Måned"), (6, "Graddage")]
    assert not DegreeDayYear.objects.exists()


@pytest.mark.parametrize("user_fixture", ["officer_a", "officer_b", "company_user", "consultant"])
def test_only_coordinators_import(request, user_fixture):
    client = client_for(request.getfixturevalue(user_fixture))
    assert client.get(reverse("energy:degree_day_import")).status_code == 404
    assert client.get(reverse("energy:degree_day_list")).status_code == 200


def test_no_role_gets_404(no_role_user):
    assert client_for(no_role_user).get(reverse("energy:degree_day_list")).status_code == 404
    assert client_for(no_role_user).get(reverse("energy:degree_day_template")).status_code == 404


@pytest.mark.parametrize("years", [1, 8])
def test_degree_day_list_query_count_is_bounded(officer_a, years, django_assert_max_num_queries):
    for year in range(2000, 2000 + years):
        degree_year = DegreeDayYear.objects.create(series="Serie", year=year)
        for month in range(1, 13):
            DegreeDayMonth.objects.create(degree_year=degree_year, month=month, degree_days=100)
    client = client_for(officer_a)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("energy:degree_day_list")).status_code == 200
