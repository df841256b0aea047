"""Below requirement: officers under the yearly training hours."""

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
from fzdata.core.figures import Figure, num
from fzdata.core.resources import wording
from fzdata.ingest.load import YearData
from fzdata.unit.norms import Norms
from fzdata.unit.profiles import hours_table


def below_requirement(
    yd: YearData, reported: dict[str, Reported], norms: Norms
) -> list[dict[str, Any]]:
    t = yd.tables[hours_table(yd)]
    known = t[t["hours"].notna()]
    if known.empty:
        return []
    norm = norms["training_hours_per_officer"]
    # A qualified figure counts as under the requirement only when even its upper end is.
    highs = [
        Figure(float(h), q).hi
        for h, q in zip(known["hours"], known["hours_qualifier"], strict=True)
    ]
    n = sum(1 for hi in highs if hi is not None and hi < norm)
    if not n:
        return []
    w = wording()["shortcomings"]
    avg = reported.get("training_hours_avg")
    if avg and not avg.figure.missing and avg.figure.value >= norm:  # type: ignore[operator]
        text = w["below_requirement_avg_met"].format(
            avg=avg.figure.text(), norm=num(norm), total=len(t), n=n
        )
    else:
        text = w["below_requirement"].format(total=len(t), n=n, norm=num(norm))
    share = n / len(known) * 100
    return [
        row("below_requirement", "training_hours_avg", severity(share, norms), n, norm, text, n)
    ]


@register
class BelowRequirement(Rule):
    id = "below_requirement"
    counted = True

    def find(self, ctx: RuleContext) -> list[dict[str, Any]]:
        return below_requirement(ctx.yd, ctx.reported, ctx.norms)

    def checkable(self, key: str, now: YearAnalysis) -> bool:
        hours = now.data.tables[hours_table(now.data)]["hours"]
        return bool(len(hours)) and bool(hours.notna().all())

    def norm(self, now: YearAnalysis) -> float | None:
        return now.norms["training_hours_per_officer"]
