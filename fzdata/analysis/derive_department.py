"""Indicators of a department (部门) derived from its logs: enforcement cases, reconsiderations
and lawsuits, normative documents, major decisions, officers and publicity events.

Each figure names the ledger and rows it counts. A rate whose denominator is zero (no
concluded case, no document published this year) is no rate: a figure with the qualifier
「无」 (:data:`fzdata.core.figures.NO_RATE`), never 0% or 100%. A rate with blank cells in its
numerator's column is an interval: at least the share known to meet it (以上). Definitions are
documented in ``docs/analysis.md``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from fzdata.analysis.derive import _column, _count, register_derived, rows_ref
from fzdata.core.figures import NO_RATE, Figure, mean, qualifier_for, total
from fzdata.core.parse import squash
from fzdata.core.schema import TABLES
from fzdata.ingest.department import vocab
from fzdata.ingest.load import YearData
from fzdata.unit.norms import resolve_norms
from fzdata.unit.profiles import hours_table

KIND = "department"
CASES, REVIEWS, DOCS, DECISIONS, OFFICERS = (
    "行政执法案件台账", "行政复议与行政应诉台账", "规范性文件台账", "重大行政决策台账", "行政执法人员台账",
)  # fmt: skip
#: Decision procedures required for every major decision (《重大行政决策程序暂行条例》).
REQUIRED_STEPS = ("legal", "collective")


def share(yes: int, unknown: int, n: int, source: str) -> Figure:
    """``yes`` of ``n`` in percent; with ``unknown`` rows (blank cells) at least that share
    (以上, the interval up to ``(yes + unknown) / n``); no rate (「无」) when ``n`` is zero."""
    if n == 0:
        return Figure(None, NO_RATE, "%", source)
    value = yes / n * 100
    if not unknown:
        return Figure(value, "", "%", source)
    hi = (yes + unknown) / n * 100
    return Figure(value, qualifier_for(value, value, hi), "%", source, value, hi)


def year_end(yd: YearData) -> pd.Timestamp:
    return pd.Timestamp(dt.date(yd.year, 12, 31))


# -------------------------------------------------------------- enforcement cases


def _category(category: str, unit: str):
    def count(yd: YearData) -> Figure | None:
        c = yd.tables["enforcement_cases"]
        if c.empty or (c["category"] == "").all():
            return None
        n = float((c["category"] == category).sum())
        unsure = int((c["category"] == "").sum())  # blank or unknown category: could be this one
        return Figure(n, "以上" if unsure else "", unit, rows_ref(c, f"{CASES}（{category}）"))

    return count


register_derived("enforcement_cases", "enforcement_cases", KIND)(
    lambda yd: _count(yd.tables["enforcement_cases"], None, "件", CASES)
)
for _key, _cat, _unit in (
    ("penalty_cases", "行政处罚", "件"),
    ("permit_decisions", "行政许可", "件"),
    ("coercion_cases", "行政强制", "件"),
    ("inspection_count", "行政检查", "次"),
):
    register_derived(_key, "enforcement_cases", KIND)(_category(_cat, _unit))


@register_derived("fines_amount", "enforcement_cases", KIND)
def fines_amount(yd: YearData) -> Figure | None:
    """罚没金额 in 万元: a 元 column divided by 10000 plus a 万元 column. A blank amount is a
    case without a fine; a table without any amount gives no figure."""
    c = yd.tables["enforcement_cases"]
    if c.empty:
        return None
    parts = []
    for field, factor in (("fine_yuan", 1e-4), ("fine_wan", 1.0)):
        known = c[c[field].notna()]
        for v, q in zip(known[field], known[f"{field}_qualifier"], strict=True):
            f = Figure(float(v), q)
            parts.append(Figure(f.value * factor, q, lo=f.lo * factor, hi=f.hi * factor))  # type: ignore[operator]
    if not parts:
        return None
    fig = total(parts, "万元", rows_ref(c, f"{CASES}（罚没金额）"))
    return Figure(round(fig.value, 4), fig.qualifier, "万元", fig.source, fig.lo, fig.hi)  # type: ignore[arg-type]


@register_derived("major_decisions_reviewed_rate", "enforcement_cases", KIND)
def major_reviewed_rate(yd: YearData) -> Figure | None:
    c = yd.tables["enforcement_cases"]
    if c.empty or c["major"].isna().all():
        return None
    major = c[c["major"].fillna(False).astype(bool)]
    yes = int(major["legal_review"].fillna(False).astype(bool).sum())
    unknown = int(major["legal_review"].isna().sum())
    return share(yes, unknown, len(major), rows_ref(major, f"{CASES}（重大执法决定）"))


# ------------------------------------------------------ reconsiderations, lawsuits


def concluded(df: pd.DataFrame) -> pd.Series:
    """Concluded (审结): any result but 审理中 and an unknown (blank or unrecognised) one."""
    return ~df["verdict"].isin(["pending", "unknown"])


def corrected(df: pd.DataFrame) -> pd.Series:
    """撤销、变更、确认违法、责令履行 (and 败诉 in court)."""
    return df["verdict"].isin(vocab()["corrected"])


def proceedings(yd: YearData, which: str) -> pd.DataFrame:
    r = yd.tables["review_cases"]
    return r[r["proceeding"] == which]


def _reviews(which: str, what: str):
    def count(yd: YearData) -> Figure | None:
        r = yd.tables["review_cases"]
        if r.empty:
            return None
        p = proceedings(yd, which)
        return Figure(float(len(p)), "", "件", rows_ref(r, what))

    return count


register_derived("reconsiderations", "review_cases", KIND)(
    _reviews("reconsideration", f"{REVIEWS}（行政复议）")
)
register_derived("lawsuits", "review_cases", KIND)(_reviews("lawsuit", f"{REVIEWS}（行政诉讼）"))


@register_derived("reconsiderations_corrected", "review_cases", KIND)
def reconsiderations_corrected(yd: YearData) -> Figure | None:
    if yd.tables["review_cases"].empty:
        return None
    p = proceedings(yd, "reconsideration")
    return Figure(float(corrected(p).sum()), "", "件", rows_ref(p, f"{REVIEWS}（复议被纠错）"))


@register_derived("reconsideration_correction_rate", "review_cases", KIND)
def reconsideration_correction_rate(yd: YearData) -> Figure | None:
    if yd.tables["review_cases"].empty:
        return None
    p = proceedings(yd, "reconsideration")
    done = p[concluded(p)]
    return share(int(corrected(done).sum()), 0, len(done), rows_ref(done, f"{REVIEWS}（复议审结）"))


@register_derived("lawsuits_lost", "review_cases", KIND)
def lawsuits_lost(yd: YearData) -> Figure | None:
    if yd.tables["review_cases"].empty:
        return None
    p = proceedings(yd, "lawsuit")
    return Figure(float(corrected(p).sum()), "", "件", rows_ref(p, f"{REVIEWS}（败诉）"))


def first_instance(p: pd.DataFrame) -> pd.DataFrame:
    """一审 lawsuits; a lawsuit whose instance is not written is taken as a first instance."""
    return p[p["instance"].isin(["一审", ""])]


@register_derived("lawsuit_loss_rate", "review_cases", KIND)
def lawsuit_loss_rate(yd: YearData) -> Figure | None:
    if yd.tables["review_cases"].empty:
        return None
    p = first_instance(proceedings(yd, "lawsuit"))
    done = p[concluded(p)]
    return share(int(corrected(done).sum()), 0, len(done), rows_ref(done, f"{REVIEWS}（一审审结）"))


def heard(yd: YearData) -> pd.DataFrame:
    """Lawsuits heard in the year: a 开庭日期 in the year, or, where no hearing date is written,
    a stated 负责人是否出庭 (是/否)."""
    p = proceedings(yd, "lawsuit")
    when = p["hearing_date"]
    in_year = when.notna() & (when.dt.year == yd.year)
    return p[in_year | (when.isna() & p["head_present"].notna())]


@register_derived("head_appearance_rate", "review_cases", KIND)
def head_appearance_rate(yd: YearData) -> Figure | None:
    if yd.tables["review_cases"].empty:
        return None
    h = heard(yd)
    yes = int(h["head_present"].fillna(False).astype(bool).sum())
    return share(
        yes, int(h["head_present"].isna().sum()), len(h), rows_ref(h, f"{REVIEWS}（开庭）")
    )


# ------------------------------------------------------------- normative documents


def published_in_year(yd: YearData) -> tuple[pd.DataFrame, int]:
    """Documents published in the year, and how many rows have no publication date."""
    d = yd.tables["normative_docs"]
    when = d["published"]
    return d[when.notna() & (when.dt.year == yd.year)], int(when.isna().sum())


def filing(yd: YearData) -> pd.DataFrame:
    """This year's documents with ``delay`` (days from publication to filing, NaN when not
    filed or no date) and ``filing`` ∈ on_time / late / not_filed / unknown."""
    docs, _ = published_in_year(yd)
    deadline = resolve_norms(yd.settings)["filing_deadline_days"]
    docs = docs.copy()
    docs["delay"] = (docs["filed_date"] - docs["published"]).dt.days
    ledger = yd.tables["normative_docs"]
    # A ledger that records no filing at all (no such column, or all blank) says nothing about
    # filing: every document is unknown, never "not filed" (missing is not zero).
    recorded = bool(ledger["filed"].notna().any() or ledger["filed_date"].notna().any())
    state = []
    for delay, flag, date in zip(docs["delay"], docs["filed"], docs["filed_date"], strict=True):
        if not recorded:
            state.append("unknown")
        elif pd.notna(delay):
            state.append("on_time" if delay <= deadline else "late")
        elif (pd.notna(flag) and not bool(flag)) or (pd.isna(flag) and pd.isna(date)):
            state.append("not_filed")  # 否, or no filing recorded at all
        else:
            state.append("unknown")  # 已报备 without a date: on time or not is not known
    docs["filing"] = state
    return docs


@register_derived("normative_docs_issued", "normative_docs", KIND)
def docs_issued(yd: YearData) -> Figure | None:
    d = yd.tables["normative_docs"]
    if d.empty:
        return None
    docs, undated = published_in_year(yd)
    return Figure(
        float(len(docs)), "以上" if undated else "", "件", rows_ref(d, f"{DOCS}（本年印发）")
    )


@register_derived("normative_docs_filed_on_time_rate", "normative_docs", KIND)
def docs_filed_on_time_rate(yd: YearData) -> Figure | None:
    if yd.tables["normative_docs"].empty:
        return None
    f = filing(yd)
    return share(
        int((f["filing"] == "on_time").sum()),
        int((f["filing"] == "unknown").sum()),
        len(f),
        rows_ref(f, f"{DOCS}（本年印发）"),
    )


@register_derived("normative_docs_reviewed_rate", "normative_docs", KIND)
def docs_reviewed_rate(yd: YearData) -> Figure | None:
    if yd.tables["normative_docs"].empty:
        return None
    docs, _ = published_in_year(yd)
    yes = int(docs["reviewed"].fillna(False).astype(bool).sum())
    return share(
        yes, int(docs["reviewed"].isna().sum()), len(docs), rows_ref(docs, f"{DOCS}（本年印发）")
    )


# ------------------------------------------------------------------ major decisions

register_derived("major_decisions", "decisions", KIND)(
    lambda yd: _count(yd.tables["decisions"], None, "件", DECISIONS)
)


@register_derived("major_decisions_legal_review_rate", "decisions", KIND)
def decisions_legal_review_rate(yd: YearData) -> Figure | None:
    d = yd.tables["decisions"]
    if d.empty:
        return None
    yes = int(d["legal"].fillna(False).astype(bool).sum())
    return share(yes, int(d["legal"].isna().sum()), len(d), rows_ref(d, DECISIONS))


# ------------------------------------------------------------------------- officers

register_derived("officers", "officers", KIND)(
    lambda yd: _count(yd.tables["officers"], None, "人", OFFICERS)
)


def no_certificate(number: object) -> bool:
    """A certificate-number cell that says there is none: blank, —, 无, 尚未取得 …"""
    text = squash(str(number)) if number is not None and not pd.isna(number) else ""
    words = vocab()["no_certificate"]
    return not text or text.strip("—－-/／") == "" or text.startswith(tuple(words))


def certificate_state(yd: YearData) -> pd.Series:
    """Per officer: valid (a number, valid to 31 December or later), missing (no number),
    expired, or unknown (a number without an expiry date)."""
    o = yd.tables["officers"]
    end = year_end(yd)
    states = []
    for no, until in zip(o["cert_no"], o["valid_until"], strict=True):
        if no_certificate(no):
            states.append("missing")
        elif pd.isna(until):
            states.append("unknown")
        else:
            states.append("valid" if until >= end else "expired")
    return pd.Series(states, index=o.index, dtype="object")


@register_derived("officers_certified_rate", "officers", KIND)
def officers_certified_rate(yd: YearData) -> Figure | None:
    o = yd.tables["officers"]
    if o.empty:
        return None
    s = certificate_state(yd)
    return share(
        int((s == "valid").sum()), int((s == "unknown").sum()), len(o),
        rows_ref(o, f"{OFFICERS}（12月31日有效）"),
    )  # fmt: skip


@register_derived("training_hours_avg", "officers", KIND)
def training_hours_avg(yd: YearData) -> Figure | None:
    """The mean of the officer ledger's hours, or of a separate training ledger's."""
    name = hours_table(yd)
    o = yd.tables[name]
    if o.empty or o["hours"].isna().all():
        return None
    parts = [
        Figure(None if pd.isna(h) else float(h), q)
        for h, q in zip(o["hours"], o["hours_qualifier"], strict=True)
    ]
    return mean(parts, "学时", rows_ref(o, TABLES[name].label))


# ------------------------------------------------------------- publicity (as townships)

register_derived("publicity_events", "events", KIND)(
    lambda yd: _count(yd.tables["events"], None, "次", "普法活动台账")
)
register_derived("materials_distributed", "events", KIND)(
    lambda yd: _column(yd.tables["events"], "materials", "份", "普法活动台账")
)
