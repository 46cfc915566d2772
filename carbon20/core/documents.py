"""The one PDF renderer: every document is a Django template that extends
`print/base.html` (one print layout and stylesheet) and is rendered here with WeasyPrint.

The caller chooses the language (`translation.override`) and builds the context; this module
knows nothing of the apps. The bytes returned are the document: callers that hash or store a
PDF (the agreement sent for signature) keep exactly these bytes, because rendering the same
template twice need not give the same bytes.
"""

from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict, *, base_url: str | None = None) -> bytes:
    """Render `template_name` with `context` in the active language as PDF bytes.

    `base_url` resolves relative URLs in the document; without it the document must embed
    everything it shows (the agreement embeds its logo as a data URI), so rendering never
    fetches anything.
    """
    # Imported here: WeasyPrint loads Pango and its fonts on import, which only rendering needs.
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    pdf: bytes = HTML(string=html, base_url=base_url).write_pdf()
    return pdf
