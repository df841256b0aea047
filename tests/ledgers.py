"""Build small units of CSV ledgers in a temporary folder, for rule and edge-case tests."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

UNIT = "试验镇"

INDICATOR_HEAD = ["指标", "数值", "计量单位", "目标"]
VILLAGE_HEAD = ["行政村", "法律明白人", "法律顾问", "法治广场", "责任书"]
DISPUTE_HEAD = ["编号", "日期", "行政村", "纠纷类型", "调处结果"]
PETITION_HEAD = ["编号", "日期", "行政村", "反映问题", "办理情况"]
TRAINING_HEAD = ["姓名", "岗位", "学时"]
EVENT_HEAD = ["日期", "活动名称", "发放资料", "接待咨询"]


def villages(*rows: tuple[Any, ...]) -> list[list[Any]]:
    """Rows of (village, literates, counsel, plaza, letter)."""
    return [VILLAGE_HEAD, *[list(r) for r in rows]]


def make_unit(root: Path, years: dict[int, dict[str, list[list[Any]]]], unit_yml: str = "") -> Path:
    """Write ``root/<UNIT>/<year>/<file>.csv`` for each year; returns the data folder."""
    for year, files in years.items():
        folder = root / UNIT / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for name, rows in files.items():
            with open(folder / name, "w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows(rows)
    if unit_yml:
        (root / UNIT / "unit.yml").write_text(unit_yml, encoding="utf-8")
    return root
