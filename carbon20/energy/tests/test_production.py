"""Production records: the page (right role, wrong role, other tenant), the import (all or
nothing, every bad row named, the agreement's unit enforced) and the service."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carbon20.energy import imports, services
from carbon20.energy.models import ProductionRecord
from carbon20.followups.tests.conftest import make_factor_set, make_partnership, sign_agreement
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db

HEADER = "Fra;Til;Mængde;Enhed;Produkt"


def upload(lines: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile("produktion.csv", "\n".join(lines).encode("utf-8-sig"))


@pytest.fixture
def agreement_in_tonnes(company_a, programme, officer_a):
    agreement = sign_agreement(make_partnership(company_a, programme, officer_a), make_factor_set())
    agreement.production_variable = "Møbler"
    agreement.production_unit = "tonne"
    agreement.save()
    return agreement


def test_a_good_file_is_imported(company_a, officer_a):
    lines = [
        HEADER,
        "01-01-2024;31-01-2024;12,5;tonne;Møbler",
        "01-02-2024;29-02-2024;11;tonne;Møbler",
    ]
    report = imports.import_production(company_a, upload(lines), officer_a, required_unit=None)
    assert report.ok and report.imported == 2
    assert ProductionRecord.objects.get(period_start=date(2024, 1, 1)).quantity == Decimal("12.5")


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("01-01-2024;31-01-2024;-4;tonne;Møbler", "Mængde", "negativ"),
        ("01-01-2024;31-01-2024;mange;tonne;Møbler", "Mængde", "tal"),
        ("01-02-2024;31-01-2024;4;tonne;Møbler", "Til", "slutter"),
        ("01-01-2024;31-01-2024;4;stk;Møbler", "Enhed", "tonne"),
        ("01-01-2024;31-01-2024;4;tonne;", "Produkt", "mangler"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_saved(company_a, officer_a, row, column, words):
    lines = [HEADER, "01-03-2024;31-03-2024;1;tonne;Møbler", row]
    report = imports.import_production(company_a, upload(lines), officer_a, required_unit="tonne")
    assert any(e.row == 3 and e.column == column and words in e.message for e in report.errors), (
        report.errors
    )
    assert not ProductionRecord.objects.exists()


def test_an_unknown_column_is_refused(company_a, officer_a):
    report = imports.import_production(
        company_a,
        upload([HEADER + ";Skift", "01-01-2024;31-01-2024;1;tonne;Møbler;2"]),
        officer_a,
        required_unit=None,
    )
    assert "skift" in report.file_error.lower()


def test_the_page_for_the_right_role_the_wrong_role_and_another_tenant(
    company_a,
    officer_a,
    officer_b,
    coordinator,
    company_user,
    agreement_in_tonnes,
):
    url = reverse("energy:production_list", args=[company_a.uuid])
    with CaptureQueriesContext(connection) as empty:
        client_for(company_user).get(url)
    for n in range(3):
        services.record_production(
            company=company_a,
            user=None,
            site=None,
            period_start=date(2024, n + 1, 1),
            period_end=date(2024, n + 1, 28),
            quantity=Decimal(n),
            unit="tonne",
            product="Møbler",
        )
    with CaptureQueriesContext(connection) as full:
        page = client_for(company_user).get(url).content.decode()
    # One more query for the page of records (an empty list asks no count), none per record.
    assert len(full) <= len(empty) + 1
    assert "Møbler" in page and "tonne" in page
    assert client_for(officer_b).get(url).status_code == 404
    assert client_for(coordinator).get(url).status_code == 200
    add = reverse("energy:production_add", args=[company_a.uuid])
    assert client_for(coordinator).get(add).status_code == 403
    assert client_for(officer_b).get(add).status_code == 404
    data = {
        "period_start": "01-05-2024",
        "period_end": "31-05-2024",
        "quantity": "3,5",
        "unit": "stk",
        "product": "Møbler",
    }
    refused = client_for(company_user).post(add, data)
    assert refused.status_code == 200 and ProductionRecord.objects.count() == 3
    data["unit"] = "tonne"
    assert client_for(company_user).post(add, data).status_code == 302
    assert ProductionRecord.objects.count() == 4
    imp = reverse("energy:production_import", args=[company_a.uuid])
    assert client_for(officer_b).get(imp).status_code == 404
    good = upload([HEADER, "01-06-2024;30-06-2024;2;tonne;Møbler"])
    assert client_for(officer_a).post(imp, {"file": good}).status_code == 302
    bad = upload([HEADER, "01-07-2024;31-07-2024;2;kg;Møbler"])
    assert client_for(officer_a).post(imp, {"file": bad}).status_code == 200
    assert ProductionRecord.objects.count() == 5
    template = client_for(officer_a).get(reverse("energy:production_template"))
    assert template.content.decode("utf-8-sig").startswith("Fra")
