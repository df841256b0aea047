"""Document not reviewed: a normative document published this year without the legality
review (合法性审核) before publication (国办发〔2018〕115号，《关于全面推行行政规范性文件合法性审核机制的指导意见》)."""

from __future__ import annotations

import pandas as pd

from fzdata.analysis.derive_department import published_in_year
from fzdata.analysis.rules.base import RuleContext, register
from fzdata.analysis.rules.department import CountedRule, name_of


@register
class DocNotReviewed(CountedRule):
    id = "doc_not_reviewed"
    table = "normative_docs"
    key = "normative_docs_reviewed_rate"

    def rows(self, ctx: RuleContext) -> tuple[pd.DataFrame, int, list[str], list[str]]:
        docs, _ = published_in_year(ctx.yd)
        hit = docs[docs["reviewed"].eq(False).fillna(False).astype(bool)]
        names = [name_of(r, "doc_no", "title") for _, r in hit.iterrows()]
        return hit, len(docs), names, names

    def base_severity(self) -> str:
        return "high"
