"""Findings, rejects and non-data rows: the collector every cleaning step writes into.

Like pandera's lazy validation, nothing stops at the first problem: every finding is collected
and reported together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter


def cell_ref(file: str, sheet: str, row: int, col: int | None = None) -> str:
    """``文件!工作表!C5`` from a 0-based row and column; without a column, ``文件!工作表!5``."""
    if col is None:
        return f"{file}!{sheet}!{row + 1}"
    return f"{file}!{sheet}!{get_column_letter(col + 1)}{row + 1}"


def cell_name(row: int, col: int | None) -> str:
    """``C5`` (or the row number alone when the column is unknown), from 0-based indices."""
    if col is None:
        return f"第{row + 1}行"
    return f"{get_column_letter(col + 1)}{row + 1}"


def split_ref(ref: str) -> tuple[str, str, str]:
    """Inverse of :func:`cell_ref`: (file, sheet, cell)."""
    file, sheet, cell = ref.rsplit("!", 2)
    return file, sheet, cell


@dataclass
class Collector:
    """Accumulates clean records per table, rejects, non-data rows and findings."""

    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rejects: list[dict[str, Any]] = field(default_factory=list)
    nondata: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    #: non-empty rows read, as (file, sheet, 1-based row): the conservation check's universe
    rows_read: int = 0

    def finding(
        self, level: str, code: str, message: str, file: str = "", sheet: str = "", cell: str = ""
    ) -> None:
        self.findings.append(
            {
                "level": level,
                "code": code,
                "file": file,
                "sheet": sheet,
                "cell": cell,
                "message": message,
            }
        )

    def reject(self, file: str, sheet: str, row: int, reason: str, raw: str) -> None:
        """Row ``row`` (0-based) goes to rejects."""
        self.rejects.append(
            {"file": file, "sheet": sheet, "row": row + 1, "reason": reason, "raw": raw}
        )

    def skip(self, file: str, sheet: str, row: int, kind: str, text: str) -> None:
        """Row ``row`` (0-based) is a recorded non-data row (title, header, note, total …)."""
        self.nondata.append(
            {"file": file, "sheet": sheet, "row": row + 1, "kind": kind, "text": text}
        )

    def add(self, kind: str, record: dict[str, Any]) -> None:
        self.records.setdefault(kind, []).append(record)
