"""The documentation method in the agreement: chosen per data kind on the form, checked, stated
in plain Danish in the text, PDF and DOCX, and kept as bills for existing agreements."""

import io
from datetime import date
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from carbon20.agreements import documents
from carbon20.agreements.models import Agreement, AgreementTemplate
from carbon20.energy import services as energy_services
from carbon20.partnerships.tests.conftest import advance_to_agreement, make_agreement
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def aarhus(db):
    return energy_services.create_weather_series(area="municipality", code="0751", name="Aarhus")


@pytest.fixture
def regression_agreement(partnership_a, officer_a, aarhus) -> Agreement:
    advance_to_agreement(partnership_a, officer_a)
    return make_agreement(
        partnership_a,
        officer_a,
        data_kinds=["electricity", "heat"],
        documentation_methods={"electricity": "regression", "heat": "degree_days"},
        weather_series=aarhus,
        baseline_start=date(2025, 7, 1),
        production_variable="møbler",
        production_unit="tonne",
    )


def test_the_agreement_states_the_method_in_danish(regression_agreement):
    text = documents.method_text(regression_agreement)
    assert text.splitlines() == [
        "El: regression (IPMVP option C): en model af hele virksomheden, tilpasset "
        "basisperioden med udetemperaturen fra Aarhus og møbler (tonne) som forklarende "
        "variable, forudsiger forbruget uden tiltagene; besparelsen er forudsigelsen minus det "
        "målte forbrug, opgjort med sin usikkerhed (ASHRAE Guideline 14).",
        "Varme: graddagskorrigeret: den del af forbruget, der går til opvarmning, korrigeres "
        "til basisperiodens graddage (basis 17 °C) målt af Aarhus.",
        "Basisperiode: 1. juli 2025 til 30. juni 2026.",
    ]


def test_pdf_and_docx_state_the_method(regression_agreement):
    pdf = documents.render_pdf(regression_agreement)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    compact = " ".join(text.split())
    assert "Besparelserne dokumenteres sådan" in compact
    assert "regression (IPMVP option C)" in compact
    assert "graddagskorrigeret" in compact
    docx = Document(io.BytesIO(documents.render_docx(regression_agreement)))
    words = "\n".join(p.text for p in docx.paragraphs)
    assert "Basisperiode: 1. juli 2025 til 30. juni 2026." in words


def test_bills_is_the_default_and_deemed_is_said(partnership_a, officer_a):
    advance_to_agreement(partnership_a, officer_a)
    agreement = make_agreement(
        partnership_a,
        officer_a,
        data_kinds=["electricity", "water"],
        documentation_methods={"water": "deemed"},
    )
    lines = documents.method_text(agreement).splitlines()
    assert lines[0].startswith("El: regninger før og efter")
    assert lines[1].startswith("Vand: beregnede besparelser")
    assert lines[2] == "Basisperiode: 1. jan. 2025 til 31. dec. 2025."


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        (
            {"documentation_methods": {"electricity": "degree_days"}},
            "data_kinds",
            "varme og brændsler",
        ),
        ({"documentation_methods": {"heat": "regression"}}, "weather_series", "vejrserie"),
        ({"documentation_methods": {"waste": "bills"}}, "data_kinds", "Affald"),
        ({"production_variable": "møbler"}, "production_unit", "enhed"),
        ({"baseline_start": date(2024, 7, 1)}, "baseline_start", "basisåret"),
        ({"documentation_methods": {"electricity": "magic"}}, "documentation_methods", "metode"),
    ],
)
def test_inconsistent_methods_are_refused(partnership_a, officer_a, fields, field, words):
    advance_to_agreement(partnership_a, officer_a)
    agreement = make_agreement(partnership_a, officer_a, data_kinds=["electricity", "heat"])
    for name, value in fields.items():
        setattr(agreement, name, value)
    with pytest.raises(ValidationError) as refused:
        agreement.full_clean()
    assert words in " ".join(refused.value.message_dict[field])


def test_the_form_records_a_method_per_data_kind(partnership_a, officer_a, officer_b, aarhus):
    advance_to_agreement(partnership_a, officer_a)
    agreement = make_agreement(partnership_a, officer_a)
    url = reverse("agreements:agreement_edit", args=[agreement.uuid])
    assert client_for(officer_b).get(url).status_code == 404
    page = client_for(officer_a).get(url).content.decode()
    assert "Dokumentationsmetode: El" in page
    form = {
        "target_percent": "20",
        "baseline_year": "2025",
        "start_date": "15-10-2026",
        "target_date": "31-12-2028",
        "focus_areas": list(partnership_a.focus_areas) or ["electricity"],
        "company_obligations": "x",
        "municipality_obligations": "y",
        "data_kinds": ["electricity", "heat"],
        "data_sources": ["bills"],
        "method_electricity": "regression",
        "method_heat": "degree_days",
        "method_water": "deemed",
        "weather_series": aarhus.pk,
        "factor_set": agreement.factor_set_id,
        "reporting_frequency": "yearly",
    }
    response = client_for(officer_a).post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    agreement.refresh_from_db()
    assert agreement.documentation_methods == {"electricity": "regression", "heat": "degree_days"}
    form["weather_series"] = ""
    refused = client_for(officer_a).post(url, form)
    assert refused.status_code == 200 and "vejrserie" in refused.content.decode()


def test_a_new_version_keeps_the_method(regression_agreement, officer_a):
    from carbon20.agreements import services

    regression_agreement.status = Agreement.State.SIGNED
    regression_agreement.save()
    copy = services.new_version(agreement=regression_agreement, user=officer_a)
    assert copy.documentation_methods == regression_agreement.documentation_methods
    assert copy.weather_series == regression_agreement.weather_series
    assert copy.production_unit == "tonne"
    page = client_for(officer_a).get(
        reverse("agreements:agreement_detail", args=[regression_agreement.uuid])
    )
    assert "Basisperiode: 1. juli 2025 til 30. juni 2026." in page.content.decode()


def test_the_data_migration_keeps_existing_agreements_on_bills(regression_agreement):
    migration = import_module("carbon20.agreements.migrations.0004_bills_for_existing_agreements")
    Agreement.objects.filter(pk=regression_agreement.pk).update(
        documentation_methods={}, data_kinds=["electricity", "water"]
    )
    migration.bills_for_existing(apps, None)
    regression_agreement.refresh_from_db()
    assert regression_agreement.documentation_methods == {"electricity": "bills", "water": "bills"}


def test_the_data_migration_gives_the_default_templates_a_version_with_the_method(db):
    migration = import_module("carbon20.agreements.migrations.0004_bills_for_existing_agreements")
    template = AgreementTemplate.objects.get(municipality=None, language="da")
    latest = template.versions.order_by("-number").first()
    assert "{{ documentation_method }}" in latest.body
    latest.body = latest.body.replace("{{ documentation_method }}", "")
    latest.save()
    migration.default_templates_state_the_method(apps, None)
    newest = template.versions.order_by("-number").first()
    assert newest.number == latest.number + 1
    assert "{{ documentation_method }}" in newest.body
    migration.default_templates_state_the_method(apps, None)
    assert template.versions.count() == latest.number + 1
