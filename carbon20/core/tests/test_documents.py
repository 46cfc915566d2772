"""The one PDF renderer: the print layout in the active language, and no arrow from the ground
(core) up into the apps."""

import ast
import io
from pathlib import Path

from django.utils import translation
from pypdf import PdfReader

from carbon20.core import documents


def test_renders_the_print_layout_in_the_active_language():
    with translation.override("da"):
        pdf = documents.render_pdf("print/base.html", {})
    assert pdf.startswith(b"%PDF-")
    assert "Side 1 af 1" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    with translation.override("en"):
        pdf = documents.render_pdf("print/base.html", {}, base_url="http://testserver/")
    assert "Page 1 of 1" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_the_renderer_imports_nothing_from_the_apps():
    tree = ast.parse(Path(documents.__file__).read_text())
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not {name for name in imported if name and name.startswith("carbon20")}
