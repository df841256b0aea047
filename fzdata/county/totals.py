"""County totals per kind of unit: sums of intervals, lower bounds when units are missing.

A total is :func:`fzdata.core.figures.total` of the units' figures (「1000多」 + 「500」 is
「1500多」: lo 1500, hi open). A listed unit of the kind without a figure for the indicator (not
submitted, or its ledgers do not give it) makes the total a lower bound: qualifier 以上, ``hi``
empty, the unit named in ``missing`` — never counted as zero. Each kind is totalled on its own,
so a missing township leaves the department totals exact. Rates and averages (``not_additive``
in ``resources/rollup.yml``) are not summed.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import pandas as pd

from fzdata.core.figures import LOWER_BOUND, MONEY_UNITS, Figure, total
from fzdata.core.resources import _yaml
from fzdata.county.model import TOTALS_COLUMNS


@functools.cache
def spec() -> dict[str, Any]:
    """``resources/rollup.yml``."""
    return _yaml("rollup.yml")


def additive(key: str) -> bool:
    """Whether a catalogue indicator may be summed across units (counts, not rates)."""
    return bool(key) and key not in spec()["not_additive"]


def figure_of(row: Any) -> Figure | None:
    """A units-table row as a figure (None when it has no value)."""
    value = row["value"]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    lo, hi = row.get("lo"), row.get("hi")
    lo = None if lo is None or pd.isna(lo) else float(lo)
    hi = math.inf if hi is None or pd.isna(hi) else float(hi)
    qualifier = row.get("qualifier") or ""
    if lo is None:
        return Figure(float(value), qualifier, row.get("measure") or "")
    return Figure(float(value), qualifier, row.get("measure") or "", "", lo, hi)


#: Most decimals a sum keeps (beyond it, digits are float noise: 6.3999999999999995).
MAX_DECIMALS = 4


def _decimals(x: float) -> int:
    """Decimals of ``x`` as written, at most :data:`MAX_DECIMALS` (6.4 → 1, 540.0 → 0)."""
    if not math.isfinite(x):
        return 0
    text = f"{x:.{MAX_DECIMALS}f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def _rounded(s: Figure, parts: list[Figure]) -> Figure:
    """``s`` with value and bounds rounded to what the parts allow (money: as MONEY_UNITS
    says), so float noise never reaches a table: 3.2 + 3.2 is 6.4, not 6.3999999999999995."""
    if s.value is None:
        return s
    if s.unit in MONEY_UNITS:
        digits = MONEY_UNITS[s.unit]
    else:
        # ±10% of a 约 figure adds one decimal to its bounds (约6.5 is 5.85–7.15).
        about = any(p.lo != p.value and p.hi != math.inf for p in parts)
        digits = min(MAX_DECIMALS, max((_decimals(p.value or 0) for p in parts), default=0) + about)

    def r(x: float | None) -> float | None:
        return x if x is None or not math.isfinite(x) else round(x, digits) + 0.0

    return Figure(r(s.value), s.qualifier, s.unit, s.source, r(s.lo), r(s.hi))


def sum_figures(parts: list[Figure], missing: list[str]) -> Figure:
    """The interval sum of ``parts``; a lower bound (以上, open) when units are ``missing``.

    A lower bound's value IS its lower bound: 「约600」 + 「350」 with a unit missing is
    「890以上」 (540 + 350), not the midpoint 950 with 以上, which would overstate the minimum.
    The qualifier of a sum of lower bounds keeps the units' own word when they all use the same
    one (「1000多」 + 「500」 = 「1500多」), otherwise 以上."""
    s = total(parts, parts[0].unit if parts else "")
    if s.missing:
        return s
    if missing or (s.hi == math.inf and s.lo != s.value):
        # A lower bound (a unit missing, or 约 mixed with 多: 约300 + 500多 has no upper
        # bound): its value is its minimum.
        return _rounded(Figure(s.lo, spec()["lower_bound"], s.unit, "", s.lo, math.inf), parts)
    words = {p.qualifier for p in parts if p.qualifier in LOWER_BOUND}
    if s.qualifier == "以上" and len(words) == 1:
        return _rounded(Figure(s.value, words.pop(), s.unit, "", s.lo, s.hi), parts)
    return _rounded(s, parts)


def totals(
    units: pd.DataFrame, listed: dict[str, list[str]], kinds: list[str]
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """One row per kind and additive indicator; ``listed`` maps each kind to the listed units
    of that kind (submitted or not). Returns the table and (kind, key, name, measures) for
    indicators whose units disagree on the unit of measure (not summed)."""
    rows: list[dict[str, Any]] = []
    mismatched: list[dict[str, Any]] = []
    for kind in kinds:
        members = listed.get(kind, [])
        of_kind = units[(units["kind"] == kind) & units["unit"].isin(members)]
        keys = [k for k in dict.fromkeys(of_kind["key"]) if additive(k)]
        for key in keys:
            rows_k = of_kind[of_kind["key"] == key]
            name = rows_k["name"].iloc[0]
            parts: list[Figure] = []
            counted: list[str] = []
            for _, r in rows_k.iterrows():
                fig = figure_of(r)
                if fig is not None:
                    parts.append(fig)
                    counted.append(r["unit"])
            missing = [u for u in members if u not in counted]
            measures = sorted({p.unit for p in parts if p.unit})
            row: dict[str, Any] = {"kind": kind, "key": key, "name": name, "value": None,
                                   "qualifier": "", "lo": None, "hi": None,
                                   "measure": measures[0] if measures else "",
                                   "counted": len(counted), "missing": "、".join(missing),
                                   "exact": False, "counted_units": "、".join(counted)}  # fmt: skip
            if len(measures) > 1:
                mismatched.append({"kind": kind, "key": key, "name": name, "measures": measures})
            elif parts:
                s = sum_figures(parts, missing)
                row.update(value=s.value, qualifier=s.qualifier, lo=s.lo,
                           hi=None if s.hi == math.inf else s.hi,
                           exact=not missing and s.lo == s.hi)  # fmt: skip
            rows.append(row)
    columns = [*TOTALS_COLUMNS, "counted_units"]
    df = pd.DataFrame(rows, columns=columns)
    for col in ("value", "lo", "hi"):
        df[col] = pd.to_numeric(df[col]).astype("float64")
    df["counted"] = df["counted"].astype("int64")
    df["exact"] = df["exact"].astype(bool)
    return df, mismatched
