"""Counts of the expensive steps in this process (ledger loads, analyses), so a test can show
that a build reads each year once and analyses each unit-year once."""

from __future__ import annotations

from collections import Counter
from typing import Any

#: (step, unit, year) -> how many times it ran in this process
COUNTS: Counter[tuple[Any, ...]] = Counter()


def count(step: str, *key: Any) -> None:
    COUNTS[(step, *key)] += 1
