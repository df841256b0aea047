"""Value parsers: examples from real ledgers, and properties over arbitrary input."""

from __future__ import annotations

import datetime as dt

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fzdata.core.parse import (
    CellError,
    format_number,
    norm_village,
    parse_bool,
    parse_date,
    parse_demo_level,
    parse_number,
    parse_outcome,
)

NUMBER_CASES = [
    ("１２", 12, "", ""),
    ("十二", 12, "", ""),
    ("四十", 40, "", ""),
    ("五", 5, "", ""),
    ("两", 2, "", ""),
    ("6次", 6, "", "次"),
    ("3人", 3, "", "人"),
    ("1,250.5", 1250.5, "", ""),
    ("1，250", 1250, "", ""),
    ("2000余", 2000, "余", ""),
    ("1000多", 1000, "多", ""),
    ("约600", 600, "约", ""),
    ("300左右", 300, "左右", ""),
    ("50以上", 50, "以上", ""),
    ("≥50", 50, "以上", ""),
    ("80%", 80, "", "%"),
    ("1000多册", 1000, "多", "册"),
    ("3000余份", 3000, "余", "份"),
    ("约600人次", 600, "约", "人次"),
    ("10余起", 10, "余", "起"),
    ("300平方米", 300, "", "平方米"),
    ("二十余", 20, "余", ""),
    ("1.2万份", 12000, "", "份"),
    ("共10次", 10, "", "次"),
    ("5人以上", 5, "以上", "人"),
    (" 12 ", 12, "", ""),
    (12, 12, "", ""),
    (52.5, 52.5, "", ""),
    ("无", 0, "", ""),
]


@pytest.mark.parametrize(("raw", "value", "qualifier", "unit"), NUMBER_CASES, ids=lambda x: str(x))
def test_number_examples(raw: object, value: float, qualifier: str, unit: str) -> None:
    n = parse_number(raw)
    assert (n.value, n.qualifier, n.unit, n.error) == (value, qualifier, unit, "")
    assert n.raw == (raw if isinstance(raw, str) else format_number(float(raw)))


@pytest.mark.parametrize("raw", ["", "—", "——", "-", "/", "－", None, float("nan"), "  "])
def test_missing_is_not_zero(raw: object) -> None:
    n = parse_number(raw)
    assert n.value is None and not n.error


@pytest.mark.parametrize(
    "raw", ["很多", "十十", "x", "#DIV/0!", CellError("#REF!"), True, dt.date(2023, 1, 1)]
)
def test_number_errors_are_reported_not_raised(raw: object) -> None:
    n = parse_number(raw)
    assert n.value is None and n.error


def test_approx_with_both_qualifiers_warns() -> None:
    n = parse_number("约300余人")
    assert (n.value, n.qualifier) == (300, "余") and "约" in n.warning


@given(st.text())
def test_number_parser_never_raises(text: str) -> None:
    n = parse_number(text)
    assert n.value is None or n.error == ""


@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.dates()))
def test_all_parsers_total(value: object) -> None:
    parse_number(value)
    parse_bool(value)
    parse_date(value, 2023)
    parse_outcome(value)
    parse_demo_level(value)


QUALIFIERS = st.sampled_from(["", "余", "多", "左右", "以上"])
UNITS = st.sampled_from(
    ["", "次", "人", "人次", "份", "条", "起", "件", "处", "平方米", "学时", "册"]
)


@given(st.integers(min_value=0, max_value=10**9), QUALIFIERS, UNITS)
def test_round_trip_suffix(n: int, q: str, unit: str) -> None:
    got = parse_number(f"{n}{q}{unit}")
    assert (got.value, got.qualifier, got.unit) == (n, q, unit)


@given(st.integers(min_value=0, max_value=10**6), UNITS)
def test_round_trip_about(n: int, unit: str) -> None:
    got = parse_number(f"约{n}{unit}")
    assert (got.value, got.qualifier, got.unit) == (n, "约", unit)


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_round_trip_decimal_and_thousands(d: object) -> None:
    value = float(d)  # type: ignore[arg-type]
    assert parse_number(f"{value:,.2f}").value == pytest.approx(value)
    assert parse_number(str(d)).value == pytest.approx(value)


@given(st.integers(min_value=0, max_value=99999))
def test_round_trip_fullwidth(n: int) -> None:
    fullwidth = str(n).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert parse_number(fullwidth).value == n


@given(st.integers(min_value=0, max_value=99999))
def test_round_trip_chinese_numerals(n: int) -> None:
    assert parse_number(cn2an.an2cn(n)).value == n


@pytest.mark.parametrize(
    ("raw", "value"),
    [("是", True), ("否", False), ("有", True), ("无", False), ("√", True), ("×", False),
     ("✓", True), ("✗", False), ("Y", True), ("N", False), (1, True), (0, False),
     ("已签订", True), ("未签订", False), ("已建成", True), ("未配备", False), ("", None), ("—", None)],
)  # fmt: skip
def test_booleans(raw: object, value: bool | None) -> None:
    assert parse_bool(raw).value is value
    assert not parse_bool(raw).error


def test_boolean_unknown_is_missing_with_error() -> None:
    b = parse_bool("部分")
    assert b.value is None and b.error


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(dt.datetime(2023, 6, 26), dt.date(2023, 6, 26)), (45103, dt.date(2023, 6, 26)),
     ("2023.6.26", dt.date(2023, 6, 26)), ("2023年6月26日", dt.date(2023, 6, 26)),
     ("2023/3/05", dt.date(2023, 3, 5)), ("2023-04-18", dt.date(2023, 4, 18)),
     ("20231204", dt.date(2023, 12, 4)), ("6月26日", dt.date(2023, 6, 26)),
     ("2023-04-18 00:00:00", dt.date(2023, 4, 18))],
)  # fmt: skip
def test_dates(raw: object, expected: dt.date) -> None:
    assert parse_date(raw, 2023).value == expected


@pytest.mark.parametrize("raw", ["2023-02-30", "上半年", "2023.6", 6.26])
def test_bad_dates(raw: object) -> None:
    w = parse_date(raw, 2023)
    assert w.value is None and w.error


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_date_round_trip(d: dt.date) -> None:
    for text in (f"{d.year}.{d.month}.{d.day}", f"{d.year}年{d.month}月{d.day}日", d.isoformat(),
                 f"{d.year}/{d.month}/{d.day:02d}"):  # fmt: skip
        assert parse_date(text).value == d


@pytest.mark.parametrize(
    ("raw", "outcome"),
    [("调解成功", "resolved"), ("已调处", "resolved"), ("已化解", "resolved"), ("已办结", "resolved"),
     ("办结", "resolved"), ("调处中", "pending"), ("办理中", "pending"), ("未结", "pending"),
     ("正在调处", "pending"), ("调解不成", "failed"), ("调解失败", "failed"), ("化解中", "pending"),
     ("正在办理", "pending"), ("已上报", "unknown"), ("不清楚", "unknown")],
)  # fmt: skip
def test_outcomes(raw: str, outcome: str) -> None:
    assert parse_outcome(raw)[0] == outcome


@pytest.mark.parametrize(
    ("raw", "name"),
    [(" 西河村 ", "西河村"), ("东河村委会", "东河村"), ("石桥村民委员会", "石桥村"), ("南岭", "南岭"),
     ("北 岭 村", "北岭村"), ("城关居委会", "城关社区")],
)  # fmt: skip
def test_village_names(raw: str, name: str) -> None:
    assert norm_village(raw) == name


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [(3.25, 1, "3.3"), (52.75, 1, "52.8"), (2.675, 2, "2.68"), (0.05, 1, "0.1"), (12.0, 1, "12"),
     (91.6666, 1, "91.7"), (-13.095, 1, "-13.1"), (1250.5, 1, "1250.5"), (80.0, 1, "80")],
)  # fmt: skip
def test_numbers_round_half_up(value: float, digits: int, text: str) -> None:
    from fzdata.core.figures import num

    assert num(value, digits) == text


@pytest.mark.parametrize(
    ("value", "qualifier", "unit", "text"),
    [(600, "约", "人次", "约600人次"), (1000, "多", "册", "1000多册"), (3000, "余", "份", "3000余份"),
     (300, "左右", "平方米", "300平方米左右"), (50, "以上", "人", "50人以上"), (80, "", "%", "80%"),
     (None, "", "人", "—")],
)  # fmt: skip
def test_figure_wording(value: float | None, qualifier: str, unit: str, text: str) -> None:
    from fzdata.core.figures import fmt

    assert fmt(value, qualifier, unit) == text


@pytest.mark.parametrize(
    ("name", "unit", "spoken"),
    [("执法人员人均培训学时", "学时", "执法人员人均培训"), ("法律明白人", "人", "法律明白人"),
     ("拆除违章建筑面积", "平方米", "拆除违章建筑面积"), ("学时", "学时", "学时")],
)  # fmt: skip
def test_spoken_name(name: str, unit: str, spoken: str) -> None:
    from fzdata.core.figures import spoken_name

    assert spoken_name(name, unit) == spoken


# ---------------------------------------------------------------- messy ledgers (issue 10)

NOTES = st.sampled_from(
    ["含2起移交", "含线上2次", "已整改33处", "其中1人新任", "含移交", "另有3起在办"]
)


@given(st.integers(min_value=0, max_value=10**6), UNITS, NOTES, st.sampled_from(["（", "("]))
def test_number_with_bracketed_note(n: int, unit: str, note: str, bracket: str) -> None:
    close = "）" if bracket == "（" else ")"
    text = f"{n}{unit}{bracket}{note}{close}"
    got = parse_number(text)
    assert (got.value, got.unit, got.note, got.raw, got.error) == (n, unit, note, text, "")


@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(["人", "次", "起"]))
def test_number_with_note_after_comma(n: int, unit: str) -> None:
    got = parse_number(f"{n}{unit}，其中1{unit}新任")
    assert (got.value, got.unit, got.note) == (n, unit, f"其中1{unit}新任")


@pytest.mark.parametrize("unit", ["份", "人次", "次"])
def test_bracketed_unit_is_a_unit(unit: str) -> None:
    got = parse_number(f"2000余（{unit}）")
    assert (got.value, got.qualifier, got.unit, got.note) == (2000, "余", unit, "")


@pytest.mark.parametrize("raw", ["很多（含2起）", "（12）", "含12"])
def test_note_without_a_number_is_still_an_error(raw: str) -> None:
    assert parse_number(raw).error


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_two_digit_years_and_text_serials(d: dt.date) -> None:
    yy = d.year % 100
    for text in (f"{yy:02d}.{d.month}.{d.day}", f"{yy:02d}年{d.month}月{d.day}日", f"{yy:02d}/{d.month}/{d.day}"):  # fmt: skip
        assert parse_date(text).value == d
    serial = (d - dt.date(1899, 12, 30)).days
    if 20000 <= serial <= 80000:
        assert parse_date(str(serial)).value == d


@given(st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=28))
def test_month_day_takes_the_ledgers_year(m: int, d: int) -> None:
    assert parse_date(f"{m}月{d}日", 2024).value == dt.date(2024, m, d)
    assert parse_date(f"{m}.{d}", 2024).value == dt.date(2024, m, d)


@pytest.mark.parametrize(
    ("raw", "outcome"),
    [("已办结（息诉罢访）", "resolved"), ("息诉罢访", "resolved"), ("达成调解协议", "resolved"),
     ("已履行", "resolved"), ("移交", "pending"), ("已转办", "pending"), ("已移交(法院)", "pending"),
     ("调处中（已约谈）", "pending"), ("（不清楚）", "unknown")],
)  # fmt: skip
def test_outcomes_of_real_logs(raw: str, outcome: str) -> None:
    assert parse_outcome(raw)[0] == outcome
