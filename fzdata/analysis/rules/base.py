"""What every shortcoming rule shares, and the registry.

A rule is one module in this package: a subclass of :class:`Rule` registered with
:func:`register`. It says what it checks (:meth:`Rule.find`), whether this year's data can
show it at all (:meth:`Rule.checkable`), and how last year's finding is followed up
(:meth:`Rule.followup_text`); its sentence patterns live in ``resources/wording.yml`` under
``shortcomings``, ``followup`` and ``arrangements`` with the rule's id. A unit switches rules
off with ``rules_off`` in its ``unit.yml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import pandas as pd

from fzdata.analysis.model import Reported, YearAnalysis
from fzdata.core.figures import fmt, num
from fzdata.core.resources import wording
from fzdata.ingest.load import YearData
from fzdata.unit.norms import Norms

#: Village fields checked for full coverage, with the key each shortcoming carries.
COVERAGE = {
    "has_counsel": "villages_with_counsel",
    "has_plaza": "has_plaza",
    "signed_letter": "signed_letter",
}


@dataclass
class RuleContext:
    """What a rule may look at: this year's and last year's data and analysis tables."""

    yd: YearData
    prev: YearData | None
    ind: pd.DataFrame
    vil: pd.DataFrame
    reported: dict[str, Reported]
    norms: Norms


class Rule:
    """A shortcoming rule. Subclasses set ``id`` and implement :meth:`find`."""

    id: ClassVar[str]
    #: the gap is a count of villages, cases or officers (follow-up says 由N个减少到M个)
    counted: ClassVar[bool] = False
    #: the follow-up names what was put right (villages, officers); not for this year's new cases
    names_fixed: ClassVar[bool] = True

    def find(self, ctx: RuleContext) -> list[dict[str, Any]]:
        raise NotImplementedError

    def checkable(self, key: str, now: YearAnalysis) -> bool:
        """Whether this year's data can show a shortcoming of this kind at all."""
        return True

    def still_missing(self, key: str, now: YearAnalysis) -> bool:
        """Whether last year's finding still holds though the rule is quiet this year."""
        return False

    def followup_spec(self, key: str) -> dict[str, Any]:
        """The wording of a counted rule's follow-up (subject and unit)."""
        spec = wording()["followup"][self.id]
        return spec.get(key, spec)

    def norm(self, now: YearAnalysis) -> float | None:
        """The norm named in a counted rule's follow-up subject."""
        return None

    def followup_text(self, p: Any, c: Any, status: str, now: YearAnalysis) -> str:
        """The sentence for last year's finding ``p`` given this year's ``c`` (or None)."""
        fw = wording()["followup"]
        if self.counted:
            spec = self.followup_spec(p.key)
            norm = self.norm(now)
            subject = spec["subject"].format(norm=num(norm) if norm is not None else "")
            text = fw["statuses"][status].format(
                prev=num(p.gap),
                cur=num(c.gap if c is not None else 0),
                unit=spec["unit"],
                subject=subject,
            )
            now_villages = c.villages.split("、") if c is not None else []
            fixed = [v for v in p.villages.split("、") if v and v not in now_villages]
            if fixed and status == "improved" and self.names_fixed:
                text += fw["fixed"].format(villages="、".join(fixed))
            return text
        return fw[self.id][status].format(**indicator_fields(p, now))


def indicator_fields(p: Any, now: YearAnalysis) -> dict[str, str]:
    """Name, this year's value and target of the indicator a finding is about."""
    r = indicator_row(p.key, now)
    fields = {"name": r["name"] if r is not None else p.key}
    if r is not None:
        fields |= {
            "value": fmt(r["value"], r["qualifier"], r["unit"]),
            "target": fmt(r["target"], "", r["unit"]),
        }
    return fields


def indicator_row(key: str, now: YearAnalysis) -> pd.Series | None:
    ind = now.indicators
    row = ind[(ind["key"] == key) | (ind["name"] == key)]
    return row.iloc[0] if not row.empty else None


def row(rule: str, key: str, severity: str, value: float | None, threshold: float | None,
        evidence: str, gap: float, villages: list[str] | None = None, source: str = "") -> dict[str, Any]:  # fmt: skip
    """One shortcoming, as a row of the shortcomings table."""
    return {
        "rule": rule,
        "key": key,
        "severity": severity,
        "value": value,
        "threshold": threshold,
        "villages": "、".join(villages or []),
        "evidence": evidence,
        "gap": gap,
        "source": source,
    }


def severity(share_pct: float, norms: Norms, base: str = "medium") -> str:
    return "high" if share_pct >= norms["severe_share"] else base


#: Every rule, by id, in the order they run.
RULES: dict[str, Rule] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: register one instance of the rule under its id."""
    RULES[cls.id] = cls()
    return cls


def rule_function(
    fn: Callable[..., list[dict[str, Any]]],
) -> Callable[[RuleContext], list[dict[str, Any]]]:
    """Adapt a function of named context fields to :meth:`Rule.find`."""
    return lambda ctx: fn(**vars(ctx))
