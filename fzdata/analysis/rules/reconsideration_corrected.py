"""Reconsideration corrected: the department's acts revoked, changed, declared unlawful or
ordered to be performed on administrative reconsideration (《行政复议法》)."""

from __future__ import annotations

from fzdata.analysis.rules.base import register
from fzdata.analysis.rules.department import AdverseOutcomeRule


@register
class ReconsiderationCorrected(AdverseOutcomeRule):
    id = "reconsideration_corrected"
    key = "reconsideration_correction_rate"
    proceeding = "reconsideration"
