"""What every lint rule shares: the finding, the context it reads, and the registry.

A rule is one module under :mod:`fzdata.lint.rules`, registered with :func:`register`; the
engine runs every registered rule in order. Rules that compare a draft with the ledgers
(``needs_data``) run only when an analysis is given.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from fzdata.core.resources import _yaml

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


@dataclass
class LintContext:
    """The draft as lines, and what some rules need beside it."""

    lines: list[str]
    #: the unit-year's :class:`~fzdata.analysis.model.YearAnalysis`, for data-mismatch
    analysis: Any = None
    #: the unit's section order (ids), for structure
    order: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LintRule:
    name: str
    check: Callable[[LintContext], list[LintFinding]]
    needs_data: bool
    description: str


#: Every lint rule, by name, in the order they run.
RULES: dict[str, LintRule] = {}


def register(name: str, *, needs_data: bool = False) -> Callable[[Callable], Callable]:
    """Register a rule: a function of a :class:`LintContext` returning findings."""

    def deco(fn: Callable[[LintContext], list[LintFinding]]) -> Callable:
        doc = (fn.__doc__ or "").strip().splitlines()
        RULES[name] = LintRule(name, fn, needs_data, doc[0] if doc else "")
        return fn

    return deco


@functools.cache
def _words() -> dict[str, Any]:
    return _yaml("lint_words.yml")


def _strip_md(line: str) -> tuple[str, int]:
    """The line without Markdown heading marks and leading space, and how much was cut."""
    m = re.match(r"^[ \t\u3000]*(?:#{1,6}[ \t]+)?[ \t\u3000]*", line)
    return line[m.end() :], m.end()
