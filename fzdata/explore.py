"""The analyst's workbench behind ``notebooks/explore``: pick a unit and year, the year at a
glance, one village or one indicator across the years, a what-if on norms, and where each
figure came from.

Every function here returns plain DataFrames (or a matplotlib Figure) that the notebook shows
with :func:`fzdata.nb.show`; the notebook itself holds only calls and display.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from fzdata.analysis.analyse import analyse_year
from fzdata.analysis.model import YearAnalysis
from fzdata.core.errors import FzError
from fzdata.core.figures import fmt
from fzdata.core.resources import wording
from fzdata.report import charts
from fzdata.unit.folders import list_units, list_years


def _w(key: str, **fields: Any) -> str:
    return wording()["explore"][key].format(**fields)


def default_data_dir() -> Path:
    """``$FZ_DATA`` (set by ``fz lab``), else ``data/`` beside ``notebooks/``."""
    if os.environ.get("FZ_DATA"):
        return Path(os.environ["FZ_DATA"])
    here = Path.cwd()
    return here.parent / "data" if (here.parent / "data").is_dir() else here / "data"


# --------------------------------------------------------------------------- picking


@dataclass
class Pick:
    """The unit and year being explored. With ipywidgets, two dropdowns set them; without
    (papermill, a plain console) they are the parameters given."""

    data_dir: Path
    unit: str
    year: int
    widgets: Any = field(default=None, repr=False)

    @property
    def units(self) -> list[str]:
        return list_units(self.data_dir)

    @property
    def years(self) -> list[int]:
        return list_years(self.data_dir, self.unit)

    def analysis(self, **norms: float) -> YearAnalysis:
        return analyse_year(self.data_dir, self.unit, self.year, norms=norms or None)

    def describe(self) -> str:
        return _w(
            "picked", unit=self.unit, year=self.year, data_dir=self.data_dir,
            units="、".join(self.units), years="、".join(map(str, self.years)),
        )  # fmt: skip

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """The dropdowns where a front end renders widgets; plain text everywhere else."""
        text = _w("picker_fallback", unit=self.unit, year=self.year)
        bundle: dict[str, Any] = {"text/plain": text}
        if self.widgets is not None:
            data = self.widgets._repr_mimebundle_(**kwargs)
            if isinstance(data, tuple):
                data = data[0]
            bundle.update({k: v for k, v in data.items() if k != "text/plain"})
        return bundle


def pick(
    data_dir: str | Path | None = None, unit: str | None = None, year: int | None = None
) -> Pick:
    """The unit and year to explore: the parameters, else the first unit and its latest year;
    with dropdowns to change them when ipywidgets is there."""
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    units = list_units(data_dir)
    if not units:
        raise FzError(f"「{data_dir}」中没有任何单位目录（应为 {data_dir}/<单位>/<年份>/）")
    unit = unit or units[0]
    years = list_years(data_dir, unit)
    year = int(year) if year else years[-1]
    if year not in years:
        raise FzError(f"「{unit}」没有{year}年的数据目录。现有：{'、'.join(map(str, years))}")
    chosen = Pick(data_dir, unit, year)
    chosen.widgets = _dropdowns(chosen)
    return chosen


def _dropdowns(chosen: Pick) -> Any:
    try:
        import ipywidgets as w
    except ImportError:  # the plain parameters still work
        return None
    unit_box = w.Dropdown(options=chosen.units, value=chosen.unit, description="单位")
    year_box = w.Dropdown(options=chosen.years, value=chosen.year, description="年份")

    def on_unit(change: dict[str, Any]) -> None:
        chosen.unit = change["new"]
        year_box.options = chosen.years
        year_box.value = chosen.years[-1]

    def on_year(change: dict[str, Any]) -> None:
        if change["new"] is not None:
            chosen.year = int(change["new"])

    unit_box.observe(on_unit, names="value")
    year_box.observe(on_year, names="value")
    return w.VBox([w.HBox([unit_box, year_box]), w.HTML(_w("picker_hint"))])


@dataclass
class Choice:
    """One value picked from a list: a dropdown where widgets render, the given value (a
    parameter) everywhere else. ``options`` maps what is shown to the value."""

    description: str
    options: dict[str, str]
    value: str
    widget: Any = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return next(k for k, v in self.options.items() if v == self.value)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle: dict[str, Any] = {
            "text/plain": _w("choice_fallback", description=self.description, label=self.label)
        }
        if self.widget is not None:
            data = self.widget._repr_mimebundle_(**kwargs)
            data = data[0] if isinstance(data, tuple) else data
            bundle.update({k: v for k, v in data.items() if k != "text/plain"})
        return bundle


def choice(description: str, options: dict[str, str], value: str) -> Choice:
    """A :class:`Choice`, with its dropdown when ipywidgets is there."""
    chosen = Choice(description, options, value)
    try:
        import ipywidgets as w
    except ImportError:
        return chosen
    box = w.Dropdown(options=list(options.items()), value=value, description=description)

    def on_change(change: dict[str, Any]) -> None:
        chosen.value = change["new"]

    box.observe(on_change, names="value")
    chosen.widget = w.VBox([box, w.HTML(_w("choice_hint"))])
    return chosen


# ------------------------------------------------------------------ the year at a glance

KEY_FIGURE_COLUMNS = ["name", "value", "qualifier", "unit", "target", "previous",
                      "previous_qualifier", "trend", "attainment", "source", "previous_source"]  # fmt: skip


def key_figures(a: YearAnalysis) -> pd.DataFrame:
    """This year's indicators with target, last year and trend (the report's figures)."""
    return a.indicators[[c for c in KEY_FIGURE_COLUMNS if c in a.indicators.columns]]


SHORTCOMING_COLUMNS = ["severity", "rule", "key", "evidence", "villages", "source"]
FOLLOWUP_COLUMNS = ["rule", "key", "status", "previous_evidence", "evidence"]


def shortcomings(a: YearAnalysis) -> pd.DataFrame:
    return a.shortcomings[SHORTCOMING_COLUMNS]


def followup(a: YearAnalysis) -> pd.DataFrame:
    return a.followup[FOLLOWUP_COLUMNS]


def load_summary(a: YearAnalysis) -> str:
    from fzdata.ingest.load import summary_line

    return summary_line(a.data)


# -------------------------------------------------------------- one village, the years


def analyses(p: Pick) -> dict[int, YearAnalysis]:
    """Every year of the unit up to the picked one, analysed (each read once per process)."""
    return {y: analyse_year(p.data_dir, p.unit, y) for y in p.years if y <= p.year}


def villages_of(a: YearAnalysis) -> list[str]:
    return a.villages["village"].dropna().tolist()


def choose_village(a: YearAnalysis, village: str | None) -> str:
    """The village asked for, else the one with the most cases this year."""
    names = villages_of(a)
    if village:
        if village not in names:
            raise FzError(_w("no_village", village=village, year=a.year, villages="、".join(names)))
        return village
    v = a.villages.assign(cases=a.villages["disputes"] + a.villages["petitions"])
    return str(v.sort_values("cases", ascending=False, kind="stable")["village"].iloc[0])


def village_choice(a: YearAnalysis, village: str | None = None) -> Choice:
    """The village to follow: a dropdown of this year's villages (default: most cases)."""
    names = villages_of(a)
    return choice("行政村", {n: n for n in names}, choose_village(a, village))


def village_years(p: Pick, village: str) -> pd.DataFrame:
    """The village's row of the village table, one per year."""
    rows = []
    for y, a in analyses(p).items():
        row = a.villages[a.villages["village"] == village]
        rows.append(row.assign(year=y))
    if not rows:
        return pd.DataFrame()
    out = pd.concat(rows, ignore_index=True)
    return out[["year", *[c for c in out.columns if c != "year"]]]


def village_cases(p: Pick, village: str, kind: str = "disputes") -> pd.DataFrame:
    """The village's cases (``disputes`` or ``petitions``) of every year, oldest first."""
    frames = []
    for a in analyses(p).values():
        df = getattr(a.data, kind)
        frames.append(df[df["village"] == village])
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def no_cases_note(village: str, kind: str) -> str:
    return _w(
        "no_cases", village=village, what={"disputes": "矛盾纠纷", "petitions": "信访案件"}[kind]
    )


# ----------------------------------------------------------- one indicator, the years


def indicator_names(a: YearAnalysis) -> dict[str, str]:
    """Key -> name of every indicator reported this year."""
    return {r.key: r.name for r in a.reported.values() if r.key}


def choose_indicator(a: YearAnalysis, indicator: str | None) -> str:
    """An indicator key from a key or a Chinese name; by default the first of the trend chart."""
    names = indicator_names(a)
    if not indicator:
        return next(k for k in (*charts.DEFAULT_TREND_KEYS, *names) if k in names)
    if indicator in names:
        return indicator
    by_name = {v: k for k, v in names.items()}
    if indicator in by_name:
        return by_name[indicator]
    raise FzError(_w("no_indicator", indicator=indicator, names="、".join(names.values())))


def indicator_choice(a: YearAnalysis, indicator: str | None = None) -> Choice:
    """The indicator to follow: a dropdown of this year's indicators by name."""
    names = indicator_names(a)
    return choice("指标", {v: k for k, v in names.items()}, choose_indicator(a, indicator))


def indicator_years(p: Pick, key: str) -> pd.DataFrame:
    """The indicator as reported each year (year, name, value, qualifier, unit, source)."""
    rows = []
    for y, a in analyses(p).items():
        rep = a.reported.get(key)
        if rep is None:
            continue
        f = rep.figure
        rows.append({"year": y, "key": key, "name": rep.name, "value": f.value,
                     "qualifier": f.qualifier, "unit": f.unit, "source": f.source})  # fmt: skip
    return pd.DataFrame(
        rows, columns=["year", "key", "name", "value", "qualifier", "unit", "source"]
    )


def indicator_chart(p: Pick, key: str) -> Any:
    """The indicator's bar chart across the years (the trend chart, one panel)."""
    return charts.indicator_trends(indicator_years(p, key), [key])


# ------------------------------------------------------------------------- what-if


def what_if(p: Pick, norms: dict[str, float]) -> pd.DataFrame:
    """Which shortcomings appear, disappear or stay when norms or thresholds change.

    Columns: change (appears/disappears/changed/stays), rule, key, severity, before, after.
    """
    base = p.analysis()
    changed = p.analysis(**norms)

    def by_id(df: pd.DataFrame) -> dict[tuple[str, str], pd.Series]:
        return {(r["rule"], r["key"]): r for _, r in df.iterrows()}

    old, new = by_id(base.shortcomings), by_id(changed.shortcomings)
    rows = []
    for ident in [*old, *(i for i in new if i not in old)]:
        if ident in old and ident in new:
            same = old[ident]["evidence"] == new[ident]["evidence"]
            change = "stays" if same else "changed"
        else:
            change = "disappears" if ident in old else "appears"
        ref = new.get(ident, old.get(ident))
        rows.append({
            "change": change, "rule": ident[0], "key": ident[1], "severity": ref["severity"],
            "before": old[ident]["evidence"] if ident in old else "",
            "after": new[ident]["evidence"] if ident in new else "",
        })  # fmt: skip
    order = {"appears": 0, "disappears": 1, "changed": 2, "stays": 3}
    out = pd.DataFrame(rows, columns=["change", "rule", "key", "severity", "before", "after"])
    return out.sort_values("change", key=lambda s: s.map(order), kind="stable", ignore_index=True)


def what_if_summary(table: pd.DataFrame) -> str:
    counts = table["change"].value_counts()
    kinds = ("appears", "disappears", "changed", "stays")
    if not any(counts.get(k, 0) for k in kinds[:3]):
        return _w("what_if_none")
    return _w("what_if_counts", **{k: int(counts.get(k, 0)) for k in kinds})


def norms_changed(p: Pick, norms: dict[str, float]) -> pd.DataFrame:
    """The norms and thresholds, before and after the what-if (only those changed)."""
    before = p.analysis().norms_table.set_index("name")
    after = p.analysis(**norms).norms_table.set_index("name")
    rows = []
    for name in norms:
        b, a = before.loc[name], after.loc[name]
        rows.append({"name": name, "label": b["label"], "before": fmt(b["value"], "", b["unit"], 2),
                     "after": fmt(a["value"], "", a["unit"], 2)})  # fmt: skip
    return pd.DataFrame(rows, columns=["name", "label", "before", "after"])


# ---------------------------------------------------------------- where figures came from


def sources(a: YearAnalysis) -> pd.DataFrame:
    """Each figure of the report with where it came from: the ledger cell, or the detail rows
    it was counted from, and the other count when both exist."""
    rows = []
    for r in a.reported.values():
        rows.append({
            "name": r.name,
            "figure": r.figure.text(),
            "origin": r.origin,
            "where": r.figure.source,
            "derived": r.derived.text() if r.derived is not None and r.origin == "stated" else "",
            "derived_where": r.derived.source if r.derived is not None and r.origin == "stated" else "",
        })  # fmt: skip
    return pd.DataFrame(
        rows, columns=["name", "figure", "origin", "where", "derived", "derived_where"]
    )
