"""The programme report's print layout: its widest table (the funnel) gets a landscape page
and is printed whole, not cut at the page's right edge."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from carbon20.reports.tests.conftest import generate
from testsupport.fixtures import client_for

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
PDF = ARTIFACTS / "programme-report.pdf"
WORD = re.compile(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')


@pytest.fixture
def report(
    wide_programme, muni_a, muni_b, muni_c, coordinator, django_capture_on_commit_callbacks
) -> PdfReader:
    generate(wide_programme, [muni_a, muni_b, muni_c], 24)
    client = client_for(coordinator)
    # Asked for, then rendered by the task once the request commits.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:request_report", args=[wide_programme.slug]))
    response = client.get(reverse("reports:report_pdf", args=[wide_programme.slug]))
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    ARTIFACTS.mkdir(exist_ok=True)
    PDF.write_bytes(content)
    return PdfReader(io.BytesIO(content))


def _words_on_the_page(number: int) -> list[tuple[str, float]]:
    """The words poppler sees inside the page (text beyond its edge is cut, as in print),
    each with the x coordinate where it ends."""
    bbox = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(number), "-l", str(number), str(PDF), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [(word, float(x_max)) for x_max, word in WORD.findall(bbox)]


def test_widest_table_is_on_a_landscape_page_and_not_cut(report):
    number, page = next(
        (number, page)
        for number, page in enumerate(report.pages, start=1)
        if "Virksomheder pr. trin og kommune" in page.extract_text()
    )
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert width > height
    words = _words_on_the_page(number)
    # The funnel's last column header ("Completed") and its figures are on the page.
    assert "Afsluttet" in [word for word, _x in words]
    assert max(x_max for _word, x_max in words) <= width
