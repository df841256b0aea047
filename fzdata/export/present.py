"""Tables as a reader sees them: Chinese headers, values written as in the report, and each
figure's source on hover.

``1000多份``, ``91.7%``, ``是``/``否``, ``2024年3月16日``, ``—`` for a missing number; codes
(improved, high, resolved …) in Chinese; indicator keys as their names. The rules are data:
the ``display`` and ``values`` sections of ``fzdata/resources/columns.yml``.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass
from html import escape
from typing import Any

import pandas as pd

from fzdata.core.figures import fmt, num
from fzdata.core.findings import finding_title
from fzdata.export.tables import columns


@dataclass
class Presented:
    """A table ready to show: headers, cell texts and cell hovers (sources), row by row."""

    headers: list[str]
    cells: list[list[str]]
    titles: list[list[str]]
    numeric: list[bool]


@functools.cache
def _indicator_names() -> dict[str, str]:
    from fzdata.unit.catalogue import default_catalogue

    cat = default_catalogue()
    # a shortcoming's key may also be a village field (has_plaza …): its column label
    return {**columns()["villages"], **{e.key: e.name for e in cat.entries.values()}}


def is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def cell_text(value: Any, column: str = "", qualifier: Any = "", unit: Any = "") -> str:
    """One value as the report writes it (see the module's docstring)."""
    rules = columns()["display"]
    if is_missing(value):
        return ""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "是" if value else "否"
    if isinstance(value, pd.Timestamp | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, int | float) or pd.api.types.is_number(value):
        q = "" if is_missing(qualifier) else str(qualifier)
        u = "" if is_missing(unit) else str(unit)
        if column in rules["percent"]:
            u = "%"
        v = float(value)
        digits = 2 if 0 < abs(v) < 1 else 1  # 0.35, not 0.4
        return fmt(v, q, u, digits) if (q or u) else num(v, digits)
    text = str(value)
    if column == "key":
        return _indicator_names().get(text, text)
    if column == "code":
        return finding_title(text)
    mapping = columns()["values"].get(column)
    if mapping and text in mapping:
        return str(mapping[text])
    return text


def _shown_columns(df: pd.DataFrame, sources: bool) -> list[str]:
    rules = columns()["display"]
    hidden = set(rules["hidden"])
    if not sources:
        hidden |= set(rules["source_columns"])
    if any(c in df.columns for c in rules["with_unit"]):
        hidden.add(rules["unit_column"])
    hidden |= {c for c, other in rules["hidden_with"].items() if other in df.columns}
    return [
        c
        for c in df.columns
        if c not in hidden and not any(str(c).endswith(s) for s in rules["hidden_suffixes"])
    ]


def header(name: str | None, column: str) -> str:
    labels = columns()
    table = labels.get(name or "", {}) if name else {}
    return str(table.get(column) or labels["common"].get(column) or column)


def present(
    df: pd.DataFrame, name: str | None = None, cols: list[str] | None = None, sources: bool = False
) -> Presented:
    """The table ``name`` (a key of ``columns.yml``: indicators, villages, disputes …)."""
    rules = columns()["display"]
    shown = cols or _shown_columns(df, sources)
    unit_col = rules["unit_column"]
    has_unit = unit_col in df.columns
    cells, titles = [], []
    for _, row in df.iterrows():
        texts, hovers = [], []
        row_source = row.get("source", "")
        for c in shown:
            value = row[c]
            q_col = rules["qualifiers"].get(c, f"{c}_qualifier")
            qualifier = row[q_col] if q_col in df.columns else ""
            unit = row[unit_col] if has_unit and c in rules["with_unit"] else ""
            text = cell_text(value, c, qualifier, unit)
            if not text and pd.api.types.is_numeric_dtype(df[c].dtype) and df[c].dtype != bool:
                text = rules["missing_number"]
            texts.append(text)
            hover = row.get(rules["sources"].get(c, ""), "") or row_source
            hovers.append("" if is_missing(hover) else str(hover))
        cells.append(texts)
        titles.append(hovers)
    numeric = [
        pd.api.types.is_numeric_dtype(df[c].dtype) and not pd.api.types.is_bool_dtype(df[c].dtype)
        for c in shown
    ]
    return Presented([header(name, c) for c in shown], cells, titles, numeric)


def html_table(
    df: pd.DataFrame,
    name: str | None = None,
    cols: list[str] | None = None,
    *,
    sources: bool = False,
    caption: str = "",
) -> str:
    """The table as escaped HTML; a cell's ``title`` (shown on hover) is where it came from."""
    p = present(df, name, cols, sources)
    out = ['<table class="fz-table">']
    if caption:
        out.append(f"<caption>{escape(caption)}</caption>")
    # JupyterLab right-aligns every cell: text is set left, numbers right, short text unwrapped.
    heads = [
        f'<th style="text-align:{"right" if n else "left"}">{escape(h)}</th>'
        for h, n in zip(p.headers, p.numeric, strict=True)
    ]
    out.append("<thead><tr>" + "".join(heads) + "</tr></thead>")
    out.append("<tbody>")
    for texts, hovers in zip(p.cells, p.titles, strict=True):
        tds = []
        for text, hover, numeric in zip(texts, hovers, p.numeric, strict=True):
            attrs = f' title="{escape(hover)}"' if hover else ""
            nowrap = ";white-space:nowrap" if len(text) <= 12 else ""
            attrs += f' style="text-align:{"right" if numeric else "left"}{nowrap}"'
            tds.append(f"<td{attrs}>{escape(text)}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def plain_text(df: pd.DataFrame, name: str | None = None, cols: list[str] | None = None) -> str:
    """The same table as text (for a console or a text/plain output)."""
    p = present(df, name, cols)
    rows = [p.headers, *p.cells]
    return "\n".join("  ".join(r) for r in rows)
