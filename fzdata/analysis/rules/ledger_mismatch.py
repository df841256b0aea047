"""Ledger mismatch: a stated figure its own detail ledger contradicts."""

from __future__ import annotations

from typing import Any

from fzdata.analysis.derive import derived_from, table_label
from fzdata.analysis.model import Reported, YearAnalysis
from fzdata.analysis.rules.base import (
    Rule,
    RuleContext,
    indicator_fields,
    register,
    row,
)
from fzdata.core.figures import fmt
from fzdata.core.resources import wording


def ledger_mismatch(reported: dict[str, Reported], kind: str = "township") -> list[dict[str, Any]]:
    rows = []
    for rep in reported.values():
        if rep.agrees is not False:
            continue
        d = rep.derived
        assert d is not None
        table = table_label(rep.key, kind) if rep.key in derived_from(kind) else "明细台账"
        text = wording()["shortcomings"]["ledger_mismatch"].format(
            name=rep.name, stated=rep.figure.text(), stated_source=rep.figure.source,
            table=table, derived=fmt(d.value, d.qualifier, rep.figure.unit), derived_source=d.source,
        )  # fmt: skip
        rows.append(
            row(
                "ledger_mismatch",
                rep.key,
                "high",
                rep.figure.value,
                d.value,
                text,
                1.0,
                source=rep.figure.source,
            )
        )
    return rows


@register
class LedgerMismatch(Rule):
    id = "ledger_mismatch"

    def find(self, ctx: RuleContext) -> list[dict[str, Any]]:
        return ledger_mismatch(ctx.reported, ctx.yd.settings.kind)

    def followup_text(self, p: Any, c: Any, status: str, now: YearAnalysis) -> str:
        name = indicator_fields(p, now)["name"]
        fw = wording()["followup"][self.id]
        return fw["resolved" if status == "resolved" else "persisting"].format(name=name)
