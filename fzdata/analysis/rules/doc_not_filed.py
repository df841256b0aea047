"""Document not filed: a normative document published this year with no filing recorded
(国办发〔2018〕37号：公布之日起30日内报送备案)."""

from __future__ import annotations

import pandas as pd

from fzdata.analysis.derive_department import filing
from fzdata.analysis.rules.base import RuleContext, register
from fzdata.analysis.rules.department import CountedRule, name_of


@register
class DocNotFiled(CountedRule):
    id = "doc_not_filed"
    table = "normative_docs"
    key = "normative_docs_filed_on_time_rate"

    def rows(self, ctx: RuleContext) -> tuple[pd.DataFrame, int, list[str], list[str]]:
        f = filing(ctx.yd)
        hit = f[f["filing"] == "not_filed"]
        names = [name_of(r, "doc_no", "title") for _, r in hit.iterrows()]
        return hit, len(f), names, names

    def base_severity(self) -> str:
        return "high"
