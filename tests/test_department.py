"""Departments (部门) as a second kind of unit: profiles, detection, the sample department's
figures (golden tables, checked by hand), every department rule on a case built to trigger it
and one built not to, and rates whose denominator is zero."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import SAMPLE_DATA, TESTS
from golden import check_golden, frame_text
from ledgers import (
    CASE_HEAD,
    DECISION_HEAD,
    DEPT,
    DOC_HEAD,
    INDICATOR_HEAD,
    OFFICER_HEAD,
    REVIEW_HEAD,
    TRAINING_HEAD,
    UNIT,
    make_department,
    make_unit,
)

import fzdata
from fzdata.analysis.analyse import analyse, analyse_year
from fzdata.core.errors import ConfigError
from fzdata.unit.profiles import load_profile

SAMPLE = "某县市场监督管理局"
YEARS = (2022, 2023, 2024)


@pytest.fixture(scope="module")
def analyses() -> dict[int, object]:
    years = fzdata.load_unit(SAMPLE_DATA, SAMPLE)
    return {y: analyse(years[y], years.get(y - 1), years.get(y - 2)) for y in YEARS}


def fig(a, key: str) -> tuple[float | None, str]:
    row = a.indicators.set_index("key").loc[key]
    return (None if pd.isna(row["value"]) else float(row["value"])), row["qualifier"]


def rules(a) -> dict[str, str]:
    return dict(zip(a.shortcomings["rule"], a.shortcomings["evidence"], strict=True))


# ---------------------------------------------------------------------- profiles


def test_profiles_and_unknown_kind(tmp_path: Path) -> None:
    t, d = load_profile("township"), load_profile("department")
    assert (t.label, t.self_name, d.label, d.self_name) == ("乡镇", "我乡", "部门", "我局")
    assert "villages" in t.tables and "villages" not in d.tables
    assert "officers" in d.tables and "officers" not in t.tables
    assert not set(d.rules) & {"coverage_gap", "below_norm", "imbalance", "village_decline"}
    with pytest.raises(ConfigError, match="单位种类"):
        load_profile("street")
    make_department(tmp_path, {2023: {"a.csv": [OFFICER_HEAD, ["张三", "", "A1", "2030-1-1", 60]]}},
                    "kind: 街道\n")  # fmt: skip
    with pytest.raises(ConfigError, match="kind「街道」"):
        fzdata.load_unit(tmp_path, DEPT)
    (tmp_path / DEPT / "unit.yml").write_text("kind: 部门\n", encoding="utf-8")
    assert fzdata.load_unit(tmp_path, DEPT)[2023].settings.kind == "department"


def test_detection_only_considers_the_kinds_tables(tmp_path: Path) -> None:
    """姓名/科室/学时 is a township's training ledger, never a department's officers, and a
    department's officer ledger is never read as a township's trainings."""
    officers = [OFFICER_HEAD, ["张三", "稽查科", "豫A1", "2030-12-31", 64]]
    make_department(tmp_path, {2023: {"人员.csv": officers}})
    yd = fzdata.load_unit(tmp_path, DEPT)[2023]
    assert yd.recognised == ["officers"]
    make_unit(tmp_path, {2023: {"人员.csv": officers}})
    yd = fzdata.load_unit(tmp_path, UNIT)[2023]
    assert yd.recognised == ["trainings"]  # 姓名、科室、培训学时; 执法证号 ignored
    # A department may keep hours in a separate training ledger: its average comes from there.
    make_department(tmp_path, {2024: {"培训.csv": [TRAINING_HEAD, ["张三", "稽查科", 56]]}})
    a = analyse_year(tmp_path, DEPT, 2024)
    assert a.data.recognised == ["trainings"]
    assert fig(a, "training_hours_avg") == (56, "")
    assert "certificate_invalid" not in set(a.shortcomings["rule"])


# ---------------------------------------------------------------- sample figures


@pytest.mark.parametrize("year", YEARS)
def test_sample_golden(analyses: dict, year: int, update_golden: bool) -> None:
    a = analyses[year]
    folder = TESTS / "data" / "analysis" / f"{SAMPLE}-{year}"
    for name in ("indicators", "villages", "shortcomings", "followup"):
        check_golden(folder / f"{name}.csv", frame_text(getattr(a, name)), update_golden)


def test_2023_figures_checked_by_hand(analyses: dict) -> None:
    a = analyses[2023]
    expected = {
        "enforcement_cases": 15, "penalty_cases": 8, "inspection_count": 4, "permit_decisions": 2,
        "coercion_cases": 1, "fines_amount": 23.8,  # 5000+30000+120000+80000+2000+1000 元
        "major_decisions_reviewed_rate": 75,  # 4 major decisions, 〔2023〕5号 not reviewed
        "reconsiderations": 3, "reconsiderations_corrected": 1,
        "reconsideration_correction_rate": 50,  # 撤销 of 2 concluded (one 审理中)
        "lawsuits": 3, "lawsuits_lost": 1,
        "lawsuit_loss_rate": 50,  # 确认违法 of 2 concluded first instances (二审 审理中)
        "head_appearance_rate": 50,  # heard 2 (行初12, 行初30), head present at one
        "normative_docs_issued": 4,  # the repealed 2020 document is not one of them
        "normative_docs_filed_on_time_rate": 50,  # day 30 on time, day 19 on time, 55, none
        "normative_docs_reviewed_rate": 75,
        "major_decisions": 2, "major_decisions_legal_review_rate": 50,
        "officers": 8, "officers_certified_rate": 75,  # 孙七 none, 陈刚 6月30日; 吴芳 12月31日 valid
        "training_hours_avg": 60.25, "disclosure_active": 126, "study_sessions": 4,
    }  # fmt: skip
    for key, value in expected.items():
        assert fig(a, key) == (pytest.approx(value), ""), key
    assert fig(analyses[2022], "fines_amount") == (pytest.approx(8.25), "")  # a 万元 column
    assert fig(analyses[2022], "disclosure_active") == (120, "余")
    assert fig(analyses[2022], "officers_certified_rate") == (87.5, "")  # 赵强 to 2022-12-31
    assert fig(analyses[2022], "reconsideration_correction_rate") == (0, "")  # a real 0%


def test_2024_rates_without_denominator_are_no_rate(analyses: dict) -> None:
    a = analyses[2024]
    for key in ("reconsideration_correction_rate", "lawsuit_loss_rate", "head_appearance_rate",
                "normative_docs_filed_on_time_rate", "normative_docs_reviewed_rate"):  # fmt: skip
        assert fig(a, key) == (None, "无"), key
    assert fig(a, "lawsuits") == (0, "") and fig(a, "normative_docs_issued") == (0, "")
    assert "data_gap" not in set(a.shortcomings["rule"])  # no rate is not missing data
    fu = a.followup.set_index("rule")
    # No lawsuit heard this year: last year's absence cannot be checked, so it is listed in the
    # completeness appendix, never as 已整改.
    assert "head_absent" not in fu.index
    notes = a.completeness.loc[a.completeness["kind"] == "followup", "message"]
    assert any("行政机关负责人未出庭应诉" in m for m in notes)
    assert fu.at["certificate_invalid", "evidence"].endswith("（孙七、陈刚已整改）")
    assert (
        fu.at["enforcement_not_reviewed", "evidence"]
        == "上年有1件未经法制审核的重大执法决定，今年未再出现"
    )
    assert fig(a, "penalty_cases") == (5, "") and "decline" not in set(a.shortcomings["rule"])


def test_2023_shortcomings_name_cases_documents_and_officers(analyses: dict) -> None:
    r = rules(analyses[2023])
    assert r["enforcement_not_reviewed"].endswith("：某市监罚〔2023〕5号")
    assert r["head_absent"].endswith("：（2023）豫0421行初30号")
    assert r["lawsuit_lost"].endswith("（2023）豫0421行初30号，一审确认违法")
    assert r["reconsideration_corrected"].endswith("某复〔2023〕2号，撤销")
    assert r["doc_filed_late"].endswith(
        "某市监〔2023〕3号，公布后第55日报备"
    )  # not 〔2023〕1号 (day 30)
    assert r["doc_not_filed"].endswith("某市监〔2023〕7号")
    assert r["doc_not_reviewed"].endswith("某市监〔2023〕5号")
    assert r["decision_missing_step"].endswith("某县农贸市场摊位收费标准调整（缺合法性审查）")
    assert r["certificate_invalid"].endswith("孙七（无执法证）；陈刚（2023年6月30日到期）")
    # A specific rule speaks for its figure: no target_missed / decline about the same rates.
    assert "target_missed" not in r
    assert not {"coverage_gap", "below_norm", "imbalance", "unresolved_cases"} & set(r)


def test_township_rules_do_not_run_for_departments_nor_the_reverse() -> None:
    t = analyse_year(SAMPLE_DATA, "李庄乡", 2023)
    assert not set(t.shortcomings["rule"]) & set(load_profile("department").rules) - set(
        load_profile("township").rules
    )
    d = analyse_year(SAMPLE_DATA, SAMPLE, 2023)
    assert d.villages.empty


def test_rules_off_for_a_department(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(SAMPLE_DATA / SAMPLE, tmp_path / SAMPLE)
    yml = tmp_path / SAMPLE / "unit.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8") + "rules_off: [doc_not_filed]\n", encoding="utf-8"
    )
    assert "doc_not_filed" not in set(analyse_year(tmp_path, SAMPLE, 2023).shortcomings["rule"])


# ------------------------------------------------------------ each rule, both ways


def _one(tmp_path: Path, files: dict[str, list[list]], yml: str = "") -> object:
    make_department(tmp_path, {2023: files}, "name: 试验局\nkind: department\n" + yml)
    return analyse_year(tmp_path, DEPT, 2023)


RULE_CASES = {
    "head_absent": (
        {"r.csv": [REVIEW_HEAD, ["（2023）行初1号", "行政诉讼一审", "2023-3-1", "2023-5-1", "驳回", "否", ""]]},
        {"r.csv": [REVIEW_HEAD, ["（2023）行初1号", "行政诉讼一审", "2023-3-1", "2023-5-1", "驳回", "是", "张局长"]]},
        "（2023）行初1号",
    ),
    "lawsuit_lost": (
        {"r.csv": [REVIEW_HEAD, ["（2023）行初2号", "行政诉讼", "2023-3-1", "", "撤销被诉行政行为", "是", ""]]},
        {"r.csv": [REVIEW_HEAD, ["（2023）行初2号", "行政诉讼", "2023-3-1", "", "驳回诉讼请求", "是", ""]]},
        "（2023）行初2号，一审撤销被诉行政行为",  # the result as written
    ),
    "reconsideration_corrected": (
        {"r.csv": [REVIEW_HEAD, ["复〔2023〕1号", "行政复议", "2023-3-1", "", "责令履行", "", ""]]},
        {"r.csv": [REVIEW_HEAD, ["复〔2023〕1号", "行政复议", "2023-3-1", "", "维持", "", ""]]},
        "复〔2023〕1号，责令履行",
    ),
    "doc_filed_late": (
        {"d.csv": [DOC_HEAD, ["试〔2023〕1号", "办法", "2023-1-1", "是", "2023-2-1", "现行有效"]]},  # day 31
        {"d.csv": [DOC_HEAD, ["试〔2023〕1号", "办法", "2023-1-1", "是", "2023-1-31", "现行有效"]]},  # day 30
        "试〔2023〕1号，公布后第31日报备",
    ),
    "doc_not_filed": (
        {"d.csv": [DOC_HEAD, ["试〔2023〕2号", "办法", "2023-1-1", "是", "未报备", "现行有效"]]},
        {"d.csv": [DOC_HEAD, ["试〔2023〕2号", "办法", "2023-1-1", "是", "2023-1-10", "现行有效"]]},
        "试〔2023〕2号",
    ),
    "doc_not_reviewed": (
        {"d.csv": [DOC_HEAD, ["试〔2023〕3号", "办法", "2023-1-1", "否", "2023-1-10", "现行有效"]]},
        {"d.csv": [DOC_HEAD, ["试〔2023〕3号", "办法", "2023-1-1", "√", "2023-1-10", "现行有效"]]},
        "试〔2023〕3号",
    ),
    "decision_missing_step": (
        {"m.csv": [DECISION_HEAD, ["菜市场搬迁", "2023-5-1", "是", "否", "否", "是", "否"]]},
        {"m.csv": [DECISION_HEAD, ["菜市场搬迁", "2023-5-1", "是", "否", "否", "是", "2023-4-28"]]},
        "菜市场搬迁（缺集体讨论决定）",
    ),
    "enforcement_not_reviewed": (
        {"c.csv": [CASE_HEAD, ["罚〔2023〕1号", "无证经营", "行政处罚", "2023-3-1", "罚款", "50000", "是", "否"]]},
        {"c.csv": [CASE_HEAD, ["罚〔2023〕1号", "无证经营", "行政处罚", "2023-3-1", "罚款", "50000", "是", "是"]]},
        "罚〔2023〕1号",
    ),
    "certificate_invalid": (
        {"o.csv": [OFFICER_HEAD, ["张三", "稽查科", "A1", "2023-12-30", 60]]},
        {"o.csv": [OFFICER_HEAD, ["张三", "稽查科", "A1", "2023-12-31", 60]]},  # to 31 December: valid
        "张三（2023年12月30日到期）",
    ),
}  # fmt: skip


@pytest.mark.parametrize("rule", list(RULE_CASES))
def test_each_department_rule_fires_and_stays_silent(tmp_path: Path, rule: str) -> None:
    fires, silent, named = RULE_CASES[rule]
    a = _one(tmp_path / "fires", fires)
    assert rule in set(a.shortcomings["rule"]), a.shortcomings
    assert rules(a)[rule].endswith(named)
    b = _one(tmp_path / "silent", silent)
    assert rule not in set(b.shortcomings["rule"]), b.shortcomings


def test_shared_rules_for_departments(tmp_path: Path) -> None:
    officers = [
        OFFICER_HEAD,
        ["张三", "", "A1", "2030-1-1", 40],
        ["李四", "", "A2", "2030-1-1", 80],
    ]
    a = _one(tmp_path / "a", {"o.csv": officers})
    assert "仍有1人不足60学时" in rules(a)["below_requirement"]
    ind = [
        ["指标名称", "完成数", "计量单位"],
        ["普法宣传活动", "10", "次"],
        ["罚没金额", "30", "万元"],
    ]
    make_department(tmp_path / "b", {2022: {"i.csv": ind}, 2023: {"i.csv": [ind[0], ["普法宣传活动", "5", "次"], ["罚没金额", "3", "万元"]]}})  # fmt: skip
    b = analyse_year(tmp_path / "b", DEPT, 2023)
    assert set(b.shortcomings["rule"]) == {"decline"}  # fewer fines is neutral, not a decline
    assert b.shortcomings["key"].tolist() == ["publicity_events"]


# ------------------------------------------------------------- rate edge cases


def test_all_pending_none_filed_and_zero_cases(tmp_path: Path) -> None:
    pending = [REVIEW_HEAD, ["复1", "行政复议", "2023-3-1", "", "审理中", "", ""],
               ["诉1", "行政诉讼一审", "2023-3-1", "", "", "", ""]]  # fmt: skip
    docs = [
        DOC_HEAD,
        ["试1", "办法", "2023-1-1", "是", "未报备", ""],
        ["试2", "办法", "2023-2-1", "是", "未报备", ""],
    ]
    cases = [CASE_HEAD, ["罚1", "x", "行政处罚", "2023-3-1", "罚款", "100", "否", "否"]]
    a = _one(tmp_path, {"r.csv": pending, "d.csv": docs, "c.csv": cases})
    assert fig(a, "reconsideration_correction_rate") == (None, "无")  # all pending
    assert fig(a, "lawsuit_loss_rate") == (None, "无")  # blank result: not concluded
    assert fig(a, "head_appearance_rate") == (None, "无")  # not heard yet
    assert fig(a, "normative_docs_filed_on_time_rate") == (0, "")  # none filed: a real 0%
    assert fig(a, "major_decisions_reviewed_rate") == (None, "无")  # no major decision
    assert fig(a, "fines_amount") == (0.01, "")
    assert "试1、试2" in rules(a)["doc_not_filed"]


def test_a_ledger_that_records_no_filing_says_nothing_about_it(tmp_path: Path) -> None:
    """A filing column left blank throughout is unknown, never 「none filed」 (0%)."""
    docs = [
        DOC_HEAD,
        ["试1", "办法", "2023-1-1", "是", "", ""],
        ["试2", "办法", "2023-2-1", "是", "", ""],
    ]
    a = _one(tmp_path, {"d.csv": docs})
    value, qualifier = fig(a, "normative_docs_filed_on_time_rate")
    assert value != 0 or qualifier  # not a bare 0%
    assert "doc_not_filed" not in set(a.shortcomings["rule"])


def test_blank_cells_make_a_lower_bound_not_a_zero(tmp_path: Path) -> None:
    docs = [DOC_HEAD, ["试1", "办法", "2023-1-1", "是", "2023-1-5", ""], ["试2", "办法", "2023-2-1", "", "2023-2-5", ""]]  # fmt: skip
    a = _one(tmp_path, {"d.csv": docs})
    assert fig(a, "normative_docs_reviewed_rate") == (50, "以上")
    assert "doc_not_reviewed" not in set(a.shortcomings["rule"])  # blank is not 否


def test_filing_deadline_from_unit_yml(tmp_path: Path) -> None:
    docs = [DOC_HEAD, ["试1", "办法", "2023-1-1", "是", "2023-1-25", ""]]  # day 24
    a = _one(tmp_path, {"d.csv": docs}, "norms:\n  filing_deadline_days: 20\n")
    assert rules(a)["doc_filed_late"].startswith("印发的规范性文件1件中有1件未在公布后20日内报备")
    assert "filing_deadline_days" in set(a.norms_table["name"])
    assert "legal_literates_per_village" not in set(a.norms_table["name"])


# ----------------------------------------------------------------------- report


def test_department_report_has_no_villages(tmp_path: Path) -> None:
    from fzdata.report.narrative import names_of, namespaces, report_html

    a = analyse_year(SAMPLE_DATA, SAMPLE, 2023)
    ns = namespaces(a)
    assert "各村达标" not in names_of(ns["表"]) and "执法案件" in names_of(ns["表"])
    assert set(names_of(ns["图"])) == {
        "指标趋势",
        "执法案件类别",
        "复议诉讼结果",
        "报备天数",
        "培训学时",
    }
    html = report_html(a)
    assert "行政村" not in html and "法律明白人" not in html
    assert "党组书记、局长履行推进法治建设第一责任人职责" in html
    assert "党组理论学习中心组全年学法" in html
    assert html.count("<img") == 4
    b = analyse_year(SAMPLE_DATA, SAMPLE, 2024)
    assert "行政复议纠错率无（本年没有可计算的案件或文件）" in report_html(b)


def test_new_year_for_a_department(tmp_path: Path) -> None:
    import shutil

    from fzdata.newyear import new_year

    shutil.copytree(SAMPLE_DATA / SAMPLE, tmp_path / SAMPLE)
    names = {p.name for p in new_year(tmp_path, SAMPLE, 2025)}
    assert {
        "行政执法案件台账.xlsx",
        "行政执法人员台账.xlsx",
        "规范性文件台账.xlsx",
        "narrative.md",
    } <= names
    assert "村情台账.xlsx" not in names
    yd = fzdata.load_unit(tmp_path, SAMPLE)[2025]
    assert yd.officers["name"].tolist() == [
        "王磊",
        "李娜",
        "赵强",
        "周敏",
        "孙七",
        "陈刚",
        "刘洋",
        "吴芳",
    ]
    assert yd.officers["cert_no"].iloc[4] == "豫A410009" and yd.officers["hours"].isna().all()
    assert yd.normative_docs["doc_no"].tolist() == [
        "某市监〔2023〕3号",
        "某市监〔2023〕7号",
    ]  # in force
    before = fzdata.load_year(tmp_path, SAMPLE, 2024).normative_docs.set_index("doc_no")
    carried = yd.normative_docs.set_index("doc_no")["reviewed"]
    assert carried.tolist() == before.loc[carried.index, "reviewed"].tolist()  # 是/否 carried over
    assert yd.errors == 0
    from fzdata.report.narrative import report_html

    assert "党组书记、局长" in report_html(analyse_year(tmp_path, SAMPLE, 2025))


def test_lint_data_mismatch_uses_department_figures(tmp_path: Path) -> None:
    import shutil

    from fzdata.lint.engine import lint_narrative

    shutil.copytree(SAMPLE_DATA / SAMPLE, tmp_path / SAMPLE)
    text = "## 二、主要举措和成效\n\n全年办理行政执法案件16件，行政处罚案件8件。\n"
    path = tmp_path / SAMPLE / "2023" / "narrative.md"
    path.write_text(text, encoding="utf-8")
    found = [
        f
        for f in lint_narrative(path, analyse_year(tmp_path, SAMPLE, 2023))
        if f.rule == "data-mismatch"
    ]
    assert [f.text for f in found] == ["办理行政执法案件16件"]  # an alias of the catalogue


def test_another_clerks_column_names(tmp_path: Path) -> None:
    """The headers and spellings of a second department (the new-user trial, 某县自然资源局)."""
    cases = [
        [
            "序号",
            "立案编号",
            "违法行为",
            "行政行为类型",
            "立案时间",
            "处罚决定",
            "罚款金额（万元）",
            "是否属于重大案件",
            "法制审核意见",
            "办案人",
        ],
        [1, "罚1", "非法占地", "行政处罚", "2023-2-3", "罚款", "12.5", "是", "已审核", "李明"],
        [2, "罚3", "非法采矿", "行政处罚", "2023-6-20", "罚款、没收", "45", "是", "未审核", "李明"],
        [3, "JC1", "矿山检查", "监督检查", "2023-3-9", "责令整改", "", "否", "", "赵丽"],
        [4, "QZ1", "查封设备", "行政强制措施", "2023-6-21", "查封", "", "否", "", "李明"],
    ]
    reviews = [
        [
            "案件编号",
            "案件类别",
            "受理时间",
            "开庭时间",
            "诉讼请求",
            "审理结果",
            "机关负责人出庭情况",
            "出庭人员",
        ],
        ["复2", "行政复议", "2023-5-12", "", "撤销处罚", "责令重新作出", "", ""],
        [
            "（2023）行初5号",
            "行政诉讼",
            "2023-4-2",
            "2023-6-8",
            "撤销处罚",
            "判决驳回原告要求撤销处罚决定的诉讼请求",
            "局长出庭",
            "张华",
        ],
        [
            "（2023）行初17号",
            "行政诉讼",
            "2023-7-15",
            "2023-9-20",
            "撤销征收",
            "判决撤销被诉行政行为",
            "未出庭",
            "",
        ],
    ]
    docs = [
        ["发文字号", "文件标题", "发布时间", "合法性审查意见", "备案时间", "是否有效"],
        ["规1", "办法", "2023-3-1", "通过", "2023-3-31", "有效"],
        ["规3", "办法", "2023-9-1", "未审查", "", "有效"],
    ]
    decisions = [
        [
            "决策事项名称",
            "作出决策时间",
            "公众参与",
            "专家论证",
            "风险评估",
            "合法性审查",
            "集体讨论",
        ],
        ["矿业权出让方案", "2023-8-10", "是", "否", "是", "是", "否"],
    ]
    officers = [
        ["姓名", "执法证件号码", "证件有效期限", "所属科室", "年度培训学时"],
        ["王强", "A002", "2023.9.30", "大队", "65"],
        ["钱进", "", "", "大队", "30"],
    ]
    a = _one(
        tmp_path,
        {
            "c.csv": cases,
            "r.csv": reviews,
            "d.csv": docs,
            "m.csv": decisions,
            "o.csv": officers,
            "i.csv": [["指标", "数值", "单位"], ["党组中心组集体学法", "6", "次"]],
        },
    )
    assert a.data.errors == 0 and a.data.warnings == 0
    assert fig(a, "penalty_cases") == (2, "") and fig(a, "inspection_count") == (1, "")
    assert fig(a, "coercion_cases") == (1, "") and fig(a, "fines_amount") == (57.5, "")
    assert fig(a, "major_decisions_reviewed_rate") == (50, "")
    assert fig(a, "reconsideration_correction_rate") == (100, "")  # 责令重新作出: revoked
    assert fig(a, "lawsuit_loss_rate") == (50, "")  # 驳回……撤销……: dismissed, not revoked
    assert fig(a, "head_appearance_rate") == (50, "")  # 局长出庭 / 未出庭
    assert fig(a, "normative_docs_reviewed_rate") == (50, "") and fig(a, "study_sessions") == (
        6,
        "",
    )
    assert fig(a, "officers_certified_rate") == (0, "")
    r = rules(a)
    assert r["reconsideration_corrected"].endswith("复2，责令重新作出")
    assert r["decision_missing_step"].endswith("矿业权出让方案（缺集体讨论决定）")
    assert r["certificate_invalid"].endswith("王强（2023年9月30日到期）；钱进（无执法证）")


def test_a_stated_rate_without_cases_is_a_mismatch(tmp_path: Path) -> None:
    pending = [REVIEW_HEAD, ["复1", "行政复议", "2023-3-1", "", "审理中", "", ""]]
    ind = [["指标名称", "完成数", "计量单位"], ["行政复议纠错率", "0", "%"]]
    a = _one(tmp_path, {"r.csv": pending, "i.csv": ind})
    assert "按行政复议与行政应诉台账统计为无" in rules(a)["ledger_mismatch"]


def test_last_years_unfiled_documents_are_looked_up(tmp_path: Path) -> None:
    y2023 = {"d.csv": [DOC_HEAD, ["试1", "办法", "2023-3-1", "是", "未报备", ""], ["试2", "规定", "2023-4-1", "是", "否", ""],
                       ["试3", "细则", "2023-5-1", "是", "未报备", ""]]}  # fmt: skip
    y2024 = {"d.csv": [DOC_HEAD, ["试1", "办法", "2023-3-1", "是", "2024-1-8", ""], ["试2", "规定", "2023-4-1", "是", "", ""],
                       ["试4", "意见", "2024-2-1", "是", "2024-2-10", ""]]}  # fmt: skip
    make_department(tmp_path, {2023: y2023, 2024: y2024})
    fu = analyse_year(tmp_path, DEPT, 2024).followup.set_index("rule")
    assert fu.at["doc_not_filed", "status"] == "persisting"  # 试2 still not filed
    assert fu.at["doc_not_filed", "evidence"] == (
        "上年未报备的规范性文件3件：试1已于2024年1月8日补报备；试2今年仍未报备；"
        "试3今年的台账中没有记录，是否补报备无法核实"
    )


def test_completeness_asks_for_a_departments_own_ledgers(analyses: dict, tmp_path: Path) -> None:
    """A department is not a draft for lacking a township's 村情台账; it is for lacking its
    own officers' ledger."""
    for year, a in analyses.items():
        assert not a.completeness["blocking"].any(), (year, a.completeness)
    cases = [CASE_HEAD, ["罚1", "x", "行政处罚", "2023-3-1", "罚款", "100", "否", "否"]]
    a = _one(tmp_path, {"c.csv": cases})
    missing = set(a.completeness.loc[a.completeness["kind"] == "ledger", "ledger"])
    assert "行政执法人员台账" in missing and "村情台账" not in missing


def test_titled_table_stacked_below_indicators_is_read(tmp_path: Path) -> None:
    """A clerk puts the decisions, under their own title row, two blank rows below the
    indicators in one sheet: both tables are read and nothing is rejected."""
    rows = [
        ["某局2024年法治政府建设指标台账"],
        INDICATOR_HEAD,
        ["普法宣传活动", "24", "次"],
        ["接待群众法律咨询", "1200多", "人次"],
        [],
        [],
        ["2024年重大行政决策事项"],
        DECISION_HEAD,
        ["城区基准地价更新", "2024-10-09", "是", "是", "否", "已审核", "是"],
    ]
    make_department(tmp_path, {2024: {"指标及决策.csv": rows}})
    yd = fzdata.load_year(tmp_path, DEPT, 2024)
    assert yd.decisions["matter"].tolist() == ["城区基准地价更新"]
    ind = yd.indicators.set_index("key")
    assert ind.loc["consultations", "value"] == 1200  # the township's key, for the county totals
    assert ind.loc["consultations", "qualifier"] == "多"
    assert yd.rejects.empty
    assert "error" not in set(yd.findings["level"])
    titles = yd.nondata.query("kind == 'title'")["text"].tolist()
    assert "2024年重大行政决策事项" in titles  # every row accounted for
