"""Golden tables for every loader fixture (tests/data/load/<case>/expected/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE_UNIT, FIXTURE_YEAR, load_cases
from golden import check_golden, frame_text

import fzdata


@pytest.mark.parametrize("case", load_cases(), ids=lambda p: p.name)
def test_load_golden(case: Path, update_golden: bool) -> None:
    yd = fzdata.load_year(case / "data", FIXTURE_UNIT, FIXTURE_YEAR)
    expected = case / "expected"
    produced = {f"{k}.csv" for k, df in yd.tables.items() if len(df)}
    for kind, df in yd.tables.items():
        if len(df):
            check_golden(expected / f"{kind}.csv", frame_text(df), update_golden)
    for name in ("findings", "rejects", "nondata"):
        check_golden(expected / f"{name}.csv", frame_text(getattr(yd, name)), update_golden)
    if len(yd.previous):  # last year's figures from a wide indicator table
        produced.add("previous.csv")
        check_golden(expected / "previous.csv", frame_text(yd.previous), update_golden)
    # A table that used to have rows and now has none is a regression too.
    stale = (
        {p.name for p in expected.glob("*.csv")}
        - produced
        - {"findings.csv", "rejects.csv", "nondata.csv"}
    )
    if update_golden:
        for name in stale:
            (expected / name).unlink()
    else:
        assert not stale, f"tables no longer produced: {sorted(stale)}"
