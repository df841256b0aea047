"""Below norm: villages with fewer 法律明白人 than the norm."""

from __future__ import annotations

from typing import Any

import pandas as pd

from fzdata.analysis.model import YearAnalysis
from fzdata.analysis.rules.base import (
    Rule,
    RuleContext,
    register,
    row,
    severity,
)
from fzdata.core.figures import num
from fzdata.core.resources import wording
from fzdata.unit.norms import Norms


def below_norm(vil: pd.DataFrame, norms: Norms) -> list[dict[str, Any]]:
    below = vil.loc[vil["meets_literates"] == False, "village"].tolist()  # noqa: E712
    if not below:
        return []
    norm = norms["legal_literates_per_village"]
    text = wording()["shortcomings"]["below_norm"].format(
        n=len(below), norm=num(norm), villages="、".join(below)
    )
    share = len(below) / int(vil["meets_literates"].notna().sum()) * 100
    return [
        row(
            "below_norm",
            "legal_literates",
            severity(share, norms),
            len(below),
            norm,
            text,
            len(below),
            below,
        )
    ]


@register
class BelowNorm(Rule):
    id = "below_norm"
    counted = True

    def find(self, ctx: RuleContext) -> list[dict[str, Any]]:
        return below_norm(ctx.vil, ctx.norms)

    def checkable(self, key: str, now: YearAnalysis) -> bool:
        return bool(len(now.villages)) and bool(now.villages["legal_literates"].notna().all())

    def norm(self, now: YearAnalysis) -> float | None:
        return now.norms["legal_literates_per_village"]
