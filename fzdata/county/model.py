"""The roll-up of one county year: the interface between the roll-up and the pages.

:func:`fzdata.county.rollup.rollup_year` builds a :class:`RollupYear`; the county pages
(汇总.html, the county report draft) and the exports only read it. The column lists below are
the contract (``docs/county.md``); fields may be added, never renamed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from fzdata.county.settings import CountySettings, CountyUnit

#: One row per unit: what it submitted and in what state.
STATUS_COLUMNS = (
    "unit", "label", "kind", "listed", "ledgers", "report", "errors", "warnings", "lint",
    "draft", "last_changed", "deadline", "overdue", "href",
)  # fmt: skip
#: One row per unit and indicator.
UNITS_COLUMNS = (
    "unit", "label", "kind", "key", "name", "value", "qualifier", "lo", "hi", "measure",
    "source", "origin", "previous", "previous_qualifier", "change", "rank", "href",
)  # fmt: skip
#: One row per kind of unit and indicator: the county total.
TOTALS_COLUMNS = (
    "kind", "key", "name", "value", "qualifier", "lo", "hi", "measure", "counted", "missing",
    "exact",
)  # fmt: skip
SHORTCOMINGS_COLUMNS = ("rule", "title", "kind", "unit", "label", "severity", "evidence", "href")
SHARED_COLUMNS = ("rule", "title", "kind", "count", "of", "units", "sentence")
CONTRADICTIONS_COLUMNS = ("unit", "label", "key", "name", "stated", "ledger", "sentence", "line", "href")  # fmt: skip

#: report states in the status table
REPORT_BUILT = "已生成"
REPORT_TEXT_ONLY = "仅报告文字"
#: The roll-up's workbook beside 汇总.html.
WORKBOOK = "汇总.xlsx"
NOT_SUBMITTED = "未提交"
#: origin of a unit's figure
ORIGIN_LEDGER = "台账"
ORIGIN_TEXT = "报告文字"


def empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(columns=list(columns))


@dataclass
class RollupYear:
    """Everything the county view shows for one report year."""

    county: CountySettings
    year: int
    status: pd.DataFrame = field(default_factory=lambda: empty(STATUS_COLUMNS))
    units: pd.DataFrame = field(default_factory=lambda: empty(UNITS_COLUMNS))
    totals: pd.DataFrame = field(default_factory=lambda: empty(TOTALS_COLUMNS))
    shortcomings: pd.DataFrame = field(default_factory=lambda: empty(SHORTCOMINGS_COLUMNS))
    shared: pd.DataFrame = field(default_factory=lambda: empty(SHARED_COLUMNS))
    contradictions: pd.DataFrame = field(default_factory=lambda: empty(CONTRADICTIONS_COLUMNS))
    findings: list[dict[str, Any]] = field(default_factory=list)  # level, code, file, message
    previous: RollupYear | None = None  # last year's, for change and rank

    def kinds(self) -> list[str]:
        """The kinds of unit present, in the order county.yml lists them."""
        seen: list[str] = []
        for u in self.county.units:
            if u.kind not in seen:
                seen.append(u.kind)
        for k in self.status.get("kind", []):
            if k not in seen:
                seen.append(k)
        return seen

    def tables(self) -> dict[str, pd.DataFrame]:
        """The machine tables by contract name (``tables/<name>.csv``)."""
        return {"status": self.status, "units": self.units, "totals": self.totals}


def sample_rollup(year: int = 2024) -> RollupYear:
    """A small hand-made roll-up for tests of the pages: two townships (one not submitted) and
    one department; the township totals are a lower bound, the department's exact."""
    county = CountySettings(
        name="某县",
        recipient="中共某县委全面依法治县委员会",
        issuer="中共某县委全面依法治县委员会办公室",
        deadlines={"department": "3月1日", "township": "3月10日", "publication": "4月1日"},
        units=[
            CountyUnit("李庄乡", "township"),
            CountyUnit("东岗镇", "township"),
            CountyUnit("某县市场监督管理局", "department", "市场监管局"),
        ],
    )
    dl_t, dl_d = county.deadline("township", year), county.deadline("department", year)
    status = pd.DataFrame(
        [
            ["李庄乡", "李庄乡", "township", True, 9, REPORT_BUILT, 0, 2, 1, False,
             date(year + 1, 3, 2).isoformat(), dl_t.isoformat(), False, f"../../李庄乡/{year}/report.html"],
            ["东岗镇", "东岗镇", "township", True, 0, NOT_SUBMITTED, 0, 0, 0, None,
             "", dl_t.isoformat(), True, ""],
            ["某县市场监督管理局", "市场监管局", "department", True, 8, REPORT_BUILT, 0, 0, 0, True,
             date(year + 1, 2, 20).isoformat(), dl_d.isoformat(), False,
             f"../../某县市场监督管理局/{year}/report.html"],
        ],
        columns=list(STATUS_COLUMNS),
    )  # fmt: skip
    units = pd.DataFrame(
        [
            ["李庄乡", "李庄乡", "township", "disputes_handled", "调处矛盾纠纷", 1000.0, "多", 1000.0,
             None, "件", "指标台账.xlsx 第5行", ORIGIN_LEDGER, 900.0, "", 100.0, 1,
             f"../../李庄乡/{year}/report.html"],
            ["某县市场监督管理局", "市场监管局", "department", "admin_penalties", "行政处罚案件", 500.0,
             "", 500.0, 500.0, "件", "行政执法台账.xlsx 第2-501行", ORIGIN_LEDGER, 450.0, "", 50.0, 1,
             f"../../某县市场监督管理局/{year}/report.html"],
        ],
        columns=list(UNITS_COLUMNS),
    )  # fmt: skip
    totals = pd.DataFrame(
        [
            ["township", "disputes_handled", "调处矛盾纠纷", 1000.0, "以上", 1000.0, None, "件", 1,
             "东岗镇", False],
            ["department", "admin_penalties", "行政处罚案件", 500.0, "", 500.0, 500.0, "件", 1, "", True],
        ],
        columns=list(TOTALS_COLUMNS),
    )  # fmt: skip
    shortcomings = pd.DataFrame(
        [["training_low", "学法培训不足", "township", "李庄乡", "李庄乡", "一般", "人均学时 8 小时",
          f"../../李庄乡/{year}/report.html"]],
        columns=list(SHORTCOMINGS_COLUMNS),
    )  # fmt: skip
    shared = pd.DataFrame(
        [["training_low", "学法培训不足", "township", 1, 1, "李庄乡",
          "1个乡镇中有1个学法培训不足：李庄乡。"]],
        columns=list(SHARED_COLUMNS),
    )  # fmt: skip
    contradictions = pd.DataFrame(
        [["李庄乡", "李庄乡", "disputes_handled", "调处矛盾纠纷", "1200件", "1000多件",
          "全年调处矛盾纠纷1200件", 12, f"../../李庄乡/{year}/report.html"]],
        columns=list(CONTRADICTIONS_COLUMNS),
    )  # fmt: skip
    findings = [
        {"level": "warning", "code": "county_not_submitted", "file": "county.yml",
         "message": f"东岗镇 {year} 年未提交台账或报告"},
    ]  # fmt: skip
    return RollupYear(
        county, year, status, units, totals, shortcomings, shared, contradictions, findings
    )
