"""The public list of participating companies: only those that consented, their result only
where they consented to publishing it, nothing from drafts and no personal data."""

import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carbon20.agreements.models import Agreement
from carbon20.followups.models import ClosingRecord
from carbon20.followups.tests.conftest import make_partnership, sign_agreement
from carbon20.partnerships.models import Status, Step
from carbon20.public.selectors import LISTING, listed_count
from carbon20.reports.tests.conftest import generate
from testsupport.fixtures import client_for, make_company

pytestmark = pytest.mark.django_db


def close(partnership, publish_case: bool) -> ClosingRecord:
    return ClosingRecord.objects.create(
        partnership=partnership,
        final_year=2026,
        baseline_t=Decimal("100"),
        final_t=Decimal("76.5"),
        reduction_percent=Decimal("23.50"),
        target_percent=Decimal("20"),
        target_reached=True,
        result_summary="LED og varmepumpe",
        publish_case=publish_case,
        figures={},
    )


@pytest.fixture
def listed(company_a, programme, officer_a):
    partnership = make_partnership(
        company_a,
        programme,
        officer_a,
        status=Status.COMPLETED,
        focus_areas=["electricity", "heat"],
    )
    sign_agreement(partnership, None, consent=True)
    return partnership


def test_a_consenting_company_is_listed_with_its_published_result(listed, company_a):
    close(listed, publish_case=True)
    response = client_for(None).get(reverse("public:companies"))
    assert response.status_code == 200
    text = response.content.decode()
    assert company_a.name in text and "Albertslund" in text
    assert "El, Varme" in text
    assert "23,5 % mindre CO2e i 2026" in text
    page = client_for(None).get(reverse("public:company", args=[company_a.uuid])).content.decode()
    assert "LED og varmepumpe" in page
    # Contacts are personal data and never public.
    assert "Kontakt A" not in text + page and "kontakt@a.example.dk" not in text + page


def test_the_result_stays_hidden_without_consent_to_publish_the_case(listed, company_a):
    close(listed, publish_case=False)
    page = client_for(None).get(reverse("public:company", args=[company_a.uuid])).content.decode()
    assert "Ikke offentliggjort" in page
    assert "23,5" not in page and "LED og varmepumpe" not in page


def test_without_consent_drafts_or_withdrawn_a_company_is_left_out(
    programme, officer_a, officer_b, muni_a, muni_b
):
    no_consent = make_partnership(make_company(muni_a, "Uden Samtykke ApS"), programme, officer_a)
    sign_agreement(no_consent, None, consent=False)
    draft = make_partnership(make_company(muni_a, "Kun Kladde ApS"), programme, officer_a)
    sign_agreement(draft, None, consent=True)
    Agreement.objects.filter(partnership=draft).update(status=Agreement.State.DRAFT)
    withdrawn = make_partnership(
        make_company(muni_b, "Trukket Ud A/S"), programme, officer_b, status=Status.WITHDRAWN
    )
    sign_agreement(withdrawn, None, consent=True)
    text = client_for(None).get(reverse("public:companies")).content.decode()
    for partnership in (no_consent, draft, withdrawn):
        assert partnership.company.name not in text
        url = reverse("public:company", args=[partnership.company.uuid])
        assert client_for(None).get(url).status_code == 404
    assert "Ingen virksomhed har endnu sagt ja til at blive vist." in text


def test_consent_follows_the_latest_signed_agreement(listed, company_a):
    later = Agreement.objects.get(partnership=listed)
    later.pk, later.uuid, later.version, later.publish_consent = None, uuid.uuid4(), 2, False
    later.save()
    assert company_a.name not in client_for(None).get(reverse("public:companies")).content.decode()


def _queries(url) -> int:
    client = client_for(None)
    # The number listed is kept (`selectors.listed_count`): what is counted is counting them.
    LISTING.replace()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_count_is_the_same_at_10_and_1000_partnerships(programme, muni_a, muni_b):
    url = reverse("public:companies")
    generate(programme, [muni_a, muni_b], 10)
    small = _queries(url)
    generate(programme, [muni_a, muni_b], 990, seed=9)
    large = _queries(url)
    assert small == large


def test_the_kept_number_listed_follows_consent(listed, company_b, programme, officer_b):
    assert listed_count() == 1
    other = make_partnership(company_b, programme, officer_b, step=Step.FOLLOW_UP)
    assert listed_count() == 1
    sign_agreement(other, None, consent=True)
    assert listed_count() == 2
    later = Agreement.objects.get(partnership=listed)
    later.pk, later.uuid, later.version, later.publish_consent = None, uuid.uuid4(), 2, False
    later.save()
    assert listed_count() == 1
    other.status = Status.WITHDRAWN
    other.save(update_fields=["status"])
    assert listed_count() == 0
