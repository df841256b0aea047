"""Document filed late: a normative document filed more than the deadline (30 days) after
publication (国办发〔2018〕37号); day 30 itself is on time."""

from __future__ import annotations

import pandas as pd

from fzdata.analysis.derive_department import filing
from fzdata.analysis.rules.base import RuleContext, register
from fzdata.analysis.rules.department import CountedRule, name_of
from fzdata.core.figures import num


@register
class DocFiledLate(CountedRule):
    id = "doc_filed_late"
    table = "normative_docs"
    key = "normative_docs_filed_on_time_rate"

    def rows(self, ctx: RuleContext) -> tuple[pd.DataFrame, int, list[str], list[str]]:
        f = filing(ctx.yd)
        hit = f[f["filing"] == "late"]
        names = [name_of(r, "doc_no", "title") for _, r in hit.iterrows()]
        details = [
            f"{n}，公布后第{num(r['delay'])}日报备"
            for n, (_, r) in zip(names, hit.iterrows(), strict=True)
        ]
        return hit, len(f), names, details

    def fields(self, ctx: RuleContext) -> dict[str, str]:
        return {"deadline": num(ctx.norms["filing_deadline_days"])}

    def threshold(self, ctx: RuleContext) -> float:
        return ctx.norms["filing_deadline_days"]
