"""Head absent: lawsuits heard in the year without the agency's head in court
(最高人民法院《关于行政机关负责人出庭应诉若干问题的规定》，2020)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from fzdata.analysis.derive_department import heard
from fzdata.analysis.rules.base import RuleContext, register
from fzdata.analysis.rules.department import CountedRule, name_of


@register
class HeadAbsent(CountedRule):
    id = "head_absent"
    table = "review_cases"
    key = "head_appearance_rate"

    def rows(self, ctx: RuleContext) -> tuple[pd.DataFrame, int, list[str], list[str]]:
        h = heard(ctx.yd)
        hit = h[h["head_present"].eq(False).fillna(False).astype(bool)]
        names = [name_of(r, "case_id", "matter") for _, r in hit.iterrows()]
        return hit, len(h), names, names

    def base_severity(self) -> str:
        return "high"

    def checkable(self, key: str, now: Any) -> bool:
        return not heard(now.data).empty or super().checkable(key, now)
