"""Lawsuit lost: lawsuits the department lost (撤销、变更、确认违法、责令履行、败诉)."""

from __future__ import annotations

from fzdata.analysis.rules.base import register
from fzdata.analysis.rules.department import AdverseOutcomeRule


@register
class LawsuitLost(AdverseOutcomeRule):
    id = "lawsuit_lost"
    key = "lawsuit_loss_rate"
    proceeding = "lawsuit"
    with_instance = True  # 一审/二审 named with the result
