import io
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from pypdf import PdfReader

from carbon20.agreements import documents
from carbon20.agreements.agreement_text import (
    PLACEHOLDERS,
    render_markdown,
    validate_template_body,
)
from carbon20.agreements.models import AgreementTemplate
from carbon20.partnerships.tests.conftest import advance_to_agreement, make_agreement

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def test_placeholders_are_filled_escaped_and_markup_is_sanitised():
    html = render_markdown(
        "## Parter\n\n**{{ company }}** <script>alert(1)</script> {{company}}\n\n"
        '<a href="javascript:x()" onclick="y()">link</a>',
        {"company": "A & B <Ltd>"},
    )
    assert "<h2>Parter</h2>" in html
    assert "<strong>A &amp; B &lt;Ltd&gt;</strong>" in html
    assert html.count("A &amp; B &lt;Ltd&gt;") == 2
    assert "<script" not in html and "onclick" not in html and "javascript" not in html


def test_template_text_is_never_a_django_template():
    html = render_markdown("{% load static %}{{ company }} {# x #}", {"company": "Firma"})
    assert "{% load static %}" in html and "Firma" in html


@pytest.mark.parametrize("language", ["da", "en"])
def test_default_templates_use_only_known_placeholders(db, language):
    template = AgreementTemplate.objects.get(municipality__isnull=True, language=language)
    validate_template_body(template.latest_version.body)
    for name in PLACEHOLDERS:
        assert "{{ " + name + " }}" in template.latest_version.body, name


def test_unknown_placeholder_is_named_in_the_error():
    with pytest.raises(ValidationError) as error:
        validate_template_body("{{ company }} {{ firmanavn }}")
    assert "{{ firmanavn }}" in error.value.messages[0]


def _english_agreement(partnership, officer):
    partnership.language = "en"
    partnership.save()
    advance_to_agreement(partnership, officer)
    return make_agreement(partnership, officer, publish_consent=True)


def test_pdf_in_the_partnerships_language(partnership_a, officer_a):
    agreement = _english_agreement(partnership_a, officer_a)
    pdf = documents.render_pdf(agreement)
    assert pdf.startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    company = partnership_a.company
    for expected in (
        "Climate partnership agreement",
        company.name,
        company.cvr,
        "20 %",
        "electricity, heat",
        "Albertslund Municipality",
        "Page 1 of",
        partnership_a.site.p_number,
        "agrees to be listed publicly",
    ):
        assert expected in text, expected
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "agreement-en.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(ARTIFACTS / "agreement-en.pdf"),
            str(ARTIFACTS / "agreement-en"),
        ],
        check=True,
    )


def test_docx_in_the_partnerships_language(partnership_a, officer_a):
    agreement = _english_agreement(partnership_a, officer_a)
    document = Document(io.BytesIO(documents.render_docx(agreement)))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    text = "\n".join(paragraphs)
    company = partnership_a.company
    for expected in (company.name, company.cvr, "20 %", "electricity, heat", "Signatures"):
        assert expected in text, expected
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Purpose and target" in headings
    assert any(run.bold for p in document.paragraphs for run in p.runs if company.name in run.text)
    assert document.tables[0].rows[0].cells[0].text == "Party"
