"""What readers see in the built outputs: visible text of pages, Word and Excel files, and the
scans issue 12 asks for (Python reprs, internal English, machine paths)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from bs4 import BeautifulSoup

#: ASCII words a Chinese reader meets anyway: file kinds and product names.
ALLOWED = {"word", "excel", "html", "csv", "xlsx", "xls", "ods", "docx", "pdf", "png", "wps", "gb"}
#: A file a clerk is told to open or edit (信访登记.csv, catalogue.csv) is named as it is.
_FILE = re.compile(r"[\w\-]+\.(?:csv|xlsx|xls|ods|yml|md|docx)\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")
#: Python reprs that must never reach a page.
REPRS = re.compile(
    r"<Figure size|b'\\x89PNG|b\"\\x89PNG|object at 0x|<NA>|\bNaN\b|\bdtype\b|Name: \w+, dtype|"
    r"<IPython\.|<matplotlib\.|DataFrame\(|Traceback \(most recent call last\)"
)


def page_text(html: str) -> str:
    """The text a reader sees in a page: no style, script, code or hidden (tooltip) text."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["style", "script", "code", "head"]):
        tag.decompose()
    return soup.get_text(" ")


def docx_text(data: bytes) -> str:
    import docx

    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    for s in d.sections:
        for hf in (s.header, s.first_page_header, s.footer, s.first_page_footer):
            parts += [p.text for p in hf.paragraphs]
    return "\n".join(parts)


def xlsx_text(data: bytes) -> str:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    out = []
    for ws in wb.worksheets:
        out.append(ws.title)
        for row in ws.iter_rows(values_only=True):
            out += ["" if v is None else str(v) for v in row]
    return "\n".join(out)


def foreign_words(text: str) -> list[str]:
    """ASCII words outside the allow-list (file names' extensions included in it)."""
    text = _FILE.sub(" ", text)
    return sorted({w for w in _WORD.findall(text) if w.lower() not in ALLOWED})


def reader_files(out: Path) -> dict[str, str]:
    """Every file people read in a build's outputs, as its visible text."""
    texts = {}
    for p in sorted(out.rglob("*")):
        if p.suffix == ".html":
            texts[str(p.relative_to(out))] = page_text(p.read_text("utf-8"))
        elif p.suffix == ".docx":
            texts[str(p.relative_to(out))] = docx_text(p.read_bytes())
        elif p.suffix == ".xlsx":
            texts[str(p.relative_to(out))] = xlsx_text(p.read_bytes())
    return texts
