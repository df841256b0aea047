"""fzdata: load, clean and analyse township rule-of-law ledgers (台账)."""

from fzdata.analyse import YearAnalysis, analyse, analyse_year
from fzdata.errors import ConfigError, DataDirError, FzError
from fzdata.load import YearData, load_unit, load_year

__version__ = "0.1.0"

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
