"""Document not filed: a normative document published this year with no filing recorded
(国办发〔2018〕37号：公布之日起30日内报送备案).

Its follow-up looks for last year's unfiled documents in this year's register: filed since
(with the date), still not filed, or not listed (then it cannot be checked).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from fzdata.analysis.derive_department import filing
from fzdata.analysis.model import YearAnalysis
from fzdata.analysis.rules.base import RuleContext, register
from fzdata.analysis.rules.department import CountedRule, date_text, flag, name_of
from fzdata.core.resources import wording


@register
class DocNotFiled(CountedRule):
    id = "doc_not_filed"
    table = "normative_docs"
    key = "normative_docs_issued"

    def rows(self, ctx: RuleContext) -> tuple[pd.DataFrame, int, list[str], list[str]]:
        f = filing(ctx.yd)
        hit = f[f["filing"] == "not_filed"]
        names = [name_of(r, "doc_no", "title") for _, r in hit.iterrows()]
        return hit, len(f), names, names

    def base_severity(self) -> str:
        return "high"

    def _last_years(self, now: YearAnalysis) -> dict[str, str]:
        """Last year's unfiled documents -> filed / filed_undated / still / unlisted now."""
        if now.previous_data is None:
            return {}
        f = filing(now.previous_data)
        docs = now.data.tables["normative_docs"]
        out = {}
        for _, r in f[f["filing"] == "not_filed"].iterrows():
            name = name_of(r, "doc_no", "title")
            same = docs[(docs["doc_no"] == r["doc_no"]) & (docs["title"] == r["title"])]
            if r["doc_no"]:
                same = docs[docs["doc_no"] == r["doc_no"]]
            if same.empty:
                out[name] = "unlisted"
            elif same["filed_date"].notna().any():
                out[name] = "filed:" + date_text(same["filed_date"].dropna().iloc[0])
            elif any(flag(v) for v in same["filed"]):
                out[name] = "filed_undated"
            else:
                out[name] = "still"
        return out

    def still_missing(self, key: str, now: YearAnalysis) -> bool:
        return "still" in self._last_years(now).values()

    def followup_text(self, p: Any, c: Any, status: str, now: YearAnalysis) -> str:
        fw = wording()["followup"][self.id]
        parts = []
        for name, state in self._last_years(now).items():
            if state.startswith("filed:"):
                parts.append(fw["filed"].format(doc=name, date=state[6:]))
            else:
                parts.append(fw[state].format(doc=name))
        if not parts:
            return super().followup_text(p, c, status, now)
        text = fw["lead"].format(n=len(parts)) + "；".join(parts)
        if c is not None and c is not p:
            text += fw["new"].format(n=int(c.gap))
        return text
