"""``fz new-year``: templates the loader reads, validation in the cells, a draft that renders."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from conftest import SAMPLE_DATA

import fzdata
from fzdata.core.errors import DataDirError, FzError
from fzdata.newyear import new_year
from fzdata.report.narrative import report_html


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLE_DATA / "李庄乡", tmp_path / "李庄乡")
    return tmp_path


def test_new_year_templates(data: Path) -> None:
    written = new_year(data, "李庄乡", 2025)
    assert {p.name for p in written} == {"指标台账.xlsx", "村情台账.xlsx", "矛盾纠纷台账.xlsx", "信访登记.xlsx",
                                         "执法人员培训.xlsx", "普法活动.xlsx", "narrative.md"}  # fmt: skip
    yd = fzdata.load_year(data, "李庄乡", 2025)
    assert yd.errors == 0
    assert (
        yd.villages["village"].tolist()
        == fzdata.load_year(data, "李庄乡", 2024).villages["village"].tolist()
    )
    assert yd.villages["legal_literates"].isna().all()  # blank, not zero
    assert (
        yd.indicators["label"].tolist()
        == fzdata.load_year(data, "李庄乡", 2024).indicators["label"].tolist()
    )
    assert len(yd.trainings) == 8 and yd.trainings["hours"].isna().all()
    ws = openpyxl.load_workbook(data / "李庄乡/2025/村情台账.xlsx").active
    rules = {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert rules['"是,否"'].startswith("D2:") and rules['"国家级,省级,市级,县级,无"'].startswith(
        "E2:"
    )


def test_narrative_draft_lists_last_years_shortcomings_and_renders(data: Path) -> None:
    new_year(data, "李庄乡", 2025)
    text = (data / "李庄乡/2025/narrative.md").read_text("utf-8")
    assert (
        "仍有2个行政村法律明白人不足5名（石桥村、高楼村）（2024年）。整改情况：（请填写）" in text
    )
    html = report_html(fzdata.analyse_year(data, "李庄乡", 2025))
    assert "五、其他需要报告的情况" in html


def test_refuses_to_overwrite(data: Path) -> None:
    new_year(data, "李庄乡", 2025)
    before = (data / "李庄乡/2025/narrative.md").read_bytes()
    with pytest.raises(FzError, match="不会覆盖"):
        new_year(data, "李庄乡", 2025)
    assert (data / "李庄乡/2025/narrative.md").read_bytes() == before


def test_needs_a_year_before(data: Path) -> None:
    with pytest.raises(DataDirError, match="2020年之前"):
        new_year(data, "李庄乡", 2020)


def test_cli(data: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "fzdata", "new-year", "--data", str(data), "--unit", "李庄乡", "--year", "2025"],
                       capture_output=True, text=True, check=False)  # fmt: skip
    assert r.returncode == 0 and "已生成 7 个文件" in r.stdout
    again = subprocess.run([sys.executable, "-m", "fzdata", "new-year", "--data", str(data), "--unit", "李庄乡", "--year", "2025"],
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert again.returncode == 1 and "不会覆盖" in again.stderr and "Traceback" not in again.stderr
