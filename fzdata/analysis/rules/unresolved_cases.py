"""Unresolved cases: disputes and petitions not resolved, by village."""

from __future__ import annotations

from typing import Any

from fzdata.analysis.model import Reported, YearAnalysis
from fzdata.analysis.rules.base import (
    Rule,
    RuleContext,
    register,
    row,
    severity,
)
from fzdata.core.figures import num
from fzdata.core.resources import wording
from fzdata.ingest.load import YearData
from fzdata.unit.norms import Norms


def unresolved_cases(
    yd: YearData, reported: dict[str, Reported], norms: Norms
) -> list[dict[str, Any]]:
    rows = []
    w = wording()["shortcomings"]
    for kind, key, total_key, unit in (
        ("disputes", "disputes_resolved", "disputes_handled", "起"),
        ("petitions", "petitions_resolved", "petitions_received", "件"),
    ):
        log = yd.tables[kind]
        if not log.empty and (log["status"] != "").any():
            open_ = log[log["outcome"] != "resolved"]
            if open_.empty:
                continue
            counts = open_["village"].replace("", "村别不详").value_counts(sort=False)
            villages = list(counts.index)
            several = (counts > 1).any()
            detail = "、".join(f"{v}{n}{unit}" if several else v for v, n in counts.items())
            share = len(open_) / len(log) * 100
            failed = int((open_["outcome"] == "failed").sum())
            text = w["unresolved_cases"][key].format(total=len(log), n=len(open_), detail=detail)
            rows.append(
                row(
                    "unresolved_cases",
                    key,
                    "high" if failed else severity(share, norms),
                    len(open_),
                    0.0,
                    text,
                    len(open_),
                    villages,
                )
            )
        elif key in reported and total_key in reported:
            done, total = reported[key].figure, reported[total_key].figure
            if done.missing or total.missing or done.approximate or total.approximate:
                continue
            n = total.value - done.value  # type: ignore[operator]
            if n <= 0:
                continue
            text = w["unresolved_no_villages"][key].format(total=total.text(), n=num(n))
            share = n / total.value * 100 if total.value else 100.0
            rows.append(
                row(
                    "unresolved_cases",
                    key,
                    severity(share, norms),
                    n,
                    0.0,
                    text,
                    n,
                    source=done.source,
                )
            )
    return rows


@register
class UnresolvedCases(Rule):
    id = "unresolved_cases"
    counted = True

    def find(self, ctx: RuleContext) -> list[dict[str, Any]]:
        return unresolved_cases(ctx.yd, ctx.reported, ctx.norms)

    def checkable(self, key: str, now: YearAnalysis) -> bool:
        kind = "disputes" if key == "disputes_resolved" else "petitions"
        return not now.data.tables[kind].empty or key in now.reported
