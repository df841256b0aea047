"""``fz rollup``: one county year from every unit's analysis, built outputs and collected reports.

Each unit-year with ledgers is analysed once through its :class:`~fzdata.analysis.analyse.
UnitSession` (the same analysis ``fz build`` and ``fz lint`` use); its built outputs under
``<out>/<单位>/<年份>/`` say whether the report was built, draft or final, and its lint counts.
Units that sent only a Word or text report join through ``<out>/汇总/<年份>/collected/`` (written
by ``fz collect``), their figures marked 报告文字. Nothing is executed or fetched; every figure
keeps its source.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pandas as pd

from fzdata.core.config import COUNTY_DIR, COUNTY_REPORTS_DIR
from fzdata.core.errors import FzError
from fzdata.core.findings import check_code
from fzdata.county.model import (
    CONTRADICTIONS_COLUMNS,
    NOT_SUBMITTED,
    ORIGIN_LEDGER,
    ORIGIN_TEXT,
    SHARED_COLUMNS,
    SHORTCOMINGS_COLUMNS,
    STATUS_COLUMNS,
    UNITS_COLUMNS,
    RollupYear,
)
from fzdata.county.settings import CountySettings, load_county
from fzdata.county.status import REPORT_NOT_BUILT, href, ledgers_of, status_row, year_dir
from fzdata.county.totals import spec, totals
from fzdata.unit.folders import list_units, list_years

#: ``<out>/汇总/<年份>/``: the county view's outputs.
ROLLUP_DIR = "汇总"
COLLECTED_DIR = "collected"
_SEVERITY = {"high": 0, "medium": 1, "low": 2}
_COLLECTED = {
    "reports": ("file", "unit", "kind", "recognised_by", "title", "year", "sections", "errors",
                "warnings", "draft", "last_changed", "sha256"),
    "figures": ("unit", "kind", "key", "name", "value", "qualifier", "lo", "hi", "measure",
                "source", "origin", "file", "line"),
    "review": ("file", "unit", "level", "code", "line", "section", "message"),
}  # fmt: skip


def close_name(name: str, names: list[str]) -> str:
    """The name in ``names`` that ``name`` most likely means (one contains the other, or
    difflib finds them close: 桃园 for 桃园乡, 县市场监管局 for 某县市场监督管理局); "" if none."""
    import difflib

    inside = [n for n in names if name in n or n in name]
    if inside:
        return inside[0]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if close:
        return close[0]
    # Abbreviations drop characters (市场监督管理局 → 市场监管局): most of the short name's
    # characters, in order, inside the long one.
    for n in names:
        short, long = sorted((name, n), key=len)
        m = difflib.SequenceMatcher(None, short, long)
        if len(short) >= 2 and sum(b.size for b in m.get_matching_blocks()) >= 0.8 * len(short):
            return n
    return ""


def finding(level: str, code: str, file: str, message: str) -> dict[str, str]:
    """A county-level finding (its code declared in ``resources/findings.yml``)."""
    check_code(level, code)
    return {"level": level, "code": code, "file": file, "message": message}


def rollup_dir(out_dir: Path | str, year: int) -> Path:
    return Path(out_dir) / ROLLUP_DIR / str(year)


# ------------------------------------------------------------------------ collected


def read_collected(out_dir: Path | str, year: int) -> dict[str, pd.DataFrame]:
    """``reports``, ``figures`` and ``review`` written by ``fz collect`` (empty when none):
    through :mod:`fzdata.county.collect` when present, else read here, every cell as text."""
    try:
        from fzdata.county.collect import read_collected as _read  # type: ignore[attr-defined]
    except ImportError:
        _read = None
    if _read is not None:
        c = _read(out_dir, year)
        return {"reports": c.reports, "figures": c.figures, "review": c.review}
    root = rollup_dir(out_dir, year)
    paths = {"reports": root / COLLECTED_DIR / "reports.csv",
             "figures": root / COLLECTED_DIR / "figures.csv",
             "review": root / "tables" / "review.csv"}  # fmt: skip
    out = {}
    for name, path in paths.items():
        try:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (OSError, ValueError, pd.errors.ParserError):
            df = pd.DataFrame(columns=list(_COLLECTED[name]))
        for col in _COLLECTED[name]:
            if col not in df.columns:
                df[col] = ""
        out[name] = df
    return out


def _folder_kind(unit_dir: Path) -> str:
    """The kind a unit's unit.yml gives; township when it cannot be read (``fz check`` says
    why)."""
    from fzdata.unit.settings import load_settings

    try:
        return load_settings(unit_dir).kind
    except FzError:
        return "township"


def _kind_of(kind: Any) -> str:
    """A kind of unit named by ``fz collect``; township when it names none we know."""
    from fzdata.unit.profiles import kinds

    return kind if isinstance(kind, str) and kind in kinds() else "township"


def _number(value: Any) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(x) else x


# ----------------------------------------------------------------------------- rows


def _indicator_rows(a: Any, unit: str, label: str, kind: str, link: str) -> list[dict[str, Any]]:
    """The unit's indicators from its analysis: one row each, with interval and change."""
    figures = {rep.key or f"name:{rep.name}": rep.figure for rep in a.reported.values()}
    rows = []
    for r in a.indicators.to_dict("records"):
        fig = figures.get(r["key"] or f"name:{r['name']}")
        value = _number(r["value"])
        lo = hi = None
        if fig is not None and not fig.missing:
            lo = fig.lo
            hi = None if fig.hi == float("inf") else fig.hi
        rows.append({"unit": unit, "label": label, "kind": kind, "key": r["key"] or "",
                     "name": r["name"], "value": value, "qualifier": r["qualifier"] or "",
                     "lo": lo, "hi": hi, "measure": r["unit"] or "", "source": r["source"] or "",
                     "origin": ORIGIN_LEDGER, "previous": _number(r["previous"]),
                     "previous_qualifier": r.get("previous_qualifier") or "",
                     "change": _number(r["change"]), "rank": None, "href": link})  # fmt: skip
    return rows


def _text_rows(
    figures: pd.DataFrame, names: set[str], unit: str, label: str, kind: str
) -> list[dict[str, Any]]:
    """A unit's figures stated in its submitted report (``collected/figures.csv``), found by
    its full name or 简称."""
    rows = []
    for r in figures[figures["unit"].isin(names)].to_dict("records"):
        rows.append({"unit": unit, "label": label, "kind": kind, "key": r["key"], "name": r["name"],
                     "value": _number(r["value"]), "qualifier": r["qualifier"],
                     "lo": _number(r["lo"]), "hi": _number(r["hi"]), "measure": r["measure"],
                     "source": r["source"], "origin": ORIGIN_TEXT, "previous": None,
                     "previous_qualifier": "", "change": None, "rank": None, "href": ""})  # fmt: skip
    return rows


def _with_previous(units: pd.DataFrame, previous: RollupYear | None) -> pd.DataFrame:
    """Last year's figure and the change for rows that lack them (text-only units)."""
    if previous is None or not len(units) or not len(previous.units):
        return units
    last = {(r["unit"], r["key"]): r for r in previous.units.to_dict("records") if r["key"]}
    for i, r in units.iterrows():
        p = last.get((r["unit"], r["key"]))
        if p is None or pd.notna(r["previous"]) or pd.isna(p["value"]):
            continue
        units.at[i, "previous"] = p["value"]
        units.at[i, "previous_qualifier"] = p["qualifier"]
        if pd.notna(r["value"]):
            units.at[i, "change"] = r["value"] - p["value"]
    return units


def _ranks(units: pd.DataFrame, listed: set[str]) -> pd.DataFrame:
    """Each listed unit's place among its kind on each indicator, largest first (1 = most)."""
    mask = units["unit"].isin(listed) & units["value"].notna() & (units["key"] != "")
    ranked = units[mask].groupby(["kind", "key"])["value"].rank(method="min", ascending=False)
    units["rank"] = pd.array([None] * len(units), dtype="Int64")
    units.loc[ranked.index, "rank"] = ranked.astype("int64")
    return units


def _shortcoming_rows(a: Any, unit: str, label: str, kind: str, link: str) -> list[dict[str, Any]]:
    """The unit's shortcomings, one row per rule (evidence joined, the highest severity)."""
    from fzdata.export.tables import columns

    titles = columns()["values"]["rule"]
    by_rule: dict[str, dict[str, Any]] = {}
    for r in a.shortcomings.to_dict("records"):
        rule = r["rule"]
        row = by_rule.setdefault(rule, {"rule": rule, "title": titles.get(rule, rule), "kind": kind,
                                        "unit": unit, "label": label, "severity": r["severity"],
                                        "evidence": [], "href": link})  # fmt: skip
        if _SEVERITY.get(r["severity"], 9) < _SEVERITY.get(row["severity"], 9):
            row["severity"] = r["severity"]
        row["evidence"].append(str(r["evidence"]))
    for row in by_rule.values():
        row["evidence"] = "；".join(row["evidence"])
    return list(by_rule.values())


def shared_shortcomings(
    shortcomings: pd.DataFrame, analysed: dict[str, list[str]], kind_labels: dict[str, str]
) -> pd.DataFrame:
    """Rules found in at least ``min_units`` units of a kind, with the sentence and the units:
    「3个乡镇中有2个…（青石镇、河口镇）」. ``analysed`` maps each kind to its listed units whose
    ledgers were analysed (the 「3个」)."""
    wording = spec()["shared"]
    rows = []
    for kind, members in analysed.items():
        of = len(members)
        sub = shortcomings[(shortcomings["kind"] == kind) & shortcomings["unit"].isin(members)]
        for rule, group in sub.groupby("rule", sort=False):
            names = [u for u in members if u in set(group["unit"])]
            labels = [group[group["unit"] == u]["label"].iloc[0] for u in names]
            if len(names) < wording["min_units"]:
                continue
            title = group["title"].iloc[0]
            problem = wording["problems"].get(rule) or wording["other"].format(title=title)
            sentence = wording["sentence"].format(of=of, kind=kind_labels.get(kind, kind), count=len(names),
                                      problem=problem, units="、".join(labels))  # fmt: skip
            rows.append({"rule": rule, "title": title, "kind": kind, "count": len(names), "of": of,
                         "units": "、".join(labels), "sentence": sentence})  # fmt: skip
    df = pd.DataFrame(rows, columns=list(SHARED_COLUMNS))
    return df.sort_values(["kind", "count"], ascending=[True, False], kind="stable").reset_index(
        drop=True
    )


_STATED = re.compile(r"写作「([^」]*)」")
_LEDGER = re.compile(r"台账为([^（，。]+)")


def _contradictions(
    a: Any, folder: Path | None, unit: str, label: str, link: str
) -> list[dict[str, Any]]:
    """Figures in the unit's narrative.md that its own ledgers contradict (the lint's
    data-mismatch findings)."""
    if folder is None or not (folder / "narrative.md").is_file():
        return []
    from fzdata.lint.engine import lint_narrative

    try:
        found = lint_narrative(folder / "narrative.md", a)
    except (FzError, OSError, UnicodeDecodeError):
        return []
    names = {e.name: e.key for e in a.data.catalogue.entries.values()}
    rows = []
    for f in found:
        if f.rule != "data-mismatch":
            continue
        name = next(
            (n for n in sorted(names, key=len, reverse=True) if f.message.startswith(n)), ""
        )
        m = _STATED.search(f.message)
        rows.append({"unit": unit, "label": label, "key": names.get(name, ""), "name": name,
                     "stated": m[1] if m else f.text, "ledger": f.suggestion, "sentence": f.text,
                     "line": f.line, "href": link})  # fmt: skip
    return rows


def _review_contradictions(review: pd.DataFrame, labels: dict[str, str]) -> list[dict[str, Any]]:
    """Figures in a submitted report that contradict the unit's ledgers (from ``fz collect``)."""
    rows = []
    mismatch = review["code"].isin(["data-mismatch", "lint:data-mismatch"])
    for r in review[mismatch].to_dict("records"):
        m = _STATED.search(r["message"])
        truth = _LEDGER.search(r["message"])
        rows.append({"unit": r["unit"], "label": labels.get(r["unit"], r["unit"]), "key": "",
                     "name": r["message"].split("写作")[0] if "写作" in r["message"] else "",
                     "stated": m[1] if m else "", "ledger": truth[1] if truth else "",
                     "sentence": r["message"],
                     "line": _number(r["line"]), "href": ""})  # fmt: skip
    return rows


def _frame(
    rows: list[dict[str, Any]], columns: tuple[str, ...], extra: tuple[str, ...] = ()
) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[*columns, *extra])


# ---------------------------------------------------------------------------- year


def rollup_year(
    data_dir: Path | str,
    year: int,
    out_dir: Path | str,
    county: CountySettings,
    *,
    previous: RollupYear | None = None,
    today: dt.date | None = None,
    analyses: dict[tuple[str, int], Any] | None = None,
) -> RollupYear:
    """The county's roll-up of ``year``: status, figures, totals, shortcomings, contradictions.

    ``analyses`` holds unit-years already analysed (:func:`analyse_units`); the others are
    analysed here through the unit's session."""
    from fzdata.analysis.analyse import session
    from fzdata.unit.profiles import load_profile

    data_dir, out_dir = Path(data_dir), Path(out_dir)
    today = today or dt.date.today()
    collected = read_collected(out_dir, year)
    reports = {r["unit"]: r for r in collected["reports"].to_dict("records") if r["unit"]}
    findings: list[dict[str, str]] = []

    # Who: the listed units (their folder by full name or 简称), then folders under data/ with
    # this year and reports read by fz collect that county.yml does not list.
    members: list[tuple[str, str, str, str, bool]] = []  # name, folder, kind, label, listed
    expected = []
    for u in county.units:
        folder = next((n for n in (u.name, u.short) if n and (data_dir / n).is_dir()), u.name)
        early = u.since is not None and year < u.since
        if (
            early
            and not ledgers_of(data_dir, folder, year)
            and not ({u.name, u.short} & set(reports))
        ):
            continue  # not a unit of the county yet (county.yml: since)
        expected.append(u)
        members.append((u.name, folder, u.kind, u.label, True))
        if u.short and u.short in reports and u.name not in reports:
            reports[u.name] = reports.pop(u.short)
    listed_names = {u.name for u in county.units} | {u.short for u in county.units if u.short}
    unlisted = [(unit, _folder_kind(data_dir / unit)) for unit in list_units(data_dir)
                if unit not in listed_names and year in list_years(data_dir, unit)]  # fmt: skip
    unlisted += [(unit, _kind_of(r.get("kind"))) for unit, r in reports.items()
                 if unit not in listed_names and unit not in {n for n, _ in unlisted}]  # fmt: skip
    # Listed units with nothing this year: an unlisted folder with a close name is likely it.
    empty = [u.name for u in expected
             if not ledgers_of(data_dir, u.short if u.short and (data_dir / u.short).is_dir() else u.name, year)
             and not ({u.name, u.short} & set(reports))]  # fmt: skip
    for unit, kind in unlisted:
        members.append((unit, unit, kind, unit, False))
        message = spec()["messages"]["unlisted"].format(unit=unit)
        near = close_name(unit, empty)
        if near:
            message += spec()["messages"]["unlisted_near"].format(name=near)
        findings.append(finding("warning", "county_unlisted_unit", unit, message))

    kind_labels = {kind: load_profile(kind).label for kind in {m[2] for m in members}}
    status, units, shortcomings, contradictions = [], [], [], []
    analysed: dict[str, list[str]] = {}
    for unit, folder, kind, label, listed in members:
        analysis = None
        if analyses is not None and (folder, year) in analyses:
            analysis = analyses[(folder, year)]
            if isinstance(analysis, FzError):
                findings.append(finding("error", "county_unit_unreadable", unit,
                                        f"「{unit}」{year}年的台账无法分析：{analysis}"))  # fmt: skip
                analysis = None
        elif ledgers_of(data_dir, folder, year):
            try:
                analysis = session(data_dir, folder).analysis(year)
            except FzError as exc:
                findings.append(finding("error", "county_unit_unreadable", unit,
                                        f"「{unit}」{year}年的台账无法分析：{exc}"))  # fmt: skip
        row = status_row(county, data_dir, out_dir, year, unit, kind, label, listed, analysis,
                         reports.get(unit), today, folder=folder)  # fmt: skip
        status.append(row)
        if analysis is not None:
            link = href(folder, year)
            units += _indicator_rows(analysis, unit, label, kind, link)
            shortcomings += _shortcoming_rows(analysis, unit, label, kind, link)
            contradictions += _contradictions(
                analysis, year_dir(data_dir, folder, year), unit, label, link
            )
            if listed:
                analysed.setdefault(kind, []).append(unit)
        elif row["ledgers"] == 0 and unit in reports:
            names = {unit, county.unit(unit).short if county.unit(unit) else unit}
            units += _text_rows(collected["figures"], names, unit, label, kind)
            findings.append(finding("info", "county_report_only", unit,
                                    spec()["messages"]["report_only"].format(unit=unit, year=year)))  # fmt: skip
        if row["report"] == NOT_SUBMITTED:
            findings.append(finding("warning", "county_not_submitted", unit,
                                    spec()["messages"]["not_submitted"].format(
                                        unit=unit, year=year, kind=kind_labels[kind])))  # fmt: skip
        elif row["overdue"]:
            msgs = spec()["messages"]
            when = (msgs["received_on"].format(date=row["received"]) if row["received"]
                    else msgs["changed_on"].format(date=row["last_changed"]))  # fmt: skip
            findings.append(finding("warning", "county_overdue", unit,
                                    spec()["messages"]["overdue"].format(
                                        unit=unit, year=year, when=when, deadline=row["deadline"])))  # fmt: skip

    status_df = _frame(status, STATUS_COLUMNS, ("received",))
    units_df = _frame(units, UNITS_COLUMNS)
    for col in ("value", "lo", "hi", "previous", "change"):
        units_df[col] = pd.to_numeric(units_df[col]).astype("float64")
    units_df = _with_previous(units_df, previous)
    listed_units = {u.name for u in expected}
    units_df = _ranks(units_df, listed_units)
    by_kind: dict[str, list[str]] = {}
    for u in expected:
        by_kind.setdefault(u.kind, []).append(u.name)
    kinds = list(dict.fromkeys([u.kind for u in expected] + [m[2] for m in members]))
    totals_df, mismatched = totals(units_df, by_kind, kinds)
    for m in mismatched:
        findings.append(finding("warning", "county_measure_mismatch", "county.yml",
                                spec()["messages"]["measure_mismatch"].format(
                                    name=m["name"], measures="、".join(m["measures"]),
                                    kind=kind_labels.get(m["kind"], m["kind"]))))  # fmt: skip
    shortcomings_df = _frame(shortcomings, SHORTCOMINGS_COLUMNS)
    labels = {m[0]: m[3] for m in members}
    contradictions += _review_contradictions(collected["review"], labels)
    return RollupYear(
        county, year, status_df, units_df, totals_df, shortcomings_df,
        shared_shortcomings(shortcomings_df, analysed, kind_labels),
        _frame(contradictions, CONTRADICTIONS_COLUMNS), findings, previous,
    )  # fmt: skip


# --------------------------------------------------------------------------- years


def rollup_years(data_dir: Path | str, county: CountySettings) -> list[int]:
    """The report years with anything to roll up: any unit's year folders, the county's own
    folder ``data/county/<年份>/``."""
    data_dir = Path(data_dir)
    years: set[int] = set()
    for unit in list_units(data_dir):
        years.update(list_years(data_dir, unit))
    county_dir = data_dir / COUNTY_DIR
    if county_dir.is_dir():
        years.update(int(p.name) for p in county_dir.iterdir() if p.is_dir() and p.name.isdigit())
    return sorted(years)


def rollup(
    data_dir: Path | str,
    out_dir: Path | str,
    years: list[int] | None = None,
    *,
    today: dt.date | None = None,
) -> list[RollupYear]:
    """Roll up ``years`` (every year with data when None), each with last year's for change
    and rank; [] when there is no county.yml."""
    county = load_county(data_dir)
    if county is None:
        return []
    every = rollup_years(data_dir, county)
    wanted = sorted(years) if years else every
    needed = sorted(set(wanted) | {y - 1 for y in wanted if y - 1 in every})
    analyses = analyse_units(data_dir, needed)
    out: list[RollupYear] = []
    previous: RollupYear | None = None
    for year in wanted:
        if previous is None or previous.year != year - 1:
            previous = None
            if year - 1 in every:
                previous = rollup_year(
                    data_dir, year - 1, out_dir, county, today=today, analyses=analyses
                )
        current = rollup_year(
            data_dir, year, out_dir, county, previous=previous, today=today, analyses=analyses
        )
        current.previous = previous
        if previous is not None:
            previous.previous = None  # one year back is all a page needs; keep memory flat
        out.append(current)
        previous = current
    return out


def analyse_units(data_dir: Path | str, years: list[int]) -> dict[tuple[str, int], Any]:
    """Every unit-year with ledgers among ``years``, analysed unit by unit (so each unit's
    ledgers are read once, whatever the number of units), keyed (unit, year); a unit-year that
    cannot be analysed holds its error."""
    from fzdata.analysis.analyse import session

    data_dir = Path(data_dir)
    out: dict[tuple[str, int], Any] = {}
    for unit in list_units(data_dir):
        for year in years:
            if not ledgers_of(data_dir, unit, year):
                continue
            try:
                out[(unit, year)] = session(data_dir, unit).analysis(year)
            except FzError as exc:
                out[(unit, year)] = exc
    return out


def reports_folder(data_dir: Path | str, year: int) -> Path:
    """``data/county/<年份>/报告/``: the Word and text reports units sent in."""
    return Path(data_dir) / COUNTY_DIR / str(year) / COUNTY_REPORTS_DIR


__all__ = ["REPORT_NOT_BUILT", "STATUS_COLUMNS", "read_collected", "rollup", "rollup_year"]
