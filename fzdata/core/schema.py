"""Declared table schemas: the data contract of every clean table.

The code that checks rows against these lives in :mod:`fzdata.ingest.clean`; header aliases live in
``resources/headers.yml``. Column names here are a public contract (see ``docs/data.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FieldType = Literal[
    "text",
    "count",
    "number",
    "bool",
    "date",
    "anydate",
    "done",
    "outcome",
    "level",
    "year",
    "basis",
]
# anydate: a date that may fall outside the ledger's year (a certificate's expiry, a case
# concluded the next year); done: a procedure step written 是/否 or as the date it was done.


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType = "text"
    label: str = ""  # Chinese name used in messages
    required: bool = False  # the column must exist (else every row is rejected)
    #: the value must be present in a row (else the row is rejected)
    needed: bool = False
    #: for a date: the yes/no field a 否 / 未报备 written instead of a date sets to 否
    no_date_means: str = ""


@dataclass(frozen=True)
class TableSchema:
    kind: str
    label: str  # Chinese name of the ledger
    fields: tuple[Field, ...]
    #: fields that make a header row recognisable as this table (at least one must match)
    anchors: tuple[str, ...]
    #: field whose cell is the row's ``source``
    source_field: str
    columns: tuple[str, ...] = field(default=())

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def numeric(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.type in ("count", "number"))


def _columns(fields: tuple[Field, ...], qualifier_names: dict[str, str]) -> tuple[str, ...]:
    """Clean-table columns: each field, plus ``<f>_qualifier`` and ``<f>_raw`` for numbers."""
    cols: list[str] = []
    for f in fields:
        cols.append(f.name)
        if f.type in ("count", "number"):
            cols.append(qualifier_names.get(f.name, f"{f.name}_qualifier"))
            cols.append(f"{f.name}_raw")
        if f.type == "outcome":
            cols.append("outcome")
    return (*cols, "source")


def _schema(kind: str, label: str, fields: tuple[Field, ...], **kw: object) -> TableSchema:
    qualifier_names = kw.pop("qualifier_names", {})
    extra = kw.pop("extra_columns", ())
    cols = _columns(fields, qualifier_names)  # type: ignore[arg-type]
    cols = (*cols[:-1], *extra, cols[-1])  # type: ignore[misc]
    return TableSchema(kind, label, fields, columns=cols, **kw)  # type: ignore[arg-type]


INDICATORS = _schema(
    "indicators",
    "指标台账",
    (
        Field("key", "text", "指标代码"),
        Field("name", "text", "指标", required=True, needed=True),
        Field("value", "number", "数值", required=True),
        Field("unit", "text", "计量单位"),
        Field("target", "number", "目标"),
        Field("basis", "basis", "口径"),
        Field("note", "text", "备注"),
    ),
    anchors=("name",),
    source_field="value",
    qualifier_names={"value": "qualifier"},
    extra_columns=("label",),
)

VILLAGES = _schema(
    "villages",
    "村情台账",
    (
        Field("village", "text", "行政村", required=True, needed=True),
        Field("legal_literates", "count", "法律明白人"),
        Field("has_counsel", "bool", "法律顾问"),
        Field("demo_level", "level", "民主法治示范村等级"),
        Field("demo_year", "year", "命名年份"),
        Field("has_plaza", "bool", "法治广场"),
        Field("signed_letter", "bool", "目标责任书"),
    ),
    anchors=("village", "legal_literates", "has_counsel", "demo_level", "has_plaza"),
    source_field="village",
)

DISPUTES = _schema(
    "disputes",
    "矛盾纠纷台账",
    (
        Field("case_id", "text", "编号"),
        Field("date", "date", "日期"),
        Field("village", "text", "行政村"),
        Field("kind", "text", "纠纷类型"),
        Field("status", "outcome", "调处结果"),
    ),
    anchors=("kind", "status"),
    source_field="case_id",
)

PETITIONS = _schema(
    "petitions",
    "信访台账",
    (
        Field("case_id", "text", "编号"),
        Field("date", "date", "日期"),
        Field("village", "text", "行政村"),
        Field("matter", "text", "反映问题"),
        Field("status", "outcome", "办理情况"),
    ),
    anchors=("matter", "status"),
    source_field="case_id",
)

TRAININGS = _schema(
    "trainings",
    "执法人员培训台账",
    (
        Field("name", "text", "姓名", required=True, needed=True),
        Field("post", "text", "岗位"),
        Field("hours", "number", "学时", required=True),
    ),
    anchors=("hours",),
    source_field="name",
)

EVENTS = _schema(
    "events",
    "普法活动台账",
    (
        Field("date", "date", "日期"),
        Field("title", "text", "活动名称"),
        Field("form", "text", "形式"),
        Field("place", "text", "地点"),
        Field("materials", "count", "发放资料"),
        Field("consultations", "count", "接待咨询"),
        Field("participants", "count", "参与人数"),
    ),
    anchors=("title", "materials", "consultations", "form"),
    source_field="title",
)

# ---------------------------------------------------------------- departments (部门)

ENFORCEMENT_CASES = _schema(
    "enforcement_cases",
    "行政执法案件台账",
    (
        Field("case_id", "text", "案号"),
        Field("title", "text", "案由"),
        Field("category_raw", "text", "执法类别"),
        Field("date", "anydate", "立案日期"),
        Field("closed", "anydate", "办结日期"),
        Field("result", "text", "处理结果"),
        Field("fine_yuan", "number", "罚没金额（元）"),
        Field("fine_wan", "number", "罚没金额（万元）"),
        Field("major", "bool", "重大执法决定"),
        Field("legal_review", "bool", "法制审核"),
        Field("disclosed", "bool", "公示"),
        Field("handler", "text", "承办人"),
    ),
    anchors=("case_id", "category_raw", "major", "legal_review", "fine_yuan", "fine_wan"),
    source_field="case_id",
    extra_columns=("category",),
)

REVIEW_CASES = _schema(
    "review_cases",
    "行政复议与行政应诉台账",
    (
        Field("case_id", "text", "案号"),
        Field("type_raw", "text", "案件类型"),
        Field("date", "anydate", "收案日期"),
        Field("hearing_date", "anydate", "开庭日期"),
        Field("matter", "text", "案由"),
        Field("result", "text", "结果"),
        Field("head_present_raw", "text", "负责人是否出庭"),
        Field("head_name", "text", "出庭负责人"),
    ),
    anchors=("type_raw", "head_present_raw", "head_name"),
    source_field="case_id",
    extra_columns=("proceeding", "instance", "verdict", "head_present"),
)

NORMATIVE_DOCS = _schema(
    "normative_docs",
    "规范性文件台账",
    (
        Field("doc_no", "text", "文号"),
        Field("title", "text", "文件名称"),
        Field("published", "anydate", "印发日期"),
        Field("reviewed", "bool", "合法性审核"),
        Field("filed_date", "anydate", "报备日期", no_date_means="filed"),
        Field("filed", "bool", "是否报备"),
        Field("status_raw", "text", "状态"),
    ),
    anchors=("doc_no", "reviewed", "filed_date", "filed"),
    source_field="doc_no",
    extra_columns=("state",),
)

DECISIONS = _schema(
    "decisions",
    "重大行政决策台账",
    (
        Field("matter", "text", "决策事项", required=True, needed=True),
        Field("date", "anydate", "决策日期"),
        Field("public", "done", "公众参与"),
        Field("expert", "done", "专家论证"),
        Field("risk", "done", "风险评估"),
        Field("legal", "done", "合法性审查"),
        Field("collective", "done", "集体讨论决定"),
    ),
    anchors=("matter", "legal", "collective"),
    source_field="matter",
)

OFFICERS = _schema(
    "officers",
    "行政执法人员台账",
    (
        Field("name", "text", "姓名", required=True, needed=True),
        Field("post", "text", "科室"),
        Field("cert_no", "text", "执法证号"),
        Field("valid_until", "anydate", "证件有效期"),
        Field("hours", "number", "培训学时"),
    ),
    anchors=("cert_no", "valid_until"),
    source_field="name",
)

TABLES: dict[str, TableSchema] = {
    s.kind: s
    for s in (
        INDICATORS, VILLAGES, DISPUTES, PETITIONS, TRAININGS, EVENTS,
        ENFORCEMENT_CASES, REVIEW_CASES, NORMATIVE_DOCS, DECISIONS, OFFICERS,
    )
}  # fmt: skip

REJECT_COLUMNS = ("file", "sheet", "row", "reason", "raw")
FINDING_COLUMNS = ("level", "code", "file", "sheet", "cell", "message")
NONDATA_COLUMNS = ("file", "sheet", "row", "kind", "text")


def ledger_headers(kind: str, fields: list[str] | tuple[str, ...] | None = None) -> list[str]:
    """The standard header texts of a ledger (``resources/ledger_headers.yml``), all of them or
    those of ``fields`` in the order given: what every writer of ledgers uses."""
    from fzdata.core.resources import _yaml

    spec: dict[str, str] = _yaml("ledger_headers.yml")[kind]
    return [spec[f] for f in (fields or spec)]
