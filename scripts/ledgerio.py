"""Writers for test and sample ledgers: xlsx with merges, xls, ods and CSV in a chosen encoding.

Used by ``make_sample_data.py`` and ``make_fixtures.py``; not part of the fzdata package.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

FIXED_TIME = dt.datetime(2024, 1, 1)

# {"name": str, "rows": list[list], "merge": ["A1:F1", ...], "start": "A1",
#  "hidden_rows": [5, 6] (1-based), "hidden_cols": ["C"], "hidden": True (the sheet)}
Sheet = dict[str, Any]


def write_xlsx(path: Path, sheets: list[Sheet]) -> None:
    """Rows are written from ``start`` (default A1); ``None`` leaves a cell empty."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for spec in sheets:
        ws = wb.create_sheet(spec["name"])
        r0, c0 = _start(spec.get("start", "A1"))
        for i, row in enumerate(spec["rows"]):
            for j, value in enumerate(row):
                if value is None:
                    continue
                cell = ws.cell(row=r0 + i, column=c0 + j, value=value)
                if isinstance(value, dt.date | dt.datetime):
                    cell.number_format = "yyyy-mm-dd"
        for rng in spec.get("merge", []):
            ws.merge_cells(rng)
        for j in range(len(max(spec["rows"], key=len, default=[]))):
            ws.column_dimensions[get_column_letter(c0 + j)].width = 16
        for letter in spec.get("hidden_cols", []):
            ws.column_dimensions[letter].hidden = True
        for r in spec.get("hidden_rows", []):
            ws.row_dimensions[r].hidden = True
        if spec.get("hidden"):
            ws.sheet_state = "hidden"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    errors = {s["name"]: s["errors"] for s in sheets if s.get("errors")}
    if errors:
        _inject_errors(path, [s["name"] for s in sheets], errors)
    _fix_zip_times(path)


def _fix_zip_times(path: Path) -> None:
    """Rewrite the zip with fixed entry times so that regenerating gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            body = zin.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps "modified" with now
                body = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", body
                )
            zout.writestr(info, body)
    path.write_bytes(out.getvalue())


def _start(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    digits = "".join(ch for ch in ref if ch.isdigit())
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch.upper()) - 64
    return int(digits), col


def _inject_errors(path: Path, names: list[str], errors: dict[str, dict[str, str]]) -> None:
    """Write cached error values (``<c t="e"><v>#DIV/0!</v></c>``), as Excel saves them.

    openpyxl cannot write a cached formula result, so the cells are patched in the XML.
    """
    data = path.read_bytes()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            body = zin.read(item.filename)
            for idx, name in enumerate(names, start=1):
                if item.filename == f"xl/worksheets/sheet{idx}.xml" and name in errors:
                    text = body.decode("utf-8")
                    for ref, err in errors[name].items():
                        pat = re.compile(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', re.S)
                        new = f'<c r="{ref}" t="e"><f>1/0</f><v>{err}</v></c>'
                        text, n = pat.subn(new, text, count=1)
                        if not n:
                            raise ValueError(f"cell {ref} not found in {name}")
                    body = text.encode("utf-8")
            zout.writestr(item, body)
    path.write_bytes(out.getvalue())


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8-sig") -> None:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode(encoding))


def write_ods(path: Path, sheets: list[Sheet]) -> None:
    import pandas as pd

    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path, engine="odf") as writer:
        for spec in sheets:
            pd.DataFrame(spec["rows"]).to_excel(
                writer, sheet_name=spec["name"], header=False, index=False
            )
    if any(s.get("hidden_rows") or s.get("hidden_cols") or s.get("merge") for s in sheets):
        _ods_visibility(path, sheets)


def _ods_visibility(path: Path, sheets: list[Sheet]) -> None:
    """Mark rows and columns collapsed (``table:visibility``) and cells merged
    (``table:number-rows-spanned``), as LibreOffice saves them."""
    with zipfile.ZipFile(path) as zin:
        items = [(i, zin.read(i.filename)) for i in zin.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for item, body in items:
            if item.filename == "content.xml":
                text = body.decode("utf-8")
                for spec in sheets:
                    text = _ods_sheet_visibility(text, spec)
                body = text.encode("utf-8")
            zout.writestr(item, body)
    path.write_bytes(out.getvalue())


def _ods_sheet_visibility(text: str, spec: Sheet) -> str:
    open_tag = f'<table:table table:name="{spec["name"]}">'
    start = text.index(open_tag) + len(open_tag)
    end = text.index("</table:table>", start)
    body = text[start:end]
    width = len(max(spec["rows"], key=len, default=[]))
    hidden_cols = {_start(f"{c}1")[1] - 1 for c in spec.get("hidden_cols", [])}
    cols = "".join(
        '<table:table-column table:visibility="collapse"/>'
        if j in hidden_cols
        else "<table:table-column/>"
        for j in range(width)
    )
    parts = body.split("<table:table-row>")
    for rng in spec.get("merge", []):  # the anchor cell spans the range, as LibreOffice saves it
        a, b = rng.split(":")
        (r0, c0), (r1, c1) = _start(a), _start(b)
        cells = parts[r0].split("<table:table-cell")
        cells[c0] = (
            f' table:number-rows-spanned="{r1 - r0 + 1}"'
            f' table:number-columns-spanned="{c1 - c0 + 1}"' + cells[c0]
        )
        parts[r0] = "<table:table-cell".join(cells)
    for r in spec.get("hidden_rows", []):
        parts[r] = '<table:table-row table:visibility="collapse">' + parts[r]
    rebuilt = parts[0] + "".join(
        p if p.startswith("<table:table-row ") else "<table:table-row>" + p for p in parts[1:]
    )
    return text[:start] + cols + rebuilt + text[end:]


def write_xls(path: Path, sheets: list[Sheet]) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for spec in sheets:
        ws = wb.add_sheet(spec["name"])
        for letter in spec.get("hidden_cols", []):
            ws.col(_start(f"{letter}1")[1] - 1).hidden = True
        for r in spec.get("hidden_rows", []):
            ws.row(r - 1).hidden = True
        for i, row in enumerate(spec["rows"]):
            for j, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    ws.write(i, j, value, date_style)
                else:
                    ws.write(i, j, value)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))
