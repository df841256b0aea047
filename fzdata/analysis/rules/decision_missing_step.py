"""Decision missing a step: a major administrative decision without the legality review or
the collective decision, which 《重大行政决策程序暂行条例》(2019) requires for every one (a
blank cell is named as not recorded, not as skipped)."""

from __future__ import annotations

import pandas as pd

from fzdata.analysis.derive_department import REQUIRED_STEPS
from fzdata.analysis.rules.base import RuleContext, register
from fzdata.analysis.rules.department import CountedRule, flag, name_of
from fzdata.core.schema import TABLES


@register
class DecisionMissingStep(CountedRule):
    id = "decision_missing_step"
    table = "decisions"
    key = "major_decisions_legal_review_rate"

    def rows(self, ctx: RuleContext) -> tuple[pd.DataFrame, int, list[str], list[str]]:
        d = ctx.yd.tables["decisions"]
        labels = {f.name: f.label for f in TABLES["decisions"].fields}
        keep, names, details = [], [], []
        for i, r in d.iterrows():
            skipped = [labels[s] for s in REQUIRED_STEPS if flag(r[s]) is False]
            blank = [labels[s] for s in REQUIRED_STEPS if flag(r[s]) is None]
            if not skipped and not blank:
                continue
            keep.append(i)
            name = name_of(r, "matter")
            parts = ([f"缺{'、'.join(skipped)}"] if skipped else []) + (
                [f"未记录{'、'.join(blank)}"] if blank else []
            )
            names.append(name)
            details.append(f"{name}（{'，'.join(parts)}）")
        return d.loc[keep], len(d), names, details

    def base_severity(self) -> str:
        return "high"
