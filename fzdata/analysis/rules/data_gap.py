"""Data gap: an indicator without a figure, or a ledger kept last year and missing now."""

from __future__ import annotations

from typing import Any

import pandas as pd

from fzdata.analysis.derive import derived_from, table_label
from fzdata.analysis.model import Reported, YearAnalysis
from fzdata.analysis.rules.base import (
    Rule,
    RuleContext,
    indicator_fields,
    register,
    row,
)
from fzdata.core.figures import NO_RATE, fmt
from fzdata.core.resources import wording
from fzdata.core.schema import TABLES
from fzdata.ingest.load import YearData


def data_gap(
    yd: YearData, prev: YearData | None, ind: pd.DataFrame, reported: dict[str, Reported]
) -> list[dict[str, Any]]:
    rows = []
    w = wording()["shortcomings"]
    kind = yd.settings.kind
    for r in ind[ind["value"].isna()].itertuples():
        if r.qualifier == NO_RATE:
            continue  # a rate without a denominator (no cases) is no rate, not a gap
        if pd.notna(r.previous):
            prev_text = fmt(r.previous, r.previous_qualifier, r.unit)
            text = w["data_gap_indicator"].format(name=r.name, previous=prev_text)
        elif r.origin == "derived" and r.key in derived_from(kind):
            text = w["data_gap_derived"].format(name=r.name, table=table_label(r.key, kind))
        elif r.origin == "derived":
            continue  # a rate whose parts are missing: the parts are reported
        else:
            text = w["data_gap_blank"].format(name=r.name)
        rows.append(row("data_gap", r.key or r.name, "low", None, None, text, 1.0, source=r.source))
    for kind, schema in TABLES.items():
        # Only a ledger kept last year and missing now is a gap; a unit that never kept one
        # (or a first year, with nothing to compare) is not told about it every year.
        if (
            kind == "indicators"
            or not yd.tables[kind].empty
            or prev is None
            or prev.tables[kind].empty
        ):
            continue
        sev = "medium" if kind == "villages" else "low"
        rows.append(
            row(
                "data_gap",
                f"table:{kind}",
                sev,
                None,
                None,
                w["data_gap_table"].format(table=schema.label),
                1.0,
            )
        )
    return rows


@register
class DataGap(Rule):
    id = "data_gap"

    def find(self, ctx: RuleContext) -> list[dict[str, Any]]:
        return data_gap(ctx.yd, ctx.prev, ctx.ind, ctx.reported)

    def still_missing(self, key: str, now: YearAnalysis) -> bool:
        # A missing ledger is reported the year it goes missing; while it stays missing the
        # rule is quiet, but last year's gap is not thereby closed.
        return key.startswith("table:") and now.data.tables[key[6:]].empty

    def followup_text(self, p: Any, c: Any, status: str, now: YearAnalysis) -> str:
        name = indicator_fields(p, now)["name"]
        if str(p.key).startswith("table:"):
            name = TABLES[p.key[6:]].label
        fw = wording()["followup"][self.id]
        return fw["resolved" if status == "resolved" else "persisting"].format(name=name)
