"""Data mismatch: a figure in the text that differs from the unit-year's ledgers."""

from __future__ import annotations

import re
from typing import Any

from fzdata.core.resources import wording as report_wording
from fzdata.lint.base import CJK, CN_NUM, LintContext, LintFinding, _strip_md, register

_TARGET_WORDS = re.compile(
    r"力争|争取|确保|不少于|不低于|目标|计划|预计|将要"
)  # not 达到: results use it too


def _plan_lines(lines: list[str]) -> set[int]:
    """Lines in the arrangements and other sections (targets and plans, not results)."""
    spec = report_wording()["report"]["sections"]
    skip, current = set(), None
    for i, raw in enumerate(lines, start=1):
        body, _ = _strip_md(raw)
        if re.match(rf"^([{CN_NUM}]+|\d{{1,2}})[、.．]", body):
            current = next(
                (k for k in spec if any(w in body for w in spec[k]["keywords"])), current
            )
        if current in ("plans", "other"):
            skip.add(i)
    return skip


_QUOTED_YEAR = re.compile(r"（(\d{4})年）")


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
    from fzdata.core.parse import parse_number

    cat = a.data.catalogue
    names: dict[str, str] = {}
    for e in cat.entries.values():
        for n in (e.name, *e.aliases):
            names.setdefault(n, e.key)
    figures = _figures(a.reported)
    earlier = _earlier_figures(a)
    alt = "|".join(
        re.escape(n)
        for n in sorted(names, key=len, reverse=True)
        if names[n] in figures or names[n] in earlier
    )
    if not alt:
        return []
    pattern = re.compile(
        rf"(?P<name>{alt})[^0-9，。；（(、]{{0,4}}?(?P<fig>约?\d+(?:\.\d+)?(?:余|多)?)(?P<unit>[{CJK}%]{{0,3}})"
    )
    out = []
    plans = _plan_lines(lines)
    for i, line in enumerate(lines, start=1):
        if i in plans:
            continue  # next year's arrangements state targets, not this year's figures
        # A line quoting last year's report (…（2024年）, as fz new-year drafts it) is checked
        # against last year's ledgers.
        quoted = {int(y) for y in _QUOTED_YEAR.findall(line)}
        truths = earlier if quoted and a.year - 1 in quoted else figures
        for m in pattern.finditer(line):
            clause = re.split(r"[，。；：]", line[: m.start()])[-1] + m.group(0)
            if _TARGET_WORDS.search(clause) or line[m.end() :].startswith(("以上", "以下")):
                continue
            key = names[m["name"]]
            stated = parse_number(m["fig"])
            if key not in truths:
                continue
            truth = truths[key]
            units = {u for u in (truth.unit, cat[key].unit) if u}
            # The number must be this indicator's: 「行政村培育5名」 is about 法律明白人, not 行政村.
            if stated.value is None or not any(m["unit"].startswith(u) for u in units):
                continue
            # A written figure stands for its rounding: 91.7% is right for 91.67%.
            digits = len(m["fig"].split(".")[1].rstrip("余多")) if "." in m["fig"] else 0
            tol = 0.5 * 10**-digits
            written = Figure(stated.value, stated.qualifier)
            assert written.lo is not None and written.hi is not None
            written = Figure(
                stated.value, stated.qualifier, lo=written.lo - tol, hi=written.hi + tol
            )
            if not overlaps(written, truth):
                out.append(LintFinding("data-mismatch", "error", i, m.start("fig") + 1, m.group(0),
                                       f"{cat[key].name}写作「{m['fig']}」，台账为{truth.text()}（{truth.source}）",
                                       truth.text()))  # fmt: skip
    return out


@register("data-mismatch", needs_data=True)
def _data_mismatch_rule(ctx: LintContext) -> list[LintFinding]:
    return data_mismatch(ctx.lines, ctx.analysis)
