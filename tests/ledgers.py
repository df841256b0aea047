"""Build small units of CSV ledgers in a temporary folder, for rule and edge-case tests."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from fzdata.core.schema import ledger_headers

UNIT = "试验镇"

# The standard headers (one source for every writer of ledgers), in the column orders the
# tests write their rows in.
INDICATOR_HEAD = ledger_headers("indicators", ("name", "value", "unit", "target"))
VILLAGE_HEAD = ledger_headers(
    "villages", ("village", "legal_literates", "has_counsel", "has_plaza", "signed_letter")
)
DISPUTE_HEAD = ledger_headers("disputes")
PETITION_HEAD = ledger_headers("petitions")
TRAINING_HEAD = ledger_headers("trainings")
EVENT_HEAD = ledger_headers("events", ("date", "title", "materials", "consultations"))


def villages(*rows: tuple[Any, ...]) -> list[list[Any]]:
    """Rows of (village, literates, counsel, plaza, letter)."""
    return [VILLAGE_HEAD, *[list(r) for r in rows]]


def make_unit(root: Path, years: dict[int, dict[str, list[list[Any]]]], unit_yml: str = "") -> Path:
    """Write ``root/<UNIT>/<year>/<file>.csv`` for each year; returns the data folder."""
    for year, files in years.items():
        folder = root / UNIT / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for name, rows in files.items():
            with open(folder / name, "w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows(rows)
    if unit_yml:
        (root / UNIT / "unit.yml").write_text(unit_yml, encoding="utf-8")
    return root


# ------------------------------------------------------------------ departments (部门)

DEPT = "试验局"
DEPT_YML = "name: 试验局\nkind: department\n"
CASE_HEAD = ledger_headers(
    "enforcement_cases",
    ("case_id", "title", "category_raw", "date", "result", "fine_yuan", "major", "legal_review"),
)
REVIEW_HEAD = ledger_headers(
    "review_cases",
    ("case_id", "type_raw", "date", "hearing_date", "result", "head_present_raw", "head_name"),
)
DOC_HEAD = ledger_headers(
    "normative_docs", ("doc_no", "title", "published", "reviewed", "filed_date", "status_raw")
)
DECISION_HEAD = ledger_headers(
    "decisions", ("matter", "date", "public", "expert", "risk", "legal", "collective")
)
OFFICER_HEAD = ledger_headers("officers", ("name", "post", "cert_no", "valid_until", "hours"))


def make_department(
    root: Path, years: dict[int, dict[str, list[list[Any]]]], unit_yml: str = DEPT_YML
) -> Path:
    """Write ``root/<DEPT>/<year>/<file>.csv`` and a unit.yml saying ``kind: department``."""
    for year, files in years.items():
        folder = root / DEPT / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for name, rows in files.items():
            with open(folder / name, "w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows(rows)
    (root / DEPT / "unit.yml").write_text(unit_yml, encoding="utf-8")
    return root
