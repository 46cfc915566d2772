from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carbon20.accounts.models import Role
from carbon20.energy.models import ConsumptionRecord
from carbon20.energy.tests.conftest import add_record, monthly_records
from testsupport.fixtures import client_for, make_company, make_user
from testsupport.pdfs import minimal_pdf

pytestmark = pytest.mark.django_db


def list_url(company):
    return reverse("energy:consumption_list", args=[company.uuid])


def add_url(company):
    return reverse("energy:consumption_add", args=[company.uuid])


def import_url(company):
    return reverse("energy:consumption_import", args=[company.uuid])


def valid_post(**overrides):
    data = {
        "carrier": "natural_gas",
        "period_start": "2024-01-01",
        "period_end": "2024-01-31",
        "quantity": "1.234,5",
        "unit": "m3",
        "source": "bill",
        "heated_share_percent": "",
        "note": "",
    }
    data.update(overrides)
    return data


def test_officer_adds_consumption_with_decimal_comma(officer_a, company_a):
    response = client_for(officer_a).post(add_url(company_a), valid_post())
    assert response.status_code == 302
    record = ConsumptionRecord.objects.get(company=company_a)
    assert record.quantity == Decimal("1234.5")
    # HB2016 11.00 kWh/m³.
    assert record.canonical_quantity == Decimal("13579.5")
    assert record.conversion_factor == Decimal("11")
    assert "HB2016" in record.conversion_source
    assert record.heated_share_percent == Decimal("100")  # gas: the default
    assert record.created_by == officer_a


def test_company_user_adds_for_own_company_with_evidence(company_user, company_a):
    evidence = SimpleUploadedFile(
        "regning.pdf", minimal_pdf("test"), content_type="application/pdf"
    )
    response = client_for(company_user).post(
        add_url(company_a), {**valid_post(), "evidence": evidence}
    )
    assert response.status_code == 302
    record = ConsumptionRecord.objects.get(company=company_a)
    assert record.evidence
    download = client_for(company_user).get(
        reverse("energy:consumption_evidence", args=[record.uuid])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"quantity": "-5"}, "quantity", "negativ"),
        ({"unit": "litre"}, "unit", "ikke en enhed for naturgas"),
        ({"period_end": "2023-12-31"}, "period_end", "slutter før den begynder"),
        ({"period_end": "2025-01-02"}, "period_end", "højst være 366 dage"),
    ],
)
def test_bad_input_is_refused_at_the_field(officer_a, company_a, overrides, field, message):
    response = client_for(officer_a).post(add_url(company_a), valid_post(**overrides))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert not ConsumptionRecord.objects.exists()


def test_evidence_of_the_wrong_type_is_refused(officer_a, company_a):
    fake = SimpleUploadedFile("regning.pdf", b"MZ\x90\x00 not a pdf")
    response = client_for(officer_a).post(add_url(company_a), {**valid_post(), "evidence": fake})
    assert response.status_code == 200
    assert "evidence" in response.context["form"].errors
    exe = SimpleUploadedFile("regning.exe", b"MZ")
    response = client_for(officer_a).post(add_url(company_a), {**valid_post(), "evidence": exe})
    assert "evidence" in response.context["form"].errors
    assert not ConsumptionRecord.objects.exists()


def test_evidence_too_large_is_refused(officer_a, company_a, settings):
    settings.MAX_UPLOAD_BYTES = 100
    big = SimpleUploadedFile("data.csv", b"a;b\n" * 100)
    response = client_for(officer_a).post(add_url(company_a), {**valid_post(), "evidence": big})
    assert "evidence" in response.context["form"].errors
    assert not ConsumptionRecord.objects.exists()


def test_list_shows_records_and_co2_per_year(officer_a, company_a, hb2016):
    monthly_records(company_a, "electricity", 2024, "1000", "kWh")
    response = client_for(officer_a).get(list_url(company_a), {"factor_set": str(hb2016.uuid)})
    assert response.status_code == 200
    rows = response.context["results"].rows
    assert [row.year for row in rows] == [2024]
    # 12 × 1,000 kWh × 0.197 = 2,364 kg.
    assert rows[0].pinned.emissions.total_kg == Decimal("2364")
    assert "2.364" in response.text


def test_list_names_the_carrier_the_set_lacks(officer_a, company_a, hb2016):
    add_record(company_a, "diesel", date(2024, 1, 1), date(2024, 1, 31), "100", "litre")
    response = client_for(officer_a).get(list_url(company_a), {"factor_set": str(hb2016.uuid)})
    assert response.status_code == 200
    assert "har ingen emissionsfaktor for: Diesel" in response.context["summary_error"]


PAGES = ["list", "add", "import"]


def page_url(name, company):
    return {"list": list_url, "add": add_url, "import": import_url}[name](company)


@pytest.mark.parametrize("page", PAGES)
def test_other_municipality_officer_gets_404(officer_b, company_a, page):
    assert client_for(officer_b).get(page_url(page, company_a)).status_code == 404
    assert client_for(officer_b).post(page_url(page, company_a), valid_post()).status_code in {
        404,
        405,
    }


@pytest.mark.parametrize("page", PAGES)
def test_company_user_sees_only_own_company(company_user, company_a, company_b, page):
    assert client_for(company_user).get(page_url(page, company_a)).status_code == 200
    assert client_for(company_user).get(page_url(page, company_b)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_consultant_and_no_role_get_404(consultant, no_role_user, company_a, page):
    assert client_for(consultant).get(page_url(page, company_a)).status_code == 404
    assert client_for(no_role_user).get(page_url(page, company_a)).status_code == 404


def test_coordinator_reads_but_does_not_write(coordinator, company_a):
    assert client_for(coordinator).get(list_url(company_a)).status_code == 200
    assert client_for(coordinator).get(add_url(company_a)).status_code == 403
    assert client_for(coordinator).post(add_url(company_a), valid_post()).status_code == 403
    assert not ConsumptionRecord.objects.exists()


def test_evidence_of_another_municipality_is_404(officer_b, company_a):
    record = add_record(
        company_a,
        "electricity",
        date(2024, 1, 1),
        date(2024, 1, 31),
        "100",
        "kWh",
        evidence=SimpleUploadedFile("a.pdf", minimal_pdf()),
    )
    url = reverse("energy:consumption_evidence", args=[record.uuid])
    assert client_for(officer_b).get(url).status_code == 404


def test_anonymous_is_sent_to_login(client, company_a):
    response = client.get(list_url(company_a))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_company_list_shows_only_own_companies(officer_a, officer_b, company_a, company_b):
    response = client_for(officer_a).get(reverse("energy:company_list"))
    assert company_a.name in response.text
    assert company_b.name not in response.text
    assert (
        client_for(make_user("x@example.dk")).get(reverse("energy:company_list")).status_code == 404
    )


@pytest.mark.parametrize("months", [3, 36])
def test_consumption_list_query_count_is_bounded(
    officer_a, company_a, hb2016, months, django_assert_max_num_queries
):
    for index in range(months):
        year, month = 2022 + index // 12, index % 12 + 1
        add_record(
            company_a,
            "electricity" if index % 2 else "district_heating",
            date(year, month, 1),
            date(year, month, 28),
            "1000",
            "kWh",
            site=company_a.sites.first(),
        )
    client = client_for(officer_a)
    with django_assert_max_num_queries(20):
        response = client.get(list_url(company_a), {"factor_set": str(hb2016.uuid)})
    assert response.status_code == 200


@pytest.mark.parametrize("companies", [2, 12])
def test_company_list_query_count_is_bounded(
    officer_a, muni_a, companies, django_assert_max_num_queries
):
    for index in range(companies):
        make_company(muni_a, f"Virksomhed {index}")
    client = client_for(officer_a)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("energy:company_list"))
    assert response.status_code == 200


def test_company_list_counts_each_shown_companys_records(officer_a, muni_a, company_a):
    """Counted for the page's companies only, each its own."""
    quiet = make_company(muni_a, "Aaa Stille ApS")
    for month in (1, 2, 3):
        start, end = date(2024, month, 1), date(2024, month, 28)
        add_record(company_a, "electricity", start, end, "1", "kWh")
    response = client_for(officer_a).get(reverse("energy:company_list"))
    counts = {company.pk: company.record_count for company in response.context["page"]}
    assert counts[company_a.pk] == 3
    assert counts[quiet.pk] == 0
    assert response.context["page"].object_list[0] == quiet  # by name, as before


def test_company_user_membership_role_is_company_user(company_user):
    assert company_user.memberships.get().role == Role.COMPANY_USER


def test_navigation_links_to_energy_for_officers_and_company_users(
    officer_a, company_user, consultant
):
    url = reverse("energy:company_list")
    assert f'href="{url}"' in client_for(officer_a).get(reverse("home:home")).text
    assert f'href="{url}"' in client_for(company_user).get(reverse("home:home")).text
    assert f'href="{url}"' not in client_for(consultant).get(reverse("home:home")).text


def test_second_page_keeps_the_default_summary(officer_a, company_a, hb2016):
    for day in range(1, 29):
        add_record(company_a, "electricity", date(2024, 2, day), date(2024, 2, day), "10", "kWh")
    for day in range(1, 29):
        add_record(company_a, "electricity", date(2024, 3, day), date(2024, 3, day), "10", "kWh")
    response = client_for(officer_a).get(list_url(company_a), {"page": "2"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 6
    assert response.context["results"].rows[0].pinned.quantities


def test_quantity_is_a_text_box_so_a_decimal_point_is_never_a_thousands_separator(
    officer_a, company_a
):
    page = client_for(officer_a).get(add_url(company_a)).text
    assert 'name="quantity"' in page
    assert 'type="number"' not in page
    assert 'inputmode="decimal"' in page
