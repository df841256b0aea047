"""Certificate invalid: an enforcement officer without a certificate, or whose certificate
expires before 31 December (持证上岗，《行政执法证件管理办法》); valid to 31 December counts."""

from __future__ import annotations

import pandas as pd

from fzdata.analysis.derive_department import certificate_state
from fzdata.analysis.rules.base import RuleContext, register
from fzdata.analysis.rules.department import CountedRule, date_text, name_of


@register
class CertificateInvalid(CountedRule):
    id = "certificate_invalid"
    table = "officers"
    key = "officers_certified_rate"
    names_fixed = True  # the same officers, year after year

    def rows(self, ctx: RuleContext) -> tuple[pd.DataFrame, int, list[str], list[str]]:
        o = ctx.yd.tables["officers"]
        state = certificate_state(ctx.yd)
        hit = o[state.isin(["missing", "expired"])]
        names = [name_of(r, "name") for _, r in hit.iterrows()]
        details = [
            f"{n}（无执法证）"
            if state[i] == "missing"
            else f"{n}（{date_text(r['valid_until'])}到期）"
            for n, (i, r) in zip(names, hit.iterrows(), strict=True)
        ]
        return hit, len(o), names, details
