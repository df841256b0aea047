"""Village decline: villages whose 法律明白人 fell since last year."""

from __future__ import annotations

from typing import Any

import pandas as pd

from fzdata.analysis.model import YearAnalysis
from fzdata.analysis.rules.base import Rule, RuleContext, register, row, severity
from fzdata.core.figures import num
from fzdata.core.resources import wording


@register
class VillageDecline(Rule):
    id = "village_decline"
    counted = True

    def find(self, ctx: RuleContext) -> list[dict[str, Any]]:
        if ctx.prev is None:
            return []
        before = ctx.prev.tables["villages"].set_index("village")["legal_literates"]
        now = ctx.vil.set_index("village")["legal_literates"]
        both = pd.concat([before.rename("before"), now.rename("now")], axis=1, join="inner")
        fell = both[(both["now"] < both["before"])].dropna()
        if fell.empty:
            return []
        detail = "、".join(
            f"{v}由{num(r.before)}名减少到{num(r.now)}名" for v, r in fell.iterrows()
        )
        text = wording()["shortcomings"]["village_decline"].format(n=len(fell), detail=detail)
        share = len(fell) / max(len(both.dropna()), 1) * 100
        villages = list(fell.index)
        return [
            row("village_decline", "legal_literates", severity(share, ctx.norms, "low"),
                len(fell), 0.0, text, len(fell), villages)
        ]  # fmt: skip

    def checkable(self, key: str, now: YearAnalysis) -> bool:
        return bool(len(now.villages)) and bool(now.villages["legal_literates"].notna().all())
