"""Punctuation: half-width marks, brackets and spaces in Chinese text."""

from __future__ import annotations

import re

from fzdata.lint.base import CJK, LintContext, LintFinding, register

_HALF_PUNCT = re.compile(rf"(?<=[{CJK}）”」])(?P<p>[,;:!?])(?=[{CJK}（“「])")
_HALF_PAREN = re.compile(rf"(?<=[{CJK}])\((?P<inner>[{CJK}]{{1,6}})\)")
_SPACE = re.compile(rf"(?<=[{CJK}，。；：、）」”])(?P<s>[ \t\u3000]+)(?=[{CJK}（「“])")
#: The signature's blank date (「　　年　月　日」, dated by hand on paper): its spaces are wanted.
_BLANK_DATE = re.compile(r"^[ \t\u3000]*年[ \t\u3000]+月[ \t\u3000]+日[ \t\u3000]*$")
_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}


def punctuation(lines: list[str]) -> list[LintFinding]:
    out = []
    for i, line in enumerate(lines, start=1):
        for m in _HALF_PUNCT.finditer(line):
            p = m["p"]
            out.append(LintFinding("punctuation", "error", i, m.start() + 1, line[max(0, m.start() - 2) : m.end() + 2],
                                   f"中文之间用了半角「{p}」", _FULL[p]))  # fmt: skip
        for m in _HALF_PAREN.finditer(line):
            out.append(LintFinding("punctuation", "warning", i, m.start() + 1, m.group(0),
                                   "中文之间用了半角括号", f"（{m['inner']}）"))  # fmt: skip
        for m in [] if _BLANK_DATE.match(line) else _SPACE.finditer(line):
            out.append(LintFinding("punctuation", "warning", i, m.start() + 1, line[max(0, m.start() - 2) : m.end() + 2],
                                   "中文之间有多余的空格", "删除空格"))  # fmt: skip
    return out


@register("punctuation")
def _punctuation_rule(ctx: LintContext) -> list[LintFinding]:
    return punctuation(ctx.lines)
