"""Hostile ledgers, generated (no committed binaries): each function writes one file."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl

GOOD_ROWS = [
    ["指标", "数值", "计量单位"],
    ["甲指标", 3, "次"],
    ["乙指标", 4, "次"],
    ["丙指标", 5, "次"],
]


def xlsx_bytes(rows: list[list[object]], formulas: dict[str, str] | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "指标"
    for r in rows:
        ws.append(r)
    for cell, formula in (formulas or {}).items():
        ws[cell] = formula  # openpyxl saves formulas without a cached result
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def patch_sheet(data: bytes, edit) -> bytes:
    """``data`` with ``xl/worksheets/sheet1.xml`` replaced by ``edit(xml)``."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = edit(body)
            z.writestr(info.filename, body)
    return out.getvalue()


def stray_cell_xlsx(path: Path) -> None:
    """Data in A1:C4 and one value at XFD1048576, with a dimension that covers the whole sheet."""

    def edit(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)
        stray = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>孤立值</t></is></c></row>'.encode()
        return xml.replace(b"</sheetData>", stray + b"</sheetData>")

    path.write_bytes(patch_sheet(xlsx_bytes(GOOD_ROWS), edit))


def zip_bomb_xlsx(path: Path, megabytes: int = 8) -> None:
    """A workbook whose shared strings inflate about 1000:1."""

    def add(data: bytes) -> bytes:
        src = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for info in src.infolist():
                if info.filename != "xl/sharedStrings.xml":
                    z.writestr(info.filename, src.read(info.filename))
            z.writestr("xl/sharedStrings.xml", b"0" * (megabytes << 20))
        return out.getvalue()

    path.write_bytes(add(xlsx_bytes(GOOD_ROWS)))


def csv_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.write_bytes(text.encode(encoding))


def repeated_ods(path: Path, rows: int = 1_000_000, cols: int = 16_000) -> None:
    """An .ods whose one value is repeated over a huge rectangle (table:number-*-repeated):
    a real .ods written by odfpy, its content.xml swapped."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table

    doc = OpenDocumentSpreadsheet()
    doc.spreadsheet.addElement(Table(name="重复"))
    raw = io.BytesIO()
    doc.write(raw)
    rows_xml = (
        '<table:table-row><table:table-cell office:value-type="string"><text:p>指标</text:p></table:table-cell></table:table-row>'
        f'<table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="{cols}" '
        'office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
    )
    src = zipfile.ZipFile(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "content.xml":
                body = re.sub(
                    rb'(<table:table table:name="[^"]*")\s*/>',
                    rb"\1>" + rows_xml.encode() + rb"</table:table>",
                    body,
                )
            z.writestr(info, body)
    path.write_bytes(out.getvalue())
