"""The years window: which years a unit-year's outputs depend on, defined once.

The analysis compares a year with the one before (and computes last year's shortcomings from
the one before that, for the follow-up); the trend chart shows up to ``TREND_YEARS`` years.
The fingerprint, the manifest, the analysis and the charts all take their years from here, so
editing any ledger a report shows rebuilds that report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: Years shown in the trend chart, this year included.
TREND_YEARS = 5


@dataclass(frozen=True)
class Window:
    year: int
    previous: int | None  # compared with this year
    before: int | None  # last year's comparison, for the follow-up
    shown: tuple[int, ...]  # years in the trend chart, oldest first

    @property
    def years(self) -> tuple[int, ...]:
        """Every year whose files can change this unit-year's outputs, oldest first."""
        used = set(self.shown) | {self.year}
        used |= {y for y in (self.previous, self.before) if y is not None}
        return tuple(sorted(used))


def window(year: int, available: Iterable[int]) -> Window:
    """The window of ``year`` among the unit's ``available`` year folders."""
    have = set(available)
    previous = year - 1 if year - 1 in have else None
    before = year - 2 if previous is not None and year - 2 in have else None
    shown = tuple(sorted(y for y in have if year - TREND_YEARS < y <= year) or [year])
    return Window(year, previous, before, shown)
