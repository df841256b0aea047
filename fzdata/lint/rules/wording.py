"""Wording: misused words and characters (lint_words.yml)."""

from __future__ import annotations

import re

from fzdata.lint.base import LintContext, LintFinding, _words, register


def wording(lines: list[str]) -> list[LintFinding]:
    data = _words()
    out = []
    for i, line in enumerate(lines, start=1):
        for w in data["words"]:
            start = 0
            while (pos := line.find(w["wrong"], start)) >= 0:
                start = pos + 1
                ctx = w.get("context")
                if ctx and not any(
                    c in line[max(0, pos - 6) : pos + len(w["wrong"]) + 6] for c in ctx
                ):
                    continue
                msg = f"「{w['wrong']}」应为「{w['right']}」" + (
                    f"：{w['note']}" if w.get("note") else ""
                )
                out.append(
                    LintFinding("wording", w["level"], i, pos + 1, w["wrong"], msg, w["right"])
                )
        adv = data["adverbial_de"]
        pattern = re.compile(
            f"(?P<a>{'|'.join(map(re.escape, adv['adverbs']))})的(?P<v>{'|'.join(map(re.escape, adv['verbs']))})"
        )
        for m in pattern.finditer(line):
            fixed = f"{m['a']}地{m['v']}"
            out.append(LintFinding("wording", "warning", i, m.start() + 1, m.group(0),
                                   f"状语后接动词用「地」：「{m.group(0)}」应为「{fixed}」", fixed))  # fmt: skip
    return out


@register("wording")
def _wording_rule(ctx: LintContext) -> list[LintFinding]:
    return wording(ctx.lines)
