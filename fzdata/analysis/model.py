"""The analysis result: what every later stage (notebooks, charts, report, lint, exports)
consumes. Plain data, so it pickles across processes and Dask workers."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from fzdata.analysis.window import Window
from fzdata.core.figures import NO_RATE, Figure, overlaps
from fzdata.ingest.load import YearData
from fzdata.unit.norms import Norms
from fzdata.unit.settings import UnitSettings

FOLLOWUP_COLUMNS = ("rule", "key", "previous_evidence", "status", "evidence", "previous_gap", "gap")
TREND_COLUMNS = ("year", "key", "name", "value", "qualifier", "unit", "source")


@dataclass
class Reported:
    """One indicator as the report states it: the ledger's figure, else the derived one."""

    ident: str  # the key, or "name:<名称>" for a custom indicator
    key: str
    name: str
    figure: Figure
    target: float | None
    origin: str  # "stated" (指标台账) or "derived" (统计自明细台账)
    direction: str
    derived: Figure | None = None

    @property
    def agrees(self) -> bool | None:
        if self.origin != "stated" or self.derived is None or self.figure.missing:
            return None
        if self.derived.qualifier == NO_RATE:
            return False  # a stated rate where the logs leave nothing to divide by
        return overlaps(self.figure, self.derived)


@dataclass
class YearAnalysis:
    """One unit-year's analysis: progress, village scorecard, shortcomings and follow-up."""

    unit: str
    year: int
    settings: UnitSettings
    norms: Norms
    indicators: pd.DataFrame
    villages: pd.DataFrame
    shortcomings: pd.DataFrame
    followup: pd.DataFrame
    data: YearData
    previous_data: YearData | None = None
    reported: dict[str, Reported] = field(default_factory=dict)
    #: the years this analysis depends on (:mod:`fzdata.analysis.window`)
    window: Window | None = None
    #: every shown year's reported figures, for the trend chart (``trend_frame``)
    trends: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(TREND_COLUMNS)))
    #: what the unit-year is missing (:mod:`fzdata.analysis.completeness`)
    completeness: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def draft(self) -> bool:
        """A missing ledger, a blank required field or unfinished narrative text."""
        c = self.completeness
        return bool(len(c) and c["blocking"].any())

    @property
    def norms_table(self) -> pd.DataFrame:
        return self.norms.table

    def tables(self) -> dict[str, pd.DataFrame]:
        """The analysis and data-quality tables exported with every report, by contract name."""
        return {
            "indicators": self.indicators,
            "villages": self.villages,
            "shortcomings": self.shortcomings,
            "followup": self.followup,
            "rejects": self.data.rejects,
            "findings": self.data.findings,
            "completeness": self.completeness,
        }
