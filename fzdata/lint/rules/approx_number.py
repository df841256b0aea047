"""Approximate numbers: 余/多 after a round number, never with 约."""

from __future__ import annotations

import re

from fzdata.core.figures import round_for_approx
from fzdata.lint.base import CJK, LintContext, LintFinding, register

_APPROX = re.compile(rf"(?P<about>约)?(?P<num>\d+(?:\.\d+)?)(?P<q>余|多)(?=[{CJK}]|$)")


def approx_numbers(lines: list[str]) -> list[LintFinding]:
    out = []
    for i, line in enumerate(lines, start=1):
        for m in _APPROX.finditer(line):
            token, num, q = m.group(0), m["num"], m["q"]
            if m["about"]:
                out.append(LintFinding("approx-number", "error", i, m.start() + 1, token,
                                       f"「约」与「{q}」不能同时使用", f"约{num}或{num}{q}"))  # fmt: skip
            elif not round_for_approx(num):
                why = "个位数" if len(num) == 1 else "不是整十、整百的数"
                out.append(LintFinding("approx-number", "error", i, m.start() + 1, token,
                                       f"「{q}」只用在整数位之后，{num}{why}，不能加「{q}」", f"{num}"))  # fmt: skip
    return out


@register("approx-number")
def _approx_numbers_rule(ctx: LintContext) -> list[LintFinding]:
    return approx_numbers(ctx.lines)
