"""The action plan's PDF is printed in the common print layout."""

import io
from pathlib import Path

from django.urls import reverse
from pypdf import PdfReader

from carbon20.actionplans.documents import render_plan_pdf
from carbon20.actionplans.tests.test_plans import measure_uuids
from testsupport.fixtures import client_for

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def test_plan_pdf_has_the_running_header_and_page_numbers(plan, company_user, action_dates):
    client_for(company_user).post(
        reverse("actionplans:from_measures", args=[plan.uuid]),
        {"measures": measure_uuids(plan, 1, 2, 3, 4), **action_dates},
    )
    pdf = render_plan_pdf(plan)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "action-plan.pdf").write_bytes(pdf)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    partnership = plan.partnership
    for number, page in enumerate(pages, start=1):
        assert partnership.programme.name in page
        assert str(partnership.municipality.display_name) in page
        assert f"Klimahandlingsplan · {partnership.company.name}" in page
        assert f"Side {number} af {len(pages)}" in page
