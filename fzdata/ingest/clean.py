"""Turn a grid's rows into clean records, rejects and recorded non-data rows.

Every non-empty row ends in exactly one place: a clean table, ``rejects`` (with a reason) or a
recorded non-data row (title, header, note, total, subtotal, average, template, a sheet without a
table). Problems become findings that name the file, sheet and cell; nothing stops at the first
one. A value that is not the text of its own cell (taken from a merged cell or a ditto mark above,
a number with a note stripped, months summed) is named in a finding at that cell.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from fzdata.core.findings import Collector, cell_name, cell_ref
from fzdata.core.parse import (
    CellError,
    Number,
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
    parse_presence,
    raw_text,
    squash,
)
from fzdata.core.resources import vocab
from fzdata.core.schema import TABLES, Field, TableSchema
from fzdata.ingest.detect import Header, find_header, looks_like_header
from fzdata.ingest.sources import Cell, Grid
from fzdata.unit.catalogue import Catalogue

_fmt = format_number
_BARE_NUMBER = re.compile(r"^[约余多+\-]?[\d.,，%]+[余多]?$")


def _letter(col: int) -> str:
    return cell_name(0, col)[:-1]


_BRACKET_TAIL = re.compile(r"[(（][^()（）,，\"'“”]{1,6}[)）]\s*$")  # a short unit, not any bracket
_FIRST_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_HAN = re.compile(r"[\u4e00-\u9fff]")


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


SUMMARY_KINDS = ("total", "subtotal", "average")
_WORD = {"total": "合计", "subtotal": "小计", "average": "平均"}


@functools.cache
def _summary_vocab() -> tuple[
    tuple[tuple[str, str], ...], frozenset[str], re.Pattern[str], re.Pattern[str]
]:
    v = vocab()
    words = v["total_words"]
    pairs = sorted(
        ((squash(w), kind) for kind in SUMMARY_KINDS for w in words[kind]),
        key=lambda p: -len(p[0]),
    )
    ends = frozenset(w[-1] for w, _ in pairs)

    def alternatives(words: list[str]) -> str:
        return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))

    whole = re.compile(rf"^(?:{alternatives(v['summary_prefixes'])})$")
    block = re.compile(
        rf"^(?:{alternatives(v['summary_block_prefixes'])}"
        rf"|第?(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月份?"
        rf"|.{{0,10}}(?:{alternatives(v['summary_block_suffixes'])}))$"
    )
    return tuple(pairs), ends, whole, block


@functools.cache
def _summary_chars() -> frozenset[str]:
    """Characters a summary label must contain (the last of each word: 计, 均, 数 …)."""
    words = vocab()["total_words"]
    chars = {w.strip()[-1] for kind in SUMMARY_KINDS for w in words[kind]}
    return frozenset(chars | {p[-1] for p in vocab()["average_prefixes"]})


def summary_label(text: str, averages: bool = True) -> str:
    """ "total", "subtotal" or "average" when ``text`` labels a summary row, else "".

    合计, 总计, 小计, 累计, 合计：3起, 全年合计, 一季度小计, 3月合计, 东片区小计, 张庄管区小计, 人均,
    平均 … (``resources/vocab.yml``); with ``averages``, also 人均学时 / 平均学时 (not in indicator
    tables, where 人均培训学时 is an indicator).
    """
    if _summary_chars().isdisjoint(text):  # most cells: no 计/均/数 at all
        return ""
    kind = _summary_label(text, averages)
    return "average" if kind == _AVERAGE_PREFIX else kind


@functools.lru_cache(maxsize=4096)
def _summary_label(text: str, averages: bool) -> str:
    s = squash(text)
    if not s:
        return ""
    pairs, ends, whole, block = _summary_vocab()
    for w, kind in pairs:
        if s == w or (s.startswith(w) and not s[len(w) :].isalpha()):
            return kind
    head = re.split(r"[:(：（]", s, maxsplit=1)[0]  # 一季度小计（件） / 合计：
    if head and head[-1] in ends:
        for w, kind in pairs:
            if head.endswith(w) and len(head) > len(w):
                before = head[: -len(w)]
                if whole.match(before):
                    return kind
                if block.match(before):
                    return "average" if kind == "average" else "subtotal"
    if averages and len(s) <= 8 and s.startswith(tuple(vocab()["average_prefixes"])):
        return _AVERAGE_PREFIX
    return ""


#: 人均学时 / 平均学时: an average only when nothing else in the row is text (平均分配宣讲 is an event)
_AVERAGE_PREFIX = "average?"


def _summary_kind(row: list[Cell], skip: frozenset[int], averages: bool = True) -> str:
    """The summary kind of a row whose label is one of its first three non-blank cells (the
    序号 column included, a label merged across columns sits in its first cell). A cell with
    digits in a number column is no label (「累计5人」 is a count)."""
    seen = 0
    chars = _summary_chars()
    for c, cell in enumerate(row):
        if cell is None or cell == "" or (type(cell) is not str and is_blank(cell)):
            continue
        seen += 1
        if seen > 3:
            break
        if type(cell) is not str or chars.isdisjoint(cell):
            continue
        if c in skip and any(ch.isdigit() for ch in cell):
            continue  # 「累计5人」 in a count column is a count, 「一季度小计」 in a date column a label
        kind = _summary_label(cell, averages)
        if kind == _AVERAGE_PREFIX:
            others = [x for x in row if type(x) is str and x.strip() and x is not cell]
            if any(parse_number(x).value is None for x in others):
                continue
            return "average"
        if kind:
            return kind
    return ""


@functools.cache
def _dittos() -> tuple[frozenset[str], frozenset[str]]:
    marks = frozenset(squash(m) for m in vocab()["ditto_marks"])
    return marks, frozenset(m[0] for m in marks if m)


def is_ditto(cell: Cell) -> bool:
    """同上, 〃, 仝上, ", "" …: the value above in the same column."""
    if type(cell) is not str:
        return False
    marks, initials = _dittos()
    s = cell.strip()
    return bool(s) and s[0] in initials and squash(s) in marks


@dataclass
class _Segment:
    """Running sums at a point of a table: for checking summary rows against their rows."""

    rows: int = 0
    sums: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    approx: dict[str, int] = field(default_factory=dict)

    def copy(self) -> _Segment:
        return _Segment(self.rows, dict(self.sums), dict(self.counts), dict(self.approx))

    def plus(self, other: _Segment) -> _Segment:
        keys = lambda a, b: set(a) | set(b)  # noqa: E731
        return _Segment(
            self.rows + other.rows,
            {
                k: self.sums.get(k, 0.0) + other.sums.get(k, 0.0)
                for k in keys(self.sums, other.sums)
            },
            {
                k: self.counts.get(k, 0) + other.counts.get(k, 0)
                for k in keys(self.counts, other.counts)
            },
            {
                k: self.approx.get(k, 0) + other.approx.get(k, 0)
                for k in keys(self.approx, other.approx)
            },
        )

    def minus(self, other: _Segment) -> _Segment:
        return _Segment(
            self.rows - other.rows,
            {k: v - other.sums.get(k, 0.0) for k, v in self.sums.items()},
            {k: v - other.counts.get(k, 0) for k, v in self.counts.items()},
            {k: v - other.approx.get(k, 0) for k, v in self.approx.items()},
        )


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
    fatal: str = ""  # a table-level problem: every row is rejected with this reason
    #: running sums over the data rows, and the summary rows met: (row, kind, cells, at)
    running: _Segment = field(default_factory=_Segment)
    summaries: list[tuple[int, str, list[Cell], _Segment]] = field(default_factory=list)
    #: (row, cells, resolved cells) of the last data row, for ditto marks
    prev: tuple[int, list[Cell], dict[int, tuple[Cell, tuple[int, int]]]] | None = None
    #: cells covered by a vertical merge below its anchor: (row, col) -> (anchor row, anchor col)
    merged: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    merges_named: set[tuple[int, int]] = field(default_factory=set)
    hidden_rows: list[int] = field(default_factory=list)
    templates: list[int] = field(default_factory=list)
    last_data: int = -1
    #: running sums of this kind's tables in earlier sheets of the same workbook (one sheet a
    #: month): kind -> (all rows, rows since the last subtotal), for 一季度小计 in the 3月 sheet
    book: dict[str, tuple[_Segment, _Segment]] | None = None

    def __post_init__(self) -> None:
        h, g = self.header, self.grid
        self.kinds = {f.name: f.type for f in self.schema.fields}
        value_types = ("count", "number", "year")
        self.value_cols = frozenset(
            c for f, c in h.columns.items() if self.kinds.get(f) in value_types
        ) | frozenset(h.months.values())
        # Columns that hold only a pre-filled number in a template row: 序号 and the case number.
        serial = {c for c, t in enumerate(g.rows[h.last_row]) if _is_serial_label(t)}
        for hr in h.rows:
            serial |= {c for c, t in enumerate(g.rows[hr]) if _is_serial_label(t)}
        if "case_id" in h.columns:
            serial.add(h.columns["case_id"])
        self.serial_cols = frozenset(serial)
        self.serial_ids = "case_id" in h.columns and h.columns["case_id"] in {
            c for hr in h.rows for c, t in enumerate(g.rows[hr]) if _is_serial_label(t)
        }
        first = h.last_row + 1
        for (r0, c0), (r1, _c1) in g.merged:
            if r1 > r0 and r0 >= first:
                for rr in range(r0 + 1, r1 + 1):
                    self.merged[(rr, c0)] = (r0, c0)
        self.field_cols = [(f, h.columns.get(f.name)) for f in self.schema.fields]
        # A trainings table with a date or topic column logs sessions: rows add up per officer.
        session_labels = _session_labels()
        self.sessions = self.schema.kind == "trainings" and any(
            isinstance(t, str) and squash(t) in session_labels for hr in h.rows for t in g.rows[hr]
        )
        self.officers: dict[str, dict[str, Any]] = {}
        self.ditto_initials = _dittos()[1]
        self.repeat_labels = [
            (c, label.strip()[:1], squash(label)) for c, label in h.labels.items() if label.strip()
        ]
        self.repeat_need = max(2, len(h.labels) // 2)

    def repeats_header(self, row: list[Cell]) -> bool:
        """A page header printed again inside the table (cheap on ordinary data rows)."""
        hits, need, left, n = 0, self.repeat_need, len(self.repeat_labels), len(row)
        for col, first, key in self.repeat_labels:
            left -= 1
            if col < n:
                cell = row[col]
                if type(cell) is str and cell.lstrip()[:1] == first and squash(cell) == key:
                    hits += 1
                    if hits >= need:
                        return True
            if hits + left < need:
                return False
        return False

    def ref(self, r: int, c: int | None) -> str:
        return cell_ref(self.grid.file, self.grid.sheet, r, c)

    def find(self, level: str, code: str, message: str, r: int, c: int | None = None) -> None:
        self.out.finding(
            level, code, message, self.grid.file, self.grid.sheet, cell_name(r, c) if r >= 0 else ""
        )

    # ------------------------------------------------------------------ rows

    def template_row(self, r: int, row: list[Cell]) -> bool:
        """A row of an unfilled template: only a pre-filled 序号 / 编号, or zeros of formulas.
        A row inside a merged block (its date or village merged down onto it) is a record."""
        serial = self.serial_cols
        if self.merged and any((r, c) in self.merged for c in self.header.columns.values()):
            return False
        for c, cell in enumerate(row):
            if cell is None or c in serial:
                continue
            if type(cell) is str:
                if cell.strip():
                    return False
            elif type(cell) in (int, float) and cell == 0:
                continue  # a formula's 0 in an empty row (=SUM of nothing)
            elif not is_blank(cell):
                return False
        return True

    def _note(self, r: int, col: int, label: str, n: Number) -> None:
        """A number written with a note: the number is read, the note named at its cell."""
        if _BARE_NUMBER.match(n.note):
            # 「12（13）」: which is the figure? Read the first, but say it is unsure.
            self.find(
                "warning",
                "number_note",
                f"{label}「{n.raw.strip()}」取数 {_fmt(n.value or 0)}，但括号里的「{n.note}」"
                "也是一个数，含义不明；请核对后只写一个数，说明写在备注中",
                r,
                col,
            )
        else:
            self.find(
                "info",
                "number_note",
                f"{label}「{n.raw.strip()}」取数 {_fmt(n.value or 0)}，「{n.note}」是备注，原文完整保留",
                r,
                col,
            )

    def _resolve(
        self,
        r: int,
        col: int,
        cell: Cell,
        f: Field | None,
        resolved: dict[int, tuple[Cell, tuple[int, int]]],
    ) -> Cell:
        """The value a cell stands for: its own, a merged anchor's, or (for a ditto mark) the
        value above in the same column. Every value taken from elsewhere is named in a finding."""
        g = self.grid
        if (cell is None or cell == "") and self.merged:
            anchor = self.merged.get((r, col))
            if anchor is None:
                return cell
            r0, c0 = anchor
            value = g.rows[r0][c0] if c0 < len(g.rows[r0]) else None
            if is_blank(value):
                return cell
            span = next(
                ((a, b) for a, b in g.merged if a == (r0, c0) and b[0] >= r), ((r0, c0), (r, c0))
            )
            rng = f"{cell_name(r0, c0)}:{cell_name(span[1][0], span[1][1])}"
            label = f.label if f else self.header.labels.get(col, "")
            if f is None or f.type in ("count", "number"):
                if anchor not in self.merges_named:
                    self.merges_named.add(anchor)
                    self.find(
                        "warning",
                        "merged_number",
                        f"{rng} 是合并单元格，其中的数「{raw_text(value).strip()}」只计入第{r0 + 1}行一次，"
                        f"合并范围内其他行的{label}按缺失处理；如是各行分别的数，请取消合并后分别填写",
                        r0,
                        c0,
                    )
                return cell
            if anchor not in self.merges_named:
                self.merges_named.add(anchor)
                self.out.finding(
                    "info",
                    "merged_value",
                    f"{rng} 是合并单元格，「{raw_text(value).strip()}」作为{label}计入第{r0 + 1}–"
                    f"{span[1][0] + 1}行中的每一行（来源 {cell_name(r0, c0)}）",
                    g.file,
                    g.sheet,
                    rng,
                )
            resolved[col] = (value, (r0, c0))
            return value
        if not is_ditto(cell):
            return cell
        label = f.label if f else self.header.labels.get(col, "")
        mark = str(cell).strip()
        value: Cell = None
        src = (r, col)
        if self.prev is not None:
            pr, prow, pres = self.prev
            if col in pres:
                value, src = pres[col]
            else:
                value, src = (prow[col] if col < len(prow) else None), (pr, col)
        if self.prev is None or is_blank(value):
            self.find(
                "warning",
                "ditto_without_value",
                f"{label}写「{mark}」表示同上，但上方没有可以沿用的值；按缺失处理，请填写实际内容",
                r,
                col,
            )
            return None
        self.find(
            "info",
            "ditto",
            f"{label}写「{mark}」表示同上，取上方 {cell_name(*src)} 的「{raw_text(value).strip()}」",
            r,
            col,
        )
        resolved[col] = (value, src)
        return value

    def _asks_for_a_name(self, col: int) -> bool:
        """The column's header asks for a name (法律顾问姓名), not for 是/否."""
        label = self.header.labels.get(col, "")
        return any(w in label for w in vocab()["presence_header_words"])

    def data_row(self, r: int, row: list[Cell]) -> None:
        g = self.grid
        self.last_data = r
        if g.hidden_rows and r in g.hidden_rows:
            self.hidden_rows.append(r)
        if self.fatal:
            self.out.reject(g.file, g.sheet, r, self.fatal, row_text(row))
            return
        record: dict[str, Any] = {}
        problems: list[tuple[str, str, int]] = []  # (code, message, column) that reject the row
        resolved: dict[int, tuple[Cell, tuple[int, int]]] = {}
        merged = bool(self.merged)
        initials = self.ditto_initials
        for f, col in self.field_cols:
            cell = row[col] if col is not None and col < len(row) else None
            if col is not None and (
                (merged and (cell is None or cell == ""))
                or (type(cell) is str and cell[:1] in initials)
            ):
                cell = self._resolve(r, col, cell, f, resolved)
            if isinstance(cell, CellError):
                problems.append(("excel_error", f"单元格为 Excel 错误值「{cell}」", col))  # type: ignore[arg-type]
                _put_missing(record, f, self.schema)
                continue
            self._field(f, cell, r, col, record, problems)
        if self.header.months:
            self._monthly(r, row, record, problems)
        self.prev = (r, row, resolved)
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
        src = record.pop("_vcol", None)
        if src is None:
            src = self.header.columns.get(self.schema.source_field)
        if src is None:
            src = min(self.header.columns.values())
        record["source"] = self.ref(r, src)
        # Private keys (dropped from the clean table) let later checks name any field's cell.
        record["_row"], record["_cols"] = r, self.header.columns
        record["_serial"] = self.serial_ids
        if self.schema.kind == "indicators":
            self._indicator(record, r)
            if self.header.previous is not None:
                self._previous(r, row, record)
        if self.sessions and self._add_session(r, row, record):
            return
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
                if n.note and col is not None:
                    self._note(r, col, f.label, n)
        elif f.type == "bool" and col is not None and self._asks_for_a_name(col):
            b = parse_presence(cell)
            record[f.name] = b.value
            if b.value is not None and parse_bool(cell).value != b.value:
                verdict = "是" if b.value else "否"
                self.find(
                    "info",
                    "presence_read",
                    f"「{self.header.labels[col]}」填写「{b.raw.strip()}」，{f.label}按「{verdict}」读取",
                    r,
                    col,
                )
        elif f.type == "bool":
            b = parse_bool(cell)
            if b.value is not None or record.get(f.name) is None:  # keep a 否 from a date column
                record[f.name] = b.value
            if b.error:
                self.find("warning", "bad_boolean", f"{f.label}{b.error}，按缺失处理", r, col)
        elif f.type == "done":
            # A procedure step: 是/否, or the date it was done (a date means done).
            dated = hasattr(cell, "year") and parse_date(cell, self.year).value is not None
            b = parse_bool(True if dated else cell)
            if b.error and parse_date(cell, self.year).value is not None:
                b = parse_bool(True)
            record[f.name] = b.value
            if b.error:
                self.find("warning", "bad_boolean", f"{f.label}{b.error}，按缺失处理", r, col)
        elif f.type in ("date", "anydate"):
            d = parse_date(cell, self.year)
            record[f.name] = d.value
            if d.error and f.no_date_means and parse_bool(cell).value is False:
                record[f.no_date_means] = False  # 「未报备」 where the date would be: not done
            elif d.error:
                self.find("warning", "bad_date", f"{f.label}{d.error}，按缺失处理", r, col)
            elif (
                f.type == "date"
                and d.value is not None
                and self.year is not None
                and d.value.year != self.year
            ):
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

    # ------------------------------------------------------------ wide tables

    def _monthly(
        self, r: int, row: list[Cell], record: dict[str, Any], problems: list[tuple[str, str, int]]
    ) -> None:
        """A wide indicator row: the months summed, checked against the 全年合计 column."""
        h = self.header
        total = 0.0
        present: list[tuple[int, Number]] = []
        for month, col in sorted(h.months.items()):
            n = parse_number(row[col] if col < len(row) else None)
            if n.error:
                problems.append(("bad_number", f"{month}月{n.error}", col))
            elif n.value is not None:
                present.append((col, n))
                total += n.value
                if n.note:
                    self._note(r, col, f"{month}月", n)
        # The months' total: a 全年合计 column, else the table's own value column.
        tcol = h.month_total if h.month_total is not None else h.columns.get("value")
        stated = parse_number(row[tcol] if tcol is not None and tcol < len(row) else None)
        if stated.error and tcol is not None:
            problems.append(("bad_number", f"{h.labels.get(tcol, '合计')}{stated.error}", tcol))
        if stated.note and tcol is not None:
            self._note(r, tcol, h.labels.get(tcol, "合计"), stated)
        quals = {n.qualifier for _, n in present if n.qualifier}
        units = [n.unit for _, n in present if n.unit]
        if units:
            record.setdefault("_units", {})["value"] = units[0]
        first, last = min(h.months.values()), max(h.months.values())
        rng = f"{cell_name(r, first)}:{cell_name(r, last)}"
        if present:
            qualifier = quals.pop() if len(quals) == 1 else ("约" if quals else "")
            record.update(value=total, qualifier=qualifier)
            if stated.value is not None:
                record["value_raw"], record["_vcol"] = stated.raw, tcol
                if abs(stated.value - total) > 1e-6 or stated.qualifier != qualifier:
                    approx = "（含约数）" if qualifier or stated.qualifier else ""
                    self.find(
                        "warning",
                        "total_mismatch",
                        f"「{h.labels.get(tcol, '合计')}」为「{stated.raw.strip()}」，{rng} 各月相加为 "
                        f"{qualifier}{_fmt(total)}{approx}；报告使用各月相加的数，请核对",
                        r,
                        tcol,
                    )
            else:
                record["value_raw"] = "+".join(n.raw.strip() for _, n in present)
                record["_vcol"] = present[0][0]
                self.find(
                    "info",
                    "monthly_sum",
                    f"数值由 {rng} 各月相加得出（{_fmt(total)}）"
                    + ("；没有全年合计列可以核对" if tcol is None else "；全年合计为空"),
                    r,
                    present[0][0],
                )
        elif stated.value is not None:
            record.update(value=stated.value, qualifier=stated.qualifier, value_raw=stated.raw)
            record["_vcol"] = tcol
        else:
            record.update(value=None, qualifier="", value_raw="")
            record["_vcol"] = tcol if tcol is not None else first

    def _previous(self, r: int, row: list[Cell], record: dict[str, Any]) -> None:
        """Last year's figure from a wide indicator table's column for the year before."""
        col = self.header.previous
        assert col is not None
        n = parse_number(row[col] if col < len(row) else None)
        if n.error:
            self.find("warning", "bad_number", f"上年数{n.error}，按缺失处理", r, col)
        if n.value is None:
            return
        if n.note:
            self._note(r, col, self.header.labels.get(col, "上年数"), n)
        self.out.add(
            "previous",
            {
                "key": record["key"],
                "name": record["name"],
                "value": n.value,
                "qualifier": n.qualifier,
                "value_raw": n.raw,
                "unit": record["unit"],
                "label": self.header.labels.get(col, ""),
                "source": self.ref(r, col),
            },
        )

    # ------------------------------------------------------- sessions, totals

    def _add_session(self, r: int, row: list[Cell], record: dict[str, Any]) -> bool:
        """One more training session of an officer already listed: add its hours to the
        officer's record and record the row as a session. False for an officer's first row."""
        first = self.officers.get(record["name"])
        if (
            first is not None
            and record["post"]
            and first["post"]
            and record["post"] != first["post"]
        ):
            # Two officers of one name in different posts: not the same person's sessions.
            return False
        if first is None:
            record["_sessions"] = [r]
            self.officers[record["name"]] = record
            return False
        first["_sessions"].append(r)
        hours = record["hours"]
        if hours is not None:
            first["hours"] = (first["hours"] or 0.0) + hours
            seg = self.running
            seg.sums["hours"] = seg.sums.get("hours", 0.0) + hours
            if record["hours_qualifier"]:
                seg.approx["hours"] = seg.approx.get("hours", 0) + 1
        quals = {q for q in (first["hours_qualifier"], record["hours_qualifier"]) if q}
        first["hours_qualifier"] = quals.pop() if len(quals) == 1 else ("约" if quals else "")
        first["hours_raw"] = "+".join(x for x in (first["hours_raw"], record["hours_raw"]) if x)
        g = self.grid
        self.out.skip(g.file, g.sheet, r, "session", row_text(row))
        return True

    def _accumulate(self, record: dict[str, Any]) -> None:
        record.pop("_units", None)
        seg = self.running
        seg.rows += 1
        for f in self.schema.numeric:
            v = record.get(f.name)
            if v is None:
                continue
            seg.sums[f.name] = seg.sums.get(f.name, 0.0) + v
            seg.counts[f.name] = seg.counts.get(f.name, 0) + 1
            qcol = (
                "qualifier"
                if (self.schema.kind, f.name) == ("indicators", "value")
                else f"{f.name}_qualifier"
            )
            if record.get(qcol):
                seg.approx[f.name] = seg.approx.get(f.name, 0) + 1

    def rejected_row(self) -> None:
        """A rejected data row still counts as a row for a 合计：12起 check."""
        self.running.rows += 1

    def total_row(self, r: int, row: list[Cell], kind: str) -> None:
        """Record a 合计/小计/平均 row as non-data; it is checked when the table ends."""
        g = self.grid
        self.out.skip(g.file, g.sheet, r, kind, row_text(row))
        self.summaries.append((r, kind, row, self.running.copy()))

    def finish(self) -> None:
        """Check the summary rows against the rows they summarise; name hidden and template rows."""
        if self.hidden_rows:
            rows = "、".join(str(x + 1) for x in self.hidden_rows[:20])
            more = f"等{len(self.hidden_rows)}行" if len(self.hidden_rows) > 20 else ""
            self.find(
                "warning",
                "hidden_rows",
                f"第{rows}行{more}在 Excel 中是隐藏的（可能是筛选后隐藏），已照常计入{self.schema.label}；"
                "如这些行不应计入，请删除",
                self.hidden_rows[0],
            )
        hcol = self.header.columns.get("hours")
        for name, rec in self.officers.items():
            rows = rec["_sessions"]
            if len(rows) > 1:
                hours = "缺失" if rec["hours"] is None else _fmt(rec["hours"])
                self.find(
                    "info",
                    "training_sessions",
                    f"{name}有 {len(rows)} 条培训记录（第{'、'.join(str(x + 1) for x in rows)}行），"
                    f"学时相加为 {hours}（{rec['hours_raw']}）",
                    rows[0],
                    hcol,
                )
        for t in self.templates:
            if t < self.last_data:
                self.find(
                    "warning",
                    "empty_numbered_row",
                    f"第{t + 1}行只有序号、没有内容，未计入；如漏填了内容，请补上",
                    t,
                )
        if self.fatal:
            return
        end = self.running
        marks = [at for _, _, _, at in self.summaries]
        zero = _Segment()
        book = self.book if self.book is not None else {}
        prior_all, prior_block = book.get(self.schema.kind, (zero, zero))
        for i, (r, kind, row, at) in enumerate(self.summaries):
            before = marks[i - 1] if i else zero
            after = marks[i + 1] if i + 1 < len(marks) else end
            above_all, below_all = at, end.minus(at)
            above, below = at.minus(before), after.minus(at)
            if kind == "total":
                options = [("上方各行", above_all), ("下方各行", below_all)]
            elif kind == "subtotal":
                options = [
                    ("上方本段各行", above),
                    ("下方本段各行", below),
                    ("上方各行", above_all),
                ]
            else:
                options = [
                    ("上方本段各行", above),
                    ("上方各行", above_all),
                    ("下方本段各行", below),
                    ("下方各行", below_all),
                ]
            if kind == "total" and prior_all.rows:
                options.append(("本工作簿此前各表及上方各行", prior_all.plus(above_all)))
            elif kind == "subtotal" and prior_block.rows and i == 0:
                options.append(("本工作簿上一个小计以来各表及上方各行", prior_block.plus(above)))
            options = [(w, seg) for w, seg in options if seg.rows > 0]
            if options:
                self._check_summary(r, row, kind, options)
        block = end.minus(marks[-1]) if self.summaries else prior_block.plus(end)
        book[self.schema.kind] = (prior_all.plus(end), block)

    def _check_summary(
        self, r: int, row: list[Cell], kind: str, options: list[tuple[str, _Segment]]
    ) -> None:
        word = _WORD[kind]
        h = self.header
        numeric = [(f, h.columns[f.name]) for f in self.schema.numeric if f.name in h.columns]
        if self.schema.kind == "indicators" and h.months and h.month_total is not None:
            numeric.append((self.schema.field("value"), h.month_total))
        if not numeric:
            if kind != "average":
                self._check_count(r, row, word, options)
            return
        for f, col in numeric:
            if col >= len(row):
                continue
            n = parse_number(row[col])
            if n.value is None:
                continue
            expected = []
            ok = False
            for where, seg in options:
                if seg.approx.get(f.name):
                    ok = True  # an approximate row makes the sum approximate: nothing to check
                    break
                if kind == "average":
                    count = seg.counts.get(f.name, 0)
                    if not count:
                        continue
                    value = seg.sums.get(f.name, 0.0) / count
                    decimals = len(n.raw.split(".")[1]) if "." in n.raw else 0
                    tol = 0.5 * 10**-decimals + 1e-9
                else:
                    value = seg.sums.get(f.name, 0.0)
                    tol = 1e-6 * max(1.0, abs(value))
                expected.append((where, value))
                if abs(n.value - value) <= tol:
                    ok = True
                    break
            if ok or not expected:
                continue
            where, value = expected[0]
            how = "平均为" if kind == "average" else "相加为"
            self.find(
                "warning",
                "total_mismatch",
                f"{word}行的{f.label}为 {_fmt(n.value)}，{where}{how} "
                f"{_fmt(round(value, 2))}；报告使用各行数据，{word}行不计入",
                r,
                col,
            )

    def _check_count(
        self, r: int, row: list[Cell], word: str, options: list[tuple[str, _Segment]]
    ) -> None:
        """A 合计 row of a log without numeric columns states a number of cases: check it."""
        for c, cell in enumerate(row):
            text = raw_text(cell).strip()
            m = _FIRST_NUMBER.search(norm_text(cell))
            if m and not isinstance(cell, CellError):
                stated = float(m.group(0))
                if all(stated != seg.rows for _, seg in options):
                    where, seg = options[0]
                    self.find(
                        "warning",
                        "total_mismatch",
                        f"{word}行写「{text}」，{where.replace('各行', '')}实际有 {seg.rows} 条记录；"
                        "报告使用各行数据",
                        r,
                        c,
                    )
                return

    # -------------------------------------------------------------- set-up

    def check_columns(self) -> None:
        """Table-level findings: missing required columns, ambiguity, ignored columns."""
        h, s = self.header, self.schema
        first = h.rows[0]
        missing = [
            f.label
            for f in s.fields
            if f.required and f.name not in h.columns and not (f.name == "value" and h.months)
        ]
        for col, label, why in h.dropped:
            if why == "hidden":
                msg = (
                    f"{_letter(col)}列「{label}」在 Excel 中是隐藏的，不作为本年数据读取；"
                    "如确是本年数据，请取消隐藏"
                )
                self.find("info", "hidden_column", msg, h.last_row, col)
            else:
                self.find(
                    "info",
                    "other_year_column",
                    f"{_letter(col)}列「{label}」是{why}年的数，不作为{self.year}年数据读取",
                    h.last_row,
                    col,
                )
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
                + (
                    f"（{'、'.join(f'{_letter(c)}列「{t}」' for c, t, _ in h.dropped)}"
                    "是隐藏的列或其他年份的列，不作为本年数据读取）"
                    if h.dropped
                    else ""
                )
                + "请补上该列或按 docs/data.md 修改表头",
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
        record[f.name] = None if f.type in ("bool", "date", "anydate", "done", "year") else ""


@functools.cache
def _session_labels() -> frozenset[str]:
    return frozenset(squash(t) for t in vocab()["training_session_columns"])


def _is_serial_label(cell: Cell) -> bool:
    return isinstance(cell, str) and squash(cell) in _serial_labels()


@functools.cache
def _serial_labels() -> frozenset[str]:
    return frozenset(squash(t) for t in vocab()["ignorable_columns"])


def _next_table(
    grid: Grid, r: int, year: int | None, kinds: tuple[str, ...] | None
) -> tuple[Header | None, list[int]]:
    """The header of a table starting at row ``r`` after a gap, below at most two title rows
    (a row with a single text cell), and those title rows."""
    rows = grid.rows
    titles: list[int] = []
    for at in range(r, min(r + 3, len(rows))):
        h = looks_like_header(grid, at, year, kinds)
        if h is not None:
            return h, titles
        if not _title_row(rows[at]):
            break
        titles.append(at)
    return None, []


def _title_row(row: list[Cell]) -> bool:
    filled = [c for c in row if not is_blank(c)]
    return len(filled) == 1 and isinstance(filled[0], str) and _HAN.search(filled[0]) is not None


def clean_grid(
    grid: Grid,
    year: int | None,
    catalogue: Catalogue,
    out: Collector,
    book: dict[str, tuple[_Segment, _Segment]] | None = None,
    kinds: tuple[str, ...] | None = None,
) -> bool:
    """Read every table in ``grid`` into ``out``. Returns False when the sheet holds no table.

    ``book`` carries running sums from one sheet of a workbook to the next, so that a 全年合计
    in the 12月 sheet can be checked against all the monthly sheets. ``kinds`` are the table
    kinds of the unit's profile (a township's by default)."""
    rows = grid.rows
    nonempty = [r for r, row in enumerate(rows) if not row_blank(row)]
    out.rows_read += len(nonempty)
    header = find_header(grid, year=year, kinds=kinds)
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
        table = _Table(grid, header, TABLES[header.kind], year, catalogue, out, book=book)
        table.check_columns()
        averages = header.kind != "indicators"
        skip = table.value_cols
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
                # A second table in the same sheet starts after a gap, perhaps under its own
                # title row(s) (「2024年重大行政决策事项」).
                h2, titles = _next_table(grid, r, year, kinds)
                if h2 is not None and not table.repeats_header(rows[h2.rows[0]]):
                    for t in titles:
                        out.skip(grid.file, grid.sheet, t, "title", row_text(rows[t]))
                    nxt = h2
                    break
            after_gap = False
            if _note_row(row):
                out.skip(grid.file, grid.sheet, r, "note", row_text(row))
                after_gap = True
            elif kind := _summary_kind(row, skip, averages):
                table.total_row(r, row, kind)
                after_gap = True
            elif table.repeats_header(row):
                out.skip(grid.file, grid.sheet, r, "header", row_text(row))
            elif table.template_row(r, row):
                out.skip(grid.file, grid.sheet, r, "template", row_text(row))
                table.templates.append(r)
            else:
                before = len(out.rejects)
                table.data_row(r, row)
                if len(out.rejects) > before:
                    table.rejected_row()
            r += 1
        table.finish()
        header = nxt
    return True
