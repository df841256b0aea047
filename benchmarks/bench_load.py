"""Load-and-clean benchmark: fzdata against the naive way, side by side in one run.

Cases: the sample unit-year 李庄乡 2023, and a generated dispute ledger of 100,000 rows (.xlsx).
A second table times the analysis (target: under 0.2 s on a loaded sample unit-year).
Columns: fzdata's first call in the process (it also loads resources and cn2an); fzdata's full
``load_year`` (read, recognise, clean, validate); a calamine read alone; the naive way,
``pandas.read_excel(engine="openpyxl")`` plus ``read_csv``, which only reads and cleans nothing. Times are the best of N runs. Targets (2 cores): sample < 0.3 s, 100k < 3 s.

Run: ``make bench`` or ``python benchmarks/bench_load.py [--rows 100000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
from python_calamine import CalamineWorkbook

import fzdata
from fzdata.ingest.load import ledger_files

REPO = Path(__file__).resolve().parents[1]
VILLAGES = [f"{name}村" for name in "东西南北中前后上下左右新老大小高低长短" * 3][:60]
STATUSES = ["调解成功", "已调处", "调处中", "调解不成", "已化解"]


def make_big_ledger(path: Path, rows: int) -> None:
    """A dispute ledger as a township keeps it: a title row, mixed date spellings, 合计 row."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("纠纷台账")
    ws.append(["大县镇矛盾纠纷排查调处台账"])
    ws.append(["编号", "受理日期", "所在村", "纠纷类型", "调处结果"])
    start = dt.date(2023, 1, 1)
    for i in range(rows):
        d = start + dt.timedelta(days=i % 365)
        date = d if i % 3 else f"{d.year}.{d.month}.{d.day}"
        village = VILLAGES[i % len(VILLAGES)] + ("委会" if i % 7 == 0 else "")
        ws.append([f"J{i:06d}", date, village, "邻里纠纷", STATUSES[i % len(STATUSES)]])
    ws.append(["合计", f"{rows}起"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def best_of(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def calamine_read(year_dir: Path) -> None:
    for path in ledger_files(year_dir)[0]:
        if path.suffix.lower() == ".csv":
            path.read_bytes()
            continue
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python(skip_empty_area=False)


def naive_read(year_dir: Path) -> None:
    for path in ledger_files(year_dir)[0]:
        suffix = path.suffix.lower()
        if suffix == ".csv":
            try:
                pd.read_csv(path, header=None, encoding="utf-8-sig")
            except UnicodeDecodeError:
                pd.read_csv(path, header=None, encoding="gb18030")
        elif suffix in (".xlsx", ".xlsm"):
            pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
        else:  # .xls/.ods have no openpyxl reader; the naive way falls back to calamine
            pd.read_excel(path, sheet_name=None, header=None, engine="calamine")


def _cold(fn, *args):  # type: ignore[no-untyped-def]
    """``fn(*args)`` in a cold process state: the session cache would time a cache hit."""
    from fzdata.analysis import analyse

    analyse._SESSIONS.clear()
    return fn(*args)


def bench_analysis(repeat: int) -> None:
    """analyse() on loaded years, against analyse_year(), which loads three years first."""
    from fzdata.analysis.analyse import analyse, analyse_year

    years = fzdata.load_unit(REPO / "data", "李庄乡")
    print(
        "| 分析 analysis | analyse()（已加载 loaded, s） | analyse_year()（冷启动，含读取窗口内各年 cold, with loading, s） | 比值 ratio |"
    )
    print("|---|---:|---:|---:|")
    for year in (2023, 2024):
        cur, prev, before = years[year], years[year - 1], years[year - 2]
        warm = best_of(lambda c=cur, p=prev, b=before: analyse(c, p, b), max(repeat, 10))
        full = best_of(
            lambda y=year: _cold(analyse_year, REPO / "data", "李庄乡", y), max(repeat, 5)
        )
        print(f"| 李庄乡 {year} | {warm:.3f} | {full:.3f} | {full / warm:.1f}× |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "data"
        make_big_ledger(big / "大县镇" / "2023" / "纠纷台账.xlsx", args.rows)
        cases = [
            ("样例 李庄乡 2023（6 个文件）", REPO / "data", "李庄乡", 2023, max(args.repeat, 10)),
            (f"生成台账 {args.rows:,} 行 .xlsx", big, "大县镇", 2023, args.repeat),
        ]
        header = (
            "| 场景 case | 行数 rows | fzdata 首次 first call (s) | fzdata load_year (s) "
            "| calamine 只读 read only (s) "
            "| 朴素 naive: openpyxl 只读 (s) | 朴素/fzdata naive÷fz |"
        )
        print(header)
        print("|---|---:|---:|---:|---:|---:|---:|")
        for label, data, unit, year, repeat in cases:
            year_dir = data / unit / str(year)
            t = time.perf_counter()
            yd = fzdata.load_year(data, unit, year)
            first = time.perf_counter() - t  # the first call also loads resources and cn2an
            fz = best_of(lambda d=data, u=unit, y=year: fzdata.load_year(d, u, y), repeat)
            cal = best_of(lambda d=year_dir: calamine_read(d), repeat)
            naive = best_of(lambda d=year_dir: naive_read(d), repeat)
            print(
                f"| {label} | {yd.rows_read:,} | {first:.3f} | {fz:.3f} | {cal:.3f} | {naive:.3f} | {naive / fz:.1f}× |"
            )
    print()
    bench_analysis(args.repeat)
    print()
    print(
        f"机器 machine: {platform.processor() or platform.machine()}, {os.cpu_count()} 核 cores, "
        f"Python {platform.python_version()}, pandas {pd.__version__}, "
        f"openpyxl {openpyxl.__version__}; best of N runs"
    )


if __name__ == "__main__":
    main()
