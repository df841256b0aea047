"""Sections: the five parts present, in the unit's order."""

from __future__ import annotations

from fzdata.core.resources import wording as report_wording
from fzdata.lint.base import LintContext, LintFinding, _strip_md, register
from fzdata.lint.stated import section_heading
from fzdata.report.sections import section_order


def find_sections(lines: list[str], order: list[str] | None = None) -> list[tuple[str, int]]:
    """(section id, 1-based line) of each of the five parts found, in the order written: a
    heading 「一、」 (or 「5、」) naming the part's keywords; the first heading of each part."""
    spec = report_wording()["report"]["sections"]
    order = section_order(order or [])
    found: list[tuple[str, int]] = []
    for i, raw in enumerate(lines, start=1):
        body, _ = _strip_md(raw)
        if section_heading(body):
            key = next((k for k in order if any(w in body for w in spec[k]["keywords"])), None)
            if key and key not in [k for k, _ in found]:
                found.append((key, i))
    return found


def structure(lines: list[str], order: list[str] | None = None) -> list[LintFinding]:
    spec = report_wording()["report"]["sections"]
    order = section_order(order or [])
    found = find_sections(lines, order)
    out = []
    for key in order:
        if key not in [k for k, _ in found]:
            title = spec[key]["title"].format(year="本", next="下一")
            out.append(LintFinding("structure", "error", 1, 1, "", f"缺少「{title}」部分", title))
    present = [k for k, _ in found]
    expected = [k for k in order if k in present]
    if present != expected:
        first = next(
            idx for idx, (a, b) in enumerate(zip(present, expected, strict=True)) if a != b
        )
        key, line = found[first]
        out.append(LintFinding("structure", "warning", line, 1, lines[line - 1].strip()[:30],
                               "各部分顺序与单位设定不一致", "按 unit.yml 的 section_order 调整顺序"))  # fmt: skip
    return out


@register("structure")
def _structure_rule(ctx: LintContext) -> list[LintFinding]:
    return structure(ctx.lines, ctx.order or None)
