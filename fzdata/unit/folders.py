"""The data folder layout: data/<单位>/<年份>/, without importing pandas (fast CLI paths).

Every path made from a name (a unit, a year, a file) goes through :func:`inside`: the name must
be a plain folder name and the path must stay inside the data folder once symbolic links are
resolved. Links that lead out of the data folder are never followed; :func:`outside_links`
names them so that ``fz check`` and ``fz build`` can say so.

A year folder is named by its year: ``2024``, and also as people write it, ``2024年``,
``2024 年度`` or with full-width digits. Any other folder under a unit is named in a warning
(:func:`unit_findings`), so that ledgers put in ``2024备份/`` are not silently missed.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fzdata.core.config import COUNTY_DIR, LEDGER_SUFFIXES, NON_LEDGER_FILES
from fzdata.core.errors import DataDirError, UnsafePathError
from fzdata.core.resources import message

_YEAR_NAME = re.compile(r"^(\d{4})(?:年度?)?$")
#: Temporary files that Excel, WPS and LibreOffice leave beside an open or saving workbook.
_LOCK_NAME = re.compile(
    r"^(?:~\$(?P<office>.+)|\.~lock\.(?P<libre>.+)#|~wr\w+\.tmp|\.~(?P<wps>.+))$", re.I
)

#: Years a data folder may hold (four digits).
YEARS = range(1000, 10000)


def shown(name: str | os.PathLike[str]) -> str:
    """A name as it may be printed anywhere: bytes that are not UTF-8 (a folder made on a
    GBK system, read back with surrogate escapes) become ``\\xff``, control characters
    ``\\n``, so no console, log or HTML page ever fails on it."""
    text = os.fspath(name)
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


def is_clean_name(name: str) -> bool:
    """A name that prints as itself (valid UTF-8, no control characters)."""
    return shown(name) == name


def check_name(name: object, what: str = "单位") -> str:
    """``name`` as a single folder or file name, or :class:`UnsafePathError`."""
    if not isinstance(name, str) or not name.strip():
        raise UnsafePathError(f"{what}名称不能为空", str(name))
    problem = ""
    if "\x00" in name:
        problem = "含有 NUL 字符"
    elif "/" in name or "\\" in name:
        problem = "含有路径分隔符（/ 或 \\）"
    elif name in (".", ".."):
        problem = "是「.」或「..」"
    elif os.path.isabs(name) or (len(name) > 1 and name[1] == ":"):
        problem = "是绝对路径"
    elif any(not ch.isprintable() for ch in name):
        problem = "含有控制字符"
    if problem:
        raise UnsafePathError(
            f"{what}「{shown(name)}」{problem}；{what}只能是数据目录中的一个文件夹名", shown(name)
        )
    return name


def check_year(year: object) -> int:
    """A four-digit year, or :class:`UnsafePathError`."""
    try:
        value = int(str(year).strip())
    except ValueError:
        value = -1
    if value not in YEARS or isinstance(year, bool):
        raise UnsafePathError(f"年份「{shown(str(year))}」不是四位数的年份（如 2024）", str(year))
    return value


def inside(data_dir: Path | str, *names: str | int, what: str = "单位") -> Path:
    """``data_dir/names…``, every name a plain name and the result inside ``data_dir`` once
    links are resolved; else :class:`UnsafePathError`. The one containment check."""
    root = Path(data_dir)
    if "\x00" in os.fspath(root):
        raise UnsafePathError("数据目录的路径含有 NUL 字符", shown(root))
    path = root
    for i, name in enumerate(names):
        part = (
            str(check_year(name))
            if isinstance(name, int)
            else check_name(name, what if i == 0 else "名称")
        )
        path = path / part
    if not _within(path, root):
        raise UnsafePathError(
            f"「{shown(path)}」是指向数据目录之外的链接，不会读取；请把数据复制到数据目录「{shown(root)}」中",
            shown(path),
        )
    return path


def _within(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def year_of_folder(name: str) -> int | None:
    """The year a folder name stands for (``2024``, ``2024年``, ``2024 年度``), else None."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
    m = _YEAR_NAME.match(text)
    return int(m.group(1)) if m else None


def year_dirs(unit_dir: Path) -> dict[int, Path]:
    """Year -> folder of a unit, oldest first; a plain ``2024`` wins over ``2024年``."""
    found: dict[int, Path] = {}
    root = unit_dir.parent
    for p in sorted(unit_dir.iterdir(), key=lambda p: (not p.name.isdigit(), p.name)):
        year = year_of_folder(p.name) if p.is_dir() and _within(p, root) else None
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
        if not p.is_dir() or p.name.startswith(".") or not _within(p, unit_dir.parent):
            continue  # links out of the data folder are named by outside_links
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
    """Unit folders under ``data_dir`` (those holding at least one year folder); folders that
    lead out of the data folder or whose names do not print are left out (:func:`outside_links`)."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataDirError(f"数据目录「{shown(data_dir)}」不存在", shown(data_dir))
    return sorted(
        p.name
        for p in data_dir.iterdir()
        if p.is_dir()
        and p.name != COUNTY_DIR  # the county office's own folder is not a unit
        and is_clean_name(p.name)
        and _within(p, data_dir)
        and _years_in(p)
    )


def outside_links(data_dir: Path | str) -> list[str]:
    """Why some unit or year folders are not read: links out of the data folder, names that
    are not valid UTF-8. One Chinese line each, for ``fz check`` and ``fz build``."""
    data_dir = Path(data_dir)
    out = []
    if not data_dir.is_dir():
        return out
    for unit in sorted(data_dir.iterdir()):
        if not is_clean_name(unit.name):
            out.append(
                f"「{shown(unit.name)}」的名称不是有效的 UTF-8 文字（可能来自其他编码的系统），已跳过；请重命名"
            )
            continue
        if not _within(unit, data_dir):
            out.append(f"「{unit.name}」是指向数据目录之外的链接，未读取")
            continue
        if not unit.is_dir():
            continue
        for year in sorted(unit.iterdir()):
            if year_of_folder(year.name) is not None and not _within(year, data_dir):
                out.append(f"「{unit.name}/{year.name}」是指向数据目录之外的链接，未读取")
    return out


def list_years(data_dir: Path | str, unit: str) -> list[int]:
    """Year folders of a unit (see :func:`year_of_folder`)."""
    unit_dir = _unit_dir(Path(data_dir), unit)
    return _years_in(unit_dir)


def _years_in(unit_dir: Path) -> list[int]:
    return list(year_dirs(unit_dir))


def _unit_dir(data_dir: Path, unit: str) -> Path:
    unit_dir = inside(data_dir, unit)
    if not unit_dir.is_dir():
        raise DataDirError(
            f"单位「{shown(unit)}」在「{shown(data_dir)}」中不存在",
            shown(unit_dir),
            list_units(data_dir),
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
    year_dir = inside(data_dir, unit, year_folder(unit_dir, check_year(year)).name)
    if not year_dir.is_dir():
        raise DataDirError(
            f"「{shown(unit)}」没有{year}年的数据目录（{shown(year_dir)}）",
            shown(year_dir),
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


@dataclass(frozen=True)
class Skipped:
    """A file in a year folder that is not read, and why (a finding)."""

    path: Path
    level: str
    code: str
    message: str


def ledger_files(year_dir: Path, root: Path | None = None) -> tuple[list[Path], list[Skipped]]:
    """(ledgers, skipped files) in a year folder, sorted, subfolders included.

    Links are not followed out of ``root`` (the data folder: by default the year folder's
    grandparent); link loops are never entered; only regular files are read (a FIFO would
    block for ever).
    """
    root = root or year_dir.parent.parent
    ledgers: list[Path] = []
    skipped: list[Skipped] = []
    for folder, dirs, files in os.walk(year_dir, followlinks=False):
        base = Path(folder)
        for d in sorted(dirs):
            if (base / d).is_symlink():
                skipped.append(Skipped(base / d, "warning", "symlink_skipped",
                                       "是指向其他文件夹的链接，未读取（链接可能形成循环或指向数据目录之外）"))  # fmt: skip
        for name in files:
            p = base / name
            if name in NON_LEDGER_FILES and _within(p, root):
                continue  # read by later stages
            s = _skip(p, root)
            if s is not None:
                skipped.append(s)
            else:
                ledgers.append(p)
    skipped = [
        Skipped(s.path, s.level, s.code, lock_message(s.path, ledgers))
        if s.code == "lock_file"
        else s
        for s in skipped
    ]
    return sorted(ledgers), sorted(skipped, key=lambda s: s.path)


def _skip(p: Path, root: Path) -> Skipped | None:
    name = p.name
    if p.is_symlink() and not _within(p, root):
        return Skipped(p, "error", "symlink_outside",
                       "是指向数据目录之外的链接，未读取；请把文件本身复制到数据目录中")  # fmt: skip
    try:
        mode = p.stat().st_mode
    except OSError as exc:
        return Skipped(p, "error", "file_unreadable",
                       f"无法读取（{'链接指向的文件不存在' if p.is_symlink() else exc.strerror}）")  # fmt: skip
    if not stat.S_ISREG(mode):
        return Skipped(p, "warning", "not_regular_file",
                       "不是普通文件（可能是管道或设备），未读取")  # fmt: skip
    if lock_file_of(p) is not None:
        return Skipped(p, "info", "lock_file", "")  # the message names the workbook, below
    if name.startswith("."):
        return Skipped(p, "info", "skipped_file", "隐藏文件，已跳过")
    if p.suffix.lower() not in LEDGER_SUFFIXES:
        return Skipped(p, "info", "skipped_file", "不是台账文件（.xlsx/.xls/.ods/.csv），已忽略")
    return None
