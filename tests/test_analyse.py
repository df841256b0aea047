"""The analysis of the sample years (golden tables, figures checked by hand) and edge cases."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import SAMPLE_DATA, TESTS
from golden import check_golden, frame_text
from ledgers import DISPUTE_HEAD, INDICATOR_HEAD, UNIT, make_unit, villages

import fzdata
from fzdata.analysis.analyse import analyse, analyse_year

YEARS = (2021, 2022, 2023, 2024)


@pytest.fixture(scope="module")
def sample() -> dict[int, fzdata.YearData]:
    return fzdata.load_unit(SAMPLE_DATA, "李庄乡")


@pytest.fixture(scope="module")
def analyses(sample: dict[int, fzdata.YearData]) -> dict[int, object]:
    return {y: analyse(sample[y], sample.get(y - 1), sample.get(y - 2)) for y in YEARS}


@pytest.mark.parametrize("year", YEARS)
def test_sample_golden(analyses: dict, year: int, update_golden: bool) -> None:
    a = analyses[year]
    folder = TESTS / "data" / "analysis" / f"李庄乡-{year}"
    for name in ("indicators", "villages", "shortcomings", "followup"):
        check_golden(folder / f"{name}.csv", frame_text(getattr(a, name)), update_golden)


def test_analyse_year_loads_what_it_needs(analyses: dict) -> None:
    a = analyse_year(SAMPLE_DATA, "李庄乡", 2023)
    assert frame_text(a.indicators) == frame_text(analyses[2023].indicators)
    assert frame_text(a.followup) == frame_text(analyses[2023].followup)


def test_2023_progress_checked_by_hand(analyses: dict) -> None:
    ind = analyses[2023].indicators.set_index("key")
    # Stated in the indicator ledger, agreeing with the detail ledgers.
    assert ind.loc["legal_literates", ["value", "previous", "change", "origin"]].tolist() == [
        137,
        125,
        12,
        "stated",
    ]
    assert bool(ind.at["legal_literates", "agrees"])
    assert ind.loc[
        "materials_distributed", ["value", "qualifier", "derived", "derived_qualifier"]
    ].tolist() == [1000, "多", 1050, "以上"]
    assert bool(
        ind.at["materials_distributed", "change_approx"]
    )  # 800余 → 1000多: no precise change
    assert ind.loc["consultations", ["derived", "derived_qualifier"]].tolist() == [
        530,
        "约",
    ]  # one event 约60
    # Derived where the ledger is silent.
    assert ind.loc["disputes_resolved", ["value", "origin"]].tolist() == [11, "derived"]
    assert ind.at["training_hours_avg", "value"] == 52.75  # (56+52+60+48+54+50+44+58) / 8
    assert ind.at["dispute_resolution_rate", "value"] == pytest.approx(1100 / 12)
    assert ind.at["petition_resolution_rate", "value"] == 80
    assert ind.at["training_compliance", "value"] == 75  # 6 of 8 officers at 50 hours or more
    # Direction: fewer disputes is an improvement.
    assert ind.loc["disputes_handled", ["change", "trend"]].tolist() == [-3, "improved"]
    assert ind.at["publicity_events", "attainment"] == "达标"


def test_2023_shortcomings_checked_by_hand(analyses: dict) -> None:
    s = analyses[2023].shortcomings.set_index(["rule", "key"])
    assert (
        s.at[("below_norm", "legal_literates"), "evidence"]
        == "仍有3个行政村法律明白人不足5名（北岭村、石桥村、高楼村）"
    )
    assert s.at[("coverage_gap", "has_plaza"), "villages"] == "黄土岭村、孙洼村"
    assert (
        s.at[("unresolved_cases", "petitions_resolved"), "evidence"]
        == "受理的信访案件10件中尚有2件未办结（黄土岭村、北岭村）"
    )
    assert s.at[("unresolved_cases", "disputes_resolved"), "villages"] == "高楼村"
    assert s.at[("below_requirement", "training_hours_avg"), "evidence"] == (
        "执法人员人均培训52.8学时，已达到50学时的要求，但8人中仍有2人不足50学时"
    )
    assert not any(s.index.get_level_values(0) == "ledger_mismatch")


def test_2023_followup_checked_by_hand(analyses: dict) -> None:
    f = analyses[2023].followup.set_index(["rule", "key"])
    assert f.at[("below_norm", "legal_literates"), "status"] == "improved"
    assert f.at[("below_norm", "legal_literates"), "evidence"] == (
        "上年有5个法律明白人不足5名的行政村，今年减少到3个（马岭村、孙洼村已整改）"
    )
    assert f.at[("coverage_gap", "villages_with_counsel"), "status"] == "resolved"
    assert f.at[("unresolved_cases", "petitions_resolved"), "status"] == "persisting"


def test_2024_checked_by_hand(analyses: dict) -> None:
    a = analyses[2024]
    s = a.shortcomings.set_index(["rule", "key"])
    assert s.at[("unresolved_cases", "disputes_resolved"), "evidence"] == (
        "排查的矛盾纠纷14起中尚有3起未调处成功（石桥村2起、高楼村1起）"
    )
    assert (
        s.at[("decline", "publicity_events"), "evidence"]
        == "普法宣传活动9次，较上年的10次减少1次，下降10%"
    )
    assert s.at[("decline", "dispute_resolution_rate"), "evidence"] == (
        "矛盾纠纷调处成功率78.6%，较上年的91.7%下降13.1个百分点"
    )
    # missing data is listed for completeness, never a shortcoming
    assert "data_gap" not in set(s.index.get_level_values(0))
    assert "「发放村民宣传彩页」上年为3000余份，今年没有填报" in set(a.completeness["message"])
    assert not a.draft  # an indicator no longer reported does not make a draft by itself
    f = a.followup.set_index(["rule", "key"])
    assert f.at[("unresolved_cases", "disputes_resolved"), "status"] == "worsened"
    # 督促整改安全隐患 is neutral: its fall in 2023 was never a shortcoming to follow up.
    assert ("decline", "hazards_rectified") not in f.index


# ------------------------------------------------------------------ edge cases


def test_first_year_of_a_unit(analyses: dict) -> None:
    a = analyses[2021]
    assert a.followup.empty
    assert set(a.indicators["trend"]) == {"new"}
    assert a.indicators["previous"].isna().all()


def test_year_with_only_some_tables(tmp_path: Path) -> None:
    make_unit(tmp_path, {2023: {"指标.csv": [INDICATOR_HEAD, ["普法宣传活动", "10", "次", ""]]}})
    a = analyse_year(tmp_path, UNIT, 2023)
    assert a.villages.empty and a.indicators["key"].tolist() == ["publicity_events"]
    # A first year has nothing to compare with: no ledger is called missing.
    assert a.shortcomings.empty


def test_missing_ledger_is_a_draft_never_a_followup(tmp_path: Path) -> None:
    v = villages(("甲村", 3, "是", "是", "是"))
    ind = {"指标.csv": [INDICATOR_HEAD, ["普法宣传活动", "10", "次", ""]]}
    make_unit(tmp_path, {2021: {**ind, "村情.csv": v}, 2022: ind, 2023: ind})
    a = analyse_year(tmp_path, UNIT, 2023)
    assert not any(str(k).startswith("table:") for k in a.followup["key"])
    assert a.draft and "今年没有村情台账" in set(a.completeness["message"])
    make_unit(tmp_path, {2023: {**ind, "村情.csv": v}})
    assert "今年没有村情台账" not in set(analyse_year(tmp_path, UNIT, 2023).completeness["message"])


def test_rates_never_mix_stated_and_derived(tmp_path: Path) -> None:
    """The new-user trial: 31 stated 调处成功 over a log of 6 cases is no 517% rate."""
    log = [
        DISPUTE_HEAD,
        *[
            [str(i), "2023.1.1", "甲村", "邻里", "调解成功" if i < 4 else "调处中"]
            for i in range(6)
        ],
    ]
    ind = [INDICATOR_HEAD, ["调处成功矛盾纠纷", "31", "起", ""]]
    make_unit(tmp_path, {2023: {"纠纷.csv": log, "指标.csv": ind}})
    a = analyse_year(tmp_path, UNIT, 2023, norms={"min_cases_for_rate": 1})
    row = a.indicators.set_index("key").loc["dispute_resolution_rate"]
    assert row["value"] == pytest.approx(400 / 6) and "明细统计" in row["source"]
    assert "ledger_mismatch" in a.shortcomings["rule"].tolist()


def test_contradicted_figure_gives_no_change(tmp_path: Path) -> None:
    v = villages(("甲村", 5, "是", "是", "是"), ("乙村", 5, "是", "是", "是"))
    make_unit(tmp_path, {2022: {"村情.csv": v},
                         2023: {"村情.csv": v, "指标.csv": [INDICATOR_HEAD, ["法律明白人", "210", "人", ""]]}})  # fmt: skip
    row = analyse_year(tmp_path, UNIT, 2023).indicators.set_index("key").loc["legal_literates"]
    assert (row["value"], row["previous"]) == (210, 10)
    assert pd.isna(row["change"]) and row["trend"] == "" and not bool(row["agrees"])


def test_blank_cell_in_a_detail_ledger_is_named(tmp_path: Path) -> None:
    from ledgers import TRAINING_HEAD

    make_unit(
        tmp_path,
        {2023: {"培训.csv": [TRAINING_HEAD, ["甲", "执法大队", "62"], ["乙", "司法所", "—"]]}},
    )
    a = analyse_year(tmp_path, UNIT, 2023)
    assert a.shortcomings.empty
    assert "执法人员培训台账中有1行的「学时」空白（共2行）" in set(a.completeness["message"])
    assert a.draft


def test_zero_villages_and_zero_cases(tmp_path: Path) -> None:
    rows = [INDICATOR_HEAD, ["行政村", "0", "个", ""], ["排查矛盾纠纷", "0", "起", ""], ["调处成功矛盾纠纷", "0", "起", ""],
            ["配备法律顾问的行政村", "0", "个", ""]]  # fmt: skip
    make_unit(tmp_path, {2022: {"指标.csv": rows}, 2023: {"指标.csv": rows}})
    a = analyse_year(tmp_path, UNIT, 2023)
    ind = a.indicators.set_index("key")
    assert "dispute_resolution_rate" not in ind.index  # 0 ÷ 0 is no rate
    assert "counsel_coverage" not in ind.index
    assert (
        pd.isna(ind.at["disputes_handled", "change_pct"])
        and ind.at["disputes_handled", "change"] == 0
    )


def test_approximate_on_both_sides(tmp_path: Path) -> None:
    make_unit(tmp_path, {
        2022: {"指标.csv": [INDICATOR_HEAD, ["接待法律咨询", "约500", "人次", ""]]},
        2023: {"指标.csv": [INDICATOR_HEAD, ["接待法律咨询", "600多", "人次", ""]]},
    })  # fmt: skip
    row = analyse_year(tmp_path, UNIT, 2023).indicators.set_index("key").loc["consultations"]
    assert bool(row["change_approx"]) and row["trend"] == "improved"
    assert (row["qualifier"], row["previous_qualifier"]) == ("多", "约")


def test_indicator_renamed_between_years(tmp_path: Path) -> None:
    make_unit(tmp_path, {
        2022: {"指标.csv": [INDICATOR_HEAD, ["普法宣传活动", "8", "次", ""]]},
        2023: {"指标.csv": [INDICATOR_HEAD, ["开展普法宣传活动（次）", "10", "", ""]]},
    })  # fmt: skip
    ind = analyse_year(tmp_path, UNIT, 2023).indicators
    assert len(ind) == 1
    assert ind.iloc[0][["key", "value", "previous", "change"]].tolist() == [
        "publicity_events",
        10,
        8,
        2,
    ]


def test_missing_this_year_is_a_gap_not_zero(tmp_path: Path) -> None:
    make_unit(tmp_path, {
        2022: {"指标.csv": [INDICATOR_HEAD, ["悬挂宣传横幅", "40", "条", ""]]},
        2023: {"指标.csv": [INDICATOR_HEAD, ["悬挂宣传横幅", "—", "条", ""]]},
    })  # fmt: skip
    a = analyse_year(tmp_path, UNIT, 2023)
    row = a.indicators.set_index("key").loc["banners"]
    assert pd.isna(row["value"]) and pd.isna(row["change"]) and row["trend"] == ""
    assert a.shortcomings.empty  # missing, so no shortcoming: a blank to fill in
    assert a.draft and "指标台账中有1行的「数值」空白（共1行）" in set(a.completeness["message"])


def test_unknown_outcomes_make_resolved_a_lower_bound(tmp_path: Path) -> None:
    log = [
        DISPUTE_HEAD,
        ["1", "2023.1.1", "甲村", "邻里", "调解成功"],
        ["2", "2023.1.2", "甲村", "邻里", "已上报"],
    ]
    make_unit(
        tmp_path, {2023: {"纠纷.csv": log, "村情.csv": villages(("甲村", 3, "是", "是", "是"))}}
    )
    ind = analyse_year(tmp_path, UNIT, 2023, norms={"min_cases_for_rate": 1})
    ind = ind.indicators.set_index("key")
    assert ind.loc["disputes_resolved", ["value", "qualifier"]].tolist() == [1, "以上"]
    # At least one of two: the rate is at least 50%, never 约50% (which would allow 45%).
    rate = ind.loc["dispute_resolution_rate"]
    assert (rate["value"], rate["qualifier"]) == (50.0, "以上")


def test_sessions_keep_a_few_units(tmp_path: Path) -> None:
    """A long build over many units does not keep every unit's ledgers in memory."""
    from fzdata.analysis import analyse

    analyse._SESSIONS.clear()
    for i in range(analyse.KEEP_UNITS + 3):
        analyse.session(tmp_path, f"单位{i}")
    assert len(analyse._SESSIONS) == analyse.KEEP_UNITS
    assert list(analyse._SESSIONS)[-1][1] == f"单位{analyse.KEEP_UNITS + 2}"


def test_what_if_norms(tmp_path: Path) -> None:
    """analyse_year(..., norms=…) tries other norms without touching the cached analysis."""
    from conftest import SAMPLE_DATA

    base = analyse_year(SAMPLE_DATA, "李庄乡", 2023)
    strict = analyse_year(SAMPLE_DATA, "李庄乡", 2023, norms={"legal_literates_per_village": 8})
    n_base = (base.villages["meets_literates"] == False).sum()  # noqa: E712
    n_strict = (strict.villages["meets_literates"] == False).sum()  # noqa: E712
    assert n_strict > n_base
    assert (
        strict.norms_table.set_index("name").at["legal_literates_per_village", "origin"] == "试算"
    )
    again = analyse_year(SAMPLE_DATA, "李庄乡", 2023)
    assert again.villages.equals(base.villages)


def test_neutral_indicators_are_reported_never_judged(analyses: dict) -> None:
    """Workload counts (hazards rectified, inspections, notices) change without being good or
    bad: the change is reported, never a shortcoming, a follow-up or a 扭转 plan."""
    from fzdata.report.narrative import arrangements
    from fzdata.unit.catalogue import load_catalogue

    cat = load_catalogue()
    for key in ("hazards_rectified", "inspections", "safety_notices", "irregularities_corrected"):
        assert cat[key].direction == "neutral", key
    neutral = {k for k, e in cat.entries.items() if e.direction == "neutral"}
    for a in analyses.values():
        # (a neutral count may still carry a case rule's finding, e.g. unresolved disputes)
        judged = a.shortcomings[a.shortcomings["rule"] == "decline"]
        assert not neutral & set(judged["key"]), a.year
        followed = a.followup[a.followup["rule"] == "decline"]
        assert not neutral & set(followed["key"]), a.year
        assert not any("扭转" in p and "安全隐患" in p for p in arrangements(a))
    ind = analyses[2023].indicators.set_index("key")
    assert ind.at["hazards_rectified", "change"] == -1  # still reported as a change


def test_a_rate_needs_enough_cases_and_says_its_basis(tmp_path: Path, analyses: dict) -> None:
    """Below min_cases_for_rate (norms.yml) no rate is stated, only the counts; above it the
    report names the cases behind the rate."""
    from fzdata.report.narrative import results_paragraphs
    from fzdata.unit.norms import resolve_norms

    a = analyses[2024]  # 8 petitions: too few for a rate
    assert resolve_norms(a.settings)["min_cases_for_rate"] == 10
    row = a.indicators.set_index("key").loc["petition_resolution_rate"]
    assert pd.isna(row["value"])
    text = str(results_paragraphs(a))
    assert "信访案件办结率" not in text and "接待信访案件" in text
    assert "petition_resolution_rate" not in set(a.shortcomings["key"])
    assert "（14起中调处成功11起）" in text  # 14 disputes: the rate with its basis
    assert "rate" not in " ".join(a.completeness["message"])  # not missing data either


def test_a_changed_ledger_is_read_and_analysed_again(tmp_path: Path) -> None:
    """The session's caches follow the files: an edited ledger gives a new analysis."""
    import shutil
    import time

    from conftest import SAMPLE_DATA

    from fzdata.analysis import analyse

    shutil.copytree(SAMPLE_DATA / "李庄乡", tmp_path / "李庄乡")
    before = analyse.session(tmp_path, "李庄乡").analysis(2022)
    csv_file = tmp_path / "李庄乡" / "2021" / "执法人员培训.csv"
    time.sleep(0.01)
    csv_file.write_text(
        csv_file.read_text(encoding="utf-8").rstrip("\n") + "\n新人,执法队,1\n", encoding="utf-8"
    )
    after = analyse.session(tmp_path, "李庄乡").analysis(2022)
    prev_before = before.indicators.set_index("key").at["training_hours_avg", "previous"]
    prev_after = after.indicators.set_index("key").at["training_hours_avg", "previous"]
    assert prev_after != prev_before  # 2021's edited ledger reached 2022's comparison
