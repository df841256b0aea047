"""Nothing lost: every non-empty row read ends in exactly one place."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURE_UNIT, FIXTURE_YEAR, SAMPLE_DATA, load_cases
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils.cell import coordinate_to_tuple

import fzdata
from fzdata.core.findings import Collector, cell_name, split_ref
from fzdata.core.parse import (
    CellError,
    norm_village,
    parse_bool,
    parse_date,
    parse_demo_level,
    parse_number,
    raw_text,
)
from fzdata.core.schema import TABLES
from fzdata.ingest.clean import clean_grid, row_blank
from fzdata.ingest.load import ledger_files
from fzdata.ingest.sources import Grid, SourceError, read_grids
from fzdata.unit.catalogue import load_catalogue

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


# Codes that say why a value is not what its own cell shows.
REASONS = {
    "merged_value",
    "merged_number",
    "ditto",
    "ditto_without_value",
    "number_note",
    "monthly_sum",
    "total_mismatch",
    "training_sessions",
}


def _own_value(ftype: str, fname: str, cell: object, year: int) -> object:
    if ftype in ("count", "number"):
        return parse_number(cell).value
    if ftype == "date":
        return parse_date(cell, year).value
    if ftype == "bool":
        return parse_bool(cell).value
    if ftype == "level":
        return parse_demo_level(cell)[0]
    if ftype == "outcome":
        return raw_text(cell).strip()
    if fname == "village":
        return norm_village(raw_text(cell).strip())
    return None  # names, titles, units …: not figures


def _covers(ref: str, r: int, c: int) -> bool:
    """Whether a finding's cell (``C5`` or a range ``C3:C6``) covers 0-based (r, c)."""
    if ":" not in ref:
        return ref == cell_name(r, c)
    a, b = ref.split(":")
    (r0, c0), (r1, c1) = (coordinate_to_tuple(a), coordinate_to_tuple(b))
    return r0 - 1 <= r <= r1 - 1 and c0 - 1 <= c <= c1 - 1


def _assert_reasons(out: Collector, grids: dict[tuple[str, str], Grid], year: int) -> None:
    """Every figure that is not what its own cell shows has a reason finding at that cell."""
    reasons = [(f["file"], f["sheet"], f["cell"]) for f in out.findings if f["code"] in REASONS]

    def named(file: str, sheet: str, r: int, c: int) -> bool:
        return any(fi == file and sh == sheet and _covers(ref, r, c) for fi, sh, ref in reasons)

    for kind, records in out.records.items():
        if kind not in TABLES:
            continue
        types = {f.name: f.type for f in TABLES[kind].fields}
        for rec in records:
            file, sheet, ref = split_ref(rec["source"])
            grid, r = grids[(file, sheet)], rec["_row"]
            row = grid.rows[r]
            for fname, col in rec["_cols"].items():
                own = _own_value(types[fname], fname, row[col] if col < len(row) else None, year)
                got = rec[fname]
                if own is None and types[fname] not in ("count", "number", "date", "bool"):
                    continue
                if isinstance(own, str) and own == "" and types[fname] == "level":
                    own = ""
                same = (own is None and got is None) or own == got
                if types[fname] in ("count", "number"):
                    note = parse_number(row[col] if col < len(row) else None).note
                    if note:
                        assert named(file, sheet, r, col), f"{file}!{sheet}!{cell_name(r, col)}"
                if not same:
                    assert named(file, sheet, r, col), (
                        f"{file}!{sheet}!{cell_name(r, col)}: {got!r} but the cell shows {own!r}"
                    )
            if kind == "indicators" and "value" not in rec["_cols"]:
                c = coordinate_to_tuple(ref)[1] - 1
                own = parse_number(row[c] if c < len(row) else None).value
                if own != rec["value"]:
                    assert named(file, sheet, r, c), f"{rec['source']}: {rec['value']} vs {own}"


@pytest.mark.parametrize(
    ("data", "unit", "year"), CASES[:-4], ids=[c[0].parent.name for c in CASES[:-4]]
)
def test_every_changed_figure_names_its_reason(data: Path, unit: str, year: int) -> None:
    """A figure that differs from the text of its own cell (merged, ditto, note stripped, months
    summed) has a finding at that cell saying why; nothing changes silently."""
    year_dir = data / unit / str(year)
    out = Collector()
    grids = {}
    ledgers, _ = ledger_files(year_dir)
    for path in ledgers:
        try:
            for g in read_grids(path, path.relative_to(year_dir).as_posix()):
                grids[(g.file, g.sheet)] = g
                clean_grid(g, year, load_catalogue(None), out)
        except SourceError:
            continue
    _assert_reasons(out, grids, year)


# ------------------------------------------------- property: random messy grids, nothing lost

_HEADERS = [
    ["序号", "行政村", "法律明白人", "法律顾问", "示范村等级"],
    ["编号", "受理日期", "所在村", "纠纷类型", "调处结果"],
    ["姓名", "岗位", "培训日期", "学时"],
    ["指标", "2022年", "2023年"],
    ["工作内容", "1月", "2月", "3月", "全年合计"],
]
_CELLS = st.sampled_from(
    [None, "", "同上", "〃", '"', "合计", "小计", "一季度小计", "人均", "平均学时", "全年合计",
     "东河村", "西河村", "是", "否", "省级", "调解成功", "移交派出所", "已办结（息诉罢访）",
     "12（含2起移交）", "约300", "—", "45000", "23.7.3", "5月6日", "很多", 0, 1, 5, 12.5,
     "填表人：张某", "序号", "王某", "12（13）", "本月合计", "东片区小计", "已办结，未回访", "仝上",
     dt.date(2023, 5, 1), CellError("#REF!"), "80余", "3人（其中1人新任）", "行政村", "学时"]
)  # fmt: skip


@st.composite
def _grids(draw: st.DrawFn) -> Grid:
    header = draw(st.sampled_from(_HEADERS))
    width = len(header)
    n = draw(st.integers(min_value=0, max_value=12))
    rows = [list(header)] + [[draw(_CELLS) for _ in range(width)] for _ in range(n)]
    merged = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        r0 = draw(st.integers(min_value=0, max_value=n))
        r1 = draw(st.integers(min_value=r0, max_value=n))
        c0 = draw(st.integers(min_value=0, max_value=width - 1))
        c1 = draw(st.integers(min_value=c0, max_value=width - 1))
        merged.append(((r0, c0), (r1, c1)))
    hidden_rows = set(draw(st.lists(st.integers(min_value=0, max_value=n), max_size=3)))
    hidden_cols = set(draw(st.lists(st.integers(min_value=0, max_value=width - 1), max_size=2)))
    return Grid("台账.xlsx", "表", rows, merged, "", hidden_rows, hidden_cols)


@settings(max_examples=300, deadline=None)
@given(_grids())
def test_random_messy_grids_lose_nothing(grid: Grid) -> None:
    out = Collector()
    clean_grid(grid, 2023, load_catalogue(None), out)
    placed: Counter = Counter()
    for kind, records in out.records.items():
        if kind in TABLES:
            for rec in records:
                placed[rec["_row"] + 1] += 1
    for rej in out.rejects:
        placed[rej["row"]] += 1
    for nd in out.nondata:
        placed[nd["row"]] += 1
    universe = Counter(r + 1 for r, row in enumerate(grid.rows) if not row_blank(row))
    assert placed == universe
    _assert_reasons(out, {(grid.file, grid.sheet): grid}, 2023)
