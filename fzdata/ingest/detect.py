"""Recognise tables in a grid by their header row(s).

A header is a row whose cells map, through the alias lists in ``resources/headers.yml``, to at
least two fields of one table kind including one of its anchors. Two-row headers (a merged
parent over children, 民主法治示范村 over 等级 / 命名年份) are tried as parent+child labels.
File and sheet names only break ties between two kinds that match equally well.

Which column holds a field when several could: a visible column before a hidden one, a column
whose header names the ledger's year (「2024年学时」) before one that names no year, and one that
names another year is not this year's data at all (an indicator table's column for the year
before gives last year's figure). Indicator tables may be wide: one column per month
(1月 … 12月, summed and checked against a 全年合计 column) or per year (2023年 | 2024年).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from fzdata.core.parse import squash
from fzdata.core.resources import headers, vocab
from fzdata.core.schema import TABLES
from fzdata.ingest.sources import Cell, Grid

#: Rows searched for the first header of a sheet (title and blank rows come before it).
HEADER_SCAN_ROWS = 30
_BRACKETED = re.compile(r"\([^()]*\)$")


@dataclass
class Header:
    """A recognised header: which table, which rows, which column holds which field."""

    kind: str
    rows: tuple[int, ...]  # 0-based row indices of the header row(s)
    columns: dict[str, int]  # field -> 0-based column
    labels: dict[int, str]  # 0-based column -> header text as written
    ignored: list[str] = field(default_factory=list)  # header texts that matched no field
    repeated: list[str] = field(default_factory=list)  # fields matched by more than one column
    ambiguous_with: str = ""  # another kind that matched equally well and no name broke the tie
    #: columns that name a field but are not read: (column, label, "hidden" / "other_year" / year)
    dropped: list[tuple[int, str, str]] = field(default_factory=list)
    #: wide indicator tables: month -> column, the months' total column, last year's column
    months: dict[int, int] = field(default_factory=dict)
    month_total: int | None = None
    previous: int | None = None

    @property
    def last_row(self) -> int:
        return self.rows[-1]


def label_key(text: str) -> str:
    """How header texts are compared: NFKC, no white space, ASCII brackets."""
    return squash(text)


@functools.cache
def _alias_tables() -> dict[str, dict[str, str]]:
    """kind -> {normalised alias -> field}; aliases also match without a bracketed unit."""
    tables: dict[str, dict[str, str]] = {}
    for kind, fields in headers().items():
        table: dict[str, str] = {}
        for fname, aliases in fields.items():
            for alias in aliases:
                table[label_key(alias)] = fname
        tables[kind] = table
    return tables


@functools.cache
def _ignorable() -> frozenset[str]:
    return frozenset(label_key(t) for t in vocab()["ignorable_columns"])


def match_label(kind: str, text: str) -> str:
    """The field a header text names in ``kind``, or ""."""
    key = label_key(text)
    if not key:
        return ""
    table = _alias_tables()[kind]
    if key in table:
        return table[key]
    stripped = _BRACKETED.sub("", key)
    if stripped != key and stripped in table:
        return table[stripped]
    return ""


def _as_label(cell: Cell) -> str:
    return cell if isinstance(cell, str) else ""


def _fill_merged(grid: Grid, r: int) -> list[str]:
    """Row ``r`` as header labels, with each horizontally merged cell's text spread over it."""
    row = [_as_label(c) for c in grid.rows[r]]
    for (r0, c0), (r1, c1) in grid.merged:
        if r0 <= r <= r1 and c1 > c0 and c0 < len(row):
            text = _as_label(grid.rows[r0][c0]) if r0 < len(grid.rows) else ""
            for c in range(c0, min(c1 + 1, len(row))):
                if not row[c]:
                    row[c] = text
    return row


_YEAR_LABEL = re.compile(r"^(?P<y>(?:19|20)\d{2})年度?(?P<rest>.*)$")
_MONTH_LABEL = re.compile(r"^(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月份?$")
_CN_MONTHS = {
    t: i + 1
    for i, t in enumerate(
        ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
    )
}


def _month(key: str) -> int:
    m = _MONTH_LABEL.match(key)
    if not m:
        return 0
    text = m["m"]
    month = int(text) if text.isdigit() else _CN_MONTHS.get(text, 0)
    return month if 1 <= month <= 12 else 0


@functools.cache
def _month_totals() -> frozenset[str]:
    return frozenset(label_key(t) for t in vocab()["month_total_columns"])


@dataclass
class _Scored:
    score: int
    columns: dict[str, int]
    ignored: list[str]
    repeated: list[str]
    dropped: list[tuple[int, str, str]]
    months: dict[int, int]
    month_total: int | None
    previous: int | None


def _score(
    kind: str, labels: list[str], year: int | None = None, hidden: frozenset[int] = frozenset()
) -> _Scored:
    candidates: dict[str, list[tuple[tuple[int, int, int, int, int], int, str]]] = {}
    ignored: list[str] = []
    months: dict[int, int] = {}
    totals: list[int] = []
    for c, text in enumerate(labels):
        if not text:
            continue
        key = label_key(text)
        f = match_label(kind, text)
        label_year = None
        if not f:
            ym = _YEAR_LABEL.match(key)
            if ym:
                label_year = int(ym["y"])
                rest = ym["rest"]
                f = match_label(kind, rest) if rest else ("value" if kind == "indicators" else "")
        if not f and kind == "indicators":
            month = _month(key)
            if month and month not in months:
                months[month] = c
                continue
            if key in _month_totals():
                totals.append(c)
                continue
        if not f:
            if key not in _ignorable():
                ignored.append(text)
            continue
        other_year = label_year is not None and year is not None and label_year != year
        rank = (
            c in hidden,
            other_year,
            label_year is None,  # a header naming the ledger's year comes first
            key in _ignorable(),  # 序号 is a case number only when nothing better is there
            c,
        )
        candidates.setdefault(f, []).append(
            (rank, c, "" if label_year is None else str(label_year))
        )
    columns: dict[str, int] = {}
    repeated: list[str] = []
    dropped: list[tuple[int, str, str]] = []
    previous = None
    for f, cands in candidates.items():
        cands.sort()
        for i, (rank, c, label_year) in enumerate(cands):
            hidden_col, other_year = rank[0], rank[1]
            if (
                f == "value"
                and other_year
                and previous is None
                and year is not None
                and int(label_year) == year - 1
                and not hidden_col
            ):
                previous = c
            elif other_year:
                dropped.append((c, labels[c], label_year))
            elif hidden_col:
                dropped.append((c, labels[c], "hidden"))
            elif i == 0:
                columns[f] = c
            else:
                repeated.append(f)
    month_total = None
    if months:
        month_total = totals[0] if totals else None
        ignored += [labels[c] for c in totals[1:]]
    else:
        ignored += [labels[c] for c in totals]
    anchors = TABLES[kind].anchors
    named = len(candidates) + (1 if len(months) >= 2 else 0)
    ok = named >= 2 and any(a in candidates for a in anchors)
    return _Scored(
        named if ok else 0,
        columns,
        ignored,
        repeated,
        dropped,
        months if len(months) >= 2 else {},
        month_total if len(months) >= 2 else None,
        previous,
    )


def _two_row_labels(grid: Grid, r: int) -> list[str] | None:
    """Parent+child labels for rows ``r`` and ``r + 1``, or None when ``r + 1`` is no sub-header."""
    if r + 1 >= len(grid.rows):
        return None
    parent = _fill_merged(grid, r)
    child_cells = grid.rows[r + 1]
    if any(c is not None and not isinstance(c, str) for c in child_cells):
        return None  # a number or date below: that row is data, not a sub-header
    child = [_as_label(c) for c in child_cells]
    width = max(len(parent), len(child))
    parent += [""] * (width - len(parent))
    child += [""] * (width - len(child))
    labels = []
    for p, ch in zip(parent, child, strict=True):
        p, ch = p.strip(), ch.strip()
        if not ch or ch == p:
            labels.append(p)
        elif not p:
            labels.append(ch)
        else:
            labels.append(p + ch)
    return labels


def header_at(
    grid: Grid,
    r: int,
    hint: str = "",
    year: int | None = None,
    kinds: tuple[str, ...] | None = None,
) -> Header | None:
    """The best header starting at row ``r``, or None. ``hint`` is the file and sheet name;
    ``kinds`` the table kinds to choose from (the unit's profile), by default a township's."""
    cells = grid.rows[r]
    if sum(1 for c in cells if isinstance(c, str) and c.strip()) < 2:
        return None
    single = [_as_label(c) for c in cells]
    hidden = frozenset(grid.hidden_cols)
    candidates: list[tuple[int, str, tuple[int, ...], _Scored, list[str]]] = []
    two = _two_row_labels(grid, r)
    for kind in kinds or default_kinds():
        one = _score(kind, single, year, hidden)
        best = (one.score, kind, (r,), one, single)
        if two is not None:
            both = _score(kind, two, year, hidden)
            # A second header row must add fields, not just re-match the first; and the first
            # must add to the second (a 填报单位 line above a header is no parent row).
            if both.score > one.score and both.score > _below_score(grid, r, kind, year, hidden):
                best = (both.score, kind, (r, r + 1), both, two)
        if best[0]:
            candidates.append(best)
    if not candidates:
        return None
    candidates.sort(key=lambda c: -c[0])
    top = [c for c in candidates if c[0] == candidates[0][0]]
    # A near tie (one column apart) goes to the kind the file or sheet is named after: a
    # 「信访事项登记簿」 whose status column is headed like a dispute log's is still petitions.
    near = [c for c in candidates if c[0] >= candidates[0][0] - 1 and c[0] >= 2]
    named = [c for c in near if _hinted(c[1], hint)]
    if len(named) == 1 and len(near) > 1:
        top = named
    ambiguous = ""
    if len(top) > 1:
        hinted = [c for c in top if _hinted(c[1], hint)]
        if len(hinted) == 1:
            top = hinted
        else:
            ambiguous = top[1][1]
    _, kind, rows, sc, texts = top[0]
    used = [*sc.columns.values(), *sc.months.values()]
    used += [c for c in (sc.month_total, sc.previous) if c is not None]
    labels = {c: texts[c] for c in used}
    return Header(
        kind,
        rows,
        sc.columns,
        labels,
        sc.ignored,
        sc.repeated,
        ambiguous,
        sc.dropped,
        sc.months,
        sc.month_total,
        sc.previous,
    )


def _below_score(grid: Grid, r: int, kind: str, year: int | None, hidden: frozenset[int]) -> int:
    return _score(kind, [_as_label(c) for c in grid.rows[r + 1]], year, hidden).score


def _hinted(kind: str, hint: str) -> bool:
    return any(word in hint for word in vocab()["name_hints"][kind])


def default_kinds() -> tuple[str, ...]:
    """The tables of the default kind of unit (a township)."""
    from fzdata.unit.profiles import load_profile

    return load_profile().tables


def find_header(
    grid: Grid,
    start: int = 0,
    limit: int = HEADER_SCAN_ROWS,
    year: int | None = None,
    kinds: tuple[str, ...] | None = None,
) -> Header | None:
    """The first header at or after row ``start``, searching ``limit`` rows."""
    hint = grid.file + " " + grid.sheet
    for r in range(start, min(len(grid.rows), start + limit)):
        h = header_at(grid, r, hint, year, kinds)
        if h is not None:
            return h
    return None


def looks_like_header(
    grid: Grid, r: int, year: int | None = None, kinds: tuple[str, ...] | None = None
) -> Header | None:
    """A header inside a data region (a second table in the same sheet), or None.

    Cheap rejection first: a header row holds only text, at least two cells of it.
    """
    cells = grid.rows[r]
    texts = 0
    for c in cells:
        if c is None or c == "":
            continue
        if not isinstance(c, str):
            return None
        texts += 1
    if texts < 2:
        return None
    return header_at(grid, r, grid.file + " " + grid.sheet, year, kinds)
