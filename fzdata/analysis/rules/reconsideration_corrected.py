"""Reconsideration corrected: the department's acts revoked, changed, declared unlawful or
ordered to be performed on administrative reconsideration (《行政复议法》)."""

from __future__ import annotations

import pandas as pd

from fzdata.analysis.derive_department import corrected, proceedings
from fzdata.analysis.rules.base import RuleContext, register
from fzdata.analysis.rules.department import CountedRule, name_of
from fzdata.ingest.department import vocab


@register
class ReconsiderationCorrected(CountedRule):
    id = "reconsideration_corrected"
    table = "review_cases"
    key = "reconsideration_correction_rate"

    def rows(self, ctx: RuleContext) -> tuple[pd.DataFrame, int, list[str], list[str]]:
        p = proceedings(ctx.yd, "reconsideration")
        hit = p[corrected(p)]
        labels = vocab()["verdict_labels"]
        names = [name_of(r, "case_id", "matter") for _, r in hit.iterrows()]
        details = [
            f"{n}，{r['result'] or labels[r['verdict']]}"
            for n, (_, r) in zip(names, hit.iterrows(), strict=True)
        ]
        return hit, len(p), names, details
