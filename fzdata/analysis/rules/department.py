"""What the department rules share: naming the cases, documents, decisions or officers a
shortcoming is about, and a counted rule over one department table."""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd

from fzdata.analysis.derive_department import corrected, proceedings
from fzdata.analysis.model import YearAnalysis
from fzdata.analysis.rules.base import Rule, RuleContext, row, severity
from fzdata.core.figures import num
from fzdata.core.resources import wording
from fzdata.ingest.department import vocab


def name_of(r: pd.Series, *fields: str) -> str:
    """How a row is named in a sentence: its first non-empty field (案号, 文号, 事项, 姓名 …),
    else its cell."""
    for f in fields:
        v = r.get(f)
        if isinstance(v, str) and v.strip():
            return v.strip()
    return str(r["source"]).split("!")[-1]


def flag(v: Any) -> bool | None:
    """A yes/no cell as True, False or None (blank)."""
    return None if pd.isna(v) else bool(v)


def date_text(ts: Any) -> str:
    return f"{ts.year}年{ts.month}月{ts.day}日" if pd.notna(ts) else ""


class CountedRule(Rule):
    """A rule whose gap is the number of rows concerned in one table of this year."""

    counted = True
    names_fixed = False  # this year's cases are not last year's put right
    table: ClassVar[str]
    key: ClassVar[str]

    def rows(self, ctx: RuleContext) -> tuple[pd.DataFrame, int, list[str], list[str]]:
        """(rows concerned, the total they are part of, their names, their names with details)."""
        raise NotImplementedError

    def fields(self, ctx: RuleContext) -> dict[str, str]:
        return {}

    def base_severity(self) -> str:
        return "medium"

    def threshold(self, ctx: RuleContext) -> float:
        return 0.0

    def find(self, ctx: RuleContext) -> list[dict[str, Any]]:
        if ctx.yd.tables[self.table].empty:
            return []
        hit, total, names, details = self.rows(ctx)
        if hit.empty:
            return []
        n = len(hit)
        text = wording()["shortcomings"][self.id].format(
            n=n, total=total, detail=_join(details), **self.fields(ctx)
        )
        share = n / total * 100 if total else 100.0
        return [
            row(self.id, self.key, severity(share, ctx.norms, self.base_severity()), n, self.threshold(ctx), text,
                n, names, source="；".join(hit["source"]))
        ]  # fmt: skip

    def checkable(self, key: str, now: YearAnalysis) -> bool:
        return not now.data.tables[self.table].empty

    def followup_text(self, p: Any, c: Any, status: str, now: YearAnalysis) -> str:
        if status == "resolved" and not self.names_fixed:
            spec = self.followup_spec(p.key)
            return wording()["followup"]["cases_resolved"].format(
                prev=num(p.gap), unit=spec["unit"], subject=spec["subject"]
            )
        return super().followup_text(p, c, status, now)


def _join(details: list[str]) -> str:
    """Names joined with 、, or with ； when a name carries its own details or brackets."""
    several = any(ch in d for d in details for ch in "，（")
    return ("；" if several else "、").join(details)


class AdverseOutcomeRule(CountedRule):
    """Reviews of one proceeding that went against the unit (撤销、变更、确认违法、责令履行、败诉),
    each named with its result."""

    table = "review_cases"
    proceeding: ClassVar[str]  # lawsuit / reconsideration
    with_instance: ClassVar[bool] = False  # 一审/二审 written before the result

    def rows(self, ctx: RuleContext) -> tuple[pd.DataFrame, int, list[str], list[str]]:
        p = proceedings(ctx.yd, self.proceeding)
        hit = p[corrected(p)]
        labels = vocab()["verdict_labels"]
        names = [name_of(r, "case_id", "matter") for _, r in hit.iterrows()]
        details = [
            f"{n}，{(r['instance'] or '') if self.with_instance else ''}"
            f"{r['result'] or labels[r['verdict']]}"
            for n, (_, r) in zip(names, hit.iterrows(), strict=True)
        ]
        return hit, len(p), names, details

    def base_severity(self) -> str:
        return "high"
