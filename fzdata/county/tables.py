"""The roll-up's exports: ``tables/status.csv``, ``units.csv``, ``totals.csv`` (English headers,
the data contract, byte-stable like every unit's tables) and ``汇总.xlsx`` (one sheet per table,
Chinese headers and values, formulas neutralised by :mod:`fzdata.export.tables`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from fzdata.core.findings import finding_title
from fzdata.county.model import WORKBOOK, RollupYear
from fzdata.county.totals import MAX_DECIMALS, spec
from fzdata.export.tables import columns, csv_bytes, write_files, xlsx_bytes

__all__ = ["WORKBOOK", "csv_files", "files", "workbook", "write_rollup"]


def csv_files(r: RollupYear) -> dict[str, bytes]:
    """``tables/<name>.csv`` of the contract tables."""
    return {f"tables/{name}.csv": csv_bytes(df) for name, df in r.tables().items()}


def workbook(r: RollupYear) -> bytes:
    """``汇总.xlsx``: every table of the roll-up for people."""
    from fzdata.unit.profiles import load_profile

    frames = {**r.tables(), "shortcomings": r.shortcomings, "shared": r.shared,
              "contradictions": r.contradictions,
              "findings": pd.DataFrame(  # what each finding means, in Chinese, not its code
                  [{**f, "title": finding_title(f["code"])} for f in r.findings],
                  columns=["level", "title", "code", "file", "message"])}  # fmt: skip
    values = columns()["values"]
    sheets: dict[str, pd.DataFrame] = {}
    for name, df in frames.items():
        out = _for_people(df.drop(columns=[c for c in spec()["xlsx_drop"] if c in df.columns]))
        if "kind" in out.columns:
            out["kind"] = out["kind"].map(lambda k: load_profile(k).label if k else k)
        for col in ("severity", "level"):
            if col in out.columns:
                out[col] = out[col].map(lambda v, m=values[col]: m.get(v, v))
        sheets[spec()["sheets"][name]] = out.rename(columns=spec()["headers"][name])
    return xlsx_bytes(sheets)


#: Decimals shown in the workbook: a rate as the reports write it, anything else as a sum keeps.
XLSX_DECIMALS = {"%": 1, "": MAX_DECIMALS}


def _for_people(df: pd.DataFrame) -> pd.DataFrame:
    """Figures rounded for reading (78.6 for 78.57142857142857; the CSVs keep full precision)."""
    out = df.copy()
    cols = [c for c in ("value", "lo", "hi", "previous", "change") if c in out.columns]
    if not cols:
        return out
    pct = out["measure"].eq("%") if "measure" in out.columns else pd.Series(False, index=out.index)
    for col in cols:
        num = pd.to_numeric(out[col], errors="coerce")
        if num.isna().all() and out[col].notna().any():
            continue  # not a numeric column
        rounded = num.round(XLSX_DECIMALS[""]).where(~pct, num.round(XLSX_DECIMALS["%"]))
        out[col] = rounded.where(num.notna(), out[col])
    return out


def files(r: RollupYear) -> dict[str, bytes]:
    """Every file the roll-up writes itself (the pages come from ``write_pages``)."""
    return {**csv_files(r), WORKBOOK: workbook(r)}


def write_rollup(r: RollupYear, out_dir: Path | str) -> Path:
    """Write ``<out>/汇总/<年份>/``: the tables, the workbook and, when the county pages are
    installed, 汇总.html and the county report draft. Returns the folder."""
    from fzdata.county.rollup import rollup_dir

    folder = rollup_dir(out_dir, r.year)
    made = files(r)
    try:
        from fzdata.county.pages import write_pages  # type: ignore[import-not-found]
    except ImportError:
        write_pages = None
    write_files(folder, made)
    if write_pages is not None:
        pages = write_pages(r, out_dir)
        if pages:
            write_files(folder, {k: v for k, v in pages.items() if k not in made})
    return folder
