"""The county roll-up (issue 15): status, interval totals, lower bounds, shared shortcomings.

The sample county (data/county.yml): 李庄乡, 青石镇, 河口镇 (townships with ledgers), 东岗镇
(listed, nothing submitted) and 某县市场监督管理局 (department). The totals below are worked
out by hand from the ledgers (the figures are in the comments).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import REPO, SAMPLE_DATA

from fzdata.core.errors import ConfigError
from fzdata.core.figures import Figure
from fzdata.county.collect import collect
from fzdata.county.model import RollupYear, sample_rollup
from fzdata.county.rollup import reports_folder, rollup
from fzdata.county.settings import load_county
from fzdata.county.tables import files
from fzdata.county.totals import additive, sum_figures

TODAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[int, RollupYear]:
    out = tmp_path_factory.mktemp("out")
    # 柏树乡 sent only a Word report for 2024: fz collect reads it first, as fz build does.
    collect(reports_folder(SAMPLE_DATA, 2024), SAMPLE_DATA, 2024, out)
    return {r.year: r for r in rollup(SAMPLE_DATA, out, [2023, 2024], today=TODAY)}


def _total(r: RollupYear, kind: str, key: str) -> dict:
    rows = r.totals[(r.totals["kind"] == kind) & (r.totals["key"] == key)]
    assert len(rows) == 1, (kind, key)
    row = rows.iloc[0].to_dict()
    return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}


def _copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data)
    return data


# ------------------------------------------------------------------------ arithmetic


def test_interval_sum_keeps_the_units_word() -> None:
    # 「1000多」 + 「500」 = 「1500多」: at least 1500, no upper bound.
    s = sum_figures([Figure(1000, "多", "件"), Figure(500, "", "件")], [])
    assert (s.value, s.qualifier, s.lo, s.hi) == (1500, "多", 1500, math.inf)
    # Mixed words (余 and 多) are stated as 以上; 约 keeps both bounds (±10%).
    assert sum_figures([Figure(100, "余"), Figure(50, "多")], []).qualifier == "以上"
    s = sum_figures([Figure(100, "约"), Figure(50)], [])
    assert (s.value, s.qualifier, s.lo, s.hi) == (150, "约", 140, 160)
    # A missing unit: a lower bound, never a zero.
    s = sum_figures([Figure(1000), Figure(500)], ["东岗镇"])
    assert (s.value, s.qualifier, s.lo, s.hi) == (1500, "以上", 1500, math.inf)
    # A lower bound's value is its minimum: 约300 (270–330) with a unit missing is 270以上,
    # and 约300 + 500多 (no upper bound) is 770以上 (270 + 500), not 约800.
    s = sum_figures([Figure(300, "约", "平方米")], ["东岗镇"])
    assert (s.value, s.qualifier, s.lo, s.hi, s.text()) == (
        270,
        "以上",
        270,
        math.inf,
        "270平方米以上",
    )
    s = sum_figures([Figure(300, "约"), Figure(500, "多")], [])
    assert (s.value, s.qualifier, s.lo, s.hi) == (770, "以上", 770, math.inf)
    # No float noise: 3.2 + 3.2 万元 is 6.4 (money keeps 4 decimals), 0.1 + 0.2 is 0.3.
    s = sum_figures([Figure(3.2, "", "万元"), Figure(3.2, "", "万元")], [])
    assert (s.value, s.lo, s.hi) == (6.4, 6.4, 6.4)
    assert sum_figures([Figure(0.1), Figure(0.2)], []).value == 0.3
    assert sum_figures([Figure(1.25, "", "万元"), Figure(2.0001, "", "万元")], []).value == 3.2501


def test_rates_and_averages_are_not_additive() -> None:
    from fzdata.unit.catalogue import load_catalogue
    from fzdata.unit.profiles import kinds, load_profile

    for kind in kinds():
        for key, e in load_catalogue(None, load_profile(kind).catalogue).entries.items():
            averaged = e.unit == "%" or key.endswith(("_rate", "_avg")) or "coverage" in key
            assert additive(key) is not averaged, key


# ------------------------------------------------------------------------- golden


def test_sample_totals_2024_by_hand(sample: dict[int, RollupYear]) -> None:
    r = sample[2024]
    # 东岗镇 is listed but sent nothing: every township total is a lower bound naming it.
    # 柏树乡 sent only a Word report: the figures it states count (报告文字).
    # 普法宣传活动: 李庄乡 9 + 河口镇 7 + 青石镇 6 + 柏树乡 15 = 37 → 37以上.
    assert _total(r, "township", "publicity_events") | {} == {
        "kind": "township", "key": "publicity_events", "name": "普法宣传活动", "value": 37.0,
        "qualifier": "以上", "lo": 37.0, "hi": None, "measure": "次", "counted": 4,
        "missing": "东岗镇", "exact": False, "counted_units": "李庄乡、青石镇、河口镇、柏树乡",
    }  # fmt: skip
    # 发放宣传资料: 1200余 + 500 + 1000多 + 2000余 = 4700以上 (lo 4700, open).
    t = _total(r, "township", "materials_distributed")
    assert (t["value"], t["qualifier"], t["lo"], t["hi"]) == (4700, "以上", 4700, None)
    # 接待法律咨询: 约600 (540–660) + 260 + 350 + 约300 (270–330), 东岗镇 missing: the
    # minimum is 540 + 260 + 350 + 270 = 1420, and a lower bound's value is its minimum:
    # 「1420人次以上」 (the midpoint 1510 with 以上 would overstate it).
    t = _total(r, "township", "consultations")
    assert (t["value"], t["qualifier"], t["lo"], t["hi"]) == (1420, "以上", 1420, None)
    # 悬挂宣传横幅: 70余 + 35 + 50余 + 40 = 195以上.
    t = _total(r, "township", "banners")
    assert (t["value"], t["lo"], t["hi"], t["measure"]) == (195, 195, None, "条")
    # 法律明白人: 144 + 87 + 62 + 90 = 383以上.
    assert _total(r, "township", "legal_literates")["value"] == 383
    # 拆除违章建筑面积: 450 + 约500 (450–550) + 800; lo 450 + 450 + 800 = 1700 → 1700以上;
    # 柏树乡's report does not state it, so it is missing there as well as 东岗镇.
    t = _total(r, "township", "demolished_area")
    assert (t["value"], t["lo"], t["measure"]) == (1700, 1700, "平方米")
    assert t["missing"] == "东岗镇、柏树乡"
    # The department stands alone: its totals are exact whatever the townships did.
    t = _total(r, "department", "enforcement_cases")
    assert (t["value"], t["qualifier"], t["lo"], t["hi"], t["missing"], t["exact"]) == (
        13, "", 13, 13, "", True,
    )  # fmt: skip
    t = _total(r, "department", "fines_amount")
    assert (t["value"], t["measure"], t["exact"]) == (6.4, "万元", True)
    assert r.totals[r.totals["kind"] == "department"]["exact"].all()
    assert not r.totals[r.totals["kind"] == "township"]["exact"].any()
    # Rates are shown per unit, never summed.
    assert not r.totals["key"].isin(["counsel_coverage", "training_hours_avg"]).any()
    assert r.units["key"].isin(["counsel_coverage"]).any()


def test_sample_totals_2023_by_hand(sample: dict[int, RollupYear]) -> None:
    r = sample[2023]
    # 普法宣传活动: 10 + 7 + 6 = 23以上.
    assert _total(r, "township", "publicity_events")["value"] == 23
    # 发放宣传资料: 1000多 + 600 + 900余 = 2500以上.
    t = _total(r, "township", "materials_distributed")
    assert (t["value"], t["qualifier"], t["lo"], t["hi"]) == (2500, "以上", 2500, None)
    # 接待法律咨询: 500多 + 200多 + 约300 (270–330); lo 500 + 200 + 270 = 970 → 970以上.
    t = _total(r, "township", "consultations")
    assert (t["value"], t["qualifier"], t["lo"], t["hi"]) == (970, "以上", 970, None)
    # 拆除违章建筑面积: 李庄乡 300 + 青石镇 1200 = 1500以上; 河口镇's 2023 ledger does not
    # give it, so it is missing with 东岗镇 (not a zero).
    t = _total(r, "township", "demolished_area")
    assert (t["value"], t["counted"], t["missing"]) == (1500, 2, "河口镇、东岗镇")
    # 法律明白人: 137 + 82 + 57 = 276以上.
    assert _total(r, "township", "legal_literates")["value"] == 276
    t = _total(r, "department", "enforcement_cases")
    assert (t["value"], t["exact"]) == (15, True)
    assert _total(r, "department", "fines_amount")["value"] == pytest.approx(23.8)


def test_without_the_missing_unit_the_township_totals_are_intervals(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    text = (data / "county.yml").read_text(encoding="utf-8")
    (data / "county.yml").write_text(
        "\n".join(
            line for line in text.splitlines() if "东岗镇" not in line and "柏树乡" not in line
        )
        + "\n",
        encoding="utf-8",
    )
    r = rollup(data, tmp_path / "out", [2024], today=TODAY)[0]
    # 悬挂宣传横幅: 70余 + 35 + 50余 = 「155余」 (every lower bound says 余).
    t = _total(r, "township", "banners")
    assert (t["value"], t["qualifier"], t["lo"], t["hi"], t["exact"]) == (
        155,
        "余",
        155,
        None,
        False,
    )
    # 拆除违章建筑面积: 450 + 约500 + 800 = 约1750 (1700–1800).
    t = _total(r, "township", "demolished_area")
    assert (t["qualifier"], t["lo"], t["hi"]) == ("约", 1700, 1800)
    # 法律明白人: 144 + 87 + 62 = 293, exact now.
    t = _total(r, "township", "legal_literates")
    assert (t["value"], t["qualifier"], t["hi"], t["exact"]) == (293, "", 293, True)


# ---------------------------------------------------------------------- status


def test_missing_unit_shown_as_missing(sample: dict[int, RollupYear]) -> None:
    r = sample[2024]
    s = r.status.set_index("unit")
    assert s.loc["东岗镇", "report"] == "未提交" and s.loc["东岗镇", "ledgers"] == 0
    assert s.loc["东岗镇", "overdue"]  # 2026-01-01 is after 2025-03-10
    codes = [(f["code"], f["file"]) for f in r.findings]
    assert ("county_not_submitted", "东岗镇") in codes
    assert list(s.index) == ["李庄乡", "青石镇", "河口镇", "东岗镇", "柏树乡", "某县市场监督管理局"]
    assert s.loc["柏树乡", "ledgers"] == 0 and s.loc["柏树乡", "report"] != "未提交"
    assert s.loc["某县市场监督管理局", "label"] == "市场监管局"


def test_overdue_against_the_received_date(sample: dict[int, RollupYear]) -> None:
    s = sample[2024].status.set_index("unit")
    # 河口镇: received 2025-03-14, township deadline 3月10日 → late; 青石镇 on the day → on time.
    assert s.loc["河口镇", "overdue"] and s.loc["河口镇", "received"] == "2025-03-14"
    assert s.loc["河口镇", "deadline"] == "2025-03-10"
    assert not s.loc["青石镇", "overdue"] and not s.loc["李庄乡", "overdue"]
    # The department's deadline is 3月1日; received 2025-02-26.
    assert s.loc["某县市场监督管理局", "deadline"] == "2025-03-01"
    assert not s.loc["某县市场监督管理局", "overdue"]
    assert not sample[2023].status.set_index("unit").loc["河口镇", "overdue"]
    messages = [f["message"] for f in sample[2024].findings if f["code"] == "county_overdue"]
    assert messages == ["「河口镇」2024年的材料2025-03-14收到，晚于2025-03-10的报送期限"]


def test_not_yet_due_is_not_overdue(tmp_path: Path) -> None:
    r = rollup(SAMPLE_DATA, tmp_path, [2024], today=dt.date(2025, 3, 1))[0]
    assert not r.status.set_index("unit").loc["东岗镇", "overdue"]


def test_unlisted_folder_is_a_warning_and_not_counted(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    text = (data / "county.yml").read_text(encoding="utf-8")
    (data / "county.yml").write_text(
        "\n".join(line for line in text.splitlines() if "青石镇" not in line) + "\n",
        encoding="utf-8",
    )
    r = rollup(data, tmp_path / "out", [2024], today=TODAY)[0]
    found = [f for f in r.findings if f["code"] == "county_unlisted_unit"]
    assert len(found) == 1 and found[0]["level"] == "warning" and "青石镇" in found[0]["message"]
    s = r.status.set_index("unit")
    assert not s.loc["青石镇", "listed"]
    # 普法宣传活动: 李庄乡 9 + 河口镇 7 = 16以上 (青石镇's 6 is not counted, 东岗镇 missing).
    t = _total(r, "township", "publicity_events")
    # (柏树乡 is missing too: its Word report is not collected here.)
    assert (t["value"], t["counted_units"], t["missing"]) == (
        16,
        "李庄乡、河口镇",
        "东岗镇、柏树乡",
    )


def test_report_text_joins_as_a_unit(tmp_path: Path) -> None:
    """A unit with no ledgers whose Word report was read (``fz collect``) counts with the
    figures its text states, marked 报告文字."""
    data = _copy(tmp_path)  # without 柏树乡, whose report this test does not collect
    text = (data / "county.yml").read_text(encoding="utf-8")
    (data / "county.yml").write_text(
        "\n".join(line for line in text.splitlines() if "柏树乡" not in line) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    collected = out / "汇总" / "2024" / "collected"
    collected.mkdir(parents=True)
    (collected / "reports.csv").write_text(
        "file,unit,kind,recognised_by,title,year,sections,errors,warnings,draft,last_changed,sha256\n"
        "东岗镇.docx,东岗镇,township,标题,关于2024年法治政府建设情况的报告,2024,5/5,0,1,False,2025-03-09,x\n",
        encoding="utf-8-sig",
    )
    (collected / "figures.csv").write_text(
        "unit,kind,key,name,value,qualifier,lo,hi,measure,source,origin,file,line\n"
        "东岗镇,township,publicity_events,普法宣传活动,5,,5,5,次,全年开展普法宣传活动5次,报告文字,东岗镇.docx,12\n"
        "东岗镇,township,materials_distributed,发放宣传资料,300,多,300,,份,发放宣传资料300多份,报告文字,东岗镇.docx,12\n",
        encoding="utf-8-sig",
    )
    r = rollup(data, out, [2024], today=TODAY)[0]
    s = r.status.set_index("unit")
    assert s.loc["东岗镇", "report"] == "仅报告文字" and not s.loc["东岗镇", "overdue"]
    assert s.loc["东岗镇", "lint"] == 1
    rows = r.units[r.units["unit"] == "东岗镇"]
    assert set(rows["origin"]) == {"报告文字"} and len(rows) == 2
    # 普法宣传活动: 9 + 7 + 6 + 5 = 27, every township counted: exact.
    t = _total(r, "township", "publicity_events")
    assert (t["value"], t["qualifier"], t["exact"], t["missing"]) == (27, "", True, "")
    # 发放宣传资料: 1200余 + 500 + 1000多 + 300多 = 3000以上 (mixed 余 and 多).
    t = _total(r, "township", "materials_distributed")
    assert (t["value"], t["qualifier"], t["hi"]) == (3000, "以上", None)
    # 法律明白人: the report states none → 东岗镇 missing, still a lower bound.
    assert _total(r, "township", "legal_literates")["missing"] == "东岗镇"


# ------------------------------------------------------- shortcomings, contradictions


def test_shared_shortcomings_name_the_units(sample: dict[int, RollupYear]) -> None:
    shared = sample[2024].shared.set_index("rule")
    row = shared.loc["coverage_gap"]
    assert (row["count"], row["of"], row["units"]) == (2, 3, "青石镇、河口镇")
    assert row["sentence"] == (
        "3个乡镇中有2个行政村法律顾问、法治文化广场或目标责任书未全覆盖（青石镇、河口镇）"
    )
    assert shared.loc["target_missed", "sentence"].startswith("3个乡镇中有3个")
    # The department is one unit of its kind: nothing is shared there.
    assert set(shared["kind"]) == {"township"}


def test_contradictions_from_the_narrative(sample: dict[int, RollupYear]) -> None:
    c = sample[2024].contradictions
    assert c[["unit", "key", "stated", "ledger", "line"]].values.tolist() == [
        ["河口镇", "publicity_events", "30", "7次", 10]
    ]
    assert sample[2023].contradictions.empty


def test_rank_and_change(sample: dict[int, RollupYear]) -> None:
    u = sample[2024].units
    lit = u[u["key"] == "legal_literates"].set_index("unit")
    # 李庄乡 144 > 柏树乡 90 (its Word report) > 河口镇 87 > 青石镇 62
    assert list(lit.index) == ["李庄乡", "青石镇", "河口镇", "柏树乡"]
    assert lit["rank"].tolist() == [1, 4, 3, 2]
    # change on last year: 李庄乡 137 → 144, 青石镇 57 → 62, 河口镇 82 → 87; 柏树乡 has no 2023.
    assert lit["change"].tolist()[:3] == [7, 5, 5] and pd.isna(lit.loc["柏树乡", "change"])


# -------------------------------------------------------------------- settings


@pytest.mark.parametrize(
    ("yml", "line", "words"),
    [
        ("units:\n  - {name: 李庄乡, kind: township}\n  - {name: 李庄乡, kind: township}\n", 3, "列了两次"),
        ("units:\n  - {name: 李庄乡, kind: village}\n", 2, "village"),
        ("units:\n  - name: 李庄乡\n    received: {2024: 2025-02-30}\n", 3, "不是存在的日期"),
        ("units:\n  - name: 李庄乡\n    received: {二〇二四: 2025-03-01}\n", 3, "四位年份"),
        ("deadlines: {township: 三月十日}\n", 1, "3月1日"),
    ],
)  # fmt: skip
def test_county_yml_errors_in_chinese_with_line(
    tmp_path: Path, yml: str, line: int, words: str
) -> None:
    (tmp_path / "county.yml").write_text(yml, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_county(tmp_path)
    text = str(info.value)
    assert "county.yml" in text and words in text
    assert f"county.yml:{line}：" in text or f"第{line}行" in text
    assert info.value.line == line


def test_received_dates_read() -> None:
    county = load_county(SAMPLE_DATA)
    assert county is not None
    assert county.unit("河口镇").received[2024] == dt.date(2025, 3, 14)
    assert county.unit("东岗镇").received == {}


# ------------------------------------------------------------------------ exports


def test_csv_and_xlsx_byte_stable(tmp_path: Path) -> None:
    a = files(rollup(SAMPLE_DATA, tmp_path / "a", [2024], today=TODAY)[0])
    b = files(rollup(SAMPLE_DATA, tmp_path / "b", [2024], today=TODAY)[0])
    assert set(a) == {"tables/status.csv", "tables/units.csv", "tables/totals.csv", "汇总.xlsx"}
    assert a == b
    status = a["tables/status.csv"].decode("utf-8-sig").splitlines()[0]
    assert status.startswith("unit,label,kind,listed,ledgers,report,errors,warnings,lint,draft")
    assert a["tables/totals.csv"].startswith(b"\xef\xbb\xbfkind,key,name,value,qualifier,lo,hi")


def test_csv_and_xlsx_have_no_float_noise(sample: dict[int, RollupYear]) -> None:
    import io

    import openpyxl

    made = files(sample[2024])
    totals = made["tables/totals.csv"].decode("utf-8-sig")
    # 罚没款: 市场监管局's fines sum to 6.4万元 (money keeps 4 decimals), not 6.3999999999999995.
    assert "6.4," in totals and "6.39999" not in totals
    # 接待法律咨询 with 东岗镇 missing: value = lo = 1420 (约600 + 260 + 350 + 约300 at least).
    assert ",consultations,接待法律咨询,1420.0,以上,1420.0,," in totals
    book = openpyxl.load_workbook(io.BytesIO(made["汇总.xlsx"]))
    cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    floats = [v for v in cells if isinstance(v, float)]
    assert floats and all(len(repr(v).split(".")[1]) <= 4 for v in floats), floats
    assert 78.6 in floats  # 李庄乡's 矛盾纠纷调处成功率 78.57142857142857 as the report writes it


def test_xlsx_has_chinese_sheets_and_neutralised_formulas(tmp_path: Path) -> None:
    import io

    import openpyxl

    r = sample_rollup()
    r.units.loc[0, "source"] = '=HYPERLINK("http://x")'
    book = openpyxl.load_workbook(io.BytesIO(files(r)["汇总.xlsx"]))
    assert book.sheetnames[:3] == ["报送情况", "各单位指标", "合计"]
    sheet = book["各单位指标"]
    headers = [c.value for c in sheet[1]]
    assert "来源" in headers and "指标代码" not in headers
    source = sheet.cell(row=2, column=headers.index("来源") + 1).value
    assert source.startswith("'=")
    assert book["报送情况"].cell(row=2, column=3).value == "乡镇"


def test_xlsx_findings_say_what_they_mean_in_chinese(sample: dict[int, RollupYear]) -> None:
    """The 汇总提示 sheet names each finding by its meaning, never by its code."""
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(files(sample[2024])["汇总.xlsx"]))
    sheet = book["汇总提示"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(values_only=False)]
    assert rows[0][:2] == ["级别", "问题"]
    text = " ".join(str(v) for row in rows for v in row if v is not None)
    assert "county_" not in text
    assert "county.yml 中列出的单位该年度既没有台账也没有报告（未提交）" in text


def test_sample_rollup_is_a_valid_interface() -> None:
    from fzdata.county.model import STATUS_COLUMNS, TOTALS_COLUMNS, UNITS_COLUMNS

    r = sample_rollup()
    assert list(r.status.columns) == list(STATUS_COLUMNS)
    assert list(r.units.columns) == list(UNITS_COLUMNS)
    assert list(r.totals.columns) == list(TOTALS_COLUMNS)
    assert r.kinds() == ["township", "department"]


# ---------------------------------------------------------------------------- CLI


def test_fz_rollup_writes_every_year(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = subprocess.run(
        [sys.executable, "-m", "fzdata", "rollup", "--data", str(SAMPLE_DATA), "--out", str(out),
         "--year", "2024"],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert (
        "某县2024年汇总：乡镇 4/5 个已报送（未提交：东岗镇；逾期：河口镇），部门 1/1 个已报送"
        in r.stdout
    )
    assert "警告 [county_overdue]" in r.stdout
    for name in ("tables/status.csv", "tables/units.csv", "tables/totals.csv", "汇总.xlsx"):
        assert (out / "汇总" / "2024" / name).is_file(), name
    units = pd.read_csv(out / "汇总" / "2024" / "tables" / "units.csv", encoding="utf-8-sig")
    assert {"unit", "kind", "key", "value", "qualifier", "lo", "hi", "measure", "source",
            "origin"} <= set(units.columns)  # fmt: skip


def test_fz_rollup_without_county_yml_or_with_a_bad_one(tmp_path: Path) -> None:
    def run(data: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "fzdata", "rollup", "--data", str(data), "--out", str(tmp_path / "o")],
            capture_output=True, text=True, cwd=REPO, check=False,
        )  # fmt: skip

    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA / "李庄乡", data / "李庄乡")
    r = run(data)
    assert r.returncode == 1 and "没有 county.yml" in r.stderr and "Traceback" not in r.stderr
    (data / "county.yml").write_text("units:\n  - {name: 李庄乡, kind: 乡}\n", encoding="utf-8")
    r = run(data)
    assert r.returncode == 1 and "county.yml" in r.stderr and "第2行" in r.stderr
    assert "Traceback" not in r.stderr


def test_fz_build_rolls_up_after_the_units(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With county.yml, ``fz build`` (all units) ends with the roll-up of the years it built;
    ``--unit`` builds one unit's report only."""
    import fzdata.build.core as core
    from fzdata.cli import main

    monkeypatch.setattr(core, "build", lambda *a, **k: core.BuildReport([], Path(a[1]), 0.1))
    out = tmp_path / "out"
    assert main(["build", "--data", str(SAMPLE_DATA), "--out", str(out), "--year", "2024"]) == 0
    assert "某县2024年汇总" in capsys.readouterr().out
    assert (out / "汇总" / "2024" / "tables" / "totals.csv").is_file()
    assert not (out / "汇总" / "2023").exists()
    # Built again with nothing changed: the roll-up is not made again (stat only) ...
    totals = out / "汇总" / "2024" / "tables" / "totals.csv"
    stamp = totals.stat().st_mtime_ns
    assert main(["build", "--data", str(SAMPLE_DATA), "--out", str(out), "--year", "2024"]) == 0
    assert "输入未变，未重新汇总" in capsys.readouterr().out and totals.stat().st_mtime_ns == stamp
    # ... but a changed collected report (fz collect run by hand) or --force makes it again.
    figures = out / "汇总" / "2024" / "collected" / "figures.csv"
    figures.write_bytes(figures.read_bytes())
    os.utime(figures, ns=(stamp + 10**9, stamp + 10**9))
    assert main(["build", "--data", str(SAMPLE_DATA), "--out", str(out), "--year", "2024"]) == 0
    assert "某县2024年汇总" in capsys.readouterr().out
    args = ["build", "--data", str(SAMPLE_DATA), "--out", str(out), "--year", "2024", "--force"]
    assert main(args) == 0 and "某县2024年汇总" in capsys.readouterr().out
    other = tmp_path / "other"
    assert main(["build", "--data", str(SAMPLE_DATA), "--out", str(other), "--unit", "李庄乡"]) == 0
    assert not (other / "汇总").exists()


def test_each_unit_year_read_once_and_analysed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rolling up 2023–2024 (with 2022 for the change) loads each unit-year's ledgers once
    and analyses each once, however many units there are (here more than a process keeps)."""
    import fzdata.analysis.analyse as analyse
    from fzdata.analysis.analyse import _SESSIONS
    from fzdata.core.counters import COUNTS

    monkeypatch.setattr(analyse, "KEEP_UNITS", 1)
    data = _copy(tmp_path)  # a fresh folder: nothing cached
    _SESSIONS.clear()
    COUNTS.clear()
    rollup(data, tmp_path / "out", [2023, 2024], today=TODAY)
    loads = {k[1:]: v for k, v in COUNTS.items() if k[0] == "load_year"}
    analysed = {k[1:]: v for k, v in COUNTS.items() if k[0] == "analyse"}
    assert loads and max(loads.values()) == 1, loads
    assert analysed and max(analysed.values()) == 1, analysed
    assert ("青石镇", 2024) in loads and ("李庄乡", 2021) in loads  # 2021: 李庄乡's trend chart


def test_a_unit_folder_named_by_its_short_name(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    (data / "某县市场监督管理局").rename(data / "市场监管局")
    r = rollup(data, tmp_path / "out", [2024], today=TODAY)[0]
    s = r.status.set_index("unit")
    assert s.loc["某县市场监督管理局", "ledgers"] == 7
    assert not [f for f in r.findings if f["code"] == "county_unlisted_unit"]
    t = _total(r, "department", "enforcement_cases")
    assert (t["value"], t["exact"], t["counted_units"]) == (13, True, "某县市场监督管理局")


def test_units_not_yet_expected_are_left_out(tmp_path: Path) -> None:
    """county.yml ``since``: 青石镇, 河口镇 and 东岗镇 report from 2023, the department from 2022;
    in 2022 the townships' totals are 李庄乡's alone, exact."""
    r = rollup(SAMPLE_DATA, tmp_path, [2022], today=TODAY)[0]
    assert r.status["unit"].tolist() == ["李庄乡", "某县市场监督管理局"]
    # 法律明白人 2022, 李庄乡's 26 villages: the first twelve 6+5+6+5+3+4+4+5+5+5+5+4 = 57,
    # the other fourteen thirteen times 5 and a 3 = 68; 57 + 68 = 125.
    t = _total(r, "township", "legal_literates")
    assert (t["value"], t["qualifier"], t["exact"], t["missing"]) == (125, "", True, "")
    assert not [f for f in r.findings if f["code"] == "county_not_submitted"]


def test_a_unit_that_cannot_be_analysed_is_an_error_not_a_zero(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    (data / "青石镇" / "unit.yml").write_text("kind: [\n", encoding="utf-8")
    r = run_quiet(data, tmp_path / "out")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "错误 [county_unit_unreadable] 「青石镇」2024年的台账无法分析" in r.stdout
    totals = pd.read_csv(
        tmp_path / "out" / "汇总" / "2024" / "tables" / "totals.csv", encoding="utf-8-sig"
    )
    row = totals[(totals["kind"] == "township") & (totals["key"] == "publicity_events")].iloc[0]
    # 李庄乡 9 + 河口镇 7 + 柏树乡 15 (its Word report) = 31以上; 青石镇 and 东岗镇 missing.
    assert (row["value"], row["qualifier"], row["missing"]) == (31, "以上", "青石镇、东岗镇")


def run_quiet(data: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fzdata", "rollup", "--data", str(data), "--out", str(out), "--year", "2024"],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip


def test_review_sheet_contradictions_join(tmp_path: Path) -> None:
    """A figure ``fz collect`` found contradicting a unit's ledgers (review.csv) is listed."""
    tables = tmp_path / "out" / "汇总" / "2024" / "tables"
    tables.mkdir(parents=True)
    (tables / "review.csv").write_text(
        "file,unit,level,code,line,section,message\n"
        "青石镇.docx,青石镇,error,lint:data-mismatch,7,成效,"
        "普法宣传活动写作「9」，台账为6次（指标台账.csv!指标台账!B3）\n",
        encoding="utf-8-sig",
    )
    r = rollup(SAMPLE_DATA, tmp_path / "out", [2024], today=TODAY)[0]
    row = r.contradictions[r.contradictions["unit"] == "青石镇"].iloc[0]
    assert (row["name"], row["stated"], row["ledger"], row["line"]) == (
        "普法宣传活动",
        "9",
        "6次",
        7,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a county.yml key misspelt: county.yml's own keys are suggested, not unit.yml's
        ("deadline: {township: 3月10日}\n", "county.yml:1：没有「deadline」这一设置；是否想写 deadlines"),
        # a unit's key misspelt: its position counted from 1, the unit keys suggested
        ("units:\n  - {name: 甲镇}\n  - {name: 乙镇, knd: township}\n",
         "county.yml:3：没有「units 第2项的 knd」这一设置；是否想写 kind"),
        # 3.10 is the number 3.1 in YAML
        ("deadlines: {township: 3.10}\n", "township 的期限写成了数字「3.1」；请写成「3月10日」这样的月日"),
        # a received date in the wrong form: the example is that year's spring
        ("units:\n  - {name: 甲镇, received: {2024: 3月5日}}\n", "应写成「2025-03-05」这样的年-月-日"),
    ],
)  # fmt: skip
def test_county_yml_mistakes_are_named_in_chinese(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "county.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_county(tmp_path)
    assert expected in str(err.value)
    assert "norms" not in str(err.value)  # unit.yml's keys are not offered for county.yml


def test_reports_collected_from_another_folder_survive_the_rollup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """docs: 「fz collect 收文 --year 2024」 then fz rollup. An empty 报告/ folder neither
    re-collects over it nor blanks it (before: 柏树乡 turned 未提交); the roll-up says which
    folder the collected reports came from; fz collect on an empty folder fails and leaves the
    collected tables alone. The latest collect that finds reports wins."""
    from fzdata.cli import main
    from fzdata.county.model import NOT_SUBMITTED

    data = _copy(tmp_path)
    inbox = tmp_path / "收文"
    shutil.move(reports_folder(data, 2024), inbox)
    reports_folder(data, 2024).mkdir()  # exists, empty
    out = tmp_path / "out"
    common = ["--year", "2024", "--data", str(data), "--out", str(out)]
    assert main(["collect", str(inbox), *common]) == 0
    collected = out / "汇总" / "2024" / "collected"
    assert (collected / "source.txt").read_text("utf-8").strip() == str(inbox.resolve())
    figures = (collected / "figures.csv").read_bytes()
    assert "柏树乡" in figures.decode("utf-8-sig")
    capsys.readouterr()

    assert main(["rollup", "--data", str(data), "--out", str(out), "--year", "2024"]) == 0
    said = capsys.readouterr().out
    assert f"沿用此前 fz collect 从「{inbox.resolve()}」读取的报告" in said
    status = pd.read_csv(out / "汇总" / "2024" / "tables" / "status.csv", encoding="utf-8-sig")
    assert status.set_index("unit").loc["柏树乡", "report"] != NOT_SUBMITTED
    assert (collected / "figures.csv").read_bytes() == figures

    assert main(["collect", str(reports_folder(data, 2024)), *common]) == 1
    assert "此前读取的结果（collected/）未改动" in capsys.readouterr().err
    assert (collected / "figures.csv").read_bytes() == figures
    assert (collected / "source.txt").read_text("utf-8").strip() == str(inbox.resolve())

    # Reports put into 报告/ later: the roll-up reads them and says it replaced the other folder.
    shutil.copy(next(inbox.iterdir()), reports_folder(data, 2024))
    assert main(["rollup", "--data", str(data), "--out", str(out), "--year", "2024"]) == 0
    said = capsys.readouterr().out
    assert "已读取" in said and f"取代此前从「{inbox.resolve()}」读取的结果" in said
    source = (collected / "source.txt").read_text("utf-8").strip()
    assert source == str(reports_folder(data, 2024).resolve())


def test_pages_state_a_lower_bound_by_its_minimum(
    sample: dict[int, RollupYear], tmp_path: Path
) -> None:
    # 接待法律咨询 2024: 约600 + 350 + 260 + 约300 with 东岗镇 missing is at least
    # 540 + 350 + 260 + 270 = 1420: every page says 「1420人次以上」, none the midpoint 1510.
    from fzdata.county.pages import write_pages

    made = write_pages(sample[2024], tmp_path)
    for name in ("汇总.html", "report.html"):
        text = made[name].decode("utf-8")
        assert "1420人次以上" in text and "1510人次" not in text, name


def test_status_counts_the_narrative_mismatch_as_lint_not_ledger_error(tmp_path: Path) -> None:
    # A built unit-year whose narrative contradicts its ledgers: the build's findings.csv holds
    # lint:data-mismatch, which fz check does not report; it belongs to 稿件检查.
    import json

    d = tmp_path / "out" / "河口镇" / "2024"
    (d / "tables").mkdir(parents=True)
    (d / "manifest.json").write_text(
        json.dumps({"status": "built", "draft": False, "lint": {"errors": 0, "warnings": 0},
                    "warnings": {"errors": 1, "warnings": 1}}),
        encoding="utf-8",
    )  # fmt: skip
    (d / "tables" / "findings.csv").write_text(
        "level,code,file,sheet,cell,message\n"
        "error,lint:data-mismatch,narrative.md,,第10行第11列,普法宣传活动写作「30」，台账为7次\n"
        "warning,missing_value,指标台账.csv,指标台账,B9,缺数\n",
        encoding="utf-8",
    )
    r = rollup(SAMPLE_DATA, tmp_path / "out", [2024], today=TODAY)[0]
    row = r.status.set_index("unit").loc["河口镇"]
    assert (row["errors"], row["warnings"], row["lint"]) == (0, 1, 1)


def test_county_report_keeps_the_full_totals_table_once(
    sample: dict[int, RollupYear], tmp_path: Path
) -> None:
    from bs4 import BeautifulSoup

    from fzdata.county.pages import write_pages

    html = write_pages(sample[2024], tmp_path)["report.html"].decode("utf-8")
    text = BeautifulSoup(html, "html.parser").get_text(" ", strip=True)
    # The body shows the key figures; every indicator is listed once, in the appendix.
    assert "主要指标汇总（全部指标见附表）" in text
    assert text.count("督促整改安全隐患") == 1 and text.count("发放宣传资料 4700份以上") == 1
    # How many were on time and how many late, not 「N个按要求报送」.
    assert "已报送5个，其中按期4个、逾期1个" in text


def test_unlisted_folder_with_a_close_name_gets_a_hint(tmp_path: Path) -> None:
    # The folder is 青石 while county.yml lists 青石镇: 未提交 for 青石镇, and the warning on 青石
    # asks whether it is the same unit.
    data = _copy(tmp_path)
    (data / "青石镇").rename(data / "青石")
    r = rollup(data, tmp_path / "out", [2024], today=TODAY)[0]
    unlisted = [f for f in r.findings if f["code"] == "county_unlisted_unit"]
    assert len(unlisted) == 1 and unlisted[0]["file"] == "青石"
    assert (
        "是否就是 county.yml 中的「青石镇」？请把名称写成一致，或在 units 中用 short 写明简称"
        in (unlisted[0]["message"])
    )


def test_close_names() -> None:
    from fzdata.county.rollup import close_name

    assert close_name("桃园", ["东岗镇", "桃园乡"]) == "桃园乡"
    assert close_name("县市场监管局", ["东岗镇", "某县市场监督管理局"]) == "某县市场监督管理局"
    assert close_name("青石镇", ["东岗镇", "柏树乡"]) == ""
