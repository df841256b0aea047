"""``fz lint``: the small errors that get a report sent back, found in a draft.

Rules: structure, numbering, punctuation, approx-number, wording (``resources/lint_words.yml``)
and, with the ledgers, data-mismatch. Levels: error for what is certainly wrong, warning for what
is very likely wrong, info for style. Lines and columns are 1-based in the file given (for a
DOCX file, the line is the paragraph number).
"""

from __future__ import annotations

import functools
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from fzdata.errors import FzError
from fzdata.resources import _yaml

CJK = "\u4e00-\u9fff"
CN_NUM = "一二三四五六七八九十"
LEVELS = ("error", "warning", "info")


@dataclass
class LintFinding:
    rule: str
    level: str
    line: int
    column: int
    text: str
    message: str
    suggestion: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@functools.cache
def _words() -> dict[str, Any]:
    return _yaml("lint_words.yml")


# --------------------------------------------------------------------------- read


def read_lines(path: Path) -> list[str]:
    """The draft as lines: Markdown and text as written, DOCX one paragraph a line."""
    if not path.exists():
        raise FzError(f"文件不存在：{path}")
    if path.suffix.lower() == ".docx":
        try:
            import docx

            return [p.text for p in docx.Document(str(path)).paragraphs]
        except Exception as exc:
            raise FzError(f"{path} 不是有效的 Word 文档（{type(exc).__name__}）") from None
    from fzdata.sources import detect_encoding

    data = path.read_bytes()
    try:
        return data.decode(detect_encoding(data)).splitlines()
    except Exception as exc:
        raise FzError(f"{path} 无法按文本读取（{exc}）") from None


# ----------------------------------------------------------------------- numbering

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


def _strip_md(line: str) -> tuple[str, int]:
    """The line without Markdown heading marks and leading space, and how much was cut."""
    m = re.match(r"^[ \t\u3000]*(?:#{1,6}[ \t]+)?[ \t\u3000]*", line)
    return line[m.end() :], m.end()


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


# --------------------------------------------------------------------- punctuation

_HALF_PUNCT = re.compile(rf"(?<=[{CJK}）”」])(?P<p>[,;:!?])(?=[{CJK}（“「])")
_HALF_PAREN = re.compile(rf"(?<=[{CJK}])\((?P<inner>[{CJK}]{{1,6}})\)")
_SPACE = re.compile(rf"(?<=[{CJK}，。；：、）」”])(?P<s>[ \t\u3000]+)(?=[{CJK}（「“])")
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
        for m in _SPACE.finditer(line):
            out.append(LintFinding("punctuation", "warning", i, m.start() + 1, line[max(0, m.start() - 2) : m.end() + 2],
                                   "中文之间有多余的空格", "删除空格"))  # fmt: skip
    return out


# ----------------------------------------------------------------- approx numbers

_APPROX = re.compile(rf"(?P<about>约)?(?P<num>\d+(?:\.\d+)?)(?P<q>余|多)(?=[{CJK}]|$)")


def approx_numbers(lines: list[str]) -> list[LintFinding]:
    out = []
    for i, line in enumerate(lines, start=1):
        for m in _APPROX.finditer(line):
            token, num, q = m.group(0), m["num"], m["q"]
            if m["about"]:
                out.append(LintFinding("approx-number", "error", i, m.start() + 1, token,
                                       f"「约」与「{q}」不能同时使用", f"约{num}或{num}{q}"))  # fmt: skip
            elif "." in num or len(num) == 1 or not num.endswith("0"):
                why = "个位数" if len(num) == 1 else "不是整十、整百的数"
                out.append(LintFinding("approx-number", "error", i, m.start() + 1, token,
                                       f"「{q}」只用在整数位之后，{num}{why}，不能加「{q}」", f"{num}"))  # fmt: skip
    return out


# ------------------------------------------------------------------------- wording


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


# ----------------------------------------------------------------------- structure


def structure(lines: list[str], order: list[str] | None = None) -> list[LintFinding]:
    from fzdata.narrative import section_order
    from fzdata.shortcomings import wording as report_wording

    spec = report_wording()["report"]["sections"]
    order = order or section_order([])
    found: list[tuple[str, int]] = []
    for i, raw in enumerate(lines, start=1):
        body, _ = _strip_md(raw)
        if re.match(rf"^([{CN_NUM}]+|\d{{1,2}})[、.．]", body):
            key = next((k for k in order if any(w in body for w in spec[k]["keywords"])), None)
            if key and key not in [k for k, _ in found]:
                found.append((key, i))
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


# ------------------------------------------------------------------- data mismatch


_TARGET_WORDS = re.compile(
    r"力争|争取|确保|不少于|不低于|目标|计划|预计|将要"
)  # not 达到: results use it too


def _plan_lines(lines: list[str]) -> set[int]:
    """Lines in the arrangements and other sections (targets and plans, not results)."""
    from fzdata.shortcomings import wording as report_wording

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


def data_mismatch(lines: list[str], data_dir: Path, unit: str, year: int) -> list[LintFinding]:
    """A sentence that states a figure for a known indicator that differs from the ledgers."""
    from fzdata.analyse import analyse_year
    from fzdata.figures import Figure, overlaps
    from fzdata.parse import parse_number

    a = analyse_year(data_dir, unit, year)
    cat = a.data.catalogue
    names: dict[str, str] = {}
    for e in cat.entries.values():
        for n in (e.name, *e.aliases):
            names.setdefault(n, e.key)
    figures = {
        rep.key: rep.figure for rep in a.reported.values() if rep.key and not rep.figure.missing
    }
    alt = "|".join(
        re.escape(n) for n in sorted(names, key=len, reverse=True) if names[n] in figures
    )
    if not alt:
        return []
    pattern = re.compile(
        rf"(?P<name>{alt})[^0-9，。；]{{0,4}}?(?P<fig>约?\d+(?:\.\d+)?(?:余|多)?)(?P<unit>[{CJK}%]{{0,3}})"
    )
    out = []
    plans = _plan_lines(lines)
    for i, line in enumerate(lines, start=1):
        if i in plans:
            continue  # next year's arrangements state targets, not this year's figures
        for m in pattern.finditer(line):
            clause = re.split(r"[，。；：]", line[: m.start()])[-1] + m.group(0)
            if _TARGET_WORDS.search(clause) or line[m.end() :].startswith(("以上", "以下")):
                continue
            key = names[m["name"]]
            stated = parse_number(m["fig"])
            truth = figures[key]
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


# ---------------------------------------------------------------------------- run


def lint_lines(
    lines: list[str], data_dir: Path | None = None, unit: str | None = None, year: int | None = None
) -> list[LintFinding]:
    """Every rule over the lines of a draft (data-mismatch only with the ledgers), in order."""
    found = (
        structure(lines)
        + numbering(lines)
        + punctuation(lines)
        + approx_numbers(lines)
        + wording(lines)
    )
    if data_dir is not None:
        if not unit or year is None:
            raise FzError("使用 --data 时还要给出 --unit 和 --year")
        found += data_mismatch(lines, data_dir, unit, year)
    return sorted(found, key=lambda f: (f.line, f.column, LEVELS.index(f.level), f.rule))


def lint(
    path: Path, data_dir: Path | None = None, unit: str | None = None, year: int | None = None
) -> list[LintFinding]:
    """Every finding in the draft at ``path``, ordered by line and column."""
    return lint_lines(read_lines(path), data_dir, unit, year)


_JINJA = re.compile(r"\{\{.*?\}\}|\{#.*?#\}|\{%.*?%\}", re.S)


def lint_narrative(path: Path, data_dir: Path, unit: str, year: int) -> list[LintFinding]:
    """Lint a narrative.md: placeholders and template comments are masked with □ (no rule looks
    at it, and lines and columns stay those of the file); the analyst's own words are checked."""
    text = _JINJA.sub(lambda m: re.sub(r"[^\n]", "□", m.group(0)), path.read_text(encoding="utf-8"))
    return lint_lines(text.splitlines(), data_dir, unit, year)


def format_text(path: Path, findings: list[LintFinding]) -> str:
    names = {"error": "错误", "warning": "警告", "info": "提示"}
    rows = []
    for f in findings:
        hint = f"（建议：{f.suggestion}）" if f.suggestion else ""
        rows.append(f"{path}:{f.line}:{f.column}: {names[f.level]} [{f.rule}] {f.message}{hint}")
    counts = {lvl: sum(1 for f in findings if f.level == lvl) for lvl in LEVELS}
    rows.append(
        f"共 {len(findings)} 处：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}"
    )
    return "\n".join(rows)
