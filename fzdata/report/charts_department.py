"""Charts of a department (部门): enforcement cases by category, review outcomes and filing
delays of normative documents. Registered like every chart (:func:`register_chart`)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from fzdata.analysis.derive_department import filing
from fzdata.core.figures import num
from fzdata.ingest.department import vocab
from fzdata.report.charts import BLUE, GREEN, GREY, RED, _styled, register_chart

#: How a review case ended, grouped for the chart: (label, colour, verdicts).
REVIEW_GROUPS = (
    ("维持、驳回、胜诉", BLUE, ("upheld", "dismissed", "won")),
    ("撤回、和解、调解", GREEN, ("withdrawn", "settled", "mediated")),
    ("被纠错、败诉", RED, tuple(vocab()["corrected"])),
    ("审理中、不详", GREY, ("pending", "unknown")),
)


def _empty(ax: Any, text: str = "无记录") -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", color=GREY, transform=ax.transAxes)
    ax.set_axis_off()


@_styled
def enforcement_categories(cases: pd.DataFrame) -> Figure:
    """Enforcement cases by category (行政处罚, 行政检查 …), with counts."""
    fig = Figure(figsize=(6.4, 2.8), layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    ax.set_title("行政执法案件类别")
    if cases.empty:
        _empty(ax)
        return fig
    counts = cases["category"].replace("", "类别不详").value_counts()
    order = [c for c in vocab()["categories"] if c in counts.index]
    order += [c for c in counts.index if c not in order]
    values = [int(counts[c]) for c in order]
    ax.barh(range(len(order)), values, color=BLUE, height=0.6)
    for i, v in enumerate(values):
        ax.text(v + 0.1, i, f"{v}件", va="center", fontsize=8)
    ax.set_yticks(range(len(order)), order)
    ax.invert_yaxis()
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.margins(x=0.15)
    return fig


@_styled
def review_outcomes(reviews: pd.DataFrame) -> Figure:
    """Reconsiderations and lawsuits by outcome, stacked."""
    fig = Figure(figsize=(6.4, 2.4), layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    ax.set_title("行政复议与行政诉讼结果")
    rows = (("行政复议", "reconsideration"), ("行政诉讼", "lawsuit"))
    seen: set[str] = set()
    for y, (_, proceeding) in enumerate(rows):
        df = reviews[reviews["proceeding"] == proceeding]
        left = 0
        for label, colour, verdicts in REVIEW_GROUPS:
            n = int(df["verdict"].isin(verdicts).sum())
            if not n:
                continue
            ax.barh(y, n, left=left, color=colour, height=0.55,
                    label=None if label in seen else label)  # fmt: skip
            seen.add(label)
            ax.text(left + n / 2, y, str(n), ha="center", va="center", color="white", fontsize=9)
            left += n
        if df.empty:
            ax.text(0, y, "  无案件", va="center", color=GREY)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows])
    ax.invert_yaxis()
    ax.set_xlabel("件数")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(handles, labels, ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.35),
                  frameon=False, fontsize=8)  # fmt: skip
    return fig


@_styled
def filing_delays(docs: pd.DataFrame, deadline: float) -> Figure:
    """Days from publication to filing of this year's normative documents (late in red)."""
    fig = Figure(figsize=(6.4, max(2.0, 0.9 + 0.35 * len(docs))), layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    ax.set_title("规范性文件公布后报备天数")
    if docs.empty:
        _empty(ax, "本年没有印发规范性文件")
        return fig
    for i, r in enumerate(docs.itertuples()):
        filed = pd.notna(r.delay)
        days = float(r.delay) if filed else 0.0
        colour = RED if not filed or days > deadline else BLUE
        ax.barh(i, days, color=colour, height=0.6)
        text = (
            f"{num(days)}日" if filed else ("未报备" if r.filing == "not_filed" else "报备日期不详")
        )
        ax.text(days + 0.5, i, text, va="center", fontsize=8, color=colour)
    ax.axvline(deadline, color=RED, linestyle="--", linewidth=1)
    ax.set_yticks(range(len(docs)), [r.doc_no or r.title for r in docs.itertuples()])
    ax.invert_yaxis()
    ax.set_xlabel(f"公布后天数（虚线为报备期限{num(deadline)}日）")
    ax.margins(x=0.15)
    return fig


register_chart("enforcement_categories", "执法案件类别", "行政执法案件类别")(
    lambda a: enforcement_categories(a.data.tables["enforcement_cases"])
)
register_chart("review_outcomes", "复议诉讼结果", "行政复议与行政诉讼结果")(
    lambda a: review_outcomes(a.data.tables["review_cases"])
)
register_chart("filing_delays", "报备天数", "规范性文件公布后报备天数")(
    lambda a: filing_delays(filing(a.data), a.norms["filing_deadline_days"])
)
