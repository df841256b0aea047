"""Each quirk of real ledgers, asserted directly (the golden files pin the rest)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURE_UNIT, FIXTURE_YEAR, LOAD_CASES

import fzdata
from fzdata.ingest.load import YearData


def load(case: str) -> YearData:
    return fzdata.load_year(LOAD_CASES / case / "data", FIXTURE_UNIT, FIXTURE_YEAR)


def codes(yd: YearData, level: str | None = None) -> list[str]:
    f = yd.findings
    return sorted(f[f["level"] == level]["code"] if level else f["code"])


def test_header_below_titles_with_blank_and_note_rows() -> None:
    yd = load("header_not_first_row")
    ind = yd.indicators.set_index("key")
    assert ind.loc["publicity_events", "value"] == 10
    assert ind.loc["materials_distributed", ["value", "qualifier"]].tolist() == [1000, "多"]
    assert ind.loc["consultations", "note"] == "含线上"
    assert ind.loc["consultations", "source"] == "指标台账.xlsx!指标!C10"
    kinds = yd.nondata.groupby("kind")["row"].apply(list).to_dict()
    assert kinds == {"header": [4], "note": [12, 13, 14], "title": [1, 2]}
    assert codes(yd) == []


@pytest.mark.parametrize("case", ["two_row_header", "two_row_header_csv"])
def test_two_row_header(case: str) -> None:
    v = load(case).villages.set_index("village")
    assert v.loc["东河村", "demo_level"] == "省级"
    assert v.loc["东河村", "demo_year"] == 2021
    assert v.loc["西河村", "demo_year"] == 2019
    if case == "two_row_header":
        assert v.loc["北岭村", "demo_level"] == ""
        assert pd.isna(v.loc["北岭村", "demo_year"])
        assert not v.loc["南岭村", "has_plaza"]


def test_totals_checked_then_excluded() -> None:
    yd = load("totals")
    assert yd.villages["legal_literates"].sum() == 18  # 合计/小计 rows are not data
    messages = yd.findings[yd.findings["code"] == "total_mismatch"]["message"].tolist()
    assert any("19" in m and "18" in m for m in messages)  # names both numbers
    assert any("8" in m and "7" in m and "小计" in m for m in messages)
    assert any("260" in m and "250" in m for m in messages)
    assert any("3起" in m and "2 条" in m for m in messages)
    assert len(messages) == 4  # the right 小计 (11) and the right 合计 (50 consultations) pass
    assert sorted(yd.nondata.query("kind == 'subtotal'")["row"]) == [4, 7]


def test_numbers_keep_qualifier_and_raw_and_missing_is_not_zero() -> None:
    ind = load("numbers").indicators.set_index("name")
    assert ind.loc["发放宣传资料", ["value", "qualifier", "value_raw"]].tolist() == [
        2000,
        "余",
        "2000余",
    ]
    assert ind.loc["排查矛盾纠纷", ["value", "qualifier"]].tolist() == [600, "约"]
    for name in ("下发安全检查通知书", "纠正不规范操作", "督促整改安全隐患", "行政村"):
        assert pd.isna(ind.loc[name, "value"]), name
    assert ind.loc["拆除违章建筑面积", "value"] == 1250.5


def test_booleans() -> None:
    yd = load("booleans")
    v = yd.villages.set_index("village")
    assert v.loc[[f"甲{i}村" for i in range(7)], "has_counsel"].tolist() == [True] * 7
    assert v.loc[[f"甲{i}村" for i in range(7)], "has_plaza"].tolist() == [False] * 7
    assert pd.isna(v.loc["乙村", "has_plaza"]) and pd.isna(v.loc["乙村", "signed_letter"])
    assert codes(yd) == ["bad_boolean"]


def test_dates() -> None:
    yd = load("dates")
    dates = yd.events["date"].dt.strftime("%Y-%m-%d").fillna("").tolist()
    assert dates[:7] == ["2023-01-09", "2023-06-26", "2023-06-26", "2023-03-05", "2023-04-18",
                         "2023-06-26", "2023-12-04"]  # fmt: skip
    assert dates[8] == ""
    assert codes(yd) == ["bad_date", "date_out_of_year"]


def test_statuses() -> None:
    yd = load("statuses")
    counts = yd.disputes["outcome"].value_counts().to_dict()
    assert counts == {"resolved": 5, "pending": 4, "failed": 2, "unknown": 2}
    assert codes(yd) == ["unknown_status", "unknown_status"]


def test_village_names_matched_to_villages_table() -> None:
    yd = load("village_names")
    assert yd.petitions["village"].tolist() == [
        "西河村",
        "东河村",
        "石桥村",
        "南岭村",
        "北岭村",
        "红旗村",
    ]
    f = yd.findings.query("code == 'unknown_village'")
    assert f["cell"].tolist() == ["C7"] and "红旗村" in f["message"].iloc[0]


def test_csv_encodings_detected() -> None:
    yd = load("csv_encodings")
    p = yd.petitions.set_index("case_id")
    assert p.loc["G1", "matter"] == "宅基地纠纷"
    assert p.loc["H1", "matter"] == "饮水安全（𠀋）"
    assert p.loc["U1", "village"] == "石桥村"
    assert p.loc["X2", "outcome"] == "pending"
    assert len(p) == 6 and codes(yd, "error") == []


def test_sheet_without_table_is_reported_not_skipped() -> None:
    yd = load("no_table_sheet")
    f = yd.findings.query("code == 'sheet_no_table'")
    assert f["sheet"].tolist() == ["说明"] and f["level"].tolist() == ["info"]
    assert yd.trainings["hours"].tolist() == [52, 48]


def test_tables_combined_and_duplicates_found() -> None:
    yd = load("combined")
    ind = yd.indicators.set_index("key")
    assert sorted(ind.index) == ["demolished_area", "disputes_handled", "materials_distributed",
                                 "petitions_received", "publicity_events"]  # fmt: skip
    assert ind.loc["petitions_received", "value"] == 10  # the first one stays
    dup = yd.findings.query("code == 'duplicate_indicator'")
    assert sorted(dup["level"]) == ["error", "warning"]  # different values vs the same value
    assert yd.trainings["name"].tolist() == ["王某"]  # the second table stacked in one sheet


def test_xls_and_ods() -> None:
    yd = load("formats")
    assert yd.villages.set_index("village")["legal_literates"].to_dict() == {
        "东河村": 5,
        "西河村": 6,
    }
    assert yd.trainings[["hours", "hours_qualifier"]].values.tolist() == [[52, ""], [40, "约"]]


def test_bad_input_all_reported_in_one_pass() -> None:
    yd = load("bad_input")
    assert codes(yd, "error") == sorted([
        "file_encrypted", "file_unreadable", "file_empty", "no_table", "missing_column",
        "negative_count", "bad_number", "bad_number", "excel_error", "excel_error",
        "missing_name", "duplicate_village"])  # fmt: skip
    f = yd.findings.set_index(["code", "cell"])
    assert "#DIV/0!" in f.loc[("excel_error", "B6"), "message"]
    assert "#REF!" in f.loc[("excel_error", "B2"), "message"]
    assert f.loc[("negative_count", "B3"), "file"] == "村情.xlsx"
    # The good rows of the bad files still load: one bad file does not stop the others.
    assert yd.villages["village"].tolist() == ["东河村", "石桥村"]
    assert yd.indicators["key"].tolist() == []
    assert set(yd.rejects["file"]) == {"村情.xlsx", "指标.xlsx", "缺列.xlsx"}
    assert all(yd.rejects["reason"].str.len() > 0)


def test_ambiguous_table_is_refused() -> None:
    yd = load("ambiguous")
    assert codes(yd, "error") == ["ambiguous_table"]
    assert len(yd.rejects) == 1


def test_unseen_township() -> None:
    """The new-user trial: another clerk's column names and spellings, checked by hand."""
    yd = load("unseen_township")
    assert codes(yd, "error") == [] and codes(yd, "warning") == []
    ind = yd.indicators.set_index("label")
    assert ind.loc["组织开展普法宣传活动", ["key", "value", "unit", "target"]].tolist() == [
        "publicity_events", 15, "场", 12]  # fmt: skip
    assert ind.loc["发放法治宣传资料", ["value", "qualifier"]].tolist() == [5000, "余"]
    assert ind.loc["接待群众来访", "key"] == ""  # visits (人次) are not petition cases (件)
    assert ind.loc["成功调处矛盾纠纷", "key"] == "disputes_resolved"
    assert ind.loc["开展法治讲座", "value"] == 8
    assert ind.loc["拆除违法建筑面积", ["key", "value"]].tolist() == ["demolished_area", 1200]
    v = yd.villages.set_index("village")
    assert list(v.index) == ["王店村", "河西村", "杨集社区", "马楼村", "孙庄村", "新华社区"]
    assert v["legal_literates"].sum() == 50
    assert v.loc["马楼村", ["has_counsel", "has_plaza", "signed_letter"]].tolist() == [False] * 3
    assert v["demo_level"].tolist() == ["省级", "县级", "市级", "", "县级", "县级"]
    d = yd.disputes
    assert d["village"].tolist() == ["王店村", "河西村", "马楼村", "杨集社区", "马楼村", "孙庄村"]
    assert d["outcome"].tolist() == [
        "resolved",
        "resolved",
        "pending",
        "resolved",
        "failed",
        "resolved",
    ]
    t = yd.trainings.set_index("name")
    assert t.loc["郑某", ["hours", "hours_qualifier"]].tolist() == [40, "约"]
    assert pd.isna(t.loc["王某", "hours"])  # — is missing, not zero


def test_csv_quoted_fields_with_commas_and_quotes(tmp_path: Path) -> None:
    """Standard Excel quoting: a field may hold commas and doubled quotes."""
    folder = tmp_path / FIXTURE_UNIT / str(FIXTURE_YEAR)
    folder.mkdir(parents=True)
    (folder / "指标.csv").write_text(
        '指标,数值,备注\r\n"检查企业、施工地",5,"含""回头看"",共2轮"\r\n"=HYPERLINK(""http://x"",""点我"")",3,\r\n',
        encoding="utf-8",
    )
    ind = fzdata.load_year(tmp_path, FIXTURE_UNIT, FIXTURE_YEAR).indicators
    assert ind["label"].tolist() == ["检查企业、施工地", '=HYPERLINK("http://x","点我")']
    assert ind["note"].tolist()[0] == '含"回头看",共2轮'


def test_headers_and_statuses_from_an_unseen_township(tmp_path: Path) -> None:
    """Spellings a second trial clerk used (石门乡): each must be read, not flagged as no table."""
    from ledgers import UNIT, make_unit

    make_unit(tmp_path, {2023: {
        "指标.csv": [["序号", "工作项目", "年度目标", "全年完成"], ["1", "普法讲座（场）", "4", "5"]],
        "村情.csv": [["序号", "村名称", "法律明白人（名）", "村法律顾问"], ["1", "石门村", "6", "有"]],
        "学时.csv": [["姓名", "工作单位", "全年学时"], ["张建国", "执法队", "64"]],
        "信访.csv": [["编号", "日期", "村名称", "反映问题", "办理情况"],
                     ["1", "2023.3.5", "石门村", "土地", "息访"],
                     ["2", "2023.4.5", "石门村", "社保", "转县人社局处理"]],
    }})  # fmt: skip
    yd = fzdata.load_year(tmp_path, UNIT, 2023)
    assert yd.indicators["value"].tolist() == [5.0]
    assert yd.villages["village"].tolist() == ["石门村"]
    assert yd.trainings["hours"].tolist() == [64.0]
    assert yd.petitions["outcome"].tolist() == ["resolved", "pending"]
    assert not (yd.findings["level"] == "error").any()


def test_a_petition_log_named_so_is_not_read_as_disputes(tmp_path: Path) -> None:
    """Headers that score one column higher as a dispute log; the file says 信访."""
    from ledgers import UNIT, make_unit

    make_unit(tmp_path, {2023: {"信访事项登记簿.csv": [
        ["登记编号", "来信来访日期", "所属村", "反映事项", "处理结果"],
        ["XF-01", "2023.3.5", "石门村", "土地承包", "已办结"],
    ]}})  # fmt: skip
    yd = fzdata.load_year(tmp_path, UNIT, 2023)
    assert len(yd.petitions) == 1 and yd.disputes.empty


def test_a_yes_no_column_that_asks_for_a_name(tmp_path: Path) -> None:
    """「法律顾问姓名」: a name means the village has one, 暂未聘请 means it has none."""
    from ledgers import UNIT, make_unit

    make_unit(tmp_path, {2024: {"村情.csv": [
        ["村（居）名", "法律明白人", "法律顾问姓名"],
        ["石门村", "6", "李明（鼎诚律师事务所）"], ["马庄村", "3", "暂未聘请"], ["柳林村", "4", ""],
    ]}})  # fmt: skip
    yd = fzdata.load_year(tmp_path, UNIT, 2024)
    counsel = yd.villages["has_counsel"]
    assert counsel.iloc[:2].tolist() == [True, False] and pd.isna(counsel.iloc[2])
    notes = yd.findings[yd.findings["code"] == "presence_read"]
    assert len(notes) == 2 and "李明" in notes["message"].iloc[0]
