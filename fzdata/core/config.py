"""Paths used across the workbook. Raw data under ``data/`` is read, never written."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
RESOURCES_DIR = PACKAGE_DIR / "resources"
REPO_ROOT = PACKAGE_DIR.parent

#: Default ledger folder: ``$FZ_DATA`` if set, else ``data/`` in the current directory.
DEFAULT_DATA_DIR = Path(os.environ.get("FZ_DATA", "data"))
#: Default output folder: ``$FZ_OUTPUTS`` if set, else ``outputs/``.
DEFAULT_OUTPUT_DIR = Path(os.environ.get("FZ_OUTPUTS", "outputs"))

#: The parameterised notebooks: ``$FZ_NOTEBOOKS`` if set, else ``notebooks/`` of the checkout.
NOTEBOOKS_DIR = Path(os.environ.get("FZ_NOTEBOOKS", REPO_ROOT / "notebooks"))

#: File types read as ledgers.
LEDGER_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
#: Where a build leaves a unit-year's analysis for its notebooks, inside its own work folder.
ANALYSIS_FILE = ".fz-analysis.pickle"
#: Per-unit settings file, beside the year folders.
UNIT_SETTINGS_FILE = "unit.yml"
#: County settings (optional), directly under the data folder.
COUNTY_SETTINGS_FILE = "county.yml"
#: The county office's own folder under the data folder (not a unit): its narrative.md per year,
#: and the reports units sent as Word or text files in ``county/<年份>/报告/``.
COUNTY_DIR = "county"
#: Where received reports are kept inside ``county/<年份>/``.
COUNTY_REPORTS_DIR = "报告"
#: Per-unit catalogue extension, beside the year folders.
UNIT_CATALOGUE_FILE = "catalogue.csv"
#: The analyst's report text in a year folder.
NARRATIVE_FILE = "narrative.md"
#: Files in a year folder that are not ledgers and are read by later stages.
NON_LEDGER_FILES = (NARRATIVE_FILE,)
