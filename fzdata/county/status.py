"""Submission status of each unit for one report year: what came in, in what state, and when.

Per unit: the ledger files present, whether its report was built (``<out>/<单位>/<年份>/
manifest.json``), only a submitted report's text was read (``fz collect``), or nothing came in
(未提交); data errors and warnings, the report's lint findings, draft or final, the date last
changed, and whether it came in after the deadline of its kind (county.yml). The date compared
with the deadline is the date the office received the materials (``received`` in county.yml)
when given, otherwise the newest modification time of the unit-year's files (or the Word
report's own modified date).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

from fzdata.county.model import NOT_SUBMITTED, REPORT_BUILT, REPORT_TEXT_ONLY
from fzdata.county.settings import CountySettings
from fzdata.unit.folders import ledger_files, year_dirs

#: A unit-year with ledgers whose report has not been built (yet, or it failed).
REPORT_NOT_BUILT = "未生成"


def year_dir(data_dir: Path, unit: str, year: int) -> Path | None:
    """The unit's folder of ``year`` (``2024`` or ``2024年``), None when there is none."""
    unit_dir = data_dir / unit
    if not unit_dir.is_dir():
        return None
    return year_dirs(unit_dir).get(year)


def ledgers_of(data_dir: Path, unit: str, year: int) -> list[Path]:
    folder = year_dir(data_dir, unit, year)
    if folder is None:
        return []
    return ledger_files(folder, data_dir)[0]


def last_changed(files: list[Path]) -> str:
    """The newest modification date of ``files`` (ISO), "" when there are none."""
    stamps = [p.stat().st_mtime for p in files if p.is_file()]
    if not stamps:
        return ""
    return dt.datetime.fromtimestamp(max(stamps)).date().isoformat()


def manifest(out_dir: Path, unit: str, year: int) -> dict[str, Any] | None:
    """The built unit-year's manifest, None when it was not built."""
    try:
        m = json.loads((out_dir / unit / str(year) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return m if isinstance(m, dict) and m.get("status") == "built" else None


def lint_findings(out_dir: Path, unit: str, year: int) -> dict[str, int]:
    """Errors and warnings of the built unit-year's ``tables/findings.csv`` that come from
    checking the narrative (codes ``lint:…``) rather than from reading the ledgers."""
    counts = {"error": 0, "warning": 0}
    path = out_dir / unit / str(year) / "tables" / "findings.csv"
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for f in csv.DictReader(fh):
                if str(f.get("code", "")).startswith("lint:") and f.get("level") in counts:
                    counts[f["level"]] += 1
    except (OSError, csv.Error, UnicodeDecodeError):
        pass
    return counts


def href(unit: str, year: int) -> str:
    """The unit's report as linked from ``<out>/汇总/<年份>/``."""
    return f"../../{unit}/{year}/report.html"


def status_row(
    county: CountySettings,
    data_dir: Path,
    out_dir: Path,
    year: int,
    unit: str,
    kind: str,
    label: str,
    listed: bool,
    analysis: Any,
    collected: dict[str, Any] | None,
    today: dt.date,
    *,
    folder: str = "",
) -> dict[str, Any]:
    """One unit's row of ``tables/status.csv`` (:data:`fzdata.county.model.STATUS_COLUMNS`);
    ``folder`` is the unit's folder under data/ and outputs/ (its name by default)."""
    where = folder or unit
    ledgers = ledgers_of(data_dir, where, year)
    folder_path = year_dir(data_dir, where, year)
    m = manifest(out_dir, where, year) if ledgers else None
    row: dict[str, Any] = {"unit": unit, "label": label, "kind": kind, "listed": listed,
                           "ledgers": len(ledgers), "report": NOT_SUBMITTED, "errors": 0,
                           "warnings": 0, "lint": 0, "draft": None, "last_changed": "",
                           "deadline": "", "overdue": False, "href": "", "received": ""}  # fmt: skip
    if ledgers:
        files = [*ledgers, *([folder_path / "narrative.md"] if folder_path else [])]
        row["last_changed"] = last_changed(files)
        if analysis is not None:
            row["errors"], row["warnings"] = analysis.data.errors, analysis.data.warnings
            row["draft"] = analysis.draft
        if m is not None:
            row["report"] = REPORT_BUILT
            row["href"] = href(where, year)
            lint = m.get("lint") or {}
            row["lint"] = int(lint.get("errors", 0)) + int(lint.get("warnings", 0))
            row["draft"] = bool(m.get("draft", row["draft"]))
            w = m.get("warnings") or {}
            row["errors"], row["warnings"] = int(w.get("errors", 0)), int(w.get("warnings", 0))
            # The build's findings also hold the narrative's lint (lint:data-mismatch, a
            # narrative figure its ledgers contradict): those belong to 稿件检查, not the ledgers.
            moved = lint_findings(out_dir, where, year)
            row["errors"] = max(0, row["errors"] - moved["error"])
            row["warnings"] = max(0, row["warnings"] - moved["warning"])
            row["lint"] += moved["error"] + moved["warning"]
        else:
            row["report"] = REPORT_NOT_BUILT
    elif collected is not None:
        row["report"] = REPORT_TEXT_ONLY
        row["lint"] = _int(collected.get("errors")) + _int(collected.get("warnings"))
        row["draft"] = str(collected.get("draft", "")).strip().lower() in ("true", "1", "是")
        row["last_changed"] = str(collected.get("last_changed") or "")[:10]
    received = _received(county, unit, year)
    row["received"] = received.isoformat() if received else ""
    deadline = county.deadline(kind, year)
    if deadline is not None:
        row["deadline"] = deadline.isoformat()
        came = received or _date(row["last_changed"])
        if row["report"] == NOT_SUBMITTED:
            row["overdue"] = today > deadline
        elif came is not None:
            row["overdue"] = came > deadline
    return row


def _received(county: CountySettings, unit: str, year: int) -> dt.date | None:
    u = county.unit(unit)
    return u.received.get(year) if u is not None else None


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _int(value: Any) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return 0
