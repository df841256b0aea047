"""Indicators derived from the detail ledgers (villages, case logs, trainings, events).

A township that keeps only detail ledgers still gets its figures; where the indicator ledger
states a figure, the derived one checks it. Each derived figure names the table and rows it
came from (``村情台账.xlsx!村情!5:30（26行）``). A column with a blank cell gives no figure:
missing is not zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from fzdata.core.figures import Figure, mean, total
from fzdata.core.findings import split_ref
from fzdata.core.schema import TABLES
from fzdata.ingest.load import YearData


def rows_ref(df: pd.DataFrame, what: str = "") -> str:
    """Where rows came from: ``文件!工作表!5:30（26行）``, one part per file and sheet."""
    if df.empty:
        return ""
    groups: dict[tuple[str, str], list[int]] = {}
    for ref in df["source"]:
        file, sheet, cell = split_ref(ref)
        groups.setdefault((file, sheet), []).append(int("".join(ch for ch in cell if ch.isdigit())))
    parts = []
    for (file, sheet), rows in groups.items():
        parts.append(f"{file}!{sheet}!{min(rows)}:{max(rows)}（{len(rows)}行）")
    label = f"{what}：" if what else ""
    return label + "；".join(parts)


def _column(df: pd.DataFrame, field: str, unit: str, what: str) -> Figure | None:
    """The sum of a numeric column, or None when the column holds nothing at all."""
    if df.empty or (df[field].isna().all() and (df[f"{field}_raw"] == "").all()):
        return None
    qcol = "qualifier" if field == "value" else f"{field}_qualifier"
    parts = [
        Figure(None if pd.isna(v) else float(v), q)
        for v, q in zip(df[field], df[qcol], strict=True)
    ]
    return total(parts, unit, rows_ref(df, what))


def _count(df: pd.DataFrame, mask: pd.Series | None, unit: str, what: str) -> Figure | None:
    if df.empty:
        return None
    rows = df if mask is None else df[mask]
    return Figure(float(len(rows)), "", unit, rows_ref(df, what))


def _flag_count(df: pd.DataFrame, field: str, unit: str, what: str) -> Figure | None:
    """Villages where a yes/no field is yes; None when any village left it blank."""
    if df.empty or df[field].isna().all():
        return None
    if df[field].isna().any():
        return Figure(None, unit=unit, source=rows_ref(df, what))
    return Figure(float(df[field].sum()), "", unit, rows_ref(df, what))


def _resolved(df: pd.DataFrame, unit: str, what: str) -> Figure | None:
    """Resolved cases; with unknown outcomes the count is a lower bound (以上)."""
    if df.empty or (df["status"] == "").all():
        return None
    n = float((df["outcome"] == "resolved").sum())
    unknown = int((df["outcome"] == "unknown").sum())
    return Figure(n, "以上" if unknown else "", unit, rows_ref(df, what))


def _level(level: str) -> Callable[[YearData], Figure | None]:
    def count(yd: YearData) -> Figure | None:
        v = yd.tables["villages"]
        if v.empty or ((v["demo_level"] == "").all() and v["demo_year"].isna().all()):
            return None
        return _count(v, v["demo_level"] == level, "个", f"村情台账（{level}）")

    return count


def _avg_hours(yd: YearData) -> Figure | None:
    t = yd.tables["trainings"]
    if t.empty:
        return None
    parts = [
        Figure(None if pd.isna(h) else float(h), q)
        for h, q in zip(t["hours"], t["hours_qualifier"], strict=True)
    ]
    return mean(parts, "学时", rows_ref(t, "执法人员培训台账"))


@dataclass(frozen=True)
class Derivation:
    key: str  # the catalogue key
    table: str  # the detail table it counts from
    derive: Callable[[YearData], Figure | None]


#: Every derived indicator of each kind of unit, by key; the order is that of the progress
#: table after stated rows.
DERIVED_BY_KIND: dict[str, dict[str, Derivation]] = {"township": {}}
#: A township's derived indicators.
DERIVED: dict[str, Derivation] = DERIVED_BY_KIND["township"]


def register_derived(
    key: str, table: str, kind: str = "township"
) -> Callable[[Callable], Callable]:
    """Register how a catalogue indicator of a kind of unit is counted from a detail table."""

    def deco(fn: Callable[[YearData], Figure | None]) -> Callable[[YearData], Figure | None]:
        DERIVED_BY_KIND.setdefault(kind, {})[key] = Derivation(key, table, fn)
        return fn

    return deco


register_derived("villages_total", "villages")(
    lambda yd: _count(yd.tables["villages"], None, "个", "村情台账")
)
register_derived("legal_literates", "villages")(
    lambda yd: _column(yd.tables["villages"], "legal_literates", "人", "村情台账")
)
register_derived("villages_with_counsel", "villages")(
    lambda yd: _flag_count(yd.tables["villages"], "has_counsel", "个", "村情台账")
)
register_derived("demo_villages_provincial", "villages")(_level("省级"))
register_derived("demo_villages_municipal", "villages")(_level("市级"))
register_derived("demo_villages_county", "villages")(_level("县级"))
register_derived("disputes_handled", "disputes")(
    lambda yd: _count(yd.tables["disputes"], None, "起", "矛盾纠纷台账")
)
register_derived("disputes_resolved", "disputes")(
    lambda yd: _resolved(yd.tables["disputes"], "起", "矛盾纠纷台账")
)
register_derived("petitions_received", "petitions")(
    lambda yd: _count(yd.tables["petitions"], None, "件", "信访台账")
)
register_derived("petitions_resolved", "petitions")(
    lambda yd: _resolved(yd.tables["petitions"], "件", "信访台账")
)
register_derived("training_hours_avg", "trainings")(_avg_hours)
register_derived("publicity_events", "events")(
    lambda yd: _count(yd.tables["events"], None, "次", "普法活动台账")
)
register_derived("materials_distributed", "events")(
    lambda yd: _column(yd.tables["events"], "materials", "份", "普法活动台账")
)
register_derived("consultations", "events")(
    lambda yd: _column(yd.tables["events"], "consultations", "人次", "普法活动台账")
)

#: The detail table each derivation reads, for messages.
DERIVED_FROM = {key: d.table for key, d in DERIVED.items()}


def derivations(kind: str = "township") -> dict[str, Derivation]:
    """The derived indicators of a kind of unit (a department's are registered by
    :mod:`fzdata.analysis.derive_department`, which :mod:`fzdata.analysis.analyse` imports)."""
    return DERIVED_BY_KIND.get(kind, {})


def derived_from(kind: str = "township") -> dict[str, str]:
    """key -> the detail table it is counted from, for a kind of unit."""
    return {key: d.table for key, d in derivations(kind).items()}


def derive(yd: YearData) -> dict[str, Figure]:
    """Every indicator the detail ledgers of ``yd`` can give (missing ones left out)."""
    out = {}
    for key, d in derivations(yd.settings.kind).items():
        fig = d.derive(yd)
        if fig is not None:
            out[key] = fig
    return out


def table_label(key: str, kind: str = "township") -> str:
    return TABLES[derived_from(kind)[key]].label
