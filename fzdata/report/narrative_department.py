"""The narrative tables of a department (部门): enforcement cases by category, and
reconsiderations and lawsuits by outcome (``{{ 表.执法案件 }}``, ``{{ 表.复议诉讼 }}``)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from fzdata.core.figures import num
from fzdata.ingest.department import vocab


def _flag_count(s: pd.Series) -> int:
    return int(s.fillna(False).astype(bool).sum())


def department_tables(a: Any) -> dict[str, tuple[pd.DataFrame, str]]:
    """Name -> (table, caption); empty tables for a unit without these ledgers."""
    cases = a.data.tables.get("enforcement_cases")
    reviews = a.data.tables.get("review_cases")
    out: dict[str, tuple[pd.DataFrame, str]] = {}
    if cases is not None:
        rows = []
        order = [c for c in vocab()["categories"] if c in set(cases["category"])]
        if (cases["category"] == "").any():
            order.append("")
        for cat in order:
            c = cases[cases["category"] == cat]
            fines = (c["fine_yuan"].fillna(0) / 1e4 + c["fine_wan"].fillna(0)).sum()
            major = c[c["major"].fillna(False).astype(bool)]
            rows.append({"类别": cat or "类别不详", "件数": len(c),
                         "罚没金额（万元）": num(fines, 2) if fines else "—",
                         "重大执法决定": len(major), "其中经法制审核": _flag_count(major["legal_review"])})  # fmt: skip
        out["执法案件"] = (pd.DataFrame(rows, columns=["类别", "件数", "罚没金额（万元）", "重大执法决定", "其中经法制审核"]),
                          "行政执法案件分类情况")  # fmt: skip
    if reviews is not None:
        corrected = set(vocab()["corrected"])
        rows = []
        for label, proceeding in (("行政复议", "reconsideration"), ("行政诉讼", "lawsuit")):
            r = reviews[reviews["proceeding"] == proceeding]
            v = r["verdict"]
            rows.append({"类别": label, "合计": len(r),
                         "维持、驳回、胜诉": int(v.isin(["upheld", "dismissed", "won"]).sum()),
                         "被纠错、败诉": int(v.isin(corrected).sum()),
                         "撤回、和解、调解": int(v.isin(["withdrawn", "settled", "mediated"]).sum()),
                         "审理中、不详": int(v.isin(["pending", "unknown"]).sum())})  # fmt: skip
        out["复议诉讼"] = (pd.DataFrame(rows), "行政复议与行政诉讼案件结果")
    return out
