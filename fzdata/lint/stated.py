"""Figures a text states for catalogue indicators: 「排查调处矛盾纠纷12起」 → disputes_handled 12.

One parser for both readers of a report's words: the lint's data-mismatch rule (which compares
each stated figure with the ledgers) and ``fz collect`` (which keeps them as the unit's figures
when a unit sends only a report). Lines in the arrangements and other sections, clauses with
target words (力争, 不少于 …) are not this year's results and are left out; a bound written
after the figure is marked (``bound``): 「以上」 makes it a lower bound, 「以下」 tells too little
to be kept or compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from fzdata.core.resources import stated_readings
from fzdata.core.resources import wording as report_wording
from fzdata.lint.base import CJK, CN_NUM, _strip_md

_TARGET_WORDS = re.compile(
    r"力争|争取|确保|不少于|不低于|目标|计划|预计|将要"
)  # not 达到: results use it too
_QUOTED_YEAR = re.compile(r"（(\d{4})年）")
_SENTENCE_END = "。；！？;!?"
#: A heading or item number at the start of a sentence (一、 （一） 1. （1）), left out of a source.
_MARKER = re.compile(rf"^(?:[{CN_NUM}]+、|[（(][{CN_NUM}\d]{{1,3}}[)）]|\d{{1,2}}[.．、](?!\d))\s*")


@dataclass(frozen=True)
class StatedFigure:
    """One figure as the text states it."""

    key: str  # catalogue key
    name: str  # the indicator's name as written (a name or an alias)
    written: str  # the figure as written: 「1000余」, 「约600」, 「91.7」
    value: float
    qualifier: str  # 余 / 多 / 约 / 以上 / ""
    measure: str  # the unit of measure written after it (up to 3 characters: 份, 人次, %)
    line: int  # 1-based
    column: int  # 1-based, of the figure
    match: str  # the whole match: name … figure measure
    sentence: str  # the sentence it stands in (the source)
    quoted_years: frozenset[int]  # years quoted as 「（2024年）」 on the line
    bound: str = ""  # 以上 / 以下 written right after it

    @property
    def decimals(self) -> int:
        """Decimals as written: a written 91.7 stands for anything that rounds to it."""
        return len(self.written.split(".")[1].rstrip("余多")) if "." in self.written else 0

    def fits(self, units: Iterable[str]) -> bool:
        """Whether the measure written is one of ``units`` or a synonym of one for this
        indicator (「行政村培育5名」 is no 行政村 count; 「法律明白人95名」 is 95 人)."""
        words = {w for u in units if u for w in measure_units(u, self.key)}
        return any(self.measure.startswith(w) for w in words)


def section_heading(body: str) -> bool:
    """A line that may head one of the five parts: 「一、」 … or 「5、」 (never 「1.」, an item)."""
    return bool(re.match(rf"^([{CN_NUM}]+[、.．]|\d{{1,2}}、)", body))


def plan_lines(lines: list[str]) -> set[int]:
    """Lines in the arrangements and other sections (targets and plans, not results)."""
    spec = report_wording()["report"]["sections"]
    skip, current = set(), None
    for i, raw in enumerate(lines, start=1):
        body, _ = _strip_md(raw)
        if section_heading(body):
            current = next(
                (k for k in spec if any(w in body for w in spec[k]["keywords"])), current
            )
        if current in ("plans", "other"):
            skip.add(i)
    return skip


def sentence_at(line: str, start: int, end: int) -> str:
    """The sentence of ``line`` holding ``line[start:end]`` (ended by 。；！？), without a
    leading heading or item number."""
    left = max((line.rfind(c, 0, start) for c in _SENTENCE_END), default=-1) + 1
    rights = [p for c in _SENTENCE_END if (p := line.find(c, end)) >= 0]
    right = min(rights) + 1 if rights else len(line)
    return _MARKER.sub("", line[left:right].strip())


@dataclass(frozen=True)
class Doubt:
    """A figure left unread because its phrase could mean more than one thing."""

    line: int
    column: int
    match: str  # the phrase and figure as written
    sentence: str
    note: str  # why, in Chinese
    quoted_years: frozenset[int] = frozenset()


_FIG = re.compile(rf"(?P<fig>约?\d+(?:\.\d+)?(?:余|多)?)(?P<unit>[{CJK}%]{{0,3}})")
_CLAUSE_BREAK = "，。；：,;:"
_GAP_BREAK = re.compile(r"[0-9，。；（(、,;:]")


@dataclass(frozen=True)
class _Name:
    start: int
    end: int
    name: str
    key: str  # "" for an unsure phrase


def _occurrences(line: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    out = []
    for n in names:
        at = line.find(n)
        while at >= 0:
            out.append((at, at + len(n), n))
            at = line.find(n, at + 1)
    return out


def measure_units(unit: str, key: str) -> set[str]:
    """The measure words that stand for ``unit`` when written for ``key`` (``stated.yml``)."""
    out = {unit}
    for m in stated_readings()["measures"]:
        if m["unit"] == unit and ("keys" not in m or key in m["keys"]):
            out.update(m["also"])
    return out


def stated_figures(
    lines: list[str], names: dict[str, str], *, keys: Iterable[str] | None = None
) -> list[StatedFigure]:
    """Every figure the lines state for an indicator: ``names`` maps each name and alias to its
    catalogue key; ``keys`` limits the indicators returned. See :func:`read_figures`."""
    return read_figures(lines, names, keys=keys)[0]


def read_figures(
    lines: list[str], names: dict[str, str], *, keys: Iterable[str] | None = None
) -> tuple[list[StatedFigure], list[Doubt]]:
    """The figures the lines state, and those left unread as doubtful.

    A figure belongs to the name right before it in its clause (at most 4 characters between,
    no digit or break): of the names ending nearest the figure the longest, and only when it
    holds every other name overlapping it (two indicators overlapping is a doubt). Besides:
    a clause naming only a verb inherits the subject of the clause before (「…，办结7件」), a
    count before its name after 全乡 … (「全乡18个行政村均配备法律顾问」), measure synonyms
    (名 for 人), per-something figures (每、人均) left out; all from ``stated.yml``."""
    from fzdata.core.parse import parse_number

    cfg = stated_readings()
    wanted = set(keys) if keys is not None else None
    unsure = {u["phrase"]: u["note"] for u in cfg.get("unsure", []) if u["phrase"] not in names}
    all_names = {**dict.fromkeys(unsure, ""), **names}
    doubt_before = {d["key"]: d["words"] for d in cfg.get("doubt_before", [])}
    per_words = cfg.get("per_words", [])
    part_gaps = cfg.get("part_gaps", [])
    compare_gaps = cfg.get("compare_gaps", [])
    follow = cfg["follow_on"]
    whole_re = re.compile("(?:" + "|".join(map(re.escape, cfg["whole_before"])) + ")(?:共有|共)?$")
    all_words = cfg["all_of"]["words"]
    all_pairs = {p["whole"]: p["part"] for p in cfg["all_of"]["pairs"]}
    figs: list[StatedFigure] = []
    doubts: list[Doubt] = []
    plans = plan_lines(lines)
    for i, line in enumerate(lines, start=1):
        if i in plans:
            continue  # next year's arrangements state targets, not this year's figures
        quoted = frozenset(int(y) for y in _QUOTED_YEAR.findall(line))
        occ = [_Name(a, b, n, all_names[n]) for a, b, n in _occurrences(line, all_names)]
        prev_key, prev_end = "", 0  # the indicator the clause before stated (same sentence)
        for m in _FIG.finditer(line):
            cstart = max((line.rfind(c, 0, m.start()) for c in _CLAUSE_BREAK), default=-1) + 1
            if cstart > 0 and line[cstart - 1] in "。；;":
                prev_key = ""  # a new sentence (or a ；-clause) has its own subject
            clause_before = line[cstart : m.start()]
            clause = clause_before + m.group(0)
            if _TARGET_WORDS.search(clause):
                prev_key = ""
                continue
            name, doubt = _name_before(line, m.start(), occ, cstart)
            if doubt:
                doubts.append(_doubt(line, i, m, doubt))
                prev_key = ""
                continue
            reading = ""
            if name is not None and not name.key:
                doubts.append(_doubt(line, i, m, unsure[name.name], name.start))
                prev_key = ""
                continue
            if name is not None:
                before_name = line[cstart : name.start]
                words = [w for w in doubt_before.get(name.key, []) if w in before_name]
                if words:
                    doubts.append(_doubt(line, i, m, f"「{name.name}」前有「{words[0]}」，数字可能指全部{words[0]}的数量，未计入", name.start))  # fmt: skip
                    prev_key = ""
                    continue
                if any(w in line[name.end : m.start()] for w in part_gaps):
                    doubts.append(_doubt(line, i, m, f"「{line[name.start : m.end('fig')]}」只是{name.name}中的一部分，未计入", name.start))  # fmt: skip
                    prev_key = ""
                    continue
                if any(w in line[name.end : m.start()] for w in compare_gaps):
                    prev_key = ""
                    continue  # 「仍不足5名」: a comparison, no figure
                if any(w in before_name for w in per_words):
                    prev_key = ""
                    continue  # 「每个行政村培育法律明白人5名」: per village, no total
                found = [(name.key, name.name, name.start)]
            else:
                found = [
                    (k, n, cstart + at)
                    for k, n, at in _follow_on(clause_before, prev_key, follow)
                    # only the clause right before: 「…7件，开展宣传，办结7件」 is not read
                    if not any(c in line[prev_end : cstart - 1] for c in _CLAUSE_BREAK)
                ]
                if not found:
                    found = _count_before(line, m, occ, whole_re, all_words, all_pairs)
                    reading = "before" if found else ""
                if not found:
                    prev_key = ""
                    continue
            measure, bound = m["unit"], ""
            if reading == "before":
                measure = line[m.end("fig") : found[0][2]]
            else:
                # 「95%以上」, 「300人次以下」: the measure group may have taken (part of) the
                # bound, which is no part of the measure.
                tail = measure + line[m.end() :]
                hits = [
                    (tail.find(b), b) for b in ("以上", "以下") if 0 <= tail.find(b) <= len(measure)
                ]
                if hits:
                    at, bound = min(hits)
                    measure = tail[:at]
            stated = parse_number(m["fig"])
            if stated.value is None:
                continue
            qualifier = stated.qualifier or ("以上" if bound == "以上" else "")
            prev_key, prev_end = found[0][0], m.end()
            for key, written_name, name_start in found:
                if wanted is not None and key not in wanted:
                    continue
                start = min(name_start, m.start())
                figs.append(
                    StatedFigure(
                        key=key,
                        name=written_name,
                        written=m["fig"],
                        value=stated.value,
                        qualifier=qualifier,
                        measure=measure,
                        line=i,
                        column=m.start("fig") + 1,
                        match=line[start : max(m.end(), name_start + len(written_name))],
                        sentence=sentence_at(line, start, m.end()),
                        quoted_years=quoted,
                        bound=bound,
                    )
                )
    return figs, doubts


def _name_before(line: str, at: int, occ: list[_Name], cstart: int) -> tuple[_Name | None, str]:
    """The name a figure at ``at`` belongs to, or a doubt (why) when two indicators compete."""
    near = [
        n
        for n in occ
        if n.end <= at and n.start >= cstart and at - n.end <= 4
        and not _GAP_BREAK.search(line[n.end : at])
    ]  # fmt: skip
    if not near:
        return None, ""
    end = max(n.end for n in near)
    best = max((n for n in near if n.end == end), key=lambda n: (n.end - n.start, -n.start))
    rivals = {
        n.key
        for n in occ
        if n.start < best.end and best.start < n.end  # overlapping the chosen name
        and not (best.start <= n.start and n.end <= best.end)  # not held by it
        and n.key != best.key
    }  # fmt: skip
    if rivals:
        return None, f"「{best.name}」一处可能指两个指标，未计入"
    return best, ""


def _follow_on(
    clause_before: str, prev_key: str, follow: dict[str, Any]
) -> list[tuple[str, str, int]]:
    """「…，办结7件」: the verb of a clause naming nothing, read with the subject before."""
    if not prev_key:
        return []
    verb = clause_before.strip()
    fillers = sorted(follow["fillers"], key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for f in fillers:
            if verb.startswith(f) and verb != f:
                verb, changed = verb[len(f) :], True
    for g in follow["groups"]:
        if prev_key in g["after"] and verb in g["verbs"]:
            return [(g["verbs"][verb], verb, len(clause_before) - len(verb))]
    return []


def _count_before(
    line: str,
    m: re.Match[str],
    occ: list[_Name],
    whole_re: re.Pattern[str],
    all_words: list[str],
    all_pairs: dict[str, str],
) -> list[tuple[str, str, int]]:
    """「全乡18个行政村（均配备法律顾问）」: a count after 全乡 …, its measure, then its name."""
    cstart = max((line.rfind(c, 0, m.start()) for c in _CLAUSE_BREAK), default=-1) + 1
    if not whole_re.search(line[cstart : m.start()]) or m.group(0).startswith("约"):
        return []
    after = m.end("fig")
    for measure_len in (1, 2):
        at = after + measure_len
        here = [n for n in occ if n.start == at and n.key]
        if not here:
            continue
        first = max(here, key=lambda n: n.end - n.start)
        rest = line[first.end :]
        end = min([p for c in _CLAUSE_BREAK if (p := rest.find(c)) >= 0] or [len(rest)])
        out = [(first.key, first.name, first.start)]
        if not rest[:end]:
            return out  # 「全乡共有18个行政村。」
        part = all_pairs.get(first.key)
        word = next((w for w in all_words if rest.startswith(w)), None)
        tail = [n for n in occ if part and word and n.start == first.end + len(word)]
        tail = [n for n in tail if n.key == part and n.end == first.end + end]
        if tail:
            n = max(tail, key=lambda n: len(n.name))
            return [*out, (part, n.name, n.start)]
        # 「共有3个行政村配备法律顾问」, 「18个行政村中12个…」: the count is of what follows.
        return []
    return []


def _doubt(line: str, i: int, m: re.Match[str], note: str, start: int | None = None) -> Doubt:
    start = m.start() if start is None else start
    quoted = frozenset(int(y) for y in _QUOTED_YEAR.findall(line))
    return Doubt(
        i, m.start("fig") + 1, line[start : m.end()], sentence_at(line, start, m.end()), note,
        quoted,
    )  # fmt: skip


def catalogue_names(catalogue: object) -> dict[str, str]:
    """Name and aliases → key of a :class:`~fzdata.unit.catalogue.Catalogue` (first one wins)."""
    names: dict[str, str] = {}
    for e in catalogue.entries.values():  # type: ignore[attr-defined]
        for n in (e.name, *e.aliases):
            names.setdefault(n, e.key)
    return names
