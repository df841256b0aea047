"""The data folder layout: data/<单位>/<年份>/, without importing pandas (fast CLI paths).

A year folder is named by its year: ``2024``, and also as people write it, ``2024年``,
``2024 年度`` or with full-width digits. Any other folder under a unit is named in a warning
(:func:`unit_findings`), so that ledgers put in ``2024备份/`` are not silently missed.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from fzdata.core.config import LEDGER_SUFFIXES, NON_LEDGER_FILES
from fzdata.core.errors import DataDirError
from fzdata.core.resources import message

_YEAR_NAME = re.compile(r"^(\d{4})(?:年度?)?$")
#: Temporary files that Excel, WPS and LibreOffice leave beside an open or saving workbook.
_LOCK_NAME = re.compile(
    r"^(?:~\$(?P<office>.+)|\.~lock\.(?P<libre>.+)#|~wr\w+\.tmp|\.~(?P<wps>.+))$", re.I
)


def year_of_folder(name: str) -> int | None:
    """The year a folder name stands for (``2024``, ``2024年``, ``2024 年度``), else None."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
    m = _YEAR_NAME.match(text)
    return int(m.group(1)) if m else None


def year_dirs(unit_dir: Path) -> dict[int, Path]:
    """Year -> folder of a unit, oldest first; a plain ``2024`` wins over ``2024年``."""
    found: dict[int, Path] = {}
    for p in sorted(unit_dir.iterdir(), key=lambda p: (not p.name.isdigit(), p.name)):
        year = year_of_folder(p.name) if p.is_dir() else None
        if year is not None and year not in found:
            found[year] = p
    return dict(sorted(found.items()))


def unit_findings(data_dir: Path | str, unit: str) -> list[dict[str, str]]:
    """Warnings about a unit's folders themselves: folders that are not years, and two
    folders for one year. Each is a finding record (level, code, file, message)."""
    unit_dir = _unit_dir(Path(data_dir), unit)
    years = year_dirs(unit_dir)
    out = []
    for p in sorted(unit_dir.iterdir()):
        if not p.is_dir() or p.name.startswith("."):
            continue
        year = year_of_folder(p.name)
        if year is None:
            out.append(_record("stray_folder", p.name + "/", message("stray_folder", name=p.name)))
        elif years[year] != p:
            text = message("duplicate_year_folder", name=p.name, other=years[year].name, year=year)
            out.append(_record("duplicate_year_folder", p.name + "/", text))
    return out


def _record(code: str, file: str, text: str, level: str = "warning") -> dict[str, str]:
    return {"level": level, "code": code, "file": file, "sheet": "", "cell": "", "message": text}


def list_units(data_dir: Path | str) -> list[str]:
    """Unit folders under ``data_dir`` (those holding at least one year folder)."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataDirError(f"数据目录「{data_dir}」不存在", str(data_dir))
    return sorted(p.name for p in data_dir.iterdir() if p.is_dir() and _years_in(p))


def list_years(data_dir: Path | str, unit: str) -> list[int]:
    """Year folders of a unit (see :func:`year_of_folder`)."""
    unit_dir = _unit_dir(Path(data_dir), unit)
    return _years_in(unit_dir)


def _years_in(unit_dir: Path) -> list[int]:
    return list(year_dirs(unit_dir))


def _unit_dir(data_dir: Path, unit: str) -> Path:
    unit_dir = data_dir / unit
    if not unit_dir.is_dir():
        raise DataDirError(
            f"单位「{unit}」在「{data_dir}」中不存在", str(unit_dir), list_units(data_dir)
        )
    return unit_dir


def year_folder(unit_dir: Path, year: int) -> Path:
    """The folder of ``year`` under a unit (``2024`` or ``2024年`` …); ``unit_dir/2024`` when
    there is none yet."""
    if unit_dir.is_dir():
        found = year_dirs(unit_dir).get(int(year))
        if found is not None:
            return found
    return unit_dir / str(year)


def _year_dir(data_dir: Path, unit: str, year: int) -> Path:
    unit_dir = _unit_dir(data_dir, unit)
    year_dir = year_folder(unit_dir, year)
    if not year_dir.is_dir():
        raise DataDirError(
            f"「{unit}」没有{year}年的数据目录（{year_dir}）",
            str(year_dir),
            [str(y) for y in _years_in(unit_dir)],
        )
    return year_dir


def lock_file_of(path: Path) -> str | None:
    """For a temporary file of Excel/WPS/LibreOffice, the name of the workbook it stands for
    (as far as the name tells: Excel shortens long names), ``""`` when it does not tell;
    None for any other file."""
    m = _LOCK_NAME.match(path.name)
    if not m:
        return None
    return m.group("office") or m.group("libre") or m.group("wps") or ""


def lock_message(lock: Path, ledgers: list[Path]) -> str:
    """What a lock file means, naming the workbook that is still read when it is there."""
    rest = lock_file_of(lock) or ""
    real = next(
        (
            p
            for p in ledgers
            if rest and p.parent == lock.parent and (p.name == rest or p.name[2:] == rest)
        ),
        None,
    )
    if real is None:
        return message("lock_file_orphan", name=lock.name)
    return message("lock_file", name=lock.name, real=real.name)


def ledger_files(year_dir: Path) -> tuple[list[Path], list[Path]]:
    """(ledgers, ignored files) in a year folder, sorted, subfolders included. Lock and
    temporary files of Excel/WPS (``~$x.xlsx``, ``.~lock.x.xlsx#``, ``~wrl0001.tmp``) are
    ignored files (see :func:`lock_file_of`), hidden files too."""
    ledgers, ignored = [], []
    for p in sorted(year_dir.rglob("*")):
        if not p.is_file() or p.name in NON_LEDGER_FILES:
            continue
        if lock_file_of(p) is not None or p.name.startswith("."):
            ignored.append(p)
        elif p.suffix.lower() in LEDGER_SUFFIXES:
            ledgers.append(p)
        else:
            ignored.append(p)
    return ledgers, ignored
