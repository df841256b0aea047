"""Progress (成效): this year's figures against last year's and against targets.

Public API: :func:`analyse_year` (loads the year and the two before it itself) and
:func:`analyse` (takes loaded :class:`~fzdata.ingest.load.YearData`). Both return a
:class:`YearAnalysis` of plain DataFrames, so notebooks only call and display.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pandas as pd

import fzdata.analysis.derive_department  # noqa: F401  (registers a department's indicators)
from fzdata.analysis.completeness import completeness, split_unverifiable
from fzdata.analysis.derive import derive, rows_ref
from fzdata.analysis.model import FOLLOWUP_COLUMNS, Reported, YearAnalysis
from fzdata.analysis.shortcomings import find_shortcomings, follow_up
from fzdata.analysis.window import Window, window
from fzdata.core.counters import count
from fzdata.core.figures import Figure, rate
from fzdata.core.schema import TABLES
from fzdata.ingest.load import YearData, list_years, load_year
from fzdata.unit.catalogue import Catalogue
from fzdata.unit.folders import year_folder
from fzdata.unit.norms import Norms, resolve_norms
from fzdata.unit.profiles import hours_table

PROGRESS_COLUMNS = (
    "key", "name", "value", "qualifier", "unit", "target", "previous", "previous_qualifier",
    "change", "change_pct", "change_approx", "attainment", "trend", "direction", "source",
    "origin", "previous_source", "derived", "derived_qualifier", "derived_source", "agrees",
)  # fmt: skip
VILLAGE_COLUMNS = (
    "village", "legal_literates", "literates_norm", "meets_literates", "has_counsel", "has_plaza",
    "signed_letter", "demo_level", "disputes", "disputes_unresolved", "petitions",
    "petitions_unresolved", "norms_met", "norms_total", "source",
)  # fmt: skip

#: Rates derived from reported figures: key -> (numerator, denominator).
RATES = {
    "counsel_coverage": ("villages_with_counsel", "villages_total"),
    "dispute_resolution_rate": ("disputes_resolved", "disputes_handled"),
    "petition_resolution_rate": ("petitions_resolved", "petitions_received"),
}

#: Rates of cases: stated only with at least ``min_cases_for_rate`` cases behind them.
CASE_RATES = {"dispute_resolution_rate", "petition_resolution_rate"}

# ----------------------------------------------------------------------- figures


def reported_figures(yd: YearData, norms: Norms) -> dict[str, Reported]:
    """Every indicator of a year as the report will state it, in catalogue order."""
    cat: Catalogue = yd.catalogue
    derived = derive(yd)
    out: dict[str, Reported] = {}
    for row in yd.indicators.itertuples(index=False):
        ident = row.key or f"name:{row.name}"
        value = None if pd.isna(row.value) else float(row.value)
        fig = Figure(value, row.qualifier, row.unit, row.source)
        target = None if pd.isna(row.target) else float(row.target)
        direction = cat[row.key].direction if row.key else "neutral"
        out[ident] = Reported(ident, row.key, row.name, fig, target, "stated", direction)
    for key, fig in derived.items():
        entry = cat[key]
        if key in out:
            rep = out[key]
            rep.derived = fig
            if rep.figure.missing and not fig.missing:
                # The ledger names the indicator but leaves it blank: the detail ledgers speak.
                rep.figure, rep.origin = _with_unit(fig, rep.figure.unit or entry.unit), "derived"
        else:
            out[key] = Reported(
                key,
                key,
                entry.name,
                _with_unit(fig, entry.unit),
                None,
                "derived",
                entry.direction,
                fig,
            )
    for key, (num_key, den_key) in RATES.items():
        fig = _rate(out.get(num_key), out.get(den_key))
        if fig is not None and key in CASE_RATES and not _enough_cases(out[den_key], norms):
            fig = None  # too few cases for a rate to mean anything: the counts are reported
        if fig is not None:
            fig = Figure(
                fig.value,
                fig.qualifier,
                "%",
                f"{cat[num_key].name}÷{cat[den_key].name}（{fig.source}）",
                fig.lo,
                fig.hi,
            )
            _add_rate(out, cat, key, fig)
    compliance = _training_compliance(yd, norms["training_hours_per_officer"])
    if compliance is not None:
        _add_rate(out, cat, "training_compliance", compliance)
    for rep in out.values():
        if rep.target is None and rep.key:
            rep.target = cat[rep.key].default_target
        if rep.target is None and rep.key == "training_hours_avg":
            rep.target = norms["training_hours_per_officer"]
    order = {k: i for i, k in enumerate(cat.entries)}
    return dict(
        sorted(
            out.items(),
            key=lambda kv: order.get(kv[1].key, len(order)) if kv[1].key else len(order),
        )
    )


def _enough_cases(den: Reported, norms: Norms) -> bool:
    """The rate's denominator reaches ``min_cases_for_rate`` (norms.yml)."""
    low = den.figure.lo if den.figure.lo is not None else den.figure.value
    return low is not None and low >= norms["min_cases_for_rate"]


def _rate(num: Reported | None, den: Reported | None) -> Figure | None:
    """A rate from a numerator and a denominator of the same origin.

    A stated count over a derived one mixes two bases (a township's 31 调处成功 over the six
    cases in its log is not a 517% rate), so the derived pair is used when the origins differ,
    and a rate of a part over its whole above 100% is not reported at all.
    """
    if num is None or den is None:
        return None
    if num.origin == den.origin:
        fig, origin = (
            rate(num.figure, den.figure),
            "填报数" if num.origin == "stated" else "明细统计",
        )
    elif num.derived is not None and den.derived is not None:
        fig, origin = rate(num.derived, den.derived), "明细统计"
    else:
        return None
    if fig.missing or fig.value > 100 + 1e-9:  # type: ignore[operator]
        return None
    return Figure(fig.value, fig.qualifier, "%", origin, fig.lo, fig.hi)


def _with_unit(fig: Figure, unit: str) -> Figure:
    return Figure(fig.value, fig.qualifier, unit, fig.source, fig.lo, fig.hi)


def _add_rate(out: dict[str, Reported], cat: Catalogue, key: str, fig: Figure) -> None:
    if key in out:
        out[key].derived = fig
        if out[key].figure.missing and not fig.missing:
            out[key].figure, out[key].origin = fig, "derived"
    elif not fig.missing:
        out[key] = Reported(key, key, cat[key].name, fig, None, "derived", cat[key].direction, fig)


def _training_compliance(yd: YearData, requirement: float) -> Figure | None:
    t = yd.tables[hours_table(yd)]
    if t.empty or t["hours"].isna().any() or (t["hours_qualifier"] != "").any():
        return None
    met = float((t["hours"] >= requirement).sum())
    label = TABLES[hours_table(yd)].label
    src = rows_ref(t, f"{label}（≥{requirement:g}学时）")
    return Figure(met / len(t) * 100, "", "%", src)


# ---------------------------------------------------------------------- progress


def attainment(fig: Figure, target: float | None, direction: str) -> str:
    """达标 / 未达标, or "" when there is no target or the qualifier leaves it open."""
    if target is None or fig.missing:
        return ""
    assert fig.lo is not None and fig.hi is not None
    if direction == "down":
        return "达标" if fig.hi <= target else "未达标" if fig.lo > target else ""
    return "达标" if fig.lo >= target else "未达标" if fig.hi < target else ""


def trend(cur: Figure, prev: Figure | None, direction: str) -> str:
    """improved / declined / unchanged / new, read in the indicator's direction; "" otherwise."""
    if cur.missing:
        return ""
    if prev is None or prev.missing:
        return "new"
    if cur.value == prev.value and cur.qualifier == prev.qualifier:
        return "unchanged"
    if direction == "neutral" or cur.value == prev.value:
        return ""
    rose = cur.value > prev.value  # type: ignore[operator]
    return "improved" if rose == (direction == "up") else "declined"


def progress_table(cur: dict[str, Reported], prev: dict[str, Reported] | None) -> pd.DataFrame:
    prev = prev or {}
    rows = []
    idents = list(cur) + [i for i in prev if i not in cur]
    for ident in idents:
        rep = cur.get(ident)
        p = prev.get(ident)
        if rep is None:  # reported last year, missing this year: the gap stays visible
            assert p is not None
            rep = Reported(
                ident, p.key, p.name, Figure(None, unit=p.figure.unit), p.target, "", p.direction
            )
        fig, pfig = rep.figure, p.figure if p else None
        change = change_pct = None
        approx = False
        # A figure its own detail ledger contradicts gives no change: which one would it be?
        contradicted = rep.agrees is False or (p is not None and p.agrees is False)
        if not fig.missing and pfig is not None and not pfig.missing and not contradicted:
            change = fig.value - pfig.value  # type: ignore[operator]
            approx = fig.approximate or pfig.approximate
            if pfig.value and fig.unit != "%":
                change_pct = change / pfig.value * 100  # type: ignore[operator]
        d = rep.derived
        rows.append(
            {
                "key": rep.key,
                "name": rep.name,
                "value": fig.value,
                "qualifier": fig.qualifier,
                "unit": fig.unit,
                "target": rep.target,
                "previous": pfig.value if pfig else None,
                "previous_qualifier": pfig.qualifier if pfig else "",
                "change": change,
                "change_pct": change_pct,
                "change_approx": approx,
                "attainment": attainment(fig, rep.target, rep.direction),
                "trend": "" if contradicted else trend(fig, pfig, rep.direction),
                "direction": rep.direction,
                "source": fig.source,
                "origin": rep.origin,
                "previous_source": pfig.source if pfig else "",
                "derived": d.value if d else None,
                "derived_qualifier": d.qualifier if d else "",
                "derived_source": d.source if d else "",
                "agrees": rep.agrees,
            }
        )
    df = pd.DataFrame(rows, columns=list(PROGRESS_COLUMNS))
    for col in ("value", "target", "previous", "change", "change_pct", "derived"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    df["agrees"] = df["agrees"].astype("boolean")
    return df


# ---------------------------------------------------------------------- villages


def village_scorecard(yd: YearData, norm: float) -> pd.DataFrame:
    """Per village: each norm met or not, and the cases that fall to it."""
    v = yd.tables["villages"]
    d, p = yd.tables["disputes"], yd.tables["petitions"]
    rows = []
    for r in v.itertuples(index=False):
        literates = None if pd.isna(r.legal_literates) else float(r.legal_literates)
        meets = None if literates is None else literates >= norm
        flags = [meets, _b(r.has_counsel), _b(r.has_plaza), _b(r.signed_letter)]
        known = [f for f in flags if f is not None]
        in_d = d[d["village"] == r.village]
        in_p = p[p["village"] == r.village]
        rows.append(
            {
                "village": r.village,
                "legal_literates": literates,
                "literates_norm": norm,
                "meets_literates": meets,
                "has_counsel": _b(r.has_counsel),
                "has_plaza": _b(r.has_plaza),
                "signed_letter": _b(r.signed_letter),
                "demo_level": r.demo_level,
                "disputes": len(in_d),
                "disputes_unresolved": int((in_d["outcome"] != "resolved").sum()),
                "petitions": len(in_p),
                "petitions_unresolved": int((in_p["outcome"] != "resolved").sum()),
                "norms_met": sum(known),
                "norms_total": len(known),
                "source": r.source,
            }
        )
    df = pd.DataFrame(rows, columns=list(VILLAGE_COLUMNS))
    for col in ("meets_literates", "has_counsel", "has_plaza", "signed_letter"):
        df[col] = df[col].astype("boolean")
    df["legal_literates"] = df["legal_literates"].astype("float64")
    return df


def _b(value: object) -> bool | None:
    return None if pd.isna(value) else bool(value)


# -------------------------------------------------------------------------- API


def analyse(
    current: YearData,
    previous: YearData | None = None,
    before: YearData | None = None,
    *,
    followup: bool = True,
    norms: dict[str, float] | None = None,
) -> YearAnalysis:
    """Analyse ``current`` against ``previous``; ``before`` (the year before that) lets last
    year's shortcomings be computed in full for the follow-up. ``norms`` overrides the unit's
    norms and thresholds by name (a what-if: which shortcomings appear or disappear)."""
    result = _base(current, previous, norms)
    if followup:
        last = _base(previous, before, norms) if previous is not None else None
        result.followup = follow_up(last, result)
    return _with_completeness(result)


def _with_completeness(result: YearAnalysis) -> YearAnalysis:
    """Completeness computed once; a follow-up this year's data cannot check moves there (missing
    data is never a 整改 status)."""
    result.followup, unverifiable = split_unverifiable(result.followup)
    result.completeness = completeness(result, unverifiable)
    return result


def _with_stated_previous(
    current: YearData, prev: dict[str, Reported] | None
) -> dict[str, Reported] | None:
    """Last year's figures stated in this year's wide indicator table (a 2023年 column in the
    2024 ledger) for indicators last year's own ledger does not give; that ledger comes first."""
    stated = getattr(current, "previous", None)
    if stated is None or not len(stated):
        return prev
    out = dict(prev or {})
    cat = current.catalogue
    for row in stated.itertuples(index=False):
        ident = row.key or f"name:{row.name}"
        if ident in out:
            continue
        value = None if pd.isna(row.value) else float(row.value)
        direction = cat[row.key].direction if row.key else "neutral"
        fig = Figure(value, row.qualifier, row.unit, row.source)
        out[ident] = Reported(ident, row.key, row.name, fig, None, "stated", direction)
    return out


def _base(
    current: YearData, previous: YearData | None, overrides: dict[str, float] | None = None
) -> YearAnalysis:
    """Progress, village scorecard and shortcomings of one year; the follow-up comes after."""
    count("analyse", current.unit, current.year)
    settings = current.settings
    norms = resolve_norms(settings, overrides)
    cur = reported_figures(current, norms)
    prev = (
        reported_figures(previous, resolve_norms(previous.settings, overrides))
        if previous
        else None
    )
    prev = _with_stated_previous(current, prev)
    indicators = progress_table(cur, prev)
    villages = village_scorecard(current, norms["legal_literates_per_village"])
    shortcomings = find_shortcomings(current, previous, indicators, villages, cur, norms)
    return YearAnalysis(
        current.unit, current.year, settings, norms, indicators, villages, shortcomings,
        pd.DataFrame(columns=list(FOLLOWUP_COLUMNS)), current, previous, cur,
    )  # fmt: skip


def trend_frame(years: dict[int, YearData]) -> pd.DataFrame:
    """Every year's reported figures in one long table: year, key, name, value, qualifier, unit."""
    rows = []
    for year, yd in sorted(years.items()):
        for rep in reported_figures(yd, resolve_norms(yd.settings)).values():
            f = rep.figure
            rows.append({"year": year, "key": rep.key, "name": rep.name, "value": f.value,
                         "qualifier": f.qualifier, "unit": f.unit, "source": f.source})  # fmt: skip
    df = pd.DataFrame(rows, columns=["year", "key", "name", "value", "qualifier", "unit", "source"])
    df["value"] = pd.to_numeric(df["value"]).astype("float64")
    return df


def analyse_year(
    data_dir: Path | str, unit: str, year: int, *, norms: dict[str, float] | None = None
) -> YearAnalysis:
    """Load the years of ``year``'s window (:mod:`fzdata.analysis.window`) and analyse.

    Within a process each year's ledgers are read once and each unit-year analysed once while
    their files stay unchanged (size and modification time); each caller gets its own copy.
    ``norms`` overrides norms and thresholds by name, for a what-if (not cached).
    """
    return copy.deepcopy(session(data_dir, unit).analysis(int(year), norms))


class UnitSession:
    """One unit's years, each loaded at most once and analysed at most once while unchanged."""

    def __init__(self, data_dir: Path | str, unit: str) -> None:
        self.data_dir = Path(data_dir)
        self.unit = unit
        self._loaded: dict[int, tuple[Any, YearData]] = {}
        self._bases: dict[int, tuple[Any, YearAnalysis]] = {}

    def years(self) -> list[int]:
        return list_years(self.data_dir, self.unit)

    def window(self, year: int) -> Window:
        return window(year, self.years())

    def data(self, year: int) -> YearData:
        stamp = _stamp(self.data_dir / self.unit, year)
        hit = self._loaded.get(year)
        if hit is None or hit[0] != stamp:
            self._loaded[year] = (stamp, load_year(self.data_dir, self.unit, year))
        return self._loaded[year][1]

    def base(self, year: int, previous: int | None) -> YearAnalysis:
        current = self.data(year)
        prev = self.data(previous) if previous is not None else None
        # Keyed on the files' stamps (not object ids, which a freed object can pass on).
        key = (self._loaded[year][0], self._loaded[previous][0] if previous is not None else None)
        hit = self._bases.get(year)
        if hit is None or hit[0] != key:
            self._bases[year] = (key, _base(current, prev))
        return self._bases[year][1]

    def analysis(self, year: int, norms: dict[str, float] | None = None) -> YearAnalysis:
        """The full analysis of ``year``: progress, shortcomings, follow-up and trends."""
        w = self.window(year)
        if norms:
            cur = self.data(year)
            prev = self.data(w.previous) if w.previous is not None else None
            before = self.data(w.before) if w.before is not None else None
            result = analyse(cur, prev, before, norms=norms)
        else:
            result = copy.copy(self.base(year, w.previous))
            last = self.base(w.previous, w.before) if w.previous is not None else None
            result.followup = follow_up(last, result)
            result = _with_completeness(result)
        result.window = w
        result.trends = trend_frame({y: self.data(y) for y in w.shown})
        return result


#: Units whose loaded years a process keeps: a build plans a unit's years one after another,
#: so a few are enough, and a worker's memory stays flat over a long run.
KEEP_UNITS = 4
_SESSIONS: OrderedDict[tuple[str, str], UnitSession] = OrderedDict()


def session(data_dir: Path | str, unit: str) -> UnitSession:
    """This process's session for a unit, the most recently used ones kept."""
    key = (str(Path(data_dir).resolve()), unit)
    if key in _SESSIONS:
        _SESSIONS.move_to_end(key)
    else:
        _SESSIONS[key] = UnitSession(data_dir, unit)
        while len(_SESSIONS) > KEEP_UNITS:
            _SESSIONS.popitem(last=False)
    return _SESSIONS[key]


def _stamp(unit_dir: Path, year: int) -> tuple[tuple[str, int, int], ...]:
    """Size and modification time of a year's files and of the unit's own settings files."""
    files = [p for p in unit_dir.iterdir() if p.is_file()] if unit_dir.is_dir() else []
    year_dir = year_folder(unit_dir, year)
    if year_dir.is_dir():
        files += [p for p in year_dir.rglob("*") if p.is_file()]
    stats = []
    for p in sorted(files):
        st = p.stat()
        stats.append((str(p), st.st_size, st.st_mtime_ns))
    return tuple(stats)
