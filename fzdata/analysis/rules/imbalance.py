"""Imbalance: 法律明白人 spread unevenly across villages."""

from __future__ import annotations

from typing import Any

import pandas as pd

from fzdata.analysis.model import YearAnalysis
from fzdata.analysis.rules.base import (
    Rule,
    RuleContext,
    register,
    row,
)
from fzdata.core.figures import num
from fzdata.core.resources import wording
from fzdata.unit.norms import Norms


def imbalance(vil: pd.DataFrame, norms: Norms) -> list[dict[str, Any]]:
    """Spread of 法律明白人 across villages, as the coefficient of variation (std ÷ mean)."""
    known = vil[vil["legal_literates"].notna()]
    if len(known) < 3:
        return []
    values = known["legal_literates"]
    avg = values.mean()
    if avg <= 0:
        return []
    cv = float(values.std(ddof=0) / avg)
    if cv <= norms["imbalance_cv"]:
        return []
    hi, lo = values.max(), values.min()
    text = wording()["shortcomings"]["imbalance"].format(
        max_village="、".join(known.loc[values == hi, "village"]), max=num(hi),
        min_village="、".join(known.loc[values == lo, "village"]), min=num(lo),
    )  # fmt: skip
    return [
        row("imbalance", "legal_literates", "low", round(cv, 2), norms["imbalance_cv"], text, cv)
    ]


@register
class Imbalance(Rule):
    id = "imbalance"

    def find(self, ctx: RuleContext) -> list[dict[str, Any]]:
        return imbalance(ctx.vil, ctx.norms)

    def checkable(self, key: str, now: YearAnalysis) -> bool:
        return bool(len(now.villages)) and bool(now.villages["legal_literates"].notna().all())
