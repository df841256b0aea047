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
        """Whether the measure written is one of ``units`` (「行政村培育5名」 is no 行政村 count)."""
        return any(u and self.measure.startswith(u) for u in units)


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


def stated_figures(
    lines: list[str], names: dict[str, str], *, keys: Iterable[str] | None = None
) -> list[StatedFigure]:
    """Every figure the lines state for an indicator: ``names`` maps each name and alias to its
    catalogue key (longest name wins); ``keys`` limits the indicators looked for."""
    from fzdata.core.parse import parse_number

    wanted = set(keys) if keys is not None else None
    alt = "|".join(
        re.escape(n)
        for n in sorted(names, key=len, reverse=True)
        if wanted is None or names[n] in wanted
    )
    if not alt:
        return []
    pattern = re.compile(
        rf"(?P<name>{alt})[^0-9，。；（(、]{{0,4}}?(?P<fig>约?\d+(?:\.\d+)?(?:余|多)?)(?P<unit>[{CJK}%]{{0,3}})"
    )
    out = []
    plans = plan_lines(lines)
    for i, line in enumerate(lines, start=1):
        if i in plans:
            continue  # next year's arrangements state targets, not this year's figures
        quoted = frozenset(int(y) for y in _QUOTED_YEAR.findall(line))
        for m in pattern.finditer(line):
            clause = re.split(r"[，。；：]", line[: m.start()])[-1] + m.group(0)
            if _TARGET_WORDS.search(clause):
                continue
            # 「95%以上」, 「300人次以下」: the measure group may have taken (part of) the bound,
            # which is no part of the measure.
            measure, bound = m["unit"], ""
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
            out.append(
                StatedFigure(
                    key=names[m["name"]],
                    name=m["name"],
                    written=m["fig"],
                    value=stated.value,
                    qualifier=qualifier,
                    measure=measure,
                    line=i,
                    column=m.start("fig") + 1,
                    match=m.group(0),
                    sentence=sentence_at(line, m.start(), m.end()),
                    quoted_years=quoted,
                    bound=bound,
                )
            )
    return out


def catalogue_names(catalogue: object) -> dict[str, str]:
    """Name and aliases → key of a :class:`~fzdata.unit.catalogue.Catalogue` (first one wins)."""
    names: dict[str, str] = {}
    for e in catalogue.entries.values():  # type: ignore[attr-defined]
        for n in (e.name, *e.aliases):
            names.setdefault(n, e.key)
    return names
