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


# ------------------------------------------------------------------ issue 12


def test_draft_headings_stay_on_their_own_line(data: Path) -> None:
    new_year(data, "李庄乡", 2025)
    text = (data / "李庄乡/2025/narrative.md").read_text("utf-8")
    html = report_html(fzdata.analyse_year(data, "李庄乡", 2025))
    assert "<h3" in html and "问题整改情况</h3>" in html.replace("\n", "")
    assert "### （三）问题整改情况\n" in text and "-#}\n1." not in text


def test_last_years_targets_are_carried_over(data: Path) -> None:
    new_year(data, "李庄乡", 2025)
    now = fzdata.load_year(data, "李庄乡", 2025).indicators.set_index("name")["target"]
    before = fzdata.load_year(data, "李庄乡", 2024).indicators.set_index("name")["target"]
    assert before.notna().any()
    for name, target in before.dropna().items():
        assert now[name] == target, name


def test_quoted_figures_are_checked_against_last_year(data: Path) -> None:
    from fzdata.lint.engine import lint_narrative

    new_year(data, "李庄乡", 2025)
    path = data / "李庄乡/2025/narrative.md"
    text = path.read_text("utf-8")
    quoted = "普法宣传活动9次，较上年的10次减少1次，下降10%（2024年）"
    assert quoted in text  # last year's shortcoming, quoted with its figures
    _fill(data / "李庄乡/2025/指标台账.xlsx", {"普法宣传活动": 12})
    a = fzdata.analyse_year(data, "李庄乡", 2025)
    assert not [f for f in lint_narrative(path, a) if f.rule == "data-mismatch"]
    path.write_text(text.replace(quoted, quoted.replace("9次", "7次", 1)), "utf-8")
    wrong = [f for f in lint_narrative(path, a) if f.rule == "data-mismatch"]
    assert wrong and "9次" in wrong[0].message  # last year's ledger said 9


def test_brand_new_unit_from_a_village_list(tmp_path: Path) -> None:
    villages = tmp_path / "村名单.txt"
    villages.write_text("行政村\n东村\n西村\n南村\n", "utf-8")
    (tmp_path / "data").mkdir()
    new_year(tmp_path / "data", "新乡", 2025, villages)
    yd = fzdata.load_year(tmp_path / "data", "新乡", 2025)
    assert yd.villages["village"].tolist() == ["东村", "西村", "南村"]
    assert "普法宣传活动" in set(yd.indicators["name"]) and yd.errors == 0
    text = (tmp_path / "data/新乡/2025/narrative.md").read_text("utf-8")
    assert "首次填报" in text
    empty = new_year(tmp_path / "data", "空白乡", 2025)  # no list: an empty template
    assert len(empty) == 7
    assert fzdata.load_year(tmp_path / "data", "空白乡", 2025).villages.empty


def _fill(path: Path, values: dict[str, object], column: int = 3, key: int = 2) -> None:
    """Type values into a ledger as a clerk would: by the row's name in column ``key``."""
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for row in ws.iter_rows(min_row=2):
        name = row[key - 1].value
        if name in values:
            row[column - 1].value = values[name]
    wb.save(path)


def test_half_filled_new_year_builds_as_a_marked_draft(data: Path, tmp_path: Path) -> None:
    """fz new-year, a few cells entered as a clerk would, fz build: a draft that says so, with
    a correct completeness list and no shortcoming made of missing data."""
    import io
    import json

    import docx
    from bs4 import BeautifulSoup

    from fzdata.build.core import build

    new_year(data, "李庄乡", 2025)
    year_dir = data / "李庄乡/2025"
    _fill(year_dir / "指标台账.xlsx", {"普法宣传活动": 12, "党委中心组学法": 12})
    _fill(year_dir / "村情台账.xlsx", {"东村": 6, "北岭村": 5, "石桥村": 5})  # 3 of 26 villages
    a = fzdata.analyse_year(data, "李庄乡", 2025)
    assert a.draft
    gaps = a.completeness
    assert a.shortcomings.empty, a.shortcomings["evidence"].tolist()
    # Only what was filled in is followed up (普法宣传活动 12 against last year's 9); the rest
    # cannot be checked and is listed for completeness, never called 已整改.
    assert set(a.followup["key"]) == {"publicity_events"}
    assert (gaps["kind"] == "followup").sum() >= 5
    messages = set(gaps["message"])
    for ledger in ("矛盾纠纷台账", "信访台账", "普法活动台账"):
        assert f"今年没有{ledger}" in messages
    literates = gaps[(gaps["ledger"] == "村情台账") & (gaps["field"] == "法律明白人")]
    assert literates["missing"].tolist() == [24] and literates["total"].tolist() == [26]
    hours = gaps[(gaps["ledger"] == "执法人员培训台账") & (gaps["field"] == "学时")]
    assert hours["missing"].tolist() == [8]
    assert (gaps["kind"] == "narrative").sum() == 1

    out = tmp_path / "out"
    report = build(data, out, ["李庄乡"], [2025])
    assert report.counts()["built"] == 1, [r.error for r in report.results]
    folder = out / "李庄乡/2025"
    m = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert m["draft"] is True and m["completeness"]["missing"] == int(gaps["blocking"].sum())
    soup = BeautifulSoup((folder / "report.html").read_text("utf-8"), "html.parser")
    main = soup.find("main")
    first = main.find(True)
    assert "fz-draft-banner" in first.get("class", []) and "草稿：数据不完整" in first.get_text()
    text = soup.get_text()
    assert "数据完整性" in text and "今年没有信访台账" in text
    for page in ("progress.html", "shortcomings.html"):  # the analysis pages say so too
        first = (
            BeautifulSoup((folder / page).read_text("utf-8"), "html.parser").find("main").find(True)
        )
        assert "fz-draft-banner" in first.get("class", []), page
    d = docx.Document(io.BytesIO((folder / "report.docx").read_bytes()))
    assert d.sections[0].different_first_page_header_footer
    assert d.sections[0].first_page_header.paragraphs[0].text == "草稿：数据不完整"
    body = soup.find("article").get_text()
    section_three = body[body.index("三、存在的不足") : body.index("四、")]
    assert "未发现需要列出的不足" not in section_three  # missing data is no clean bill
    assert "台账尚未填写完整" in section_three
    assert "没有数据" not in section_three and "补齐" not in section_three
    plans = body[body.index("四、") : body.index("五、")]
    assert "补齐" not in plans and "台账数据" not in plans


def test_fz_check_warns_on_blank_required_fields(data: Path, capsys) -> None:
    from fzdata.cli import main

    new_year(data, "李庄乡", 2025)
    main(["check", "--data", str(data), "--unit", "李庄乡", "--year", "2025", "--level", "warning"])
    out = capsys.readouterr().out
    assert "警告 [completeness] 李庄乡/2025：执法人员培训台账中有8行的「学时」空白（共8行）" in out
    assert "今年没有信访台账" in out and "「（请填写）」" in out


def test_cli_villages_option(tmp_path: Path, capsys) -> None:
    """fz new-year --villages starts a new unit from a list; a missing list is a clear error."""
    from fzdata.cli import main

    (tmp_path / "data").mkdir()
    villages = tmp_path / "村名单.csv"
    villages.write_text("村名,备注\n东村,\n西村,\n", "utf-8")
    args = ["new-year", "--data", str(tmp_path / "data"), "--unit", "新乡", "--year", "2025"]
    assert main([*args, "--villages", str(villages)]) == 0
    assert fzdata.load_year(tmp_path / "data", "新乡", 2025).villages["village"].tolist() == [
        "东村",
        "西村",
    ]
    capsys.readouterr()
    other = ["new-year", "--data", str(tmp_path / "data"), "--unit", "北乡", "--year", "2025"]
    assert main([*other, "--villages", str(tmp_path / "没有.txt")]) == 1
    err = capsys.readouterr().err
    assert "村名单文件不存在" in err and "Traceback" not in err
