"""Completeness: which ledgers and fields a unit-year is missing, computed once.

A unit-year with a missing ledger, a blank required field or a leftover 「（请填写）」 in its
narrative is a draft (:attr:`YearAnalysis.draft`): the report says so on its first screen and
first page and lists what is missing, with counts, in an appendix. Missing data is never a
shortcoming, a follow-up status or a next year's task: an indicator reported last year and
absent now, and last year's shortcoming that this year's data cannot check, are listed here
(they do not make a draft by themselves). What is required is data
(``resources/completeness.yml``); ``fz check`` warns on the same blank fields.
"""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd

from fzdata.core.config import NARRATIVE_FILE
from fzdata.core.figures import fmt
from fzdata.core.resources import _yaml
from fzdata.core.schema import TABLES
from fzdata.ingest.load import YearData

COMPLETENESS_COLUMNS = ("kind", "ledger", "field", "missing", "total", "blocking", "message")


@functools.cache
def spec() -> dict[str, Any]:
    return _yaml("completeness.yml")


def _row(kind: str, blocking: bool, ledger: str = "", field: str = "", missing: int = 1,
         total: int | None = None, **fields: Any) -> dict[str, Any]:  # fmt: skip
    message = spec()["messages"][kind].format(
        ledger=ledger, field=field, missing=missing, total=total, **fields
    )
    return {"kind": kind, "ledger": ledger, "field": field, "missing": missing,
            "total": total, "blocking": blocking, "message": message}  # fmt: skip


def blank(series: pd.Series) -> pd.Series:
    """Cells with nothing in them (NaN, None or blank text)."""
    text = series.astype("string").str.strip()
    return series.isna() | text.isna() | (text == "")


def ledger_gaps(yd: YearData) -> list[dict[str, Any]]:
    """Missing ledgers and blank required fields of one year's data (no analysis needed)."""
    rows = []
    for kind in spec()["ledgers"][yd.settings.kind]:
        schema = TABLES[kind]
        df = yd.tables[kind]
        if df.empty:
            rows.append(_row("ledger", True, schema.label))
            continue
        for name in spec()["fields"].get(kind, []):
            if name not in df.columns:
                continue
            missing = int(blank(df[name]).sum())
            if kind == "indicators" and name == "value":
                continue  # an indicator's figure may come from the detail ledgers: see below
            if missing:
                rows.append(
                    _row("field", True, schema.label, schema.field(name).label, missing, len(df))
                )
    return rows


def narrative_gaps(yd: YearData) -> list[dict[str, Any]]:
    path = yd.path / NARRATIVE_FILE
    if not path.exists():
        return []
    n = path.read_text(encoding="utf-8").count(spec()["placeholder"])
    return [_row("narrative", True, missing=n)] if n else []


def completeness(a: Any, unverifiable: pd.DataFrame | None = None) -> pd.DataFrame:
    """The completeness table of a :class:`~fzdata.analysis.model.YearAnalysis`."""
    rows = ledger_gaps(a.data)
    label = TABLES["indicators"].label
    stated = set(a.data.indicators["name"]) if not a.data.indicators.empty else set()
    blank_stated = 0
    for r in a.indicators[a.indicators["value"].isna()].itertuples():
        if r.name in stated:
            blank_stated += 1  # in the ledger with a blank figure, and no detail ledger gives it
        elif pd.notna(r.previous) and not _from_details(r.key, r.unit):
            previous = fmt(r.previous, r.previous_qualifier, r.unit)
            rows.append(_row("indicator", False, label, name=r.name, previous=previous))
    if blank_stated:
        total = len(a.data.indicators)
        rows.append(_row("field", True, label, TABLES["indicators"].field("value").label,
                         blank_stated, total))  # fmt: skip
    rows += narrative_gaps(a.data)
    if unverifiable is not None:
        for r in unverifiable.itertuples():
            rows.append(_row("followup", False, evidence=r.previous_evidence))
    df = pd.DataFrame(rows, columns=list(COMPLETENESS_COLUMNS))
    df["missing"] = pd.to_numeric(df["missing"]).astype("Int64")
    df["total"] = pd.to_numeric(df["total"]).astype("Int64")
    df["blocking"] = df["blocking"].astype(bool)
    return df


def _from_details(key: str, unit: str) -> bool:
    """A figure counted from detail ledgers, or a rate: its gap is those ledgers' blank fields
    or missing ledger (listed already), or too few cases for a rate (not missing data)."""
    from fzdata.analysis.derive import DERIVED_FROM

    return unit == "%" or (bool(key) and key in DERIVED_FROM)


def split_unverifiable(followup: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Follow-up rows this year's data can check, and those it cannot (status unknown)."""
    unknown = followup["status"] == "unknown"
    return followup[~unknown].reset_index(drop=True), followup[unknown].reset_index(drop=True)
