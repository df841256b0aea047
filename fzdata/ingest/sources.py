"""Read ledger files into grids of raw cells, one per sheet, positions kept as in the file.

Workbooks (.xlsx, .xlsm, .xls, .ods) are read with calamine (python-calamine, the engine behind
``pandas.read_excel(engine="calamine")``), called directly so that blank rows keep their place,
cell addresses stay exact and merged ranges are known. CSV encodings are detected, not assumed.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

import charset_normalizer
from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from fzdata.core.errors import SourceError
from fzdata.core.findings import cell_name
from fzdata.core.limits import limit
from fzdata.core.parse import CellError
from fzdata.ingest.bounds import SheetScan, check_ods, check_xlsx

Cell = Any  # str | float | int | bool | datetime.date | datetime.datetime | CellError | None


@dataclass
class Grid:
    """One sheet's cells: ``rows[r][c]`` is the cell at row ``r + 1``, column ``c + 1``."""

    file: str
    sheet: str
    rows: list[list[Cell]]
    #: merged ranges as ((first_row, first_col), (last_row, last_col)), 0-based inclusive
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    encoding: str = ""
    #: 0-based rows and columns hidden in the workbook (calamine does not report visibility)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    #: the sheet itself is hidden (or very hidden) in the workbook
    hidden: bool = False
    #: problems met while reading, as (level, code, message, cell) for findings
    notes: list[tuple[str, str, str, str]] = field(default_factory=list)


# A CSV field may be as long as the documented limit (the csv module's default is 128 KB).
csv.field_size_limit(limit("max_csv_field_chars"))

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


def read_grids(path: Path, name: str) -> list[Grid]:
    """Every sheet of ``path`` as a :class:`Grid`; ``name`` is how findings refer to the file."""
    try:
        size = path.stat().st_size
        if size > limit("max_file_bytes"):
            raise SourceError("file_too_large", f"文件有 {size:,} 字节，超过上限 {limit('max_file_bytes'):,} 字节；未读取。请把台账拆成几个文件")  # fmt: skip
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError("file_unreadable", f"无法读取文件：{exc.strerror or exc}") from exc
    if not data.strip(b"\x00 \t\r\n"):
        raise SourceError("file_empty", "文件是空的，没有任何内容")
    if path.suffix.lower() == ".csv":
        grids = [_read_csv(data, name, path.stem)]
    else:
        grids = _read_workbook(path, data, name)
    for grid in grids:
        _bound_cells(grid)
    return grids


def _bound_cells(grid: Grid) -> None:
    """A cell longer than Excel's own limit is read as empty, with a finding (a 200 KB cell
    would otherwise be copied into the report)."""
    most = limit("max_cell_chars")
    for r, row in enumerate(grid.rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and len(value) > most:
                row[c] = None
                grid.notes.append(("error", "cell_too_long", f"单元格有 {len(value):,} 个字符，超过 {most:,} 个的上限（与 Excel 相同）；已按空单元格处理，请核对该单元格", cell_name(r, c)))  # fmt: skip


# ----------------------------------------------------------------------------- CSV


def detect_encoding(data: bytes) -> str:
    """The encoding of CSV bytes: a BOM, else valid UTF-8, else charset-normalizer's best guess
    among the encodings Chinese offices produce (GB18030 family, Big5, UTF-16)."""
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return enc
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(
        data, cp_isolation=["gb18030", "big5", "utf_16", "utf_8"]
    ).best()
    if best is None:
        raise SourceError(
            "bad_encoding", "无法识别文件编码；请在 Excel 中另存为「CSV UTF-8（逗号分隔）」"
        )
    enc = best.encoding.lower().replace("-", "_")
    # GB2312 and GBK are subsets of GB18030; decoding with the superset loses nothing.
    return "gb18030" if enc in ("gb2312", "gbk", "gb18030", "hz", "cp936") else enc


def _read_csv(data: bytes, name: str, stem: str) -> Grid:
    notes: list[tuple[str, str, str, str]] = []
    mixed = _mixed_lines(data)
    encoding = "utf-8" if mixed else detect_encoding(data)
    if mixed:
        text = "\n".join(_decode_line(line) for line in data.split(b"\n"))
        encoding = "utf-8"
        shown = "、".join(str(n) for n in mixed[:10]) + ("等" if len(mixed) > 10 else "")
        notes.append(("warning", "bad_encoding", f"第{shown}行不是 UTF-8 编码（文件其余部分是），已按 GB18030 读取；请核对这些行，并把文件统一另存为「CSV UTF-8」", ""))  # fmt: skip
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise SourceError("bad_encoding", f"第{line}行按 {encoding} 解码失败：{exc.reason}；请在 Excel 中另存为「CSV UTF-8（逗号分隔）」") from exc  # fmt: skip
    if "\x00" in text:
        controls = sum(1 for ch in text if ch < " " and ch not in "\x00\t\r\n")
        if controls > limit("max_control_share") * len(text):
            raise SourceError("file_unreadable", "文件含有大量二进制内容，不是文本 CSV")
        lines = [n for n, line in enumerate(text.split("\n"), start=1) if "\x00" in line]
        shown = "、".join(str(n) for n in lines[:10]) + ("等" if len(lines) > 10 else "")
        notes.append(("warning", "nul_bytes", f"第{shown}行含有 NUL 字节（\\x00，通常是文件损坏或从其他系统导出），已删除；请核对这些行", ""))  # fmt: skip
        text = text.replace("\x00", "")
    delimiter = _delimiter(text[:16384])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [list(r) for r in reader]
    except csv.Error as exc:
        raise SourceError("file_unreadable", f"第{reader.line_num}行无法解析（{exc}）；单个字段最多 {limit('max_csv_field_chars'):,} 个字符，请检查引号是否成对") from None  # fmt: skip
    # Excel shows a CSV's only sheet under the file's stem; cell references use that name.
    return Grid(name, stem, rows, encoding=encoding, notes=notes)


def _mixed_lines(data: bytes) -> list[int]:
    """Line numbers that are not UTF-8 in a file whose other non-ASCII lines are: a file
    pasted together from two systems. Empty when the file is simply in another encoding."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return []
    good = bad = 0
    lines = []
    for n, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            good += 1
        except UnicodeDecodeError:
            bad += 1
            lines.append(n)
    return lines if good and bad and good >= bad else []


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("gb18030", errors="replace")


def _delimiter(sample: str) -> str:
    """The delimiter that splits the first rows most consistently, parsed with standard quoting.

    csv.Sniffer guesses the whole dialect from character counts and is misled by quoted fields
    holding commas and doubled quotes; parsing with each candidate is reliable.
    """
    best, best_score = ",", -1.0
    for cand in (",", "\t", ";", "|"):
        try:
            rows = [
                r
                for r in csv.reader(io.StringIO(sample, newline=""), delimiter=cand)
                if any(c.strip() for c in r)
            ][:50]
        except csv.Error:
            continue
        widths = [len(r) for r in rows]
        if not widths or max(widths) < 2:
            continue
        common = max(set(widths), key=widths.count)
        score = widths.count(common) / len(widths) + common / 1000  # consistency first, then width
        if score > best_score:
            best, best_score = cand, score
    return best


# ------------------------------------------------------------------------ workbooks


def _read_workbook(path: Path, data: bytes, name: str) -> list[Grid]:
    suffix = path.suffix.lower()
    if (data.startswith(_OLE_MAGIC) and suffix in (".xlsx", ".xlsm")) or _ENCRYPTED_MARK in data[
        :65536
    ]:
        raise SourceError(
            "file_encrypted", "工作簿设置了打开密码（已加密）；请在 Excel 中取消密码后另存再放入"
        )
    checked = check_xlsx(data) if suffix in (".xlsx", ".xlsm") else None
    ods_refused = check_ods(data) if suffix == ".ods" else {}
    if ods_refused:  # calamine parses every sheet of an .ods when it opens the file
        sheet, why = next(iter(ods_refused.items()))
        raise SourceError("sheet_too_large", f"工作表「{sheet}」{why}")
    if checked is not None:
        data = checked.data
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError as exc:
        raise SourceError(
            "file_encrypted", "工作簿设置了打开密码（已加密）；请在 Excel 中取消密码后另存再放入"
        ) from exc
    except (CalamineError, ValueError, OSError) as exc:
        raise SourceError(
            "file_unreadable",
            f"文件已损坏或不是有效的 {suffix} 工作簿（{exc}）；请用 Excel 打开后另存为 .xlsx",
        ) from exc
    errors: dict[str, dict[tuple[int, int], str]] = {}
    hidden: dict[str, tuple[set[int], set[int]]] = {}
    ods_merged: dict[str, Merged] = {}
    if suffix in (".xlsx", ".xlsm"):
        errors, hidden = _xlsx_extras(data)
    elif suffix == ".ods":
        hidden, ods_merged = _ods_extras(data)
    elif suffix == ".xls":
        hidden = _xls_hidden(data)
    grids = []
    for meta in wb.sheets_metadata:
        if str(meta.typ) != "SheetTypeEnum.WorkSheet":
            continue
        scan = checked.sheets.get(meta.name) if checked is not None else None
        notes = _scan_notes(scan)
        if scan is not None and scan.refused:
            grids.append(
                Grid(
                    name,
                    meta.name,
                    [],
                    notes=[*notes, ("error", "sheet_too_large", scan.refused, "")],
                )
            )
            continue
        try:
            sheet = wb.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            try:
                merged = [tuple(r) for r in (sheet.merged_cell_ranges or [])]
            except (CalamineError, AttributeError):
                merged = []
        except (CalamineError, ValueError) as exc:
            raise SourceError("file_unreadable", f"工作表「{meta.name}」无法读取（{exc}）") from exc
        rows = [list(r) for r in rows]
        for (r, c), text in errors.get(meta.name, {}).items():
            if r < len(rows) and c < len(rows[r]):
                rows[r][c] = CellError(text)
        if not merged and meta.name in ods_merged:
            merged = ods_merged[meta.name]
        hrows, hcols = hidden.get(meta.name, (set(), set()))
        grid = Grid(name, meta.name, rows, merged, "", hrows, hcols, notes=notes)  # type: ignore[arg-type]
        grid.hidden = str(getattr(meta, "visible", "Visible")).rsplit(".", 1)[-1] != "Visible"
        grids.append(grid)
    return grids


def _scan_notes(scan: SheetScan | None) -> list[tuple[str, str, str, str]]:
    if scan is None:
        return []
    notes = []
    if scan.stray:
        cells = "、".join(scan.stray[:5]) + ("等" if len(scan.stray) > 5 else "")
        notes.append(("warning", "stray_cell", f"单元格 {cells} 远在表格右侧（超过第 {limit('max_columns')} 列），不是台账内容，已忽略；请删除这些单元格", scan.stray[0]))  # fmt: skip
    for cell, formula in dict.fromkeys(scan.no_value):
        notes.append(("warning", "formula_no_value", f"单元格是公式（={formula}），但文件中没有保存计算结果，按空单元格读取；请在 Excel 中打开该文件并保存后再放入", cell))  # fmt: skip
    return notes


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_ERROR_CELL = re.compile(
    rb'<c r="([A-Z]+)(\d+)"[^>]*?\bt="e"[^>]*>(?:(?!</c>).)*?<v>([^<]*)</v>', re.S
)


Hidden = dict[str, tuple[set[int], set[int]]]  # sheet name -> (hidden rows, hidden columns)


def _xlsx_extras(data: bytes) -> tuple[dict[str, dict[tuple[int, int], str]], Hidden]:
    """Cells holding an error value (``t="e"``), and hidden rows and columns, per sheet name.

    python-calamine returns error cells as empty strings (python-calamine issue #105), which
    would turn ``#DIV/0!`` into "missing", and it does not report hidden rows and columns;
    the sheet XML says both. Each sheet part is read once; the XML is only parsed when a cheap
    byte search finds an error cell or a ``hidden`` attribute.
    """
    errors: dict[str, dict[tuple[int, int], str]] = {}
    hidden: Hidden = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            sheet_parts = [n for n in names if n.startswith("xl/worksheets/sheet")]
            hits = {}
            for part in sheet_parts:
                xml = zf.read(part)
                if b't="e"' in xml or _has_hidden(xml):
                    hits[part] = xml
            if not hits:
                return errors, hidden
            workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return errors, hidden
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(_REL), "")
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        if part not in hits:
            continue
        xml = hits[part]
        name = sheet.get("name", "")
        if b't="e"' in xml:
            cells: dict[tuple[int, int], str] = {}
            for col, row, value in _ERROR_CELL.findall(xml):
                cells[(int(row) - 1, _col_index(col.decode()))] = value.decode() or "#N/A"
            errors[name] = cells
        if _has_hidden(xml):
            hidden[name] = _xlsx_hidden(xml)
    return errors, hidden


def _has_hidden(xml: bytes) -> bool:
    # Plain byte searches: a regex over a 100,000-row sheet part costs a third of a second.
    return b'hidden="1"' in xml or b'hidden="true"' in xml


def _xlsx_hidden(xml: bytes) -> tuple[set[int], set[int]]:
    """Rows (``<row r="5" hidden="1">``) and columns (``<col min max hidden="1">``) hidden in a
    sheet part, read with a streaming (expat) parser."""
    rows: set[int] = set()
    cols: set[int] = set()
    last_row = [0]

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rsplit(" ", 1)[-1]
        if local == "row":
            r = int(attrs.get("r") or last_row[0] + 1)
            last_row[0] = r
            if attrs.get("hidden") in ("1", "true"):
                rows.add(r - 1)
        elif local == "col" and attrs.get("hidden") in ("1", "true"):
            first, last = int(attrs.get("min", "1")), int(attrs.get("max", "1"))
            cols.update(range(first - 1, min(last, 16384)))

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    with contextlib.suppress(expat.ExpatError, ValueError):
        parser.Parse(xml, True)
    return rows, cols


_ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


Merged = list[tuple[tuple[int, int], tuple[int, int]]]


def _ods_extras(data: bytes) -> tuple[Hidden, dict[str, Merged]]:
    """Hidden rows and columns (``table:visibility`` collapse or filter) and merged ranges
    (``table:number-rows-spanned`` / ``number-columns-spanned``, which calamine does not report
    for .ods), per sheet, from content.xml with a streaming (expat) parser."""
    hidden: Hidden = {}
    merged: dict[str, Merged] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = zf.read("content.xml")
    except (zipfile.BadZipFile, KeyError):
        return hidden, merged
    if b"visibility=" not in xml and b"-spanned=" not in xml:
        return hidden, merged
    state = {"depth": 0, "name": "", "row": 0, "col": 0, "cell": 0, "at": 0}
    t = _ODS_TABLE + " "

    def start(tag: str, attrs: dict[str, str]) -> None:
        if not tag.startswith(_ODS_TABLE):
            return
        local = tag[len(t) :]
        if local == "table":
            state["depth"] += 1
            if state["depth"] == 1:
                state.update(name=attrs.get(t + "name", ""), row=0, col=0)
                hidden.setdefault(str(state["name"]), (set(), set()))
                merged.setdefault(str(state["name"]), [])
            return
        if state["depth"] != 1:
            return
        rows, cols = hidden[str(state["name"])]
        if local == "table-row":
            n = int(attrs.get(t + "number-rows-repeated", "1"))
            r = int(state["row"])
            if attrs.get(t + "visibility", "visible") != "visible":
                rows.update(range(r, min(r + n, r + 100000)))
            state.update(row=r + n, at=r, cell=0)
        elif local == "table-column":
            n = int(attrs.get(t + "number-columns-repeated", "1"))
            c = int(state["col"])
            if attrs.get(t + "visibility", "visible") != "visible":
                cols.update(range(c, min(c + n, 16384)))
            state["col"] = c + n
        elif local in ("table-cell", "covered-table-cell"):
            c = int(state["cell"])
            state["cell"] = c + int(attrs.get(t + "number-columns-repeated", "1"))
            rs = int(attrs.get(t + "number-rows-spanned", "1"))
            cs = int(attrs.get(t + "number-columns-spanned", "1"))
            if local == "table-cell" and (rs > 1 or cs > 1):
                r = int(state["at"])
                merged[str(state["name"])].append(((r, c), (r + rs - 1, c + cs - 1)))

    def end(tag: str) -> None:
        if tag == _ODS_TABLE + " table":
            state["depth"] -= 1

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    with contextlib.suppress(expat.ExpatError, ValueError):
        parser.Parse(xml, True)
    return (
        {k: v for k, v in hidden.items() if v[0] or v[1]},
        {k: v for k, v in merged.items() if v},
    )


def _xls_hidden(data: bytes) -> Hidden:
    """Hidden rows (ROW record, fDyZero) and columns (COLINFO, fHidden) of a BIFF8 .xls.

    xlrd is not a dependency; the records are few and documented ([MS-XLS] 2.4.221, 2.4.53),
    so the Workbook stream is scanned directly. Older BIFF versions are not read (no finding).
    """
    out: Hidden = {}
    try:
        import olefile

        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            stream = next((n for n in ("Workbook", "Book") if ole.exists(n)), "")
            if not stream:
                return out
            book = ole.openstream(stream).read()
    except (OSError, ImportError, ValueError):
        return out
    sheets: list[tuple[int, str]] = []
    pos = 0
    while pos + 4 <= len(book):
        rtype, size = struct.unpack_from("<HH", book, pos)
        body = book[pos + 4 : pos + 4 + size]
        if rtype == 0x0085 and len(body) >= 8:  # BOUNDSHEET
            offset, cch, flags = struct.unpack_from("<IxxBB", body, 0)
            raw = body[8 : 8 + (cch * 2 if flags & 1 else cch)]
            name = raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
            if body[5] == 0:  # a worksheet
                sheets.append((offset, name))
        elif rtype == 0x000A and sheets:  # EOF of the globals substream
            break
        pos += 4 + size
    for offset, name in sheets:
        rows: set[int] = set()
        cols: set[int] = set()
        pos = offset
        while pos + 4 <= len(book):
            rtype, size = struct.unpack_from("<HH", book, pos)
            body = book[pos + 4 : pos + 4 + size]
            if rtype == 0x000A:  # EOF
                break
            if rtype == 0x0208 and len(body) >= 16:  # ROW
                (rw,) = struct.unpack_from("<H", body, 0)
                (grbit,) = struct.unpack_from("<H", body, 12)
                if grbit & 0x20:
                    rows.add(rw)
            elif rtype == 0x007D and len(body) >= 10:  # COLINFO
                first, last, _, _, grbit = struct.unpack_from("<HHHHH", body, 0)
                if grbit & 0x1:
                    cols.update(range(first, min(last, 16383) + 1))
            pos += 4 + size
        if rows or cols:
            out[name] = (rows, cols)
    return out


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1
