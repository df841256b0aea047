"""Decline: an indicator that should rise fell by more than the threshold."""

from __future__ import annotations

from typing import Any

import pandas as pd

from fzdata.analysis.model import YearAnalysis
from fzdata.analysis.rules.base import (
    Rule,
    RuleContext,
    indicator_fields,
    indicator_row,
    register,
    row,
    severity,
)
from fzdata.core.figures import fmt, num, spoken_name
from fzdata.core.resources import wording
from fzdata.unit.norms import Norms


def decline(ind: pd.DataFrame, norms: Norms) -> list[dict[str, Any]]:
    rows = []
    limit = norms["decline_pct"]
    w = wording()["shortcomings"]
    for r in ind[(ind["direction"] == "up") & (ind["trend"] == "declined")].itertuples():
        prev = fmt(r.previous, r.previous_qualifier, r.unit)
        cur = fmt(r.value, r.qualifier, r.unit)
        if r.unit == "%":
            drop = -r.change
            if drop <= limit:
                continue
            text = w["decline_points"].format(
                name=spoken_name(r.name, r.unit), value=cur, previous=prev, change=num(drop)
            )
        else:
            drop = -r.change_pct
            if drop <= limit:
                continue
            if r.change_approx:
                text = w["decline_approx"].format(
                    name=spoken_name(r.name, r.unit), value=cur, previous=prev
                )
            else:
                text = w["decline"].format(
                    name=spoken_name(r.name, r.unit),
                    value=cur,
                    previous=prev,
                    change=fmt(-r.change, "", r.unit),
                    pct=num(drop),
                )
        sev = severity(drop, norms)
        rows.append(
            row("decline", r.key or r.name, sev, r.value, r.previous, text, drop, source=r.source)
        )
    return rows


@register
class Decline(Rule):
    id = "decline"

    def find(self, ctx: RuleContext) -> list[dict[str, Any]]:
        return decline(ctx.ind, ctx.norms)

    def checkable(self, key: str, now: YearAnalysis) -> bool:
        r = indicator_row(key, now)
        return r is not None and pd.notna(r["value"])

    def followup_text(self, p: Any, c: Any, status: str, now: YearAnalysis) -> str:
        fw = wording()["followup"]["decline"]
        fields = indicator_fields(p, now)
        fields |= {"prev_pct": num(p.gap), "pct": num(c.gap) if c is not None else ""}
        r = indicator_row(p.key, now)
        if status == "resolved" and r is not None:
            if r["trend"] == "improved":
                return fw["resolved"].format(**fields)
            if r["trend"] in ("unchanged", ""):
                return fw["resolved_flat"].format(**fields)
            return fw["resolved_small"].format(**(fields | {"pct": num(-r["change_pct"])}))
        return fw[status].format(**fields)
