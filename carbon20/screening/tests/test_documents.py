"""The screening report's print layout: a long measures table repeats its header, never
splits a row across pages and prints its total once."""

import io
import re
from pathlib import Path

from pypdf import PdfReader

from carbon20.screening.documents import render_report_pdf
from carbon20.screening.tests.factories import add_baseline, add_measure

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
MEASURES = 60


def _report(review, measures: int) -> list[str]:
    add_baseline(review, electricity=250000)
    for number in range(1, measures + 1):
        # Long enough to wrap over several lines, so that a split row would show.
        add_measure(
            review,
            number,
            description=f"Start{number:02d}x "
            + "belysning ventilation styring " * 6
            + f"Slut{number:02d}x",
        )
    pdf = render_report_pdf(review)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"screening-{measures}-measures.pdf").write_bytes(pdf)
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_long_report_prints_each_total_once_and_keeps_rows_whole(review):
    pages = _report(review, MEASURES)
    assert len(pages) > 2
    text = "\n".join(pages)
    # "I alt" is the total row of the baseline table and of the measures table, each once,
    # however many pages the measures table spans.
    assert text.count("I alt") == 2
    for number in range(1, MEASURES + 1):
        holding = [
            index
            for index, page in enumerate(pages)
            if f"Start{number:02d}x" in page or f"Slut{number:02d}x" in page
        ]
        assert len(holding) == 1, f"measure {number} is split over pages {holding}"
    # The header row is repeated on every page the measures table spans.
    spanned = [page for page in pages if re.search(r"Start\d\dx", page)]
    assert len(spanned) > 1
    assert all("Nr. Tiltag" in page for page in spanned)


def test_report_has_the_running_header_and_page_numbers(review):
    pages = _report(review, 5)
    assert len(pages) > 1
    partnership = review.partnership
    for number, page in enumerate(pages, start=1):
        assert partnership.programme.name in page
        assert str(partnership.municipality.display_name) in page
        assert f"Side {number} af {len(pages)}" in page
