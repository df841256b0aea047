"""The data folder layout: data/<单位>/<年份>/, without importing pandas (fast CLI paths)."""

from __future__ import annotations

from pathlib import Path

from fzdata.core.config import LEDGER_SUFFIXES, NON_LEDGER_FILES
from fzdata.core.errors import DataDirError


def list_units(data_dir: Path | str) -> list[str]:
    """Unit folders under ``data_dir`` (those holding at least one year folder)."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataDirError(f"数据目录「{data_dir}」不存在", str(data_dir))
    return sorted(p.name for p in data_dir.iterdir() if p.is_dir() and _years_in(p))


def list_years(data_dir: Path | str, unit: str) -> list[int]:
    """Year folders (four digits) of a unit."""
    unit_dir = _unit_dir(Path(data_dir), unit)
    return _years_in(unit_dir)


def _years_in(unit_dir: Path) -> list[int]:
    return sorted(
        int(p.name)
        for p in unit_dir.iterdir()
        if p.is_dir() and p.name.isdigit() and len(p.name) == 4
    )


def _unit_dir(data_dir: Path, unit: str) -> Path:
    unit_dir = data_dir / unit
    if not unit_dir.is_dir():
        raise DataDirError(
            f"单位「{unit}」在「{data_dir}」中不存在", str(unit_dir), list_units(data_dir)
        )
    return unit_dir


def _year_dir(data_dir: Path, unit: str, year: int) -> Path:
    unit_dir = _unit_dir(data_dir, unit)
    year_dir = unit_dir / str(year)
    if not year_dir.is_dir():
        raise DataDirError(
            f"「{unit}」没有{year}年的数据目录（{year_dir}）",
            str(year_dir),
            [str(y) for y in _years_in(unit_dir)],
        )
    return year_dir


def ledger_files(year_dir: Path) -> tuple[list[Path], list[Path]]:
    """(ledgers, ignored files) in a year folder, sorted, subfolders included."""
    ledgers, ignored = [], []
    for p in sorted(year_dir.rglob("*")):
        if not p.is_file() or p.name in NON_LEDGER_FILES:
            continue
        # ~$x.xlsx is Excel's lock file; .x is a hidden file.
        if p.name.startswith(("~$", ".")):
            ignored.append(p)
        elif p.suffix.lower() in LEDGER_SUFFIXES:
            ledgers.append(p)
        else:
            ignored.append(p)
    return ledgers, ignored
