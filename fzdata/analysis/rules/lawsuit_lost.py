"""Lawsuit lost: lawsuits the department lost (撤销、变更、确认违法、责令履行、败诉)."""

from __future__ import annotations

import pandas as pd

from fzdata.analysis.derive_department import corrected, proceedings
from fzdata.analysis.rules.base import RuleContext, register
from fzdata.analysis.rules.department import CountedRule, name_of
from fzdata.ingest.department import vocab


@register
class LawsuitLost(CountedRule):
    id = "lawsuit_lost"
    table = "review_cases"
    key = "lawsuit_loss_rate"

    def rows(self, ctx: RuleContext) -> tuple[pd.DataFrame, int, list[str], list[str]]:
        p = proceedings(ctx.yd, "lawsuit")
        hit = p[corrected(p)]
        labels = vocab()["verdict_labels"]
        names = [name_of(r, "case_id", "matter") for _, r in hit.iterrows()]
        details = [
            f"{n}，{r['instance'] or ''}{r['result'] or labels[r['verdict']]}"
            for n, (_, r) in zip(names, hit.iterrows(), strict=True)
        ]
        return hit, len(p), names, details

    def base_severity(self) -> str:
        return "high"
