"""Nothing lost: every non-empty row read ends in exactly one place."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURE_UNIT, FIXTURE_YEAR, SAMPLE_DATA, load_cases

import fzdata
from fzdata.core.findings import split_ref
from fzdata.ingest.clean import row_blank
from fzdata.ingest.load import ledger_files
from fzdata.ingest.sources import SourceError, read_grids

CASES = (
    [(c / "data", FIXTURE_UNIT, FIXTURE_YEAR) for c in load_cases()]
    + [(SAMPLE_DATA, "李庄乡", y) for y in (2021, 2022, 2023, 2024)]
    + [(SAMPLE_DATA, "某县市场监督管理局", y) for y in (2022, 2023, 2024)]
)


def _universe(year_dir: Path) -> Counter:
    """Non-empty rows, read independently of the cleaning code."""
    rows: Counter = Counter()
    ledgers, _ = ledger_files(year_dir)
    for path in ledgers:
        name = path.relative_to(year_dir).as_posix()
        try:
            grids = read_grids(path, name)
        except SourceError:
            continue
        for g in grids:
            for r, row in enumerate(g.rows):
                if not row_blank(row):
                    rows[(g.file, g.sheet, r + 1)] += 1
    return rows


def _row_of(cell: str) -> int:
    return int("".join(ch for ch in cell if ch.isdigit()))


@pytest.mark.parametrize(
    ("data", "unit", "year"), CASES, ids=[f"{c[0].parent.name}-{c[2]}" for c in CASES]
)
def test_every_row_ends_in_one_place(data: Path, unit: str, year: int) -> None:
    yd = fzdata.load_year(data, unit, year)
    placed: Counter = Counter()
    for df in yd.tables.values():
        for ref in df["source"]:
            file, sheet, cell = split_ref(ref)
            placed[(file, sheet, _row_of(cell))] += 1
    for df in (yd.rejects, yd.nondata):
        for file, sheet, row in zip(df["file"], df["sheet"], df["row"], strict=True):
            placed[(file, sheet, int(row))] += 1
    universe = _universe(yd.path)
    assert sum(universe.values()) == yd.rows_read
    twice = {k: n for k, n in placed.items() if n > 1}
    assert not twice, f"rows placed more than once: {twice}"
    assert placed == universe, {
        "lost": sorted(set(universe) - set(placed)),
        "invented": sorted(set(placed) - set(universe)),
    }
