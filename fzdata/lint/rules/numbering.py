"""Numbering: 一、（一）1.（1） in order, without jumps or mixed kinds."""

from __future__ import annotations

import re

from fzdata.lint.base import CN_NUM, LintContext, LintFinding, _strip_md, register

_MARKERS = (
    (1, re.compile(rf"^(?P<num>[{CN_NUM}]+)(?P<sep>[、.．，,])")),
    (2, re.compile(rf"^(?P<open>[（(])(?P<num>[{CN_NUM}]+)(?P<close>[)）])")),
    (3, re.compile(r"^(?P<num>\d{1,2})(?P<sep>[.．、])(?!\d)")),
    (4, re.compile(r"^(?P<open>[（(])(?P<num>\d{1,2})(?P<close>[)）])")),
)
_KIND = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}


def _cn(n: int) -> str:
    import cn2an

    return cn2an.an2cn(n)


def _cn_value(text: str) -> int:
    import cn2an

    return int(cn2an.cn2an(text, "normal"))


def numbering(lines: list[str]) -> list[LintFinding]:
    out: list[LintFinding] = []
    counters = {1: 0, 2: 0, 3: 0, 4: 0}
    open_level = 0
    seen_kinds: dict[int, list[str]] = {}  # markers used under the current top-level heading
    for i, raw in enumerate(lines, start=1):
        body, cut = _strip_md(raw)
        for level, pattern in _MARKERS:
            m = pattern.match(body)
            if not m:
                continue
            num = int(m["num"]) if level in (3, 4) else _cn_value(m["num"])
            token = m.group(0)

            def flag(
                message: str,
                suggestion: str = "",
                severity: str = "error",
                line: int = i,
                col: int = cut + 1,
                tok: str = token,
            ) -> None:
                out.append(LintFinding("numbering", severity, line, col, tok, message, suggestion))

            # 「5、」 where the next top-level heading (五、) is due.
            if (
                level == 3
                and m["sep"] == "、"
                and counters[1]
                and num == counters[1] + 1
                and open_level <= 2
            ):
                flag(f"一级标题应写作「{_cn(num)}、」，不用阿拉伯数字加顿号", f"{_cn(num)}、")
                level = 1
            if level == 1 and m["sep"] != "、":
                flag("一级标题序号后应用顿号「、」", f"{m['num']}、")
            if level in (2, 4) and (m["open"] == "(" or m["close"] == ")"):
                flag("标题序号用了半角括号，应为全角「（）」", f"（{m['num']}）")
            if level == 3 and m["sep"] == "、":
                flag("第三层序号应写作「1.」，不用「1、」", f"{num}.", "warning")
            if level == 1:
                counters = {1: counters[1], 2: 0, 3: 0, 4: 0}
                seen_kinds = {}
            under = seen_kinds.setdefault(open_level if level > 1 else 0, [])
            level_for_sequence = level
            if level == 4 and open_level < 3 and counters[1]:
                if "2" in under:
                    flag("同一层次混用了「（一）」和「（1）」两种序号", f"（{_cn(num)}）")
                else:
                    flag(
                        f"层次不对：此处在一级标题之下，应使用「（{_cn(num)}）」而不是「（{num}）」",
                        f"（{_cn(num)}）",
                    )
                level_for_sequence = 2  # read as the item level it stands in for
            if level == 2 and "4" in under and open_level < 3:
                flag("同一层次混用了「（1）」和「（一）」两种序号", f"（{m['num']}）")
            expected = counters[level_for_sequence] + 1
            if num != expected and not (level_for_sequence == 1 and num == counters[1]):
                flag(f"序号不连续：应为第{expected}项，这里是第{num}项")
            counters[level_for_sequence] = num
            for deeper in range(level_for_sequence + 1, 5):
                counters[deeper] = 0
            under.append(str(level))
            open_level = level_for_sequence
            break
    return out


@register("numbering")
def _numbering_rule(ctx: LintContext) -> list[LintFinding]:
    return numbering(ctx.lines)
