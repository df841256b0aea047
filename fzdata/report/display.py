"""Analysis tables as readers see them: figures written as in the report text (91.7%, 1000多份,
较上年增加2次), 是/否 for booleans, Chinese headers, numbers right-aligned, Chinese left-aligned.

The CSV files keep the raw values and the contract's column names; this is only for pages.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup, escape

from fzdata.core.figures import fmt, num
from fzdata.export.tables import display_frame

#: Figure columns of the indicators table and the qualifier column written with each.
FIGURES = {
    "value": "qualifier",
    "previous": "previous_qualifier",
    "derived": "derived_qualifier",
    "target": None,
}
#: Columns folded into the figures beside them (the unit and qualifiers).
FOLDED = {"qualifier", "previous_qualifier", "derived_qualifier", "unit"}
#: Text this short (a village, a status, a name) is never broken across lines.
SHORT = 12
_NUMERIC = re.compile(r"^[约]?[-+]?\d[\d,.]*\S{0,4}$")


def _cell(v: Any) -> Any:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    if isinstance(v, (bool, np.bool_)):
        return v
    if isinstance(v, (float, np.floating)):
        return num(float(v))
    return v


def change_phrase(row: pd.Series) -> str:
    """较上年增加2次 / 有所增加 / 与上年持平 / 提高5个百分点; "" when there is nothing to compare.

    Approximate figures never get a precise change; rates change in 个百分点.
    """
    if pd.isna(row["change"]):
        return ""
    ch = row["change"]
    if ch == 0 and not row["change_approx"]:
        return "与上年持平"
    rise = ch > 0
    if row["change_approx"]:
        return "较上年有所增加" if rise else "较上年有所减少"
    if row["unit"] == "%":
        return f"较上年{'提高' if rise else '下降'}{num(abs(ch))}个百分点"
    return f"较上年{'增加' if rise else '减少'}{fmt(abs(ch), '', row['unit'])}"


def readable(name: str, df: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """The rows of ``df`` (``columns`` of them) as the report writes them, Chinese headers."""
    out = df.copy()
    cols = list(columns or df.columns)
    if name == "indicators" and "unit" in out.columns:
        for col, q in FIGURES.items():
            if col in out.columns:
                out[col] = [
                    "" if pd.isna(r[col]) else fmt(float(r[col]), r[q] if q else "", r["unit"])
                    for _, r in out.iterrows()
                ]
        if {"change", "change_approx"} <= set(out.columns):
            out["change"] = [change_phrase(r).removeprefix("较上年") for _, r in out.iterrows()]
        cols = [c for c in cols if c not in FOLDED]
    out = out[cols]
    for c in out.columns:
        out[c] = out[c].map(_cell).astype(object)
    return display_frame(name, out)


def html_table(df: pd.DataFrame, caption: str = "") -> Markup:
    """An escaped HTML table; a cell holding a figure gets ``class="fz-num"`` (right-aligned)."""
    numeric = [
        bool(len(df)) and all(_NUMERIC.match(str(v)) or str(v) in ("", "—") for v in df[c])
        for c in df.columns
    ]
    head = Markup("").join(
        Markup("<th{}>{}</th>").format(Markup(' class="fz-num"' if n else ""), c)
        for c, n in zip(df.columns, numeric, strict=True)
    )
    rows = []
    for row in df.itertuples(index=False):
        cells = []
        for v in row:
            text = "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)
            cls = (
                ' class="fz-num"'
                if _NUMERIC.match(text)
                else ' class="fz-short"'
                if len(text) <= SHORT
                else ""
            )
            cells.append(Markup("<td{}>{}</td>").format(Markup(cls), escape(text)))
        rows.append(Markup("<tr>{}</tr>").format(Markup("").join(cells)))
    cap = Markup("<caption>{}</caption>").format(caption) if caption else Markup("")
    return Markup(
        '<table class="fz-table">{}<thead><tr>{}</tr></thead><tbody>{}</tbody></table>'
    ).format(cap, head, Markup("").join(rows))
