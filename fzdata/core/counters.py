"""Counts of the expensive steps in this process (ledger loads, analyses), so a test can show
that a build reads each year once and analyses each unit-year once."""

from __future__ import annotations

from collections import Counter

COUNTS: Counter[str] = Counter()


def count(name: str) -> None:
    COUNTS[name] += 1
