"""Findings, rejects and non-data rows: the collector every cleaning step writes into.

Like pandera's lazy validation, nothing stops at the first problem: every finding is collected
and reported together.
"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from fzdata.core.resources import _yaml

LEVEL_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


@functools.cache
def catalogue() -> dict[str, dict[str, dict[str, str]]]:
    """Every finding code, declared once in ``resources/findings.yml``: for each level it can
    be raised at, what it means (title) and what happens to the data (handling)."""
    return _yaml("findings.yml")


def check_code(level: str, code: str) -> None:
    """A code raised must be declared at that level (a developer's error, not a user's)."""
    spec = catalogue().get(code)
    if spec is None or level not in spec:
        raise ValueError(f"finding code {code!r} at level {level!r} is not in findings.yml")


def finding_title(code: str) -> str:
    """What a finding code means, in Chinese, for people (the code stays in the CSVs)."""
    if code.startswith("lint:"):
        return "稿件检查"
    spec = catalogue().get(code)
    return next(iter(spec.values()))["title"] if spec else code


DOCS_START = "<!-- findings:start (generated from fzdata/resources/findings.yml) -->"
DOCS_END = "<!-- findings:end -->"


def docs_table() -> str:
    """The code table of docs/data.md, section 六, generated from the catalogue."""
    rows = ["| 级别 | 代码 | 含义 | 数据怎样处理 |", "|---|---|---|---|"]
    for level in LEVEL_NAMES:
        for code, spec in catalogue().items():
            if level in spec:
                s = spec[level]
                rows.append(f"| {LEVEL_NAMES[level]} | {code} | {s['title']} | {s['handling']} |")
    return "\n".join(rows)


def replace_block(path: Path, start: str, end: str, body: str) -> bool:
    """Put ``body`` between the markers ``start`` and ``end`` of a docs page (the part of it
    generated from data files); True when the page changed."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    new = pattern.sub(lambda _: f"{start}\n{body}{end}", text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def update_docs(path: Path) -> bool:
    """Rewrite the generated finding-code block of ``path``; True when it changed."""
    return replace_block(path, DOCS_START, DOCS_END, docs_table() + "\n")


if __name__ == "__main__":  # python -m fzdata.core.findings docs/data.md
    for arg in sys.argv[1:]:
        print(f"{arg}: {'updated' if update_docs(Path(arg)) else 'up to date'}")


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
        check_code(level, code)
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
