"""Data mismatch: a figure in the text that differs from the unit-year's ledgers."""

from __future__ import annotations

from typing import Any

from fzdata.lint.base import LintContext, LintFinding, register
from fzdata.lint.stated import catalogue_names, stated_figures


def _figures(reported: dict[str, Any]) -> dict[str, Any]:
    return {rep.key: rep.figure for rep in reported.values() if rep.key and not rep.figure.missing}


def _earlier_figures(a: Any) -> dict[str, Any]:
    """Last year's reported figures (from last year's ledgers), for lines that quote them."""
    if getattr(a, "previous_data", None) is None:
        return {}
    from fzdata.analysis.analyse import reported_figures
    from fzdata.unit.norms import resolve_norms

    prev = a.previous_data
    return _figures(reported_figures(prev, resolve_norms(prev.settings)))


def data_mismatch(lines: list[str], a: Any) -> list[LintFinding]:
    """A sentence that states a figure for a known indicator that differs from the ledgers."""
    from fzdata.core.figures import Figure, overlaps

    cat = a.data.catalogue
    figures = _figures(a.reported)
    earlier = _earlier_figures(a)
    out = []
    for s in stated_figures(lines, catalogue_names(cat), keys=set(figures) | set(earlier)):
        if s.bound == "以下":
            continue  # an upper bound says too little to contradict anything
        # 「95%以上」 is a lower bound (qualifier 以上): it contradicts a ledger below it.
        # A line quoting last year's report (…（2024年）, as fz new-year drafts it) is checked
        # against last year's ledgers.
        truths = earlier if s.quoted_years and a.year - 1 in s.quoted_years else figures
        if s.key not in truths:
            continue
        truth = truths[s.key]
        # The number must be this indicator's: 「行政村培育5名」 is about 法律明白人, not 行政村.
        if not s.fits({truth.unit, cat[s.key].unit}):
            continue
        # A written figure stands for its rounding: 91.7% is right for 91.67%.
        tol = 0.5 * 10**-s.decimals
        written = Figure(s.value, s.qualifier)
        assert written.lo is not None and written.hi is not None
        written = Figure(s.value, s.qualifier, lo=written.lo - tol, hi=written.hi + tol)
        if not overlaps(written, truth):
            out.append(LintFinding("data-mismatch", "error", s.line, s.column, s.match,
                                   f"{cat[s.key].name}写作「{s.written}」，台账为{truth.text()}（{truth.source}）",
                                   truth.text()))  # fmt: skip
    return out


@register("data-mismatch", needs_data=True)
def _data_mismatch_rule(ctx: LintContext) -> list[LintFinding]:
    return data_mismatch(ctx.lines, ctx.analysis)
