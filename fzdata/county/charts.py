"""Charts of the county roll-up: one bar chart per key indicator across the units of a kind, and
a heat map of shortcoming rules by unit.

Drawn like the unit reports' charts (:mod:`fzdata.report.charts`: the same CJK font, style,
printed width and deterministic PNG bytes) and registered by name in :data:`COUNTY_CHARTS`.
A unit that sent nothing is drawn as 「未报送」, never as a zero bar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from fzdata.core.figures import fmt
from fzdata.core.resources import _yaml
from fzdata.report.charts import BLUE, GREY, LIGHT, PRINT_WIDTH_IN, RED, TEXT_PT, _styled

#: A figure read from a report's text (not a ledger): a lighter blue.
TEXT_BLUE = "#7fa7cc"


def _words() -> dict[str, Any]:
    return _yaml("county_pages.yml")["chart"]


@dataclass(frozen=True)
class CountyChartSpec:
    name: str
    draw: Callable[..., Figure]


#: The county's charts by name (like :data:`fzdata.report.charts.CHARTS` for a unit-year).
COUNTY_CHARTS: dict[str, CountyChartSpec] = {}


def register_county_chart(name: str) -> Callable[[Callable[..., Figure]], Callable[..., Figure]]:
    def deco(fn: Callable[..., Figure]) -> Callable[..., Figure]:
        COUNTY_CHARTS[name] = CountyChartSpec(name, fn)
        return fn

    return deco


@register_county_chart("indicator_bars")
@_styled
def indicator_bars(rows: pd.DataFrame, units: list[str]) -> Figure:
    """One indicator across the units of a kind: a horizontal bar per unit, the figure written
    with its qualifier at the bar's end; 「未报送」 for a unit without it.

    ``rows``: the units table's rows of one kind and key (label, value, qualifier, origin);
    ``units``: every listed unit's label of that kind, in order.
    """
    by_unit = {r["label"]: r for _, r in rows.iterrows()}
    n = max(len(units), 1)
    fig = Figure(figsize=(PRINT_WIDTH_IN, 0.7 + 0.32 * n), layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    values = [by_unit[u]["value"] if u in by_unit else None for u in units]
    top = max([float(v) for v in values if v is not None and pd.notna(v)] or [1.0]) or 1.0
    for i, (unit, v) in enumerate(zip(units, values, strict=True)):
        if v is None or pd.isna(v):
            ax.text(0, i, " " + _words()["missing"], va="center", color=GREY, fontsize=TEXT_PT)
            continue
        r = by_unit[unit]
        colour = TEXT_BLUE if r.get("origin") == "报告文字" else BLUE
        ax.barh(i, float(v), color=colour, height=0.6)
        label = fmt(float(v), r.get("qualifier") or "", "")
        ax.text(float(v) + top * 0.01, i, label, va="center", fontsize=TEXT_PT)
    ax.set_yticks(range(len(units)), units)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.25)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.tick_params(length=0)
    return fig


@register_county_chart("rule_heatmap")
@_styled
def rule_heatmap(shortcomings: pd.DataFrame, units: list[str], missing: set[str]) -> Figure:
    """Rules (rows) × units (columns): red where the unit lists that shortcoming, light where it
    does not, grey 「—」 for a unit that sent nothing to check."""
    rules = list(dict.fromkeys(shortcomings["title"])) if len(shortcomings) else []
    fig = Figure(figsize=(PRINT_WIDTH_IN, 1.0 + 0.3 * max(len(rules), 1)), layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    if not rules or not units:
        ax.text(0.5, 0.5, "—", ha="center", va="center", color=GREY, transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    has = set(zip(shortcomings["title"], shortcomings["label"], strict=True))
    grid = [[2 if u in missing else int((rule, u) in has) for u in units] for rule in rules]
    ax.imshow(grid, cmap=ListedColormap([LIGHT, RED, "#f5f5f5"]), vmin=0, vmax=2, aspect="auto")
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            if v == 2:
                ax.text(c, r, "—", ha="center", va="center", color=GREY, fontsize=TEXT_PT)
    ax.set_xticks(range(len(units)), units, rotation=30, ha="left")
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(rules)), rules)
    ax.set_xticks([c - 0.5 for c in range(1, len(units))], minor=True)
    ax.set_yticks([r - 0.5 for r in range(1, len(rules))], minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="both", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel(_words()["heat_key"], fontsize=TEXT_PT)
    return fig
