"""``fz new-year`` for a department (部门): its empty ledgers, with the officers and the
documents still in force carried over from the latest year, and a narrative draft.

The officer ledger keeps names, posts, certificate numbers and expiry dates (training hours are
this year's, left blank); the document register keeps the normative documents not repealed or
expired, so their repeal or amendment this year can be recorded (they are not counted as this
year's documents: those are the ones published this year).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from fzdata.core.schema import ledger_headers

YES_NO = ["是", "否"]
CATEGORIES = ["行政处罚", "行政许可", "行政强制", "行政检查", "行政征收", "行政确认", "其他"]
REVIEW_TYPES = ["行政复议", "行政诉讼一审", "行政诉讼二审"]
RESULTS = ["审理中", "维持", "驳回", "撤销", "变更", "确认违法", "责令履行", "撤回", "和解", "调解"]
STATES = ["现行有效", "已修改", "已废止", "已失效"]


def _date(v: Any) -> Any:
    return None if pd.isna(v) else v.date()


def department_files(
    yd: Any, last: Any, year: int, workbook: Any, choice: Any, whole: Any
) -> dict[str, bytes]:
    """The new year's files of a department; ``workbook``, ``choice`` and ``whole`` are the
    writers of :mod:`fzdata.newyear` (headers, rows, data validation)."""
    officers = yd.tables["officers"]
    docs = yd.tables["normative_docs"]
    kept = docs[~docs["state"].isin(["repealed", "expired"])]
    yes_no = {h: choice(YES_NO, h) for h in ("是否重大执法决定", "法制审核", "公示")}
    steps = ledger_headers("decisions")[3:]
    files = {
        "指标台账.xlsx": workbook(
            "指标",
            ledger_headers("indicators"),
            [
                [i, n, None, u, None, None]
                for i, (n, u) in enumerate(
                    zip(yd.indicators["label"], yd.indicators["unit"], strict=True), start=1
                )
            ],
            {"年度目标": whole("年度目标，不小于 0 的整数")},
            {"指标名称": 28, "备注": 24},
        ),
        "行政执法案件台账.xlsx": workbook(
            "执法案件",
            ledger_headers("enforcement_cases"),
            [],
            {"执法类别": choice(CATEGORIES, "执法类别"), **yes_no},
            {"案号": 24, "案由": 28},
        ),
        "行政复议与行政应诉台账.xlsx": workbook(
            "复议应诉",
            ledger_headers("review_cases"),
            [],
            {
                "类型": choice(REVIEW_TYPES, "行政复议，或行政诉讼的审级"),
                "结果": choice(RESULTS, "结果；未审结写「审理中」"),
                "负责人是否出庭": choice(YES_NO, "行政机关负责人是否出庭应诉"),
            },
            {"案号": 26, "案由": 28},
        ),
        "规范性文件台账.xlsx": workbook(
            "规范性文件",
            ledger_headers("normative_docs"),
            [
                [
                    i,
                    r.doc_no,
                    r.title,
                    _date(r.published),
                    None if pd.isna(r.reviewed) else "是" if r.reviewed else "否",
                    _date(r.filed_date),
                    r.status_raw or "现行有效",
                ]
                for i, r in enumerate(kept.itertuples(), start=1)
            ],
            {
                "合法性审核": choice(YES_NO, "印发前是否经合法性审核"),
                "状态": choice(STATES, "文件状态"),
            },
            {"文号": 22, "文件名称": 36},
        ),
        "重大行政决策台账.xlsx": workbook(
            "重大行政决策",
            ledger_headers("decisions"),
            [],
            {s: choice(YES_NO, f"{s}：是/否，也可填完成日期") for s in steps},
            {"决策事项": 30},
        ),
        "行政执法人员台账.xlsx": workbook(
            "执法人员",
            ledger_headers("officers"),
            [
                [i, r.name, r.post, r.cert_no, _date(r.valid_until), None]
                for i, r in enumerate(officers.itertuples(), start=1)
            ],
            {"培训学时": whole("本年度累计培训学时")},
        ),
        "普法活动.xlsx": workbook(
            "普法活动",
            ledger_headers("events"),
            [],
            {
                "发放资料（份）": whole("发放资料份数"),
                "接待咨询（人次）": whole("接待咨询人次"),
                "参与人数": whole("参与人数"),
            },
        ),
    }
    study = "党组中心组学法" in set(yd.indicators["name"])
    files["narrative.md"] = department_draft(year, last, study).encode("utf-8")
    return files


def department_draft(year: int, last: Any, study: bool) -> str:
    followup = (
        "\n".join(
            f"{i}. {e}（{year - 1}年）。整改情况：（请填写）"
            for i, e in enumerate(last.shortcomings["evidence"], start=1)
        )
        or "上年没有列出的不足。"
    )
    study_line = "党组理论学习中心组全年学法{{ 指标.党组中心组学法 }}。" if study else ""
    return f"""{{#- {year}年报告正文草稿（部门）：由 fz new-year 生成。数字请用占位符，见 docs/narrative.md。 -#}}
{{{{ 年份 }}}}年，{{{{ 本单位 }}}}……现将有关情况报告如下：

## 一、党组书记、局长履行推进法治建设第一责任人职责情况

（请填写：党组书记、局长如何履行第一责任人职责。）{study_line}

## 二、推进法治政府建设的主要举措和成效

（请填写主要举措。）

{{{{ 自动.成效 }}}}

{{{{ 表.主要指标 }}}}

{{{{ 表.执法案件 }}}}

{{{{ 表.复议诉讼 }}}}

## 三、存在的不足、原因和问题整改情况

### （一）存在的不足

{{{{ 自动.不足 }}}}

### （二）主要原因

（请填写。）

### （三）问题整改情况

{{#- 下面是上年报告列出的不足，请逐条写明整改情况；也可改用 {{{{ 自动.整改 }}}}。 -#}}
{followup}

## 四、下一年度推进法治政府建设的主要安排

{{{{ 自动.安排 }}}}

## 五、其他需要报告的情况

无。
"""
