"""Exports: analysis tables as CSV and XLSX, executed notebooks as offline HTML.

Spreadsheet text is untrusted. In CSV and XLSX a cell starting with = + - @ (or a tab or
carriage return) could run as a formula when the file is opened in Excel, so it is written with
a leading apostrophe; in HTML all text is escaped by the templates.
"""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
from bs4 import BeautifulSoup

from fzdata.core.config import PACKAGE_DIR
from fzdata.core.resources import _yaml

TEMPLATES_DIR = PACKAGE_DIR / "templates"
TABLE_NAMES = ("indicators", "villages", "shortcomings", "followup", "rejects", "findings")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


@functools.cache
def columns() -> dict[str, Any]:
    return _yaml("columns.yml")


def neutralise(value: Any) -> Any:
    """Text that Excel would read as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so that Excel opens the Chinese correctly; contract column names."""
    return safe_frame(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def display_frame(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """The table with Chinese headers and Chinese values for codes (趋势、严重程度 …)."""
    out = df.copy()
    values = columns()["values"]
    for col, mapping in values.items():
        if col in out.columns:
            out[col] = out[col].map(lambda v, m=mapping: m.get(v, v) if isinstance(v, str) else v)
    return out.rename(columns=columns().get(name, {}))


def xlsx_bytes(tables: dict[str, pd.DataFrame]) -> bytes:
    """All tables in one workbook, one sheet each, Chinese headers."""
    buf = io.BytesIO()
    names = columns()["sheet_names"]
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, df in tables.items():
            safe_frame(display_frame(name, df)).to_excel(
                writer, sheet_name=names.get(name, name), index=False
            )
        writer.book.properties.creator = "fz workbook"
    return buf.getvalue()


def table_files(tables: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """``tables/<name>.csv`` for each table and ``tables/tables.xlsx``."""
    files = {f"tables/{name}.csv": csv_bytes(df) for name, df in tables.items()}
    files["tables/tables.xlsx"] = xlsx_bytes(tables)
    return files


# --------------------------------------------------------------------------- HTML


def notebook_html(nb: nbformat.NotebookNode, title: str) -> str:
    """An executed notebook as one offline HTML file: no code, no prompts, no parameters cell,
    nothing loaded from the network, images embedded, a table of contents, A4 print CSS."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="fz",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code="zh",  # ISO 639-1 only: "zh-CN" would fall back to "en"
    )
    nb = _without_hidden_cells(nb)
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb)
    return add_toc(body)


def _without_hidden_cells(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop the parameters cells (papermill's injected one too) and cells tagged remove-cell."""
    hidden = {"parameters", "injected-parameters", "remove-cell"}
    nb = nbformat.from_dict(nb)
    nb.cells = [c for c in nb.cells if not hidden & set(c.get("metadata", {}).get("tags", []))]
    return nb


def add_toc(html: str) -> str:
    """Insert a table of contents (h1–h3) linked to the headings' ids."""
    soup = BeautifulSoup(html, "html.parser")
    heads = [
        h for h in soup.find_all(["h1", "h2", "h3"]) if h.get("id") and not h.find_parent("nav")
    ]
    main = soup.find("main")
    if not heads or main is None:
        return serialize(soup)
    nav = soup.new_tag("nav", attrs={"class": "fz-toc", "aria-label": "目录"})
    title = soup.new_tag("p", attrs={"class": "fz-toc-title"})
    title.string = "目录"
    nav.append(title)
    ol = soup.new_tag("ol")
    for h in heads:
        li = soup.new_tag("li", attrs={"class": f"fz-toc-{h.name}"})
        a = soup.new_tag("a", href=f"#{h['id']}")
        a.string = h.get_text(" ", strip=True).rstrip("¶").strip()
        li.append(a)
        ol.append(li)
    nav.append(ol)
    main.insert(0, nav)
    return serialize(soup)


def serialize(soup: BeautifulSoup) -> str:
    """HTML from a parsed document with every quote in text escaped as well as ``& < >``: text
    from a ledger never looks like an attribute, to a browser or to anyone grepping the page.
    (Style and script contents are written as they are.)"""
    import html

    from bs4.formatter import HTMLFormatter

    return soup.decode(formatter=HTMLFormatter(entity_substitution=html.escape))


def write_files(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
