"""``fz rollup`` and the roll-up step of ``fz build``: collect the submitted reports (when
``fz collect`` is installed and ``data/county/<年份>/报告/`` exists), roll up each year, write
``<out>/汇总/<年份>/`` and say in Chinese what came in and what is missing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from fzdata.core.config import COUNTY_SETTINGS_FILE
from fzdata.core.errors import FzError
from fzdata.county.model import NOT_SUBMITTED, RollupYear
from fzdata.county.rollup import reports_folder, rollup, rollup_years
from fzdata.county.settings import load_county
from fzdata.county.tables import write_rollup

LEVEL_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


def collect_reports(
    data_dir: Path, out_dir: Path, years: list[int], say: Callable[[str], None]
) -> None:
    """``fz collect`` on each year's ``data/county/<年份>/报告/`` when both exist."""
    try:
        from fzdata.county.collect import collect  # type: ignore[attr-defined]
    except ImportError:
        return
    for year in years:
        folder = reports_folder(data_dir, year)
        if folder.is_dir():
            collect(folder, data_dir, year, out_dir)
            say(f"已读取 {folder} 中报送的报告")


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
) -> list[RollupYear]:
    """Collect, roll up and write every year asked for; [] without county.yml (an error when
    ``required``, as for ``fz rollup``)."""
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
    return done
