"""fzdata: load, clean and analyse township rule-of-law ledgers (台账).

Names are imported on first use (PEP 562), so ``fz build`` can decide that nothing changed
without importing pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "ConfigError": "fzdata.core.errors",
    "DataDirError": "fzdata.core.errors",
    "FzError": "fzdata.core.errors",
    "YearData": "fzdata.ingest.load",
    "load_unit": "fzdata.ingest.load",
    "load_year": "fzdata.ingest.load",
    "YearAnalysis": "fzdata.analysis.analyse",
    "analyse": "fzdata.analysis.analyse",
    "analyse_year": "fzdata.analysis.analyse",
}

__all__ = [
    "ConfigError",
    "DataDirError",
    "FzError",
    "YearAnalysis",
    "YearData",
    "__version__",
    "analyse",
    "analyse_year",
    "load_unit",
    "load_year",
]

if TYPE_CHECKING:
    from fzdata.analysis.analyse import YearAnalysis, analyse, analyse_year
    from fzdata.core.errors import ConfigError, DataDirError, FzError
    from fzdata.ingest.load import YearData, load_unit, load_year


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'fzdata' has no attribute {name!r}")
