"""The partnership agreement as PDF (in the print layout of every document, `core.documents`)
and DOCX (python-docx), both in the partnership's language and both built from the same
sanitised HTML of the template."""

import base64
import io
import mimetypes

from django.utils import formats, translation
from django.utils.translation import gettext as _

from carbon20.agreements.agreement_text import render_markdown
from carbon20.agreements.models import (
    Agreement,
    AgreementSignature,
    DataKind,
    DataSource,
    DocumentationMethod,
    ReportingFrequency,
)
from carbon20.core import documents as print_documents
from carbon20.core.markdown_text import write_docx
from carbon20.partnerships.focus import focus_area_labels


def _reporting_phrase(frequency: str) -> str:
    return {
        ReportingFrequency.MONTHLY: _("every month"),
        ReportingFrequency.QUARTERLY: _("every quarter"),
        ReportingFrequency.HALF_YEARLY: _("every six months"),
        ReportingFrequency.YEARLY: _("once a year"),
    }[frequency]


def method_text(agreement: Agreement) -> str:
    """The documentation method in plain words, one line per data kind and one for the
    baseline period; call inside the partnership's language."""
    series = (
        str(agreement.weather_series.name)
        if agreement.weather_series_id
        else _("the weather series chosen")
    )
    drivers = (
        _("the outdoor temperature of %(series)s and %(variable)s (%(unit)s)")
        % {
            "series": series,
            "variable": agreement.production_variable,
            "unit": agreement.production_unit,
        }
        if agreement.production_variable
        else _("the outdoor temperature of %(series)s") % {"series": series}
    )
    phrases = {
        DocumentationMethod.DEEMED: _(
            "deemed savings: the engineering estimates of the measures carried out; no "
            "consumption is measured against the baseline."
        ),
        DocumentationMethod.BILLS: _(
            "bills before and after: the consumption of whole years is compared with the "
            "baseline period."
        ),
        DocumentationMethod.DEGREE_DAYS: _(
            "degree-day normalised: the heated share of the consumption is corrected to the "
            "heating degree days (base 17 °C) of the baseline period, measured by %(series)s."
        )
        % {"series": series},
        DocumentationMethod.REGRESSION: _(
            "regression (IPMVP option C): a model of the whole facility, fitted on the "
            "baseline period with %(drivers)s as drivers, predicts the consumption without the "
            "measures; the saving is the prediction minus the measured consumption, stated with "
            "its uncertainty (ASHRAE Guideline 14)."
        )
        % {"drivers": drivers},
    }
    lines = [
        f"{DataKind(kind).label}: {phrases[DocumentationMethod(agreement.method_for(kind))]}"
        for kind in DataKind.values
        if kind in (agreement.data_kinds or [])
    ]
    start, end = agreement.baseline_period
    lines.append(
        _("Baseline period: %(start)s to %(end)s.")
        % {
            "start": formats.date_format(start, "DATE_FORMAT"),
            "end": formats.date_format(end, "DATE_FORMAT"),
        }
    )
    return "\n".join(lines)


def _labels(values: list[str], choices) -> str:
    chosen = set(values)
    return ", ".join(str(choice.label).lower() for choice in choices if choice.value in chosen)


def placeholder_values(agreement: Agreement) -> dict[str, str]:
    """Values of the fixed placeholders; call inside the partnership's language."""
    partnership = agreement.partnership
    company = partnership.company
    site = partnership.site
    owner = partnership.owner
    return {
        "municipality": str(partnership.municipality.display_name),
        "officer": (owner.get_full_name() or owner.email) if owner else "",
        "programme": partnership.programme.name,
        "company": company.name,
        "cvr": company.cvr,
        "company_address": f"{company.address}, {company.postcode} {company.city}",
        "site": (
            _("the site %(site)s, P-number %(p_number)s")
            % {"site": site.name or site.address, "p_number": site.p_number}
            if site
            else _("the whole company")
        ),
        "focus_areas": ", ".join(
            label.lower() for label in focus_area_labels(agreement.focus_areas)
        )
        or _("to be chosen"),
        "target_percent": formats.number_format(
            agreement.target_percent.normalize(), use_l10n=True
        ),
        "baseline_year": str(agreement.baseline_year),
        "start_date": formats.date_format(agreement.start_date, "DATE_FORMAT"),
        "target_date": formats.date_format(agreement.target_date, "DATE_FORMAT"),
        "company_obligations": agreement.company_obligations,
        "municipality_obligations": agreement.municipality_obligations,
        "offers": agreement.offers,
        "documentation_data": _labels(agreement.data_kinds, DataKind),
        "documentation_sources": _labels(agreement.data_sources, DataSource),
        "reporting_frequency": _reporting_phrase(agreement.reporting_frequency),
        "documentation_method": method_text(agreement),
        "factor_set": (
            f"{agreement.factor_set.name} ({agreement.factor_set.year})"
            if agreement.factor_set_id
            else _("the programme's emission factor set")
        ),
        "publication": (
            _("The company agrees to be listed publicly as a partner in the programme.")
            if agreement.publish_consent
            else _("The company is not listed publicly.")
        ),
    }


def agreement_html(agreement: Agreement) -> str:
    """The agreement body as sanitised HTML; call inside the partnership's language."""
    return render_markdown(agreement.template_version.body, placeholder_values(agreement))


def _logo_data_uri(municipality) -> str:
    """The logo embedded in the document, so that rendering never fetches a URL."""
    if not municipality.logo:
        return ""
    try:
        with municipality.logo.open("rb") as logo:
            data = logo.read()
    except OSError:
        return ""
    mime = mimetypes.guess_type(municipality.logo.name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def _signature_rows(agreement: Agreement) -> list[dict]:
    signatures = {signature.party: signature for signature in agreement.signatures.all()}
    return [
        {
            "party": party.label,
            "organisation": (
                agreement.partnership.company.name
                if party == AgreementSignature.Party.COMPANY
                else agreement.partnership.municipality.display_name
            ),
            "signature": signatures.get(party.value),
        }
        for party in AgreementSignature.Party
    ]


def _context(agreement: Agreement) -> dict:
    return {
        "agreement": agreement,
        "partnership": agreement.partnership,
        "title": agreement.template_version.title,
        "body": agreement_html(agreement),
        "logo": _logo_data_uri(agreement.partnership.municipality),
        "signature_rows": _signature_rows(agreement),
    }


def render_pdf(agreement: Agreement) -> bytes:
    """A fresh rendering: once sent for signature, the stored `sent_pdf` bytes are the
    document (their hash is what is signed), never a new rendering."""
    with translation.override(agreement.partnership.language):
        return print_documents.render_pdf(
            "agreements/documents/agreement_pdf.html", _context(agreement)
        )


def render_docx(agreement: Agreement) -> bytes:
    from docx import Document

    partnership = agreement.partnership
    with translation.override(partnership.language):
        context = _context(agreement)
        document = Document()
        document.core_properties.title = context["title"]
        document.core_properties.language = partnership.language
        document.add_paragraph(str(partnership.municipality.display_name))
        document.add_heading(context["title"], level=0)
        document.add_paragraph(
            _("Version %(version)d · made from template version %(template)d")
            % {"version": agreement.version, "template": agreement.template_version.number}
        )
        write_docx(document, context["body"])
        document.add_heading(_("Signatures"), level=2)
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, (_("Party"), _("Name"), _("Title"), _("Date")), strict=True
        ):
            cell.text = text
        for row in context["signature_rows"]:
            signature = row["signature"]
            cells = table.add_row().cells
            cells[0].text = f"{row['organisation']} ({row['party']})"
            if signature:
                cells[1].text = signature.name
                cells[2].text = signature.title
                cells[3].text = formats.date_format(signature.signed_at, "DATE_FORMAT")
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
