"""Workbooks checked before they are read (limits in ``limits.yml``, docs/security.md).

A ZIP workbook (.xlsx, .xlsm, .ods) is refused when a member would inflate beyond the size or
ratio limits (a zip bomb), judged from the ZIP directory before anything is inflated. The cells of
each .xlsx sheet are then scanned in a streaming pass over its XML (never held as a grid):
cells right of ``max_columns`` are stray (a value typed at XFD1048576 would otherwise make the
reader allocate 17 billion cells); they are removed from the sheet before calamine sees it and
named in a finding. A sheet whose used rectangle is still over ``max_cells`` is not read. The same
pass finds formulas saved without their result.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from fzdata.core.errors import SourceError
from fzdata.core.limits import limit

# Elements may carry a namespace prefix (<x:c …>) in files written by some generators.
_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_DIMENSION = re.compile(rb'<((?:\w+:)?)dimension\s+ref="([^"]*)"')
_FORMULA_NO_VALUE = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3}[0-9]{1,7})"[^>]*>\s*(?:<(?:\w+:)?f\b[^>]*/>|<(?:\w+:)?f\b[^>]*>([^<]*)</(?:\w+:)?f>)\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>'
)
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CHUNK = 1 << 20


@dataclass
class SheetScan:
    """What the streaming pass found in one sheet."""

    rows: int = 0
    cols: int = 0
    stray: list[str] = field(default_factory=list)  # cell names right of max_columns
    no_value: list[tuple[str, str]] = field(default_factory=list)  # (cell, formula)
    refused: str = ""  # why the sheet is not read


@dataclass
class Checked:
    """A workbook's bytes, ready for calamine, and what was found per sheet name."""

    data: bytes
    sheets: dict[str, SheetScan] = field(default_factory=dict)


#: What to do with a genuine file that trips the ratio limit.
_RESAVE = {
    "工作簿": "如确是正常台账，请用 Excel 另存后再放入",
    "文档": "如确是正常文档，请用 Word 另存后再放入",
}


def check_zip(data: bytes, what: str = "工作簿") -> zipfile.ZipFile | None:
    """The workbook's ZIP, its members checked against the inflation limits; None when the
    bytes are not a ZIP (an old .xls; calamine says what is wrong). ``what`` names the file in
    messages (工作簿, 文档)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return None
    total = 0
    for info in zf.infolist():
        size, packed = info.file_size, max(info.compress_size, 1)
        total += size
        if size > limit("max_member_bytes"):
            raise SourceError("file_too_large", f"{what}中的「{info.filename}」解压后有 {size:,} 字节，超过上限 {limit('max_member_bytes'):,} 字节；不读取（可能是压缩炸弹）")  # fmt: skip
        if size > limit("min_ratio_bytes") and size / packed > limit("max_ratio"):
            raise SourceError("file_too_large", f"{what}中的「{info.filename}」压缩比为 {size // packed}:1，超过上限 {limit('max_ratio')}:1；不读取（可能是压缩炸弹）。{_RESAVE.get(what, _RESAVE['工作簿'])}")  # fmt: skip
        if total > limit("max_total_bytes"):
            raise SourceError("file_too_large", f"{what}解压后超过 {limit('max_total_bytes'):,} 字节；不读取（可能是压缩炸弹）")  # fmt: skip
    return zf


def check_xlsx(data: bytes) -> Checked:
    """Scan every sheet of an .xlsx/.xlsm; remove stray cells; refuse oversize sheets."""
    zf = check_zip(data)
    if zf is None:
        return Checked(data)
    with zf:
        parts = _sheet_parts(zf)
        checked = Checked(data)
        rewrite: dict[str, bytes] = {}
        for part, name in parts.items():
            scan = _scan(zf, part)
            checked.sheets[name] = scan
            if scan.stray:
                rewrite[part] = _without(zf.read(part), scan)
            if scan.rows * scan.cols > limit("max_cells"):
                scan.refused = (
                    f"工作表使用范围为 {scan.rows:,} 行 × {scan.cols:,} 列，超过 {limit('max_cells'):,} 个单元格的上限；"
                    "未读取。请删除表格以外的单元格（选中多余的行列后删除），或把台账拆成几个文件"
                )
        if rewrite:
            checked.data = _replace(zf, rewrite)
    return checked


_ODS_TAG = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)\b([^>]*?)(/?)>")
_REPEAT = re.compile(rb'table:number-(?:rows|columns)-repeated="([0-9]+)"')
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')


def check_ods(data: bytes) -> dict[str, str]:
    """Sheet name → why it is not read, for .ods sheets whose used rectangle (repeated rows and
    columns counted, trailing empty ones not) is over ``max_cells``; judged by a streaming pass
    over content.xml before calamine expands the repeats."""
    zf = check_zip(data)
    if zf is None or "content.xml" not in zf.namelist():
        return {}
    refused: dict[str, str] = {}
    state = {"name": "", "row": 0, "rows": 0, "col": 0, "cols": 0, "row_has": False, "rep": 1}

    def finish_sheet() -> None:
        if state["name"] and state["rows"] * state["cols"] > limit("max_cells"):
            refused[state["name"]] = (
                f"工作表使用范围为 {state['rows']:,} 行 × {state['cols']:,} 列（含重复的行列），"
                f"超过 {limit('max_cells'):,} 个单元格的上限；未读取。请删除表格以外的单元格后另存"
            )

    def tag(m: re.Match[bytes]) -> None:
        closing, kind, attrs, empty = m.groups()
        rep = int(r.group(1)) if (r := _REPEAT.search(attrs)) else 1
        if kind == b"table":
            if closing:
                finish_sheet()
            else:
                name = _ODS_NAME.search(attrs)
                state.update(
                    name=name.group(1).decode("utf-8", "replace") if name else "",
                    row=0,
                    rows=0,
                    cols=0,
                )
        elif kind == b"table-row":
            if not closing:
                state.update(col=0, row_has=False, rep=rep)
            if closing or empty:
                if state["row_has"]:
                    state["rows"] = state["row"] + state["rep"]
                state["row"] += state["rep"]
        elif not closing:  # a cell
            if b"value-type" in attrs:
                state["row_has"] = True
                state["cols"] = max(state["cols"], state["col"] + rep)
            state["col"] += rep

    with zf, zf.open("content.xml") as fh:
        tail = b""
        while chunk := fh.read(_CHUNK):
            buf = tail + chunk
            cut = max(buf.rfind(b"<"), 0)
            for m in _ODS_TAG.finditer(buf[:cut]):
                tag(m)
            tail = buf[cut:]
        for m in _ODS_TAG.finditer(tail):
            tag(m)
    return refused


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → sheet name."""
    try:
        workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(_REL), "")
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        if part in zf.namelist():
            out[part] = sheet.get("name", "")
    return out


def _scan(zf: zipfile.ZipFile, part: str) -> SheetScan:
    scan = SheetScan()
    most = limit("max_columns")
    tail = b""
    with zf.open(part) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            buf = tail + chunk
            # Keep the last tag for the next round: it may straddle two chunks.
            cut = max(buf.rfind(b"<"), 0)
            body, tail = buf[:cut], buf[cut:]
            _scan_bytes(body, scan, most)
        _scan_bytes(tail, scan, most)
    return scan


def _scan_bytes(body: bytes, scan: SheetScan, most: int) -> None:
    for letters, digits in _CELL.findall(body):
        col, row = _col_number(letters), int(digits)
        if col > most:
            name = (letters + digits).decode()
            if name not in scan.stray:
                scan.stray.append(name)
            continue
        scan.rows = max(scan.rows, row)
        scan.cols = max(scan.cols, col)
    if b"<f" in body or b":f" in body:
        for cell, formula in _FORMULA_NO_VALUE.findall(body):
            scan.no_value.append((cell.decode(), formula.decode("utf-8", "replace")[:60]))


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _without(xml: bytes, scan: SheetScan) -> bytes:
    """The sheet's XML without its stray cells, merged ranges reaching them, and with a
    dimension that covers what is left."""
    for name in scan.stray:
        xml = re.sub(
            rb'<(?:\w+:)?c\s[^>]*?\br="' + name.encode() + rb'"[^>]*?(?:/>|>.*?</(?:\w+:)?c>)',
            b"",
            xml,
            flags=re.S,
        )
    xml = re.sub(rb"<(?:\w+:)?row\b[^>]*?(?:/>|>\s*</(?:\w+:)?row>)", b"", xml)

    def merge(m: re.Match[bytes]) -> bytes:
        cols = [_col_number(c) for c in re.findall(rb"([A-Z]{1,3})[0-9]+", m.group(1))]
        return b"" if any(c > limit("max_columns") for c in cols) else m.group(0)

    xml = re.sub(rb'<(?:\w+:)?mergeCell\s+ref="([^"]*)"\s*/>', merge, xml)
    from openpyxl.utils import get_column_letter

    last = f"{get_column_letter(max(scan.cols, 1))}{max(scan.rows, 1)}".encode()
    return _DIMENSION.sub(rb'<\1dimension ref="A1:' + last + b'"', xml, count=1)


def _replace(zf: zipfile.ZipFile, parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in zf.infolist():
            new.writestr(info.filename, parts.get(info.filename) or zf.read(info.filename))
    return out.getvalue()
