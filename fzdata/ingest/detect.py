"""Recognise tables in a grid by their header row(s).

A header is a row whose cells map, through the alias lists in ``resources/headers.yml``, to at
least two fields of one table kind including one of its anchors. Two-row headers (a merged
parent over children, 民主法治示范村 over 等级 / 命名年份) are tried as parent+child labels.
File and sheet names only break ties between two kinds that match equally well.
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


def _score(kind: str, labels: list[str]) -> tuple[int, dict[str, int], list[str], list[str]]:
    columns: dict[str, int] = {}
    ignored: list[str] = []
    repeated: list[str] = []
    for c, text in enumerate(labels):
        if not text:
            continue
        f = match_label(kind, text)
        if not f:
            if label_key(text) not in _ignorable():
                ignored.append(text)
        elif f in columns:
            repeated.append(f)
        else:
            columns[f] = c
    anchors = TABLES[kind].anchors
    ok = len(columns) >= 2 and any(a in columns for a in anchors)
    return (len(columns) if ok else 0), columns, ignored, repeated


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
    grid: Grid, r: int, hint: str = "", kinds: tuple[str, ...] | None = None
) -> Header | None:
    """The best header starting at row ``r``, or None. ``hint`` is the file and sheet name;
    ``kinds`` the table kinds to choose from (the unit's profile), by default a township's."""
    cells = grid.rows[r]
    if sum(1 for c in cells if isinstance(c, str) and c.strip()) < 2:
        return None
    single = [_as_label(c) for c in cells]
    candidates: list[tuple[int, int, str, tuple[int, ...], dict[str, int], list[str], list[str]]]
    candidates = []
    two = _two_row_labels(grid, r)
    for kind in kinds or default_kinds():
        score, cols, ignored, repeated = _score(kind, single)
        best = (score, 1, kind, (r,), cols, ignored, repeated)
        if two is not None:
            score2, cols2, ign2, rep2 = _score(kind, two)
            # A second header row must add fields, not just re-match the first.
            if score2 > score:
                best = (score2, 2, kind, (r, r + 1), cols2, ign2, rep2)
        if best[0]:
            candidates.append(best)
    if not candidates:
        return None
    candidates.sort(key=lambda c: -c[0])
    top = [c for c in candidates if c[0] == candidates[0][0]]
    ambiguous = ""
    if len(top) > 1:
        hinted = [c for c in top if _hinted(c[2], hint)]
        if len(hinted) == 1:
            top = hinted
        else:
            ambiguous = top[1][2]
    score, _, kind, rows, cols, ignored, repeated = top[0]
    labels = {c: (two[c] if len(rows) == 2 and two else single[c]) for c in cols.values()}
    return Header(kind, rows, cols, labels, ignored, repeated, ambiguous)


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
    kinds: tuple[str, ...] | None = None,
) -> Header | None:
    """The first header at or after row ``start``, searching ``limit`` rows."""
    hint = grid.file + " " + grid.sheet
    for r in range(start, min(len(grid.rows), start + limit)):
        h = header_at(grid, r, hint, kinds)
        if h is not None:
            return h
    return None


def looks_like_header(grid: Grid, r: int, kinds: tuple[str, ...] | None = None) -> Header | None:
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
    return header_at(grid, r, grid.file + " " + grid.sheet, kinds)
