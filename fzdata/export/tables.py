"""Exports: analysis tables as CSV and XLSX.

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

import numpy as np
import pandas as pd

from fzdata.core.config import PACKAGE_DIR
from fzdata.core.resources import _yaml
from fzdata.export.stable import FIXED_TIME, fixed_zip_times

TEMPLATES_DIR = PACKAGE_DIR / "templates"
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
    yes_no = columns()["booleans"]
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (bool, np.bool_))).any():
            out[col] = (
                out[col]
                .map(lambda v: yes_no[bool(v)] if isinstance(v, (bool, np.bool_)) else v)
                .astype(object)
            )
    return out.rename(columns=columns().get(name, {}))


def xlsx_bytes(tables: dict[str, pd.DataFrame]) -> bytes:
    """All tables in one workbook, one sheet each, Chinese headers and values, without the
    internal codes (``xlsx_drop`` in columns.yml)."""
    buf = io.BytesIO()
    names = columns()["sheet_names"]
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, df in tables.items():
            # Codes are the CSVs' machine interface; the workbook is for people.
            df = df.drop(
                columns=[c for c in columns()["xlsx_drop"].get(name, []) if c in df.columns]
            )
            safe_frame(display_frame(name, df)).to_excel(
                writer, sheet_name=names.get(name, name), index=False
            )
        props = writer.book.properties
        props.creator = "fz workbook"
        props.created = props.modified = FIXED_TIME
    return fixed_zip_times(buf.getvalue(), fix_modified=True)


def table_files(tables: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """``tables/<name>.csv`` for each table and ``tables/tables.xlsx``."""
    files = {f"tables/{name}.csv": csv_bytes(df) for name, df in tables.items()}
    files["tables/tables.xlsx"] = xlsx_bytes(tables)
    return files


def write_files(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def serialize(soup: Any) -> str:
    """HTML from a parsed document with every quote in text escaped as well as ``& < >``: text
    from a ledger never looks like an attribute, to a browser or to anyone grepping the page.
    (Style and script contents are written as they are.)"""
    import html

    from bs4.formatter import HTMLFormatter

    return soup.decode(formatter=HTMLFormatter(entity_substitution=html.escape))
