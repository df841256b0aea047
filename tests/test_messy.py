"""Messy ledgers (issue 10): every figure right or flagged at its cell, none silently wrong.

The golden files pin every table; these tests state each category's rule directly.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURE_UNIT, FIXTURE_YEAR, LOAD_CASES

import fzdata
from fzdata.ingest.clean import is_ditto, summary_label
from fzdata.ingest.load import YearData


def load(case: str) -> YearData:
    return fzdata.load_year(LOAD_CASES / case / "data", FIXTURE_UNIT, FIXTURE_YEAR)


def found(yd: YearData, code: str) -> pd.DataFrame:
    return yd.findings[yd.findings["code"] == code]


def test_merged_cells_belong_to_every_row_they_span() -> None:
    yd = load("messy_merged_cells")
    v = yd.villages.set_index("village")
    assert v["demo_level"].to_dict() == {
        "东河村": "省级", "西河村": "省级", "南岭村": "县级", "北岭村": "县级", "石桥村": "县级"
    }  # fmt: skip
    assert v["has_counsel"].tolist() == [True, True, True, False, False]
    d = yd.disputes.set_index("case_id")
    assert (d["date"] == pd.Timestamp("2023-03-01")).all()
    assert d.loc["J2", ["village", "outcome"]].tolist() == ["东河村", "resolved"]
    assert yd.petitions.set_index("case_id").at["X2", "outcome"] == "resolved"
    # each merge named once, at its range, with the anchor as source
    cells = found(yd, "merged_value")[["sheet", "cell"]].values.tolist()
    assert ["纠纷", "B2:B4"] in cells and ["信访", "E2:E3"] in cells
    assert all("来源" in m for m in found(yd, "merged_value")["message"])


def test_merged_cells_in_ods() -> None:
    v = load("messy_merged_cells_ods").villages.set_index("village")
    assert v["has_counsel"].tolist() == [True, True, True]
    assert v["demo_level"].tolist() == ["省级", "省级", "县级"]


def test_a_merged_number_counts_once_and_is_flagged() -> None:
    yd = load("messy_merged_cells")
    assert yd.events["participants"].sum() == 380  # 300 once, not twice
    assert pd.isna(yd.events.set_index("title").at["民法典宣讲", "participants"])
    w = found(yd, "merged_number")
    assert w["cell"].tolist() == ["C2"] and w["level"].tolist() == ["warning"]


def test_ditto_marks_take_the_value_above_with_its_source() -> None:
    yd = load("messy_ditto")
    p = yd.petitions.set_index("case_id")
    assert p["village"].tolist() == ["东河村", "东河村", "西河村", "西河村", "西河村"]
    assert p["outcome"].tolist() == ["resolved", "resolved", "resolved", "pending", "pending"]
    assert p.loc[["X3", "X4"], "date"].tolist() == [pd.Timestamp("2023-02-01")] * 2
    # a chain of dittos names the original cell
    msg = found(yd, "ditto").set_index("cell").at["E4", "message"]
    assert "E2" in msg and "已办结" in msg
    # nothing above: a warning, and missing (not a guess)
    assert found(yd, "ditto_without_value")["cell"].tolist() == ["B2"]
    assert pd.isna(p.at["X1", "date"])
    assert yd.trainings.set_index("name").at["李某", "hours"] == 40


@pytest.mark.parametrize(
    ("text", "kind"),
    [("合计", "total"), ("总计", "total"), ("累计", "total"), ("全年合计", "total"),
     ("合计：3起", "total"), ("小计", "subtotal"), ("本月合计", "subtotal"),
     ("季度小计", "subtotal"), ("一季度小计", "subtotal"), ("第二季度小计", "subtotal"),
     ("3月合计", "subtotal"), ("管区小计", "subtotal"), ("东片区小计", "subtotal"),
     ("张庄管区小计", "subtotal"), ("人均", "average"), ("平均", "average"),
     ("平均学时", "average"), ("累计培育法律明白人", ""), ("法律明白人总数", ""),
     ("矛盾纠纷合计", ""), ("东河村", ""), ("J000123", "")],
)  # fmt: skip
def test_summary_labels(text: str, kind: str) -> None:
    assert summary_label(text) == kind


def test_indicator_named_per_capita_is_not_an_average() -> None:
    assert summary_label("人均培训学时", averages=False) == ""
    assert summary_label("人均", averages=False) == "average"


def test_summary_rows_anywhere_are_checked_then_excluded() -> None:
    yd = load("messy_summary_rows")
    assert yd.villages["village"].tolist() == ["东河村", "西河村", "南岭村", "北岭村", "石桥村"]
    assert yd.villages["legal_literates"].sum() == 23
    assert len(yd.trainings) == 3 and len(yd.disputes) == 3
    assert "平均分配政策宣讲" in yd.events["title"].tolist()  # an event, not an average row
    assert len(yd.events) == 4
    m = found(yd, "total_mismatch").set_index(["sheet", "cell"])["message"]
    # the right 合计 under the header, the right 管区小计, 总计, 本月合计, 累计, 人均 pass
    assert sorted(m.index) == [("培训", "C6"), ("村情", "C9"), ("纠纷", "C6")]
    assert "13" in m[("村情", "C9")] and "12" in m[("村情", "C9")]
    assert "45" in m[("培训", "C6")] and "42" in m[("培训", "C6")]
    kinds = yd.nondata.groupby("kind")["row"].count().to_dict()
    assert kinds == {"header": 4, "total": 4, "subtotal": 6, "average": 2}


@pytest.mark.parametrize("case", ["messy_hidden_xlsx", "messy_hidden_ods", "messy_hidden_xls"])
def test_hidden_columns_are_not_this_years_data_hidden_rows_are_kept(case: str) -> None:
    yd = load(case)
    assert yd.trainings["hours"].tolist() == [52, 40, 44]  # 「2023年学时」, not the hidden 学时
    assert found(yd, "hidden_column")["cell"].tolist() == ["C1"]
    assert found(yd, "other_year_column")["cell"].tolist() == ["E1"]
    hidden = found(yd, "hidden_rows")
    assert hidden["level"].tolist() == ["warning"] and "第3行" in hidden["message"].iloc[0]
    assert "5" not in hidden["message"].iloc[0].replace("第3行", "")  # the hidden 合计 is a summary
    assert found(yd, "total_mismatch").empty


def test_a_hidden_sheet_is_read_and_named() -> None:
    yd = load("messy_hidden_xlsx")
    assert yd.villages["village"].tolist() == ["东河村"]
    assert found(yd, "hidden_sheet")["sheet"].tolist() == ["村情备用"]


def test_wide_tables_by_year_and_by_month() -> None:
    yd = load("messy_wide_tables")
    ind = yd.indicators.set_index("key")
    assert ind.at["publicity_events", "value"] == 12
    assert ind.loc["materials_distributed", ["value", "qualifier"]].tolist() == [2000, "余"]
    prev = yd.previous.set_index("key")
    assert prev.loc["publicity_events", ["value", "source"]].tolist() == [
        10,
        "指标.xlsx!年度对比!C2",
    ]
    assert prev.at["materials_distributed", "qualifier"] == "多"
    w = found(yd, "previous_mismatch")
    assert w["cell"].tolist() == ["C4"] and "31" in w["message"].iloc[0]
    assert ind.at["consultations", "value"] == 126
    assert ind.at["banners", "value"] == 15  # months add up to 15; 全年合计 says 16: flagged
    assert found(yd, "total_mismatch")["cell"].tolist() == ["N3"]
    assert ind.at["demolition_actions", "value"] == 6  # blank months are not zeros, no total
    assert found(yd, "monthly_sum")["cell"].tolist() == ["B4"]


def test_numbers_with_notes_and_statuses_with_notes() -> None:
    yd = load("messy_number_notes")
    ind = yd.indicators.set_index("key")
    assert ind.loc["disputes_handled", ["value", "value_raw"]].tolist() == [12, "12（含2起移交）"]
    assert ind.at["legal_literates", "value"] == 3
    assert ind.loc["materials_distributed", ["value", "unit"]].tolist() == [2000, "份"]
    assert yd.rejects.empty
    notes = found(yd, "number_note")
    assert notes["level"].tolist() == ["info"] * 4 + ["warning"]  # 「12（13）」: which number?
    assert ind.at["banners", "value"] == 12 and notes["cell"].iloc[-1] == "B7"
    assert yd.disputes["outcome"].tolist()[:5] == [
        "resolved",
        "resolved",
        "resolved",
        "pending",
        "pending",
    ]


def test_dates_in_the_ledgers_year() -> None:
    yd = load("messy_dates")
    dates = yd.events.set_index("title")["date"].dt.strftime("%Y-%m-%d").to_dict()
    assert dates == {
        "活动一": "2023-03-15", "活动二": "2023-05-06", "活动三": "2023-07-03",
        "活动四": "2023-08-01", "活动五": "2022-12-30", "活动六": "2023-09-15",
    }  # fmt: skip
    assert found(yd, "date_out_of_year")["cell"].tolist() == ["A6"]


def test_template_rows_are_not_records_and_serials_restart_per_sheet() -> None:
    yd = load("messy_template_rows")
    assert yd.disputes["case_id"].tolist() == ["1", "3", "1", "2"]
    assert found(yd, "duplicate_case").empty
    assert found(yd, "empty_numbered_row")["cell"].tolist() == ["第3行"]
    t = yd.nondata[yd.nondata["kind"] == "template"]
    assert t.groupby("sheet")["row"].apply(list).to_dict() == {
        "1月": [3, 5, 6, 7, 8], "2月": [4, 5], "村情": [7, 8]
    }  # fmt: skip
    assert yd.rejects.empty


@pytest.mark.parametrize("mark", ["同上", "〃", "仝上", '"', '""', "“”", " 同上 "])
def test_ditto_marks(mark: str) -> None:
    assert is_ditto(mark)


@pytest.mark.parametrize("text", ["同上级", "上", "东河村", "", None, 3])
def test_not_ditto_marks(text: object) -> None:
    assert not is_ditto(text)


def test_training_sessions_add_up_per_officer() -> None:
    yd = load("messy_training_sessions")
    t = yd.trainings.set_index("name")
    assert t["hours"].to_dict() == {"张某": 36, "李某": 26, "王某": 16}
    assert t.at["李某", "hours_qualifier"] == "约"  # one session was approximate
    assert t.at["张某", "source"] == "培训登记.xlsx!培训登记!B2"
    assert yd.nondata.query("kind == 'session'")["row"].tolist() == [3, 4, 6]
    assert found(yd, "training_sessions")["cell"].tolist() == ["F2", "F5"]
    assert found(yd, "total_mismatch").empty


def test_monthly_sheets_quarter_and_year_totals_span_the_workbook() -> None:
    yd = load("messy_monthly_sheets")
    assert yd.events["materials"].sum() == 350 and len(yd.events) == 3
    assert found(yd, "total_mismatch").empty
    assert yd.nondata.query("kind in ['subtotal', 'total']")["row"].tolist() == [4, 5]


def test_a_line_above_the_header_is_no_parent_header() -> None:
    yd = load("messy_header_note_above")
    v = yd.villages.set_index("village")
    assert v.loc["东河村", ["legal_literates", "has_counsel", "demo_level"]].tolist() == [
        5,
        True,
        "县级",
    ]
    assert found(yd, "ignored_columns").empty


def test_status_words_of_real_logs() -> None:
    d = load("messy_number_notes").disputes.set_index("case_id")["outcome"]
    assert d[["J6", "J7"]].tolist() == ["pending", "pending"]  # 移交… / 转办…: not resolved here
    assert d[["J8", "J9"]].tolist() == ["failed", "failed"]
    assert d["J10"] == "resolved"  # 已办结，未回访: the first clause is the status
    assert (
        d["J11"] == "unknown"
    )  # 已办结未回访: a negation inside is not read as resolved (flagged)


def test_last_years_column_gives_the_previous_figure_when_last_years_ledger_lacks_it(
    tmp_path: Path,
) -> None:
    from fzdata.analysis.analyse import analyse_year

    data = tmp_path / "data"
    shutil.copytree(LOAD_CASES / "messy_wide_tables" / "data", data)
    shutil.rmtree(data / FIXTURE_UNIT / "2022")  # no ledger for last year
    ind = analyse_year(data, FIXTURE_UNIT, FIXTURE_YEAR).indicators.set_index("key")
    assert ind.loc["publicity_events", ["previous", "change"]].tolist() == [10, 2]
    assert ind.at["publicity_events", "previous_source"] == "指标.xlsx!年度对比!C2"
    # with last year's ledger, that ledger's figure is last year's (the mismatch is flagged)
    ind = analyse_year(LOAD_CASES / "messy_wide_tables" / "data", FIXTURE_UNIT, FIXTURE_YEAR)
    assert ind.indicators.set_index("key").at["disputes_handled", "previous"] == 31
