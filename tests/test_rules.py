"""Each shortcoming rule fires on a unit built to trigger it and stays silent on one built not to."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from ledgers import (
    DISPUTE_HEAD,
    INDICATOR_HEAD,
    PETITION_HEAD,
    TRAINING_HEAD,
    UNIT,
    make_unit,
    villages,
)

from fzdata.analysis.analyse import YearAnalysis, analyse_year
from fzdata.core.errors import ConfigError

GOOD_VILLAGES = villages(
    ("甲村", 3, "是", "是", "是"), ("乙村", 4, "是", "是", "是"), ("丙村", 3, "是", "是", "是")
)


def run(tmp_path: Path, years: dict, year: int = 2023, unit_yml: str = "") -> YearAnalysis:
    make_unit(tmp_path, years, unit_yml)
    return analyse_year(tmp_path, UNIT, year)


def rule(a: YearAnalysis, name: str) -> pd.DataFrame:
    return a.shortcomings[a.shortcomings["rule"] == name]


# --------------------------------------------------------------- target_missed


def test_target_missed_fires(tmp_path: Path) -> None:
    a = run(tmp_path, {2023: {"指标.csv": [INDICATOR_HEAD, ["普法宣传活动", "8", "次", "10"]]}})
    r = rule(a, "target_missed")
    assert r["evidence"].tolist() == ["普法宣传活动8次，未达到年度目标10次"]
    assert r["severity"].tolist() == ["high"]  # 20% short


def test_target_missed_direction_down(tmp_path: Path) -> None:
    a = run(tmp_path, {2023: {"指标.csv": [INDICATOR_HEAD, ["排查矛盾纠纷", "12", "起", "10"]]}})
    assert rule(a, "target_missed")["evidence"].tolist() == [
        "排查矛盾纠纷12起，超出年度控制目标10起"
    ]


@pytest.mark.parametrize("value", ["10", "12", "10余"])
def test_target_met_is_silent(tmp_path: Path, value: str) -> None:
    a = run(tmp_path, {2023: {"指标.csv": [INDICATOR_HEAD, ["普法宣传活动", value, "次", "10"]]}})
    assert rule(a, "target_missed").empty
    assert a.indicators.set_index("key").at["publicity_events", "attainment"] == "达标"


def test_target_open_when_approximate_straddles(tmp_path: Path) -> None:
    a = run(tmp_path, {2023: {"指标.csv": [INDICATOR_HEAD, ["普法宣传活动", "约10", "次", "10"]]}})
    assert a.indicators.set_index("key").at["publicity_events", "attainment"] == ""
    assert rule(a, "target_missed").empty


# --------------------------------------------------------------------- decline


def _two_years(prev: list, cur: list) -> dict:
    return {2022: {"指标.csv": [INDICATOR_HEAD, *prev]}, 2023: {"指标.csv": [INDICATOR_HEAD, *cur]}}


def test_decline_fires(tmp_path: Path) -> None:
    a = run(
        tmp_path, _two_years([["普法宣传活动", "10", "次", ""]], [["普法宣传活动", "8", "次", ""]])
    )
    assert rule(a, "decline")["evidence"].tolist() == [
        "普法宣传活动8次，较上年的10次减少2次，下降20%"
    ]


def test_decline_approximate_makes_no_precise_claim(tmp_path: Path) -> None:
    a = run(
        tmp_path,
        _two_years([["发放宣传资料", "1000多", "份", ""]], [["发放宣传资料", "800余", "份", ""]]),
    )
    assert rule(a, "decline")["evidence"].tolist() == [
        "发放宣传资料800余份，较上年的1000多份有所下降"
    ]
    assert bool(a.indicators.set_index("key").at["materials_distributed", "change_approx"])


@pytest.mark.parametrize(
    ("prev", "cur"),
    [
        (
            ["普法宣传活动", "20", "次", ""],
            ["普法宣传活动", "19", "次", ""],
        ),  # 5%: within the threshold
        (["普法宣传活动", "8", "次", ""], ["普法宣传活动", "10", "次", ""]),
        (
            ["排查矛盾纠纷", "10", "起", ""],
            ["排查矛盾纠纷", "5", "起", ""],
        ),  # fewer disputes is good
        (
            ["排查矛盾纠纷", "5", "起", ""],
            ["排查矛盾纠纷", "10", "起", ""],
        ),  # a down-indicator, not this rule
    ],
)
def test_decline_silent(tmp_path: Path, prev: list, cur: list) -> None:
    a = run(tmp_path, _two_years([prev], [cur]))
    assert rule(a, "decline").empty


def test_trend_respects_direction(tmp_path: Path) -> None:
    a = run(
        tmp_path, _two_years([["排查矛盾纠纷", "10", "起", ""]], [["排查矛盾纠纷", "14", "起", ""]])
    )
    assert a.indicators.set_index("key").at["disputes_handled", "trend"] == "declined"


# ---------------------------------------------------------------- coverage_gap


def test_coverage_gap_names_villages(tmp_path: Path) -> None:
    v = villages(
        ("甲村", 3, "是", "否", "是"), ("乙村", 3, "否", "否", "是"), ("丙村", 3, "是", "", "是")
    )
    a = run(tmp_path, {2023: {"村情.csv": v}})
    r = rule(a, "coverage_gap").set_index("key")
    assert r.at["villages_with_counsel", "evidence"] == "仍有1个行政村未配备法律顾问（乙村）"
    assert r.at["villages_with_counsel", "severity"] == "high"
    assert (
        r.at["has_plaza", "evidence"]
        == "仍有2个行政村未建成法治文化广场（甲村、乙村），另有1个行政村未填报"
    )
    assert r.at["has_plaza", "villages"] == "甲村、乙村"
    assert "signed_letter" not in r.index


def test_coverage_complete_is_silent(tmp_path: Path) -> None:
    assert rule(run(tmp_path, {2023: {"村情.csv": GOOD_VILLAGES}}), "coverage_gap").empty


# ------------------------------------------------------------------ below_norm


def test_below_norm_default_and_unit_norm(tmp_path: Path) -> None:
    v = villages(
        ("北岭村", 2, "是", "是", "是"),
        ("石桥村", 4, "是", "是", "是"),
        ("高楼村", 6, "是", "是", "是"),
    )
    a = run(tmp_path, {2023: {"村情.csv": v}})
    assert rule(a, "below_norm")["evidence"].tolist() == [
        "仍有1个行政村法律明白人不足3名（北岭村）"
    ]
    assert a.norms_table.set_index("name").at["legal_literates_per_village", "origin"] == "默认值"
    b = run(
        tmp_path / "b",
        {2023: {"村情.csv": v}},
        unit_yml="norms:\n  legal_literates_per_village: 5\n",
    )
    assert rule(b, "below_norm")["evidence"].tolist() == [
        "仍有2个行政村法律明白人不足5名（北岭村、石桥村）"
    ]
    assert (
        b.norms_table.set_index("name").at["legal_literates_per_village", "origin"] == "本单位设置"
    )


def test_below_norm_silent(tmp_path: Path) -> None:
    assert rule(run(tmp_path, {2023: {"村情.csv": GOOD_VILLAGES}}), "below_norm").empty


# ------------------------------------------------------------ unresolved_cases


def test_unresolved_cases_from_the_log(tmp_path: Path) -> None:
    log = [DISPUTE_HEAD, ["1", "2023.1.1", "甲村", "邻里", "调解成功"], ["2", "2023.2.1", "乙村", "土地", "调处中"],
           ["3", "2023.3.1", "乙村", "土地", "调解不成"], ["4", "2023.4.1", "丙村", "邻里", "已化解"]]  # fmt: skip
    a = run(tmp_path, {2023: {"村情.csv": GOOD_VILLAGES, "纠纷.csv": log}})
    r = rule(a, "unresolved_cases")
    assert r["evidence"].tolist() == ["排查的矛盾纠纷4起中尚有2起未调处成功（乙村2起）"]
    assert r["villages"].tolist() == ["乙村"] and r["severity"].tolist() == ["high"]  # one failed
    assert a.villages.set_index("village").at["乙村", "disputes_unresolved"] == 2


def test_unresolved_cases_from_stated_figures(tmp_path: Path) -> None:
    rows = [INDICATOR_HEAD, ["接待信访案件", "10", "件", ""], ["办结信访案件", "8", "件", ""]]
    a = run(tmp_path, {2023: {"指标.csv": rows}})
    assert rule(a, "unresolved_cases")["evidence"].tolist() == ["受理的信访案件10件中尚有2件未办结"]


def test_all_resolved_is_silent(tmp_path: Path) -> None:
    log = [
        PETITION_HEAD,
        ["1", "2023.1.1", "甲村", "低保", "已办结"],
        ["2", "2023.1.2", "乙村", "土地", "办结"],
    ]
    assert rule(run(tmp_path, {2023: {"信访.csv": log}}), "unresolved_cases").empty


# ----------------------------------------------------------- below_requirement


@pytest.mark.parametrize(
    ("hours", "evidence"),
    [
        (["70", "40"], "执法人员2人中有1人年度培训不足60学时"),
        (["80", "50"], "执法人员人均培训65学时，已达到60学时的要求，但2人中仍有1人不足60学时"),
        (["60", "70"], None),
        (["约58", "70"], None),  # 约58 may be 60 or more: not counted as under
    ],
)
def test_below_requirement(tmp_path: Path, hours: list[str], evidence: str | None) -> None:
    rows = [TRAINING_HEAD, *[[f"某{i}", "执法大队", h] for i, h in enumerate(hours)]]
    r = rule(run(tmp_path, {2023: {"培训.csv": rows}}), "below_requirement")
    assert r["evidence"].tolist() == ([evidence] if evidence else [])


# ------------------------------------------------------------------- imbalance


def test_imbalance_fires_with_extremes(tmp_path: Path) -> None:
    v = villages(
        ("甲村", 1, "是", "是", "是"),
        ("乙村", 1, "是", "是", "是"),
        ("丙村", 10, "是", "是", "是"),
        ("丁村", 8, "是", "是", "是"),
    )
    r = rule(run(tmp_path, {2023: {"村情.csv": v}}), "imbalance")
    assert r["evidence"].tolist() == [
        "各村法律明白人数量不均衡，最多的丙村有10名，最少的甲村、乙村只有1名"
    ]
    assert r["value"].iloc[0] == pytest.approx(0.81, abs=0.01)  # mean 5, std √16.5 = 4.06


def test_balanced_is_silent(tmp_path: Path) -> None:
    assert rule(run(tmp_path, {2023: {"村情.csv": GOOD_VILLAGES}}), "imbalance").empty


# ------------------------------------------------------------ missing data


def test_missing_data_is_completeness_never_a_shortcoming(tmp_path: Path) -> None:
    prev = {"指标.csv": [INDICATOR_HEAD, ["普法宣传活动", "10", "次", ""], ["悬挂宣传横幅", "40", "条", ""]],
            "培训.csv": [TRAINING_HEAD, ["某", "执法大队", "60"]]}  # fmt: skip
    cur = {"指标.csv": [INDICATOR_HEAD, ["普法宣传活动", "12", "次", ""]]}
    a = run(tmp_path, {2022: prev, 2023: cur})
    assert "data_gap" not in set(a.shortcomings["rule"])
    c = a.completeness.set_index("message")
    assert "「悬挂宣传横幅」上年为40条，今年没有填报" in c.index
    assert "今年没有执法人员培训台账" in c.index and bool(
        c.at["今年没有执法人员培训台账", "blocking"]
    )
    assert a.draft


# ------------------------------------------------------------- ledger_mismatch


@pytest.mark.parametrize(
    ("stated", "fires"),
    [("20", True), ("15", False), ("10多", False), ("约14", False), ("约12", True), ("16余", True)],
)
def test_ledger_mismatch(tmp_path: Path, stated: str, fires: bool) -> None:
    v = villages(
        ("甲村", 5, "是", "是", "是"), ("乙村", 5, "是", "是", "是"), ("丙村", 5, "是", "是", "是")
    )
    a = run(
        tmp_path,
        {2023: {"村情.csv": v, "指标.csv": [INDICATOR_HEAD, ["法律明白人", stated, "人", ""]]}},
    )
    r = rule(a, "ledger_mismatch")
    assert len(r) == int(fires)
    if fires:
        text = r["evidence"].iloc[0]
        assert text.startswith("「法律明白人」指标台账填报")
        assert (
            "按村情台账统计为15人" in text
            and "指标.csv!指标!B2" in text
            and "村情.csv!村情!2:4（3行）" in text
        )


def test_stated_figure_is_reported_derived_checks_it(tmp_path: Path) -> None:
    v = villages(("甲村", 5, "是", "是", "是"), ("乙村", 5, "是", "是", "是"))
    a = run(
        tmp_path,
        {2023: {"村情.csv": v, "指标.csv": [INDICATOR_HEAD, ["法律明白人", "10余", "人", ""]]}},
    )
    row = a.indicators.set_index("key").loc["legal_literates"]
    assert (row["value"], row["qualifier"], row["origin"], row["derived"]) == (
        10,
        "余",
        "stated",
        10,
    )
    assert row["source"] == "指标.csv!指标!B2" and bool(row["agrees"])
    # The villages count is not stated: it is derived, and its source names the rows.
    total = a.indicators.set_index("key").loc["villages_total"]
    assert (total["value"], total["origin"], total["source"]) == (
        2,
        "derived",
        "村情台账：村情.csv!村情!2:3（2行）",
    )


def test_unknown_norm_name_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="legal_literates_per_village"):
        run(
            tmp_path,
            {2023: {"村情.csv": GOOD_VILLAGES}},
            unit_yml="norms:\n  legal_literate_per_village: 5\n",
        )


# ------------------------------------------------------------- village_decline


def test_village_decline_fires_and_is_followed_up(tmp_path: Path) -> None:
    fewer = villages(
        ("甲村", 1, "是", "是", "是"), ("乙村", 4, "是", "是", "是"), ("丙村", 3, "是", "是", "是")
    )
    a = run(tmp_path, {2022: {"村情.csv": GOOD_VILLAGES}, 2023: {"村情.csv": fewer},
                       2024: {"村情.csv": GOOD_VILLAGES}})  # fmt: skip
    r = rule(a, "village_decline")
    assert r["evidence"].tolist() == ["1个行政村的法律明白人较上年减少（甲村由3名减少到1名）"]
    assert r["villages"].tolist() == ["甲村"]
    later = analyse_year(tmp_path, UNIT, 2024)
    assert rule(later, "village_decline").empty
    fu = later.followup[later.followup["rule"] == "village_decline"]
    assert fu["status"].tolist() == ["resolved"]


def test_village_decline_silent_without_last_year_or_on_a_rise(tmp_path: Path) -> None:
    a = run(tmp_path, {2022: {"村情.csv": GOOD_VILLAGES}, 2023: {"村情.csv": GOOD_VILLAGES}})
    assert rule(a, "village_decline").empty
    assert rule(analyse_year(tmp_path, UNIT, 2022), "village_decline").empty
