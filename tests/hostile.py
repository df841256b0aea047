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
