"""Load a unit-year's ledgers: read every file, recognise and clean its tables, check across them.

Public API: :func:`load_year`, :func:`load_unit`, :class:`YearData`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from fzdata.core.config import UNIT_CATALOGUE_FILE
from fzdata.core.counters import count
from fzdata.core.errors import DataDirError
from fzdata.core.findings import Collector, cell_name, split_ref
from fzdata.core.parse import format_number, village_stem
from fzdata.core.resources import message
from fzdata.core.schema import FINDING_COLUMNS, NONDATA_COLUMNS, REJECT_COLUMNS, TABLES
from fzdata.ingest.clean import clean_grid
from fzdata.ingest.department import normalise_department
from fzdata.ingest.sources import SourceError, read_grids
from fzdata.unit.catalogue import Catalogue, load_catalogue
from fzdata.unit.folders import (
    _unit_dir,
    _year_dir,
    _years_in,
    ledger_files,
    list_units,
    list_years,
    shown,
)
from fzdata.unit.profiles import load_profile
from fzdata.unit.settings import UnitSettings, load_settings

PREVIOUS_COLUMNS = ["key", "name", "value", "qualifier", "value_raw", "unit", "label", "source"]


@dataclass
class YearData:
    """One unit-year's clean tables, plus what could not be used and why."""

    unit: str
    year: int
    path: Path
    tables: dict[str, pd.DataFrame]
    findings: pd.DataFrame
    rejects: pd.DataFrame
    #: non-data rows that were read and set aside on purpose (title, header, note, total …)
    nondata: pd.DataFrame
    settings: UnitSettings
    catalogue: Catalogue
    #: files read, relative to ``path``
    files: list[str] = field(default_factory=list)
    #: non-empty rows read from all files (the conservation universe)
    rows_read: int = 0
    #: last year's figures stated in this year's wide indicator tables (a 2023年 column in the
    #: 2024 ledger): key, name, value, qualifier, value_raw, unit, label, source
    previous: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PREVIOUS_COLUMNS))

    def __getattr__(self, name: str) -> pd.DataFrame:
        # yd.villages, yd.indicators …: the contract's table names as attributes.
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    @property
    def recognised(self) -> list[str]:
        """Table kinds that have at least one row."""
        return [k for k, df in self.tables.items() if len(df)]

    @property
    def errors(self) -> int:
        return int((self.findings["level"] == "error").sum())

    @property
    def warnings(self) -> int:
        return int((self.findings["level"] == "warning").sum())

    @property
    def rows_kept(self) -> int:
        return sum(len(df) for df in self.tables.values())


# -------------------------------------------------------------------------- load


def load_year(
    data_dir: Path | str,
    unit: str,
    year: int,
    *,
    settings: UnitSettings | None = None,
    catalogue: Catalogue | None = None,
    _cross_check: bool = True,
) -> YearData:
    """Load, clean and validate one unit-year from ``data_dir/<unit>/<year>/``.

    Raises :class:`DataDirError` when the unit or year folder does not exist; every problem
    inside the files becomes a finding (and the rows concerned rejects), never an exception.
    """
    count("load_year", unit, int(year))
    data_dir = Path(data_dir)
    year = int(year)
    year_dir = _year_dir(data_dir, unit, year)
    unit_dir = year_dir.parent
    settings = settings or load_settings(unit_dir)
    profile = load_profile(settings.kind)
    catalogue = catalogue or load_catalogue(unit_dir / UNIT_CATALOGUE_FILE, profile.catalogue)
    out = Collector()
    ledgers, skipped = ledger_files(year_dir, data_dir)
    if year_dir.name != str(year):
        out.finding(
            "info", "year_folder_name", message("year_folder_name", name=year_dir.name, year=year)
        )
    for s in skipped:
        out.finding(s.level, s.code, s.message, _rel(s.path, year_dir))
    if not ledgers:
        out.finding("warning", "no_files", f"{year_dir} 中没有台账文件", "")
    for path in ledgers:
        _load_file(path, _rel(path, year_dir), year, catalogue, out, profile.tables)
    _match_villages(out)
    normalise_department(out)
    tables = {kind: _frame(kind, out.records.get(kind, [])) for kind in TABLES}
    _check_across(tables, out)
    previous = pd.DataFrame(out.records.get("previous", []), columns=PREVIOUS_COLUMNS)
    previous["value"] = pd.to_numeric(previous["value"], errors="coerce").astype("float64")
    if len(previous) and _cross_check:
        _check_previous(data_dir, unit, year, previous, settings, catalogue, out)
    return YearData(
        unit=unit,
        year=year,
        path=year_dir,
        tables=tables,
        findings=pd.DataFrame(out.findings, columns=list(FINDING_COLUMNS)),
        rejects=pd.DataFrame(out.rejects, columns=list(REJECT_COLUMNS)),
        nondata=pd.DataFrame(out.nondata, columns=list(NONDATA_COLUMNS)),
        settings=settings,
        catalogue=catalogue,
        files=[_rel(p, year_dir) for p in ledgers],
        rows_read=out.rows_read,
        previous=previous,
    )


def _check_previous(
    data_dir: Path,
    unit: str,
    year: int,
    previous: pd.DataFrame,
    settings: UnitSettings,
    catalogue: Catalogue,
    out: Collector,
) -> None:
    """Last year's figures stated in this year's ledger, against last year's own ledger."""
    try:
        last = load_year(
            data_dir, unit, year - 1, settings=settings, catalogue=catalogue, _cross_check=False
        )
    except DataDirError:
        return
    ind = last.indicators
    ident = ind["key"].where(ind["key"] != "", "name:" + ind["name"])
    stated = dict(
        zip(ident, zip(ind["value"], ind["qualifier"], ind["source"], strict=True), strict=True)
    )
    for row in previous.itertuples(index=False):
        key = row.key or f"name:{row.name}"
        if key not in stated:
            continue
        value, qualifier, source = stated[key]
        if pd.isna(value) or qualifier or row.qualifier:
            continue
        if abs(float(value) - float(row.value)) > 1e-6:
            file, sheet, cell = split_ref(row.source)
            out.finding(
                "warning",
                "previous_mismatch",
                f"「{row.name}」本表{row.label}列为 {format_number(row.value)}，{year - 1}年台账"
                f"（{source}）为 {format_number(float(value))}；请核对哪个是对的（上年数以上年台账为准）",
                file,
                sheet,
                cell,
            )


def load_unit(data_dir: Path | str, unit: str) -> dict[int, YearData]:
    """Every year of a unit, oldest first."""
    data_dir = Path(data_dir)
    unit_dir = _unit_dir(data_dir, unit)
    settings = load_settings(unit_dir)
    catalogue = load_catalogue(
        unit_dir / UNIT_CATALOGUE_FILE, load_profile(settings.kind).catalogue
    )
    return {
        y: load_year(data_dir, unit, y, settings=settings, catalogue=catalogue)
        for y in _years_in(unit_dir)
    }


def _rel(path: Path, base: Path) -> str:
    """How findings name a file: relative to the year folder, printable (:func:`shown`)."""
    return shown(path.relative_to(base).as_posix())


def _load_file(
    path: Path,
    name: str,
    year: int,
    catalogue: Catalogue,
    out: Collector,
    kinds: tuple[str, ...] | None = None,
) -> None:
    try:
        grids = read_grids(path, name)
    except SourceError as exc:
        out.finding("error", exc.code, str(exc), name)
        return
    found = False
    book: dict = {}  # running sums across the sheets of this workbook
    for grid in grids:
        for level, code, text, cell in grid.notes:
            out.finding(level, code, text, name, grid.sheet, cell)
        if grid.encoding and grid.encoding not in ("utf-8", "utf-8-sig"):
            out.finding(
                "info", "encoding", f"按 {grid.encoding.upper()} 编码读取", name, grid.sheet
            )
        if grid.hidden and any(grid.rows):
            out.finding(
                "warning",
                "hidden_sheet",
                f"工作表「{grid.sheet}」在 Excel 中是隐藏的，其中的台账照常读取；"
                "如是往年或备用的表，请删除或移出本年目录",
                name,
                grid.sheet,
            )
        if clean_grid(grid, year, catalogue, out, book, kinds):
            found = True
        elif any(grid.rows):
            out.finding(
                "info",
                "sheet_no_table",
                "工作表中没有可识别的台账表格（如说明页），已跳过",
                name,
                grid.sheet,
            )
    if not found:
        out.finding(
            "error",
            "no_table",
            "文件中没有可识别的台账表格；请检查表头是否使用 docs/data.md 中列出的列名",
            name,
        )


def _frame(kind: str, records: list[dict]) -> pd.DataFrame:
    schema = TABLES[kind]
    df = pd.DataFrame(records, columns=list(schema.columns))
    for f in schema.fields:
        if f.type in ("count", "number"):
            df[f.name] = pd.to_numeric(df[f.name], errors="coerce").astype("float64")
        elif f.type in ("bool", "done"):
            df[f.name] = df[f.name].astype("boolean")
        elif f.type == "year":
            df[f.name] = df[f.name].astype("Int64")
        elif f.type in ("date", "anydate"):
            df[f.name] = pd.to_datetime(df[f.name], errors="coerce")
    return df


# ------------------------------------------------------------------- cross-table


def _check_across(tables: dict[str, pd.DataFrame], out: Collector) -> None:
    """Duplicates across combined tables, and case-log villages matched to the villages table."""
    _dedupe(tables, "villages", "village", out, "duplicate_village", "行政村")
    _dedupe_indicators(tables, out)
    _duplicate_cases(tables, out)


def _duplicate_cases(tables: dict[str, pd.DataFrame], out: Collector) -> None:
    """A case number registered twice. A 序号 column numbers rows, not cases: its numbers restart
    in each sheet (one sheet a month), so they are only compared within their sheet."""
    for kind in ("disputes", "petitions", "enforcement_cases", "review_cases"):
        df = tables[kind]
        serial = [rec.get("_serial", False) for rec in out.records.get(kind, [])]
        key = df["case_id"]
        if any(serial):
            sheet = df["source"].str.rsplit("!", n=1).str[0]
            key = key.where(~pd.Series(serial, index=df.index), key + "\x00" + sheet)
        key = key[df["case_id"] != ""]
        for k in key[key.duplicated()].unique():
            refs = df.loc[key.index[key == k], "source"].tolist()
            cid = k.split("\x00")[0]
            file, sheet_name, cell = split_ref(refs[-1])
            out.finding(
                "warning",
                "duplicate_case",
                f"{TABLES[kind].label}编号「{cid}」出现{len(refs)}次（{'、'.join(refs)}）；请核对是否重复登记",
                file,
                sheet_name,
                cell,
            )


def _drop(
    tables: dict[str, pd.DataFrame], kind: str, index: list[int], reason: str, out: Collector
) -> None:
    df = tables[kind]
    for i in index:
        file, sheet, cell = split_ref(df.at[i, "source"])
        row = int("".join(ch for ch in cell if ch.isdigit()))
        raw = " | ".join(
            str(v)
            for v in df.loc[i, list(dict.fromkeys(f.name for f in TABLES[kind].fields))].tolist()
        )
        out.rejects.append({"file": file, "sheet": sheet, "row": row, "reason": reason, "raw": raw})
    tables[kind] = df.drop(index=index).reset_index(drop=True)


def _dedupe(
    tables: dict[str, pd.DataFrame], kind: str, col: str, out: Collector, code: str, label: str
) -> None:
    df = tables[kind]
    dup = df[df[col].duplicated(keep="first")]
    drops = []
    for i, value in dup[col].items():
        first = df.loc[df[col] == value, "source"].iloc[0]
        file, sheet, cell = split_ref(df.at[i, "source"])
        out.finding(
            "error",
            code,
            f"{label}「{value}」重复出现，首次在 {first}；后一行已拒收，请删除重复行",
            file,
            sheet,
            cell,
        )
        drops.append(i)
    if drops:
        _drop(tables, kind, drops, f"{label}重复（首次出现见上文）", out)


def _dedupe_indicators(tables: dict[str, pd.DataFrame], out: Collector) -> None:
    df = tables["indicators"]
    ident = df["key"].where(df["key"] != "", "name:" + df["name"])
    drops = []
    for i in ident[ident.duplicated(keep="first")].index:
        first_i = ident[ident == ident[i]].index[0]
        same = (
            df.at[i, "value_raw"] == df.at[first_i, "value_raw"]
            and df.at[i, "qualifier"] == df.at[first_i, "qualifier"]
        )
        file, sheet, cell = split_ref(df.at[i, "source"])
        first_ref = df.at[first_i, "source"]
        if same:
            msg = f"指标「{df.at[i, 'name']}」重复填报（同为「{df.at[i, 'value_raw']}」，首次在 {first_ref}）；后一行不重复计入"
        else:
            msg = (
                f"指标「{df.at[i, 'name']}」填报了两个不同的数：{first_ref} 为「{df.at[first_i, 'value_raw']}」，"
                f"此处为「{df.at[i, 'value_raw']}」；请核对并只保留一个（当前采用首次出现的数）"
            )
        out.finding("warning" if same else "error", "duplicate_indicator", msg, file, sheet, cell)
        drops.append(i)
    if drops:
        _drop(tables, "indicators", drops, "指标重复", out)


def _match_villages(out: Collector) -> None:
    """Map case-log village names to that year's villages table (南岭 → 南岭村)."""
    villages = [r["village"] for r in out.records.get("villages", []) if r["village"]]
    if not villages:
        return
    known = set(villages)
    by_stem: dict[str, list[str]] = {}
    for v in dict.fromkeys(villages):
        by_stem.setdefault(village_stem(v), []).append(v)
    for kind in ("disputes", "petitions"):
        for rec in out.records.get(kind, []):
            name = rec["village"]
            if not name or name in known:
                continue
            candidates = by_stem.get(village_stem(name), [])
            if len(candidates) == 1:
                rec["village"] = candidates[0]
                continue
            file, sheet, _ = split_ref(rec["source"])
            out.finding(
                "warning",
                "unknown_village",
                f"{TABLES[kind].label}中的村名「{name}」与村情台账中的行政村对不上；请核对写法",
                file,
                sheet,
                cell_name(rec["_row"], rec["_cols"].get("village")),
            )


def summary_line(yd: YearData) -> str:
    """``李庄乡 2023年：识别表格 6 类…`` — the per-unit-year line ``fz check`` prints."""
    kinds = "、".join(TABLES[k].label for k in yd.recognised) or "无"
    return (
        f"{yd.unit} {yd.year}年：识别表格 {len(yd.recognised)} 类（{kinds}），"
        f"保留 {yd.rows_kept} 行，拒收 {len(yd.rejects)} 行，"
        f"错误 {yd.errors} 条，警告 {yd.warnings} 条"
    )


__all__ = [
    "YearData",
    "format_number",
    "ledger_files",
    "list_units",
    "list_years",
    "load_unit",
    "load_year",
    "summary_line",
]
