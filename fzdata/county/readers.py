"""Submitted reports read as lines of text: Word (.docx), Markdown (.md) and plain text (.txt).

Nothing in a report is executed, rendered or fetched: a Word file is checked as a ZIP before
python-docx parses it (size, inflation ratio, the size of its body XML; limits in
``limits.yml``), a macro-enabled document renamed .docx is refused, and the text is taken as
text (HTML or script typed into a report stays characters in a CSV cell). A file that cannot
be read is a finding, never an exception. Word files are read in document order, paragraphs
and table rows alike (a row's cells joined by 「｜」); a line is a paragraph or a table row. A
number that Word's automatic numbering shows (「一、」 typed by the list, not by hand) is put
before its paragraph's text, so sections and numbering are checked as a reader sees them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fzdata.core.errors import SourceError
from fzdata.core.limits import limit

#: Kinds of report read, by suffix.
REPORT_SUFFIXES = {".docx": "docx", ".md": "md", ".txt": "txt"}
#: How a table row's cells are joined into one line.
CELL_JOIN = "｜"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, and encrypted Office files
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class ReadReport:
    """A report file's text as lines, or why it could not be read."""

    path: Path
    kind: str  # docx / md / txt
    lines: list[str] = field(default_factory=list)
    sha256: str = ""
    modified: dt.date | None = None  # a Word file's core-properties date, else the file's mtime
    encoding: str = ""
    #: (level, code, message) when the file was not read
    problem: tuple[str, str, str] | None = None


def read_report(path: Path) -> ReadReport:
    """The report at ``path`` as lines (see the module's docstring); never raises for content."""
    kind = REPORT_SUFFIXES[path.suffix.lower()]
    out = ReadReport(path, kind)
    try:
        size = path.stat().st_size
        cap = limit("max_report_bytes" if kind == "docx" else "max_report_text_bytes")
        if size > cap:
            out.problem = ("error", "report_unreadable",
                           f"文件有 {size:,} 字节，超过上限 {cap:,} 字节，未读取")  # fmt: skip
            return out
        data = path.read_bytes()
        out.modified = dt.datetime.fromtimestamp(path.stat().st_mtime).date()
    except OSError as exc:
        out.problem = ("error", "report_unreadable", f"无法读取（{exc.strerror or exc}）")
        return out
    out.sha256 = hashlib.sha256(data).hexdigest()
    if not data.strip():
        out.problem = ("error", "report_unreadable", "是空文件")
        return out
    if kind == "docx":
        _read_docx(data, out)
    else:
        _read_text(data, out)
    if out.problem is None and len(out.lines) > limit("max_report_paragraphs"):
        out.problem = ("error", "report_unreadable",
                       f"段落（含表格行）超过上限 {limit('max_report_paragraphs'):,} 个，未读取")  # fmt: skip
        out.lines = []
    return out


def _read_text(data: bytes, out: ReadReport) -> None:
    from fzdata.ingest.sources import detect_encoding

    try:
        out.encoding = detect_encoding(data)
        text = data.decode(out.encoding)
    except SourceError:
        out.problem = ("error", "report_unreadable",
                       "无法识别文件编码；请另存为 UTF-8 编码的文本文件")  # fmt: skip
        return
    except (UnicodeDecodeError, LookupError):
        out.problem = ("error", "report_unreadable",
                       f"无法按 {out.encoding} 编码读取；请另存为 UTF-8 编码的文本文件")  # fmt: skip
        return
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\r\n\f\v")
    if controls > limit("max_control_share") * max(len(text), 1):
        out.problem = ("error", "report_unreadable",
                       "不是文本文件（含有大量控制字符，可能是改了扩展名的其他文件）")  # fmt: skip
        return
    out.lines = [line.replace("\x00", "") for line in text.lstrip("\ufeff").splitlines()]


def _read_docx(data: bytes, out: ReadReport) -> None:
    from fzdata.ingest.bounds import check_zip

    if data.startswith(_OLE_MAGIC):
        out.problem = ("error", "report_unreadable",
                       "不是 .docx 格式：可能是旧版 Word（.doc）、WPS 文件或设置了打开密码的文档；"
                       "请在 Word 或 WPS 中取消密码并「另存为」Word 文档（.docx）")  # fmt: skip
        return
    try:
        zf = check_zip(data, "文档")
    except SourceError as exc:
        out.problem = ("error", "report_unreadable", str(exc))
        return
    if zf is None:
        out.problem = ("error", "report_unreadable",
                       "不是有效的 Word 文档（.docx 应是 ZIP 格式）；请在 Word 或 WPS 中打开后「另存为」.docx")  # fmt: skip
        return
    with zf:
        names = set(zf.namelist())
        try:
            types = zf.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
            types = b""
        if "word/vbaProject.bin" in names or b"macroEnabled" in types:
            out.problem = ("error", "report_macro",
                           "含有宏（可能是 .docm 改了扩展名），未读取；请「另存为」不含宏的 Word 文档（.docx）")  # fmt: skip
            return
        body = zf.NameToInfo.get("word/document.xml")
        if body is not None and body.file_size > limit("max_report_xml_bytes"):
            out.problem = ("error", "report_unreadable",
                           f"正文解压后有 {body.file_size:,} 字节，超过上限 {limit('max_report_xml_bytes'):,} 字节，未读取")  # fmt: skip
            return
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        out.lines = _docx_lines(document)
        modified = document.core_properties.modified
        if modified is not None:
            out.modified = modified.date()
    except Exception as exc:  # any parser error on a hostile file is a finding
        out.problem = ("error", "report_unreadable",
                       f"不是有效的 Word 文档（{type(exc).__name__}）；请在 Word 或 WPS 中打开后「另存为」.docx")  # fmt: skip
        out.lines = []


def _docx_lines(document: object) -> list[str]:
    """Paragraphs and table rows in document order; a paragraph's line breaks are dropped (a
    title typed over two lines is one title); merged cells are read once."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    cap = limit("max_report_paragraphs")
    lines: list[str] = []
    body = document.element.body  # type: ignore[attr-defined]
    number = _auto_numbers(document)
    for child in body.iterchildren():
        if len(lines) > cap:
            break  # read_report refuses the file; no need to read on
        if child.tag == f"{_W}p":
            text = _flat(Paragraph(child, document).text)  # type: ignore[arg-type]
            lines.append(number(child) + text)
        elif child.tag == f"{_W}tbl":
            for row in Table(child, document).rows:  # type: ignore[arg-type]
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append("".join(_flat(p.text) for p in cell.paragraphs).strip())
                lines.append(CELL_JOIN.join(cells))
                if len(lines) > cap:
                    break
    return lines


def _auto_numbers(document: object) -> Callable[[Any], str]:
    """For each paragraph, the number Word's automatic numbering shows before it (「一、」,
    「（二）」, 「3.」), counted in document order as Word does; "" for none or a bullet.
    Offices often number headings this way, and the number is not in the paragraph's text."""
    try:
        root = document.part.numbering_part.element  # type: ignore[attr-defined]
    except Exception:  # no numbering part, or one python-docx cannot read
        return lambda p: ""
    levels: dict[
        str, dict[int, tuple[str, str, int]]
    ] = {}  # abstract id -> ilvl -> (fmt, text, start)
    for a in root.findall(f"{_W}abstractNum"):
        defs = {}
        for lvl in a.findall(f"{_W}lvl"):
            fmt, text, start = (
                lvl.find(f"{_W}numFmt"),
                lvl.find(f"{_W}lvlText"),
                lvl.find(f"{_W}start"),
            )
            defs[_int(lvl.get(f"{_W}ilvl"))] = (
                _val(fmt) or "decimal",
                _val(text) or "",
                _int(_val(start), 1),
            )
        levels[a.get(f"{_W}abstractNumId") or ""] = defs
    num_to_abstract = {
        n.get(f"{_W}numId"): _val(n.find(f"{_W}abstractNumId")) for n in root.findall(f"{_W}num")
    }
    counters: dict[str, list[int]] = {}

    def number(p: Any) -> str:
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None:
            return ""
        num_id = _val(num_pr.find(f"{_W}numId"))
        ilvl = min(max(_int(_val(num_pr.find(f"{_W}ilvl"))), 0), 8)
        abstract = num_to_abstract.get(num_id)
        defs = levels.get(abstract or "")
        if not defs or ilvl not in defs or defs[ilvl][0] in ("bullet", "none"):
            return ""
        counts = counters.setdefault(abstract or "", [0] * 9)
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else defs[ilvl][2]
        counts[ilvl + 1 :] = [0] * (8 - ilvl)
        text = defs[ilvl][1]
        for k in range(ilvl + 1):
            fmt, _, start = defs.get(k, ("decimal", "", 1))
            text = text.replace(f"%{k + 1}", _format_number(counts[k] or start, fmt))
        return text[:20]

    return number


def _format_number(n: int, fmt: str) -> str:
    if fmt.startswith(("chineseCounting", "ideographDigital", "taiwaneseCounting")):
        import cn2an

        return str(cn2an.an2cn(n))
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("lowerLetter", "upperLetter") and 0 < n <= 26:
        letter = chr(ord("a") + n - 1)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(n)


def _val(el: Any) -> str | None:
    return None if el is None else el.get(f"{_W}val")


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text or default)
    except ValueError:
        return default


def _flat(text: str) -> str:
    return text.replace("\n", "").replace("\v", "").replace("\r", "")
