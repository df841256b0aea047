"""Target missed: an indicator below (or, for a falling one, above) its target."""

from __future__ import annotations

from typing import Any

import pandas as pd

from fzdata.analysis.model import YearAnalysis
from fzdata.analysis.rules.base import (
    Rule,
    RuleContext,
    indicator_row,
    register,
    row,
    severity,
)
from fzdata.core.figures import fmt, spoken_name
from fzdata.core.resources import wording
from fzdata.unit.norms import Norms

#: Rates whose shortfall a more specific rule already reports.
COVERED_ELSEWHERE = {"counsel_coverage", "training_compliance"}


def target_missed(ind: pd.DataFrame, norms: Norms) -> list[dict[str, Any]]:
    rows = []
    for r in ind[
        (ind["attainment"] == "未达标") & ~ind["key"].isin(COVERED_ELSEWHERE)
    ].itertuples():
        shortfall = abs(r.target - r.value) / r.target * 100 if r.target else 100.0
        pattern = "target_missed_down" if r.direction == "down" else "target_missed"
        text = wording()["shortcomings"][pattern].format(
            name=spoken_name(r.name, r.unit),
            value=fmt(r.value, r.qualifier, r.unit),
            target=fmt(r.target, "", r.unit),
        )
        rows.append(
            row(
                "target_missed",
                r.key or r.name,
                severity(shortfall, norms),
                r.value,
                r.target,
                text,
                shortfall,
                source=r.source,
            )
        )
    return rows


@register
class TargetMissed(Rule):
    id = "target_missed"

    def find(self, ctx: RuleContext) -> list[dict[str, Any]]:
        return target_missed(ctx.ind, ctx.norms)

    def checkable(self, key: str, now: YearAnalysis) -> bool:
        r = indicator_row(key, now)
        return r is not None and pd.notna(r["value"])
