"""Figures with qualifiers, as intervals, and their wording in Chinese.

A ledger figure is a value with a qualifier: ``1000多`` means at least 1000, ``约600`` about 600.
Arithmetic on figures works on the interval each stands for, so a sum or a comparison never
claims more precision than its parts. Missing stays missing (``value is None``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

#: The qualifier of a rate that has no denominator (no cases, no documents): no rate at all,
#: written 「无」 — never 0% or 100%.
NO_RATE = "无"
#: Money units and the decimals that keep them exact to the 元.
MONEY_UNITS = {"万元": 4, "元": 2}
#: 约 and 左右 are read as ±10%; 余, 多 and 以上 as "at least".
APPROX_BAND = 0.10
LOWER_BOUND = frozenset({"余", "多", "以上"})
ABOUT = frozenset({"约", "左右"})


@dataclass(frozen=True)
class Figure:
    """A value (None when missing) with its qualifier, unit, source and interval."""

    value: float | None
    qualifier: str = ""
    unit: str = ""
    source: str = ""
    lo: float | None = None
    hi: float | None = None

    def __post_init__(self) -> None:
        if self.value is not None and self.lo is None:
            lo, hi = interval(self.value, self.qualifier)
            object.__setattr__(self, "lo", lo)
            object.__setattr__(self, "hi", hi)

    @property
    def missing(self) -> bool:
        return self.value is None

    @property
    def approximate(self) -> bool:
        return bool(self.qualifier)

    def text(self) -> str:
        """``1000多份``, ``约600人次``, ``300平方米``; ``—`` when missing."""
        return fmt(self.value, self.qualifier, self.unit)


def interval(value: float, qualifier: str) -> tuple[float, float]:
    if qualifier in LOWER_BOUND:
        return value, math.inf
    if qualifier in ABOUT:
        return value * (1 - APPROX_BAND), value * (1 + APPROX_BAND)
    return value, value


def overlaps(a: Figure, b: Figure) -> bool:
    """Whether two figures can stand for the same number."""
    if a.missing or b.missing:
        return True
    assert a.lo is not None and a.hi is not None and b.lo is not None and b.hi is not None
    return a.lo <= b.hi + 1e-9 and b.lo <= a.hi + 1e-9


def _qualifier_of(parts: Iterable[Figure]) -> str:
    quals = {p.qualifier for p in parts}
    if quals & ABOUT:
        return "约"
    if quals & LOWER_BOUND:
        return "以上"
    return ""


def qualifier_for(value: float, lo: float, hi: float) -> str:
    """The qualifier that states an interval around ``value`` truthfully: none when exact,
    以上 when ``value`` is the lower bound, 约 otherwise."""
    if lo == value == hi:
        return ""
    if lo == value:
        return "以上"
    return "约"


def total(parts: list[Figure], unit: str = "", source: str = "") -> Figure:
    """The sum of figures; missing when any part is missing (a gap is not a zero)."""
    if any(p.missing for p in parts):
        return Figure(None, unit=unit, source=source)
    value = sum(p.value for p in parts)  # type: ignore[misc]
    lo = sum(p.lo for p in parts)  # type: ignore[misc]
    hi = sum(p.hi for p in parts)  # type: ignore[misc]
    return Figure(value, _qualifier_of(parts), unit, source, lo, hi)


def mean(parts: list[Figure], unit: str = "", source: str = "") -> Figure:
    """The mean; missing when there are no parts or any part is missing."""
    if not parts:
        return Figure(None, unit=unit, source=source)
    s = total(parts, unit, source)
    if s.missing:
        return s
    n = len(parts)
    return Figure(s.value / n, s.qualifier, unit, source, s.lo / n, s.hi / n)  # type: ignore[operator]


def rate(part: Figure, whole: Figure, source: str = "") -> Figure:
    """``part / whole`` in percent, a part of its whole (so at most 100% where the figures
    allow it); missing when either is missing or the whole is zero.

    The interval is every ratio the two intervals allow, clipped to [0, 100] as far as the
    value itself stays inside; the qualifier says which side is open (91.7%以上, 约80%).
    """
    if part.missing or whole.missing or not whole.value:
        return Figure(None, unit="%", source=source)
    value = part.value / whole.value * 100  # type: ignore[operator]
    if not part.approximate and not whole.approximate:
        return Figure(value, "", "%", source)
    assert part.lo is not None and part.hi is not None and whole.lo is not None
    assert whole.hi is not None
    lo = part.lo / whole.hi * 100 if whole.hi != math.inf else 0.0
    hi = part.hi / whole.lo * 100 if whole.lo > 0 else math.inf
    lo, hi = min(lo, value), max(hi, value)
    if value <= 100.0:
        hi = min(hi, 100.0)  # a part never exceeds its whole
    return Figure(value, qualifier_for(value, lo, hi), "%", source, lo, hi)


# ------------------------------------------------------------------------ wording


def num(value: float, digits: int = 1) -> str:
    """A number as a report writes it: ``12``, ``1250.5``, ``91.7``; rounded half up (四舍五入),
    not half to even as Python's formatting does (3.25 → 3.3, not 3.2)."""
    if float(value).is_integer():
        return str(int(value))
    q = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = format(q, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def fmt(value: float | None, qualifier: str = "", unit: str = "", digits: int = 1) -> str:
    """A figure with its qualifier in official usage: 约600人次, 1000多册, 3000余份,
    300平方米左右, 50人以上, 80%."""
    if value is None:
        return NO_RATE if qualifier == NO_RATE else "—"
    if unit in MONEY_UNITS:
        digits = max(digits, MONEY_UNITS[unit])  # 8.25万元 is not 8.3万元
    n = num(value, digits)
    if qualifier == "约":
        return f"约{n}{unit}"
    if qualifier in ("余", "多"):
        if not round_for_approx(n):
            return f"{n}{unit}以上"  # 35多条 is bad usage; the interval is the same
        return f"{n}{qualifier}{unit}"
    if qualifier in ("左右", "以上"):
        return f"{n}{unit}{qualifier}"
    return f"{n}{unit}"


def round_for_approx(n: str) -> bool:
    """Whether 余/多 may follow the number ``n`` as written: a whole number of two digits or
    more ending in 0 (10余, 1000多), not 35多 or 8余 (the lint's approx-number rule)."""
    return "." not in n and len(n) > 1 and n.endswith("0")


def spoken_name(name: str, unit: str) -> str:
    """The name to put right before a figure: 执法人员人均培训学时 + 56学时 reads 执法人员人均培训56学时.

    Only a unit of two or more characters is dropped: in 法律明白人 the 人 belongs to the word.
    """
    if len(unit) >= 2 and name.endswith(unit) and len(name) > len(unit) + 1:
        return name[: -len(unit)]
    return name
