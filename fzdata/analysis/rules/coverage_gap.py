"""Coverage gap: villages without a 法律顾问, a 法治文化阵地 or a signed 承诺书."""

from __future__ import annotations

from typing import Any

import pandas as pd

from fzdata.analysis.model import YearAnalysis
from fzdata.analysis.rules.base import (
    COVERAGE,
    Rule,
    RuleContext,
    register,
    row,
    severity,
)
from fzdata.core.resources import wording
from fzdata.unit.norms import Norms


def coverage_gap(vil: pd.DataFrame, norms: Norms) -> list[dict[str, Any]]:
    rows = []
    w = wording()["shortcomings"]
    for field, key in COVERAGE.items():
        if vil.empty or vil[field].isna().all():
            continue
        lacking = vil.loc[vil[field] == False, "village"].tolist()  # noqa: E712 (NA stays out)
        if not lacking:
            continue
        unknown = int(vil[field].isna().sum())
        text = w["coverage_gap"][key].format(n=len(lacking), villages="、".join(lacking))
        if unknown:
            text += w["coverage_unknown"].format(n=unknown)
        known = len(vil) - unknown
        covered = (known - len(lacking)) / known * 100
        share = len(lacking) / known * 100
        sev = "high" if key == "villages_with_counsel" else severity(share, norms)
        rows.append(
            row("coverage_gap", key, sev, round(covered, 1), 100.0, text, len(lacking), lacking)
        )
    return rows


@register
class CoverageGap(Rule):
    id = "coverage_gap"
    counted = True

    def find(self, ctx: RuleContext) -> list[dict[str, Any]]:
        return coverage_gap(ctx.vil, ctx.norms)

    def checkable(self, key: str, now: YearAnalysis) -> bool:
        field = next(f for f, k in COVERAGE.items() if k == key)
        return bool(len(now.villages)) and bool(now.villages[field].notna().all())
