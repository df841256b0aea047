"""Enforcement not reviewed: a major enforcement decision (重大执法决定) without the legal
review (法制审核) the three enforcement systems require (国办发〔2018〕118号)."""

from __future__ import annotations

import pandas as pd

from fzdata.analysis.rules.base import RuleContext, register
from fzdata.analysis.rules.department import CountedRule, flag, name_of


@register
class EnforcementNotReviewed(CountedRule):
    id = "enforcement_not_reviewed"
    table = "enforcement_cases"
    key = "major_decisions_reviewed_rate"

    def rows(self, ctx: RuleContext) -> tuple[pd.DataFrame, int, list[str], list[str]]:
        c = ctx.yd.tables["enforcement_cases"]
        major = c[c["major"].eq(True).fillna(False).astype(bool)]
        hit = major[~major["legal_review"].eq(True).fillna(False).astype(bool)]
        names = [name_of(r, "case_id", "title") for _, r in hit.iterrows()]
        details = [
            n if flag(r["legal_review"]) is False else f"{n}（未记录）"
            for n, (_, r) in zip(names, hit.iterrows(), strict=True)
        ]
        return hit, len(major), names, details

    def base_severity(self) -> str:
        return "high"
