"""Turn a grid's rows into clean records, rejects and recorded non-data rows.

Every non-empty row ends in exactly one place: a clean table, ``rejects`` (with a reason) or a
recorded non-data row (title, header, note, total, a sheet without a table). Problems become
findings that name the file, sheet and cell; nothing stops at the first one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from fzdata.core.findings import Collector, cell_name, cell_ref
from fzdata.core.parse import (
    CellError,
    format_number,
    is_blank,
    norm_text,
    norm_village,
    parse_basis,
    parse_bool,
    parse_date,
    parse_demo_level,
    parse_number,
    parse_outcome,
    raw_text,
    squash,
)
from fzdata.core.resources import vocab
from fzdata.core.schema import TABLES, Field, TableSchema
from fzdata.ingest.detect import Header, find_header, looks_like_header
from fzdata.ingest.sources import Cell, Grid
from fzdata.unit.catalogue import Catalogue

_BRACKET_TAIL = re.compile(r"[(（][^()（）,，\"'“”]{1,6}[)）]\s*$")  # a short unit, not any bracket
_FIRST_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def row_blank(row: list[Cell]) -> bool:
    return all(is_blank(c) for c in row)


def row_text(row: list[Cell]) -> str:
    """A row's cells as one line, for rejects and non-data rows."""
    cells = [raw_text(c).strip() for c in row]
    while cells and not cells[-1]:
        cells.pop()
    return " | ".join(cells)


@functools.cache
def _note_prefixes() -> tuple[tuple[str, ...], frozenset[str]]:
    prefixes = tuple(sorted(vocab()["note_prefixes"], key=len, reverse=True))
    return prefixes, frozenset(p[0] for p in prefixes)


def _note_row(row: list[Cell]) -> bool:
    first = next((c for c in row if not is_blank(c)), None)
    if not isinstance(first, str):
        return False
    prefixes, initials = _note_prefixes()
    s = first.lstrip()
    if not s or s[0] not in initials:  # cheap rejection for ordinary data rows
        return False
    s = norm_text(s)
    for prefix in prefixes:
        if s.startswith(prefix):
            rest = s[len(prefix) :]
            if not rest or rest[0] in ":：" or rest[0].isspace():
                return True
    return False


@functools.cache
def _total_words() -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    words = vocab()["total_words"]
    pairs = tuple((squash(w), kind) for kind in ("subtotal", "total") for w in words[kind])
    return pairs, frozenset(w[0] for w, _ in pairs)


def _total_kind(row: list[Cell]) -> str:
    """ "total" or "subtotal" when one of the row's first text cells is 合计/总计/小计 …"""
    pairs, initials = _total_words()
    seen = 0
    for c in row:
        if is_blank(c):
            continue
        seen += 1
        if seen > 3:
            break
        if not isinstance(c, str) or c.lstrip()[:1] not in initials:
            continue
        s = squash(c)
        for w, kind in pairs:
            if s == w or (s.startswith(w) and not s[len(w) :].isalpha()):
                return kind
    return ""


@dataclass
class _Table:
    """State while reading one recognised table's rows."""

    grid: Grid
    header: Header
    schema: TableSchema
    year: int | None
    catalogue: Catalogue
    out: Collector
    kept: int = 0
    sums: dict[str, float] = field(default_factory=dict)
    sub_sums: dict[str, float] = field(default_factory=dict)
    sub_rows: int = 0
    approximate: set[str] = field(default_factory=set)
    fatal: str = ""  # a table-level problem: every row is rejected with this reason

    def ref(self, r: int, c: int | None) -> str:
        return cell_ref(self.grid.file, self.grid.sheet, r, c)

    def find(self, level: str, code: str, message: str, r: int, c: int | None = None) -> None:
        self.out.finding(
            level, code, message, self.grid.file, self.grid.sheet, cell_name(r, c) if r >= 0 else ""
        )

    # ------------------------------------------------------------------ rows

    def data_row(self, r: int, row: list[Cell]) -> None:
        g = self.grid
        if self.fatal:
            self.out.reject(g.file, g.sheet, r, self.fatal, row_text(row))
            return
        record: dict[str, Any] = {}
        problems: list[tuple[str, str, int]] = []  # (code, message, column) that reject the row
        for f in self.schema.fields:
            col = self.header.columns.get(f.name)
            cell = row[col] if col is not None and col < len(row) else None
            if isinstance(cell, CellError):
                problems.append(("excel_error", f"单元格为 Excel 错误值「{cell}」", col))  # type: ignore[arg-type]
                _put_missing(record, f, self.schema)
                continue
            self._field(f, cell, r, col, record, problems)
        for f in self.schema.fields:
            if f.needed and not record.get(f.name) and not problems:
                col = self.header.columns.get(f.name)
                problems.append(("missing_name", f"缺少{f.label}，无法确定这一行是什么", col))  # type: ignore[arg-type]
        if problems:
            for code, message, col in problems:
                self.find("error", code, f"{message}；整行已拒收", r, col)
            reason = "；".join(f"{cell_name(r, col)}：{m}" for _, m, col in problems)
            self.out.reject(g.file, g.sheet, r, reason, row_text(row))
            return
        src = self.header.columns.get(self.schema.source_field)
        if src is None:
            src = min(self.header.columns.values())
        record["source"] = self.ref(r, src)
        # Private keys (dropped from the clean table) let later checks name any field's cell.
        record["_row"], record["_cols"] = r, self.header.columns
        if self.schema.kind == "indicators":
            self._indicator(record, r)
        self._accumulate(record)
        self.kept += 1
        self.out.add(self.schema.kind, record)

    def _field(
        self,
        f: Field,
        cell: Cell,
        r: int,
        col: int | None,
        record: dict[str, Any],
        problems: list[tuple[str, str, int]],
    ) -> None:
        if f.type in ("count", "number"):
            n = parse_number(cell)
            qcol = "qualifier" if (self.schema.kind, f.name) == ("indicators", "value") else None
            record[f.name] = n.value
            record[qcol or f"{f.name}_qualifier"] = n.qualifier
            record[f"{f.name}_raw"] = n.raw
            if n.error:
                problems.append(("bad_number", f"{f.label}{n.error}", col))  # type: ignore[arg-type]
            elif n.value is not None and n.value < 0:
                problems.append(
                    ("negative_count", f"{f.label}不能为负数（「{n.raw}」）", col)  # type: ignore[arg-type]
                )
            else:
                if n.warning:
                    self.find("warning", "qualifier_conflict", n.warning, r, col)
                if f.type == "count" and n.value is not None and not n.value.is_integer():
                    self.find("warning", "not_integer", f"{f.label}「{n.raw}」不是整数", r, col)
                if n.unit:
                    record.setdefault("_units", {})[f.name] = n.unit
        elif f.type == "bool":
            b = parse_bool(cell)
            record[f.name] = b.value
            if b.error:
                self.find("warning", "bad_boolean", f"{f.label}{b.error}，按缺失处理", r, col)
        elif f.type == "date":
            d = parse_date(cell, self.year)
            record[f.name] = d.value
            if d.error:
                self.find("warning", "bad_date", f"{f.label}{d.error}，按缺失处理", r, col)
            elif d.value is not None and self.year is not None and d.value.year != self.year:
                self.find(
                    "warning",
                    "date_out_of_year",
                    f"{f.label}「{d.raw}」不在{self.year}年内，请核对是否放错年份",
                    r,
                    col,
                )
        elif f.type == "outcome":
            text = raw_text(cell).strip()
            outcome, known = parse_outcome(cell)
            record[f.name] = text
            record["outcome"] = outcome
            if not known and col is not None:
                msg = (
                    f"无法识别的{f.label}「{text}」，结果记为「不详」"
                    if text
                    else f"{f.label}为空，结果记为「不详」"
                )
                self.find("warning", "unknown_status", msg, r, col)
        elif f.type == "level":
            level, known = parse_demo_level(cell)
            record[f.name] = level
            if not known:
                self.find(
                    "warning",
                    "bad_level",
                    f"无法识别的示范村等级「{norm_text(cell)}」，应为国家级、省级、市级、县级或空",
                    r,
                    col,
                )
        elif f.type == "year":
            n = parse_number(cell)
            ok = n.value is not None and n.value.is_integer() and 1980 <= n.value <= 2100
            record[f.name] = int(n.value) if ok and n.value is not None else None
            if (n.value is not None and not ok) or n.error:
                self.find("warning", "bad_year", f"{f.label}「{n.raw}」不是有效年份", r, col)
        elif f.type == "basis":
            record[f.name] = parse_basis(cell)
        else:
            # Text keeps its full-width punctuation (村（居）); only villages are normalised.
            text = raw_text(cell).strip()
            record[f.name] = norm_village(text) if f.name == "village" else text

    def _indicator(self, record: dict[str, Any], r: int) -> None:
        label = record["name"]
        m = self.catalogue.match(label)
        key = record.get("key", "")
        if key and key not in self.catalogue:
            self.find(
                "warning", "unknown_key", f"指标代码「{key}」不在指标目录中，按名称匹配", r, None
            )
            key = ""
        key = key or m.key
        units = record.pop("_units", {})
        ledger_unit = record.get("unit") or ""
        value_unit = units.get("value", "")
        vcol = self.header.columns.get("value")
        if ledger_unit and value_unit and squash(ledger_unit) != squash(value_unit):
            self.find(
                "warning",
                "unit_conflict",
                f"数值写作「{record['value_raw']}」，计量单位列却是「{ledger_unit}」",
                r,
                vcol,
            )
        unit = ledger_unit or value_unit or m.unit_hint or (self.catalogue[key].unit if key else "")
        if key:
            entry = self.catalogue[key]
            name = entry.name
            if unit and entry.unit and squash(unit) != squash(entry.unit):
                self.find(
                    "info",
                    "unit_differs",
                    f"「{label}」的计量单位为「{unit}」，指标目录为「{entry.unit}」；按台账报告",
                    r,
                    vcol,
                )
        else:
            name = _BRACKET_TAIL.sub("", label).strip() or label
            self.find(
                "info",
                "custom_indicator",
                f"「{label}」不在指标目录中，作为自定义指标保留（可在 catalogue.csv 中补充）",
                r,
                self.header.columns.get("name"),
            )
        if record["value"] is None:
            self.find(
                "warning", "missing_value", f"「{label}」数值为空：按缺失处理，不计为零", r, vcol
            )
        record.update(
            key=key, name=name, unit=unit, label=label, basis=record.get("basis") or m.basis_hint
        )

    # ---------------------------------------------------------------- totals

    def _accumulate(self, record: dict[str, Any]) -> None:
        record.pop("_units", None)
        self.sub_rows += 1
        for f in self.schema.numeric:
            v = record.get(f.name)
            if v is None:
                continue
            self.sums[f.name] = self.sums.get(f.name, 0.0) + v
            self.sub_sums[f.name] = self.sub_sums.get(f.name, 0.0) + v
            qcol = (
                "qualifier"
                if (self.schema.kind, f.name) == ("indicators", "value")
                else f"{f.name}_qualifier"
            )
            if record.get(qcol):
                self.approximate.add(f.name)

    def total_row(self, r: int, row: list[Cell], kind: str) -> None:
        """Check a 合计/小计 row against the rows above it, then record it as non-data."""
        g = self.grid
        self.out.skip(
            g.file, g.sheet, r, "subtotal" if kind == "subtotal" else "total", row_text(row)
        )
        if self.fatal:
            return
        sums = self.sub_sums if kind == "subtotal" else self.sums
        word = "小计" if kind == "subtotal" else "合计"
        numeric = [f for f in self.schema.numeric if f.name in self.header.columns]
        if not numeric:
            self._check_count(r, row, word)
        for f in numeric:
            col = self.header.columns[f.name]
            if col >= len(row):
                continue
            n = parse_number(row[col])
            if n.value is None or f.name in self.approximate:
                continue
            expected = sums.get(f.name, 0.0)
            if abs(n.value - expected) > 1e-6 * max(1.0, abs(expected)):
                self.find(
                    "warning",
                    "total_mismatch",
                    f"{word}行的{f.label}为 {format_number(n.value)}，上方各行相加为 "
                    f"{format_number(expected)}；报告使用各行数据，{word}行不计入",
                    r,
                    col,
                )
        if kind == "subtotal":
            self.sub_sums = {}
            self.sub_rows = 0
        else:
            self.sub_sums, self.sub_rows = {}, 0

    def _check_count(self, r: int, row: list[Cell], word: str) -> None:
        """A 合计 row of a log without numeric columns states a number of cases: check it."""
        for c, cell in enumerate(row):
            text = raw_text(cell).strip()
            m = _FIRST_NUMBER.search(norm_text(cell))
            if m and not isinstance(cell, CellError):
                stated = float(m.group(0))
                if stated != self.kept:
                    self.find(
                        "warning",
                        "total_mismatch",
                        f"{word}行写「{text}」，上方实际有 {self.kept} 条记录；报告使用各行数据",
                        r,
                        c,
                    )
                return

    # -------------------------------------------------------------- set-up

    def check_columns(self) -> None:
        """Table-level findings: missing required columns, ambiguity, ignored columns."""
        h, s = self.header, self.schema
        first = h.rows[0]
        missing = [f.label for f in s.fields if f.required and f.name not in h.columns]
        if h.ambiguous_with:
            other = TABLES[h.ambiguous_with].label
            self.fatal = f"无法判断是{s.label}还是{other}"
            self.find(
                "error",
                "ambiguous_table",
                f"这张表既像{s.label}又像{other}；请在文件名或工作表名中写明（如「信访」「纠纷」），"
                "或补充能区分的列",
                first,
                None,
            )
        elif missing:
            self.fatal = f"{s.label}缺少必需列「{'」「'.join(missing)}」"
            self.find(
                "error",
                "missing_column",
                f"识别为{s.label}，但缺少必需列「{'」「'.join(missing)}」；该表各行已拒收。"
                "请补上该列或按 docs/data.md 修改表头",
                first,
                None,
            )
        if h.ignored:
            self.find(
                "info",
                "ignored_columns",
                f"{s.label}中未识别的列已忽略：「{'」「'.join(dict.fromkeys(h.ignored))}」",
                first,
                None,
            )
        for fname in dict.fromkeys(h.repeated):
            self.find(
                "warning",
                "repeated_column",
                f"有多列都对应「{s.field(fname).label}」，只读取第一列（{cell_name(first, h.columns[fname])}）",
                first,
                None,
            )


def _put_missing(record: dict[str, Any], f: Field, schema: TableSchema) -> None:
    if f.type in ("count", "number"):
        qcol = (
            "qualifier"
            if (schema.kind, f.name) == ("indicators", "value")
            else f"{f.name}_qualifier"
        )
        record.update({f.name: None, qcol: "", f"{f.name}_raw": ""})
    elif f.type == "outcome":
        record.update({f.name: "", "outcome": "unknown"})
    else:
        record[f.name] = None if f.type in ("bool", "date", "year") else ""


def _repeats_header(row: list[Cell], header: Header) -> bool:
    """A page header printed again inside the table."""
    hits = 0
    for col, label in header.labels.items():
        cell = row[col] if col < len(row) else None
        # The first-character test keeps this cheap on ordinary data rows.
        if (
            isinstance(cell, str)
            and cell.strip()[:1] == label.strip()[:1]
            and squash(cell) == squash(label)
        ):
            hits += 1
    return hits >= max(2, len(header.labels) // 2)


def clean_grid(grid: Grid, year: int | None, catalogue: Catalogue, out: Collector) -> bool:
    """Read every table in ``grid`` into ``out``. Returns False when the sheet holds no table."""
    rows = grid.rows
    nonempty = [r for r, row in enumerate(rows) if not row_blank(row)]
    out.rows_read += len(nonempty)
    header = find_header(grid)
    if header is None:
        for r in nonempty:
            out.skip(grid.file, grid.sheet, r, "no_table", row_text(rows[r]))
        return False
    for r in nonempty:
        if r >= header.rows[0]:
            break
        out.skip(grid.file, grid.sheet, r, "title", row_text(rows[r]))
    while header is not None:
        for hr in header.rows:
            if not row_blank(rows[hr]):
                out.skip(grid.file, grid.sheet, hr, "header", row_text(rows[hr]))
        table = _Table(grid, header, TABLES[header.kind], year, catalogue, out)
        table.check_columns()
        nxt: Header | None = None
        after_gap = False
        r = header.last_row + 1
        while r < len(rows):
            row = rows[r]
            if row_blank(row):
                after_gap = True
                r += 1
                continue
            if after_gap:
                # A second table in the same sheet starts after a gap.
                h2 = looks_like_header(grid, r)
                if h2 is not None and not _repeats_header(row, header):
                    nxt = h2
                    break
            after_gap = False
            if _note_row(row):
                out.skip(grid.file, grid.sheet, r, "note", row_text(row))
                after_gap = True
            elif kind := _total_kind(row):
                table.total_row(r, row, kind)
                after_gap = True
            elif _repeats_header(row, header):
                out.skip(grid.file, grid.sheet, r, "header", row_text(row))
            else:
                table.data_row(r, row)
            r += 1
        header = nxt
    return True
