"""Hostile files, refused clearly and fast: formulas in exported cells, XLSX decompression
bombs, over-long CSV cells, a "PDF" that is a web page, a full disk when a scan is stored."""

import csv
import errno
import io
import time
import zipfile
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from carbon20.core.imports import TableError, read_table
from carbon20.core.spreadsheets import safe_cell
from carbon20.core.uploads import NotAPdf, StorageFull, check_pdf, store_file
from carbon20.reports.exports import as_csv, as_xlsx
from testsupport.pdfs import minimal_pdf

HOSTILE = [
    '=HYPERLINK("http://evil.example","Klik")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def _dashboard(names):
    table = SimpleNamespace(
        key="results",
        title="Resultater",
        headers=["Virksomhed", "Reduktion"],
        rows=[[name, Decimal("-12.5")] for name in names],
        note="",
    )
    return SimpleNamespace(tables=[table])


@pytest.mark.parametrize("value", HOSTILE)
def test_a_formula_is_written_as_text(value):
    assert safe_cell(value) == "'" + value


def test_numbers_and_plain_text_stay_as_they_are():
    assert safe_cell(-5) == -5
    assert safe_cell(-1.5) == -1.5
    assert safe_cell("Møbelsnedkeriet A/S") == "Møbelsnedkeriet A/S"


def test_the_xlsx_export_has_no_formula_cell_and_keeps_negative_numbers():
    workbook = load_workbook(io.BytesIO(as_xlsx(_dashboard(HOSTILE))))
    sheet = workbook.worksheets[0]
    names = [row[0] for row in sheet.iter_rows(min_row=3)]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert [cell.value for cell in names] == ["'" + value for value in HOSTILE]
    assert [row[1].value for row in sheet.iter_rows(min_row=3)] == [-12.5] * len(HOSTILE)


def test_the_csv_export_neutralises_every_formula_cell():
    rows = list(csv.reader(io.StringIO(as_csv(_dashboard(HOSTILE))), delimiter=";"))
    names = [row[0] for row in rows[2 : 2 + len(HOSTILE)]]
    assert names == ["'" + value for value in HOSTILE]
    assert {row[1] for row in rows[2 : 2 + len(HOSTILE)]} == {"-12,5"}


def _bomb(size: int) -> bytes:
    """A workbook whose sheet XML unpacks to `size` bytes of one repeated row: tiny packed."""
    buffer = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b"<worksheet><sheetData>")
            for _ in range(size // len(row)):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def test_an_xlsx_bomb_is_refused_before_parsing(settings):
    content = _bomb(60 * 1024 * 1024)
    assert len(content) < 1024 * 1024
    started = time.monotonic()
    with pytest.raises(TableError, match=r"unpacks|pakker ud"):
        read_table(SimpleUploadedFile("bomb.xlsx", content))
    assert time.monotonic() - started < 5


def test_a_highly_packed_part_is_refused_below_the_total_limit(settings):
    settings.IMPORT_MAX_XLSX_RATIO = 100
    with pytest.raises(TableError, match=r"unpacks|pakker ud"):
        read_table(SimpleUploadedFile("bomb.xlsx", _bomb(20 * 1024 * 1024)))


def test_reading_stops_at_the_cell_limit(settings):
    settings.IMPORT_MAX_CELLS = 1000
    workbook = Workbook()
    for _ in range(300):
        workbook.active.append(["a", "b", "c", "d"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(TableError, match="1000"):
        read_table(SimpleUploadedFile("wide.xlsx", buffer.getvalue()))


def test_an_over_long_csv_cell_names_its_row():
    content = ("a;b\n1;2\n3;" + "x" * 200_000 + "\n").encode()
    with pytest.raises(TableError, match=r"Row 3|Række 3"):
        read_table(SimpleUploadedFile("long.csv", content))


def test_a_real_pdf_passes():
    check_pdf(minimal_pdf("ok"))


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n<html><script>alert(1)</script></html>",
        minimal_pdf("x").replace(b"%PDF-1.4", b"%PDF-1.4\n<!DOCTYPE html>"),
        b"%PDF-1.4\n1 0 obj<<>>endobj\n",
        minimal_pdf("x")[:-30],
        b"<html>%PDF-1.4</html>",
    ],
)
def test_what_only_starts_like_a_pdf_is_refused(content):
    with pytest.raises(NotAPdf):
        check_pdf(content)


class FullDisk(FileSystemStorage):
    """Writes half of the file, then the disk is full."""

    def _save(self, name, content):
        path = self.path(name)
        data = content.read()
        with open(path, "wb") as handle:
            handle.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_leaves_nothing_half_written(tmp_path):
    storage = FullDisk(location=tmp_path)
    field = SimpleNamespace(
        max_length=100, attname="scan", generate_filename=lambda instance, name: name
    )
    instance = SimpleNamespace(scan=None)
    field_file = SimpleNamespace(storage=storage, field=field, instance=instance)
    with pytest.raises(StorageFull, match=r"no room|ikke plads"):
        store_file(field_file, "scan.pdf", minimal_pdf())
    assert list(tmp_path.iterdir()) == []
    assert instance.scan is None


def _pdf_of(objects: list[bytes], root: str = "1 0 R") -> bytes:
    """A file laid out as a PDF (header, objects, xref, trailer, startxref) around `objects`."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} >>\n".encode()
    return out + f"startxref\n{xref}\n%%EOF\n".encode()


@pytest.mark.parametrize(
    "content",
    [
        # The structure is there, but the catalogue names no page tree.
        _pdf_of([b"<< /Type /Catalog >>"]),
        # A page tree that holds no page.
        _pdf_of([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]),
        # The trailer's root points at an object that is not there.
        _pdf_of([b"<< /Type /Pages /Kids [] /Count 0 >>"], root="9 0 R"),
    ],
    ids=["no-page-tree", "no-pages", "missing-root"],
)
def test_what_looks_like_a_pdf_but_does_not_parse_is_refused(content):
    """The structural check passes these; the parse (pypdf) does not."""
    with pytest.raises(NotAPdf):
        check_pdf(content)
