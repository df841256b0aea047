"""``fz rollup`` and the roll-up step of ``fz build``: collect the submitted reports (when
``fz collect`` is installed and ``data/county/<年份>/报告/`` exists), roll up each year, write
``<out>/汇总/<年份>/`` and say in Chinese what came in and what is missing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from fzdata.core.config import COUNTY_SETTINGS_FILE, PACKAGE_DIR
from fzdata.core.errors import FzError
from fzdata.county.model import NOT_SUBMITTED, RollupYear
from fzdata.county.rollup import reports_folder, rollup, rollup_years
from fzdata.county.settings import load_county
from fzdata.county.tables import write_rollup

LEVEL_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
#: What the last roll-up of ``fz build`` was made from, in ``<out>/汇总/``.
STATE_FILE = ".fz-rollup-state.json"
ROLLUP_FOLDER = "汇总"


def _stat_tree(root: Path, pattern: str = "**/*") -> list[tuple[str, int, int]]:
    """(path, size, mtime) of every file under ``root``: what a roll-up reads, stat only."""
    out = []
    for p in sorted(root.glob(pattern)) if root.is_dir() else []:
        try:
            st = p.stat()
        except OSError:
            continue
        if p.is_file() and not p.name.startswith(".fz-"):
            out.append((str(p.relative_to(root)), st.st_size, st.st_mtime_ns))
    return out


def inputs_key(data_dir: Path, out_dir: Path, years: list[int]) -> str:
    """A digest of everything a roll-up depends on, by stat: the data folder (ledgers,
    narratives, county.yml, received reports), the units' built manifests, the collected
    reports, fzdata itself, the years asked for and today's date (overdue depends on it)."""
    parts = {
        "years": years,
        "today": dt.date.today().isoformat(),
        "data": _stat_tree(data_dir),
        "built": _stat_tree(out_dir, "*/*/manifest.json"),
        "collected": _stat_tree(out_dir / ROLLUP_FOLDER, "*/collected/*"),
        "package": [p for p in _stat_tree(PACKAGE_DIR) if "__pycache__" not in p[0]],
    }
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_state(out_dir: Path) -> str:
    try:
        return json.loads((out_dir / ROLLUP_FOLDER / STATE_FILE).read_text("utf-8"))["key"]
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def _write_state(out_dir: Path, key: str) -> None:
    path = out_dir / ROLLUP_FOLDER / STATE_FILE
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"key": key}), encoding="utf-8")
    os.replace(tmp, path)


def collect_reports(
    data_dir: Path, out_dir: Path, years: list[int], say: Callable[[str], None]
) -> None:
    """``fz collect`` on each year's ``data/county/<年份>/报告/`` when it holds report files;
    otherwise what an earlier ``fz collect`` read (from any folder) stays, and the roll-up says
    which folder it came from. The latest collect that found reports wins."""
    try:
        from fzdata.county.collect import (  # type: ignore[attr-defined]
            collect,
            collected_dir,
            collected_source,
            report_files,
        )
    except ImportError:
        return
    for year in years:
        folder = reports_folder(data_dir, year)
        files = report_files(folder)[0] if folder.is_dir() else []
        before = collected_source(out_dir, year)
        if files:
            collect(folder, data_dir, year, out_dir)
            now = collected_source(out_dir, year)
            replaced = f"（取代此前从「{before}」读取的结果）" if before and before != now else ""
            say(f"{year}年：已读取 {folder} 中报送的报告 {len(files)} 份{replaced}")
        elif before:
            say(f"{year}年：{folder} 中没有报告文件，沿用此前 fz collect 从「{before}」读取的报告"
                f"（{collected_dir(out_dir, year)}）")  # fmt: skip


def summary(r: RollupYear) -> str:
    """One line per year: who submitted, who did not, who was late, where the outputs are."""
    from fzdata.unit.profiles import load_profile

    parts = []
    listed = r.status[r.status["listed"].astype(bool)]
    for kind in r.kinds():
        rows = listed[listed["kind"] == kind]
        if not len(rows):
            continue
        came = rows[rows["report"] != NOT_SUBMITTED]
        text = f"{load_profile(kind).label} {len(came)}/{len(rows)} 个已报送"
        notes = []
        absent = rows[rows["report"] == NOT_SUBMITTED]["label"].tolist()
        late = came[came["overdue"].astype(bool)]["label"].tolist()
        if absent:
            notes.append(f"未提交：{'、'.join(absent)}")
        if late:
            notes.append(f"逾期：{'、'.join(late)}")
        parts.append(text + (f"（{'；'.join(notes)}）" if notes else ""))
    return f"{r.county.name}{r.year}年汇总：{'，'.join(parts) or '没有单位'}"


def run_rollup(
    data_dir: Path | str,
    out_dir: Path | str,
    years: list[int] | None = None,
    *,
    say: Callable[[str], None] = print,
    today: dt.date | None = None,
    required: bool = True,
    skip_unchanged: bool = False,
) -> list[RollupYear]:
    """Collect, roll up and write every year asked for; [] without county.yml (an error when
    ``required``, as for ``fz rollup``). With ``skip_unchanged`` (``fz build`` without
    ``--force``) nothing is done when :func:`inputs_key` equals the last roll-up's."""
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    if not data_dir.is_dir():
        raise FzError(f"数据目录「{data_dir}」不存在")
    county = load_county(data_dir)
    if county is None:
        if required:
            raise FzError(
                f"「{data_dir}」中没有 {COUNTY_SETTINGS_FILE}：县级汇总需要先写明本县的单位名单"
                "（见 docs/county.md）"
            )
        return []
    have = rollup_years(data_dir, county)
    for year in years or []:
        if year not in have:
            shown = "、".join(map(str, have)) or "无"
            raise FzError(f"没有{year}年的任何台账或报告，无法汇总。现有年份：{shown}")
    wanted = sorted(years) if years else have
    if skip_unchanged and today is None:
        # fz build: a roll-up made from the same inputs is not made again (stat only).
        written = all((out_dir / ROLLUP_FOLDER / str(y) / "tables").is_dir() for y in wanted)
        if written and _read_state(out_dir) == inputs_key(data_dir, out_dir, wanted):
            say(f"县级汇总（{'、'.join(map(str, wanted))}年）的输入未变，未重新汇总")
            return []
    collect_reports(data_dir, out_dir, wanted, say)
    done = rollup(data_dir, out_dir, wanted, today=today)
    for r in done:
        folder = write_rollup(r, out_dir)
        say(f"{summary(r)}。输出：{folder}")
        for f in r.findings:
            if f["level"] != "info":
                say(f"  {LEVEL_NAMES[f['level']]} [{f['code']}] {f['message']}")
    if done:
        from fzdata.build.core import refresh_county_index

        refresh_county_index(Path(out_dir))  # outputs/index.html links the county years
    if skip_unchanged and today is None and done:
        _write_state(out_dir, inputs_key(data_dir, out_dir, wanted))  # after collect wrote
    return done
