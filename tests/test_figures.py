"""Interval arithmetic on figures: the value always lies in its interval, and a figure's
wording reads back through the parser to the same value and qualifier."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from fzdata.core.figures import (
    Figure,
    fmt,
    interval,
    mean,
    num,
    qualifier_for,
    rate,
    round_for_approx,
    total,
)
from fzdata.core.parse import parse_number
from fzdata.lint.rules.approx_number import approx_numbers

QUALIFIERS = ["", "余", "多", "以上", "约", "左右"]
values = st.integers(min_value=0, max_value=10**6).map(float)
figures = st.builds(Figure, values, st.sampled_from(QUALIFIERS))


def inside(f: Figure) -> bool:
    assert f.lo is not None and f.hi is not None and f.value is not None
    return f.lo - 1e-9 <= f.value <= f.hi + 1e-9


@given(figures)
def test_a_figure_lies_in_its_interval(f: Figure) -> None:
    assert inside(f)


@given(st.lists(figures, min_size=1, max_size=6))
def test_sums_and_means_hold_their_value(parts: list[Figure]) -> None:
    assert inside(total(parts)) and inside(mean(parts))


@given(figures, figures)
def test_rates_hold_their_value(part: Figure, whole: Figure) -> None:
    r = rate(part, whole)
    if r.missing:
        assert whole.value == 0
        return
    assert inside(r)
    assert r.lo >= 0  # type: ignore[operator]
    if r.value <= 100:  # type: ignore[operator]
        assert r.hi <= 100  # a part never exceeds its whole  # type: ignore[operator]
    assert r.qualifier == qualifier_for(r.value, r.lo, r.hi)  # type: ignore[arg-type]


def test_issue_examples() -> None:
    r = rate(Figure(50, "约"), Figure(40))
    assert r.lo <= r.value == 125 <= r.hi  # type: ignore[operator]
    r = rate(Figure(11, "余"), Figure(12))
    assert (r.lo, r.hi, r.qualifier) == (r.value, 100.0, "以上")
    assert fmt(r.value, r.qualifier, "%") == "91.7%以上"


def test_qualifier_says_which_side_is_open() -> None:
    assert qualifier_for(5, 5, 5) == ""
    assert qualifier_for(5, 5, math.inf) == "以上"
    assert qualifier_for(5, 4, 6) == "约"


@given(figures, st.sampled_from(["", "人", "次", "%", "份", "学时"]))
def test_wording_round_trips_through_the_parser(f: Figure, unit: str) -> None:
    text = fmt(f.value, f.qualifier, unit)
    back = parse_number(text)
    assert back.value == f.value
    if f.qualifier in ("余", "多") and not round_for_approx(num(f.value)):
        # 35多 is bad usage: written 35以上, which stands for the same interval
        assert back.qualifier == "以上" and interval(f.value, "以上") == (f.lo, f.hi)
    else:
        assert back.qualifier == f.qualifier


def test_approximate_wording_follows_usage() -> None:
    assert fmt(1000, "多", "份") == "1000多份"
    assert fmt(30, "余", "条") == "30余条"
    assert fmt(35, "多", "条") == "35条以上"  # not 「35多条」, which the lint rejects
    assert fmt(8, "余", "次") == "8次以上"
    assert approx_numbers([fmt(35, "多", "条")]) == []
