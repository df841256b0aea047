"""Shortcomings (不足) found in the ledgers, with evidence, and the follow-up (整改) of last year's.

The rules are registered modules in :mod:`fzdata.analysis.rules` (one per rule); each
finding is one row with a sentence of evidence ready for the report (sentence patterns in
``resources/wording.yml``). A unit switches rules off with ``rules_off`` in ``unit.yml``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from fzdata.analysis.model import FOLLOWUP_COLUMNS, Reported, YearAnalysis
from fzdata.analysis.rules import RULES, RuleContext
from fzdata.core.errors import ConfigError
from fzdata.core.figures import NO_RATE
from fzdata.core.resources import wording
from fzdata.ingest.load import YearData
from fzdata.unit.norms import Norms
from fzdata.unit.profiles import load_profile

SHORTCOMING_COLUMNS = (
    "rule", "key", "severity", "value", "threshold", "villages", "evidence", "gap", "source",
)  # fmt: skip
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def find_shortcomings(
    yd: YearData,
    prev: YearData | None,
    indicators: pd.DataFrame,
    villages: pd.DataFrame,
    reported: dict[str, Reported],
    norms: Norms,
    rules: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Run every rule of the unit's profile (``rules``, by default the profile of the unit's
    kind) that the unit has not switched off; rows ordered by severity, then by rule."""
    ctx = RuleContext(yd, prev, indicators, villages, reported, norms)
    if rules is None:
        rules = load_profile(yd.settings.kind).rules
    off = set(yd.settings.rules_off)
    unknown = sorted(off - set(RULES))
    if unknown:
        raise ConfigError(
            yd.settings.path or "unit.yml",
            f"rules_off 中没有「{'、'.join(unknown)}」这条规则；可用的有 {'、'.join(RULES)}",
        )
    rows: list[dict[str, Any]] = []
    for rule_id, rule in RULES.items():
        if rule_id in rules and rule_id not in off:
            rows += rule.find(ctx)
    general = load_profile(yd.settings.kind).general_rules
    if general:
        # A specific rule naming the cases says more than a general one about the same figure.
        specific = {r["key"] for r in rows if r["rule"] not in general}
        rows = [r for r in rows if r["rule"] not in general or r["key"] not in specific]
    df = pd.DataFrame(rows, columns=list(SHORTCOMING_COLUMNS))
    df["value"] = pd.to_numeric(df["value"]).astype("float64")
    df["threshold"] = pd.to_numeric(df["threshold"]).astype("float64")
    df["gap"] = pd.to_numeric(df["gap"]).astype("float64")
    order = df["severity"].map(SEVERITY_ORDER)
    return (
        df.assign(_o=order)
        .sort_values("_o", kind="stable")
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def follow_up(last: YearAnalysis | None, now: YearAnalysis) -> pd.DataFrame:
    """One row per shortcoming of last year: resolved, improved, persisting or worsened."""
    if last is None or last.shortcomings.empty:
        return pd.DataFrame(columns=list(FOLLOWUP_COLUMNS))
    current = {(r.rule, r.key): r for r in now.shortcomings.itertuples()}
    rows = []
    for p in last.shortcomings.itertuples():
        rule = RULES[p.rule]
        c = current.get((p.rule, p.key))
        if c is None and rule.still_missing(p.key, now):
            c = p
        if c is None and _no_rate(p.key, now):
            # This year's rate has no denominator (no concluded case, no document): nothing
            # to compare with, which is neither put right nor still wrong.
            status = "unknown"
            name = now.indicators.loc[now.indicators["key"] == p.key, "name"].iloc[0]
            text = wording()["followup"]["no_rate"].format(evidence=p.evidence, name=name)
        elif c is None and not rule.checkable(p.key, now):
            status = "unknown"
            text = wording()["followup"]["unknown"].format(evidence=p.evidence)
        else:
            gap = c.gap if c is not None else 0.0
            if c is None:
                status = "resolved"
            elif gap < p.gap - 1e-9:
                status = "improved"
            elif gap > p.gap + 1e-9:
                status = "worsened"
            else:
                status = "persisting"
            text = rule.followup_text(p, c, status, now)
        rows.append(
            {
                "rule": p.rule,
                "key": p.key,
                "previous_evidence": p.evidence,
                "status": status,
                "evidence": text,
                "previous_gap": p.gap,
                "gap": c.gap if c is not None else (0.0 if status == "resolved" else None),
            }
        )
    return pd.DataFrame(rows, columns=list(FOLLOWUP_COLUMNS))


def _no_rate(key: str, now: YearAnalysis) -> bool:
    ind = now.indicators
    hit = ind[ind["key"] == key]
    return not hit.empty and hit["qualifier"].iloc[0] == NO_RATE
