"""Charts in Chinese for the report; every function returns a matplotlib ``Figure``.

The CJK font is Noto Sans CJK SC shipped by the ``mplfonts`` package (SIL Open Font Licence),
registered with matplotlib's font manager. Nothing touches pyplot's global state or the user's
rc files: figures are built with ``matplotlib.figure.Figure`` inside ``rc_context``.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import matplotlib
import pandas as pd
from matplotlib import font_manager
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from fzdata.core.figures import fmt
from fzdata.unit.profiles import hours_table, load_profile

# mplfonts ships the Regular weight only, so titles are set by size, not bold.
#: One sober palette: dark blue for figures, red for shortfalls, green for norms met.
BLUE, GREY, RED, GREEN, LIGHT = "#1f4e79", "#8c8c8c", "#b22222", "#2e7d32", "#e6e6e6"
OUTCOME_LABELS = {
    "resolved": "已化解/办结",
    "pending": "办理中",
    "failed": "未成功",
    "unknown": "不详",
}
OUTCOME_COLOURS = {"resolved": BLUE, "pending": "#e0a030", "failed": RED, "unknown": GREY}

F = TypeVar("F", bound=Callable[..., Figure])


@functools.cache
def font_path() -> Path:
    """Noto Sans CJK SC from the mplfonts package."""
    import mplfonts

    path = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    if not path.exists():  # pragma: no cover - a broken install
        raise FileNotFoundError(f"{path} 不存在：请重新安装 mplfonts（make setup）")
    return path


@functools.cache
def font_family() -> str:
    """Register the CJK font once and return its family name."""
    path = font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


#: Charts are drawn at the width they are printed (the Word file's 150 mm) with no text under
#: 五号 (10.5 pt), so the page shows them at their own size; the caption outside names them.
PRINT_WIDTH_IN = 150 / 25.4
TEXT_PT = 10.5


def style() -> dict[str, Any]:
    return {
        "font.family": [font_family(), "DejaVu Sans"],
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": GREY,
        "axes.titlesize": TEXT_PT,
        "axes.labelsize": TEXT_PT,
        "xtick.labelsize": TEXT_PT,
        "ytick.labelsize": TEXT_PT,
        "legend.fontsize": TEXT_PT,
        "font.size": TEXT_PT,
        "figure.dpi": 100,
        "savefig.dpi": 150,  # PNG_DPI
        "svg.hashsalt": "fz",
    }


def _styled(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Figure:
        with matplotlib.rc_context(style()):
            return _freeze(fn(*args, **kwargs))

    return wrapper  # type: ignore[return-value]


def _freeze(fig: Figure, rounds: int = 12) -> Figure:
    """Run constrained layout until the axes stop moving, then fix them in place.

    Constrained layout with an outside legend settles over several draws; freezing it means
    every later draw (notebook display, PNG, report) gives the same picture and bytes.
    """
    last = None
    if not fig.legends:
        rounds = 1  # without a figure legend one pass of the layout is already final
    for _ in range(rounds):
        fig.draw_without_rendering()
        now = [tuple(ax.get_position().bounds) for ax in fig.axes]
        if now == last:
            break
        last = now
    fig.set_layout_engine("none")
    return fig


#: Pixels per inch of the saved charts: printed at 150 mm in the Word file and shown at that
#: size on the page (the ``<img>`` carries it), with enough pixels for print and HiDPI screens.
PNG_DPI = 150
#: Colours of the palette PNG: the charts' few flat colours plus their anti-aliased edges.
PNG_COLOURS = 64


def png_bytes(fig: Figure) -> bytes:
    """The figure as an 8-bit palette PNG (a third of the RGBA size); no timestamp or software
    tag and a quantiser without randomness, so the same input gives the same bytes. The PNG's
    pHYs records the resolution, from which the Word file and the page take the printed size.

    Drawn to raw RGBA (no PNG encoded and decoded on the way) and quantised by Pillow's fast
    octree: together cheaper than matplotlib's own RGBA PNG was."""
    from PIL import Image

    buf = io.BytesIO()
    with matplotlib.rc_context(style()):
        # No bbox_inches="tight": constrained layout already fits the figure, and "tight" would
        # let the image size drift between draws while the layout settles.
        fig.savefig(buf, format="raw", dpi=PNG_DPI)
    raw = buf.getvalue()
    size = raw_size(fig.get_size_inches() * PNG_DPI, len(raw) // 4)
    # Charts are opaque (white figure background): quantise the colours, keep no alpha.
    rgb = Image.frombuffer("RGBA", size, raw, "raw", "RGBA", 0, 1).convert("RGB")
    pal = rgb.quantize(PNG_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    pal.save(out, format="PNG", dpi=(PNG_DPI, PNG_DPI))
    return out.getvalue()


def raw_size(inches_dpi: Any, pixels: int) -> tuple[int, int]:
    """The width and height of a raw RGBA drawing of ``pixels`` pixels whose size in inches
    times dpi is ``inches_dpi``. The Agg renderer truncates a size that floating point leaves a
    hair under a whole pixel (665.9999 → 665) or not, depending on how the figure was sized (a
    kernel's inline backend resizes it), so the size is the one near it that the pixels fill."""
    w, h = (float(x) for x in inches_dpi)
    for cw in sorted({int(w), round(w), int(w) + 1}, key=lambda c: abs(c - w)):
        if cw > 0 and pixels % cw == 0 and abs(pixels // cw - h) < 1.5:
            return cw, pixels // cw
    raise RuntimeError(f"图表像素数与尺寸不符：{pixels} 像素，{w:.2f}×{h:.2f}")


def shown_size(png: bytes) -> tuple[int, int]:
    """The size in CSS pixels (1/96 in) at which a chart is shown: its printed size, from the
    PNG's own resolution (pHYs; charts carry it), so the page shows what the Word file prints."""
    import struct

    w_px, h_px = struct.unpack(">II", png[16:24])
    dpi = float(PNG_DPI)
    i = png.find(b"pHYs", 0, 200)
    if i >= 0 and png[i + 12] == 1:  # unit: metre
        dpi = struct.unpack(">I", png[i + 4 : i + 8])[0] * 0.0254
    return round(w_px * 96 / dpi), round(h_px * 96 / dpi)


def save_png(fig: Figure, path: Path | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png_bytes(fig))
    return path


# ------------------------------------------------------------------------ charts

DEFAULT_TREND_KEYS = (
    "publicity_events", "legal_literates", "disputes_handled", "petitions_received",
    "villages_with_counsel", "training_hours_avg",
)  # fmt: skip


@_styled
def indicator_trends(trends: pd.DataFrame, keys: Iterable[str] = DEFAULT_TREND_KEYS) -> Figure:
    """Small multiples, one panel per indicator: the value each year, qualifier kept.

    ``trends`` has columns year, key, name, value, qualifier, unit (see
    :func:`fzdata.analysis.analyse.trend_frame`).
    """
    keys = [k for k in keys if k in set(trends["key"])]
    n = max(len(keys), 1)
    cols = min(3, n)
    rows = (n + cols - 1) // cols
    fig = Figure(figsize=(PRINT_WIDTH_IN, 2.1 * rows), layout="constrained")
    years = sorted(trends["year"].unique())
    for i, key in enumerate(keys):
        ax = fig.add_subplot(rows, cols, i + 1)
        sub = trends[trends["key"] == key].set_index("year").reindex(years)
        name = sub["name"].dropna().iloc[0]
        unit = sub["unit"].dropna().iloc[0] if sub["unit"].notna().any() else ""
        heights = sub["value"].fillna(0).tolist()
        colours = [LIGHT if pd.isna(v) else BLUE for v in sub["value"]]
        bars = ax.bar([str(y) for y in years], heights, color=colours, width=0.6)
        for bar, v, q in zip(bars, sub["value"], sub["qualifier"].fillna(""), strict=True):
            label = "无数据" if pd.isna(v) else fmt(v, q, "")
            ax.annotate(label, (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        ha="center", va="bottom", fontsize=TEXT_PT, xytext=(0, 2), textcoords="offset points")  # fmt: skip
        ax.set_title(f"{name}（{unit}）" if unit else name, fontsize=TEXT_PT)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.margins(y=0.2)
    if not keys:
        ax = fig.add_subplot(1, 1, 1)
        ax.text(0.5, 0.5, "没有可比较的指标", ha="center", va="center")
        ax.set_axis_off()
    return fig


SCORE_COLUMNS = {
    "meets_literates": "法律明白人达标",
    "has_counsel": "法律顾问",
    "has_plaza": "法治文化广场",
    "signed_letter": "目标责任书",
}


@_styled
def village_scorecard(villages: pd.DataFrame) -> Figure:
    """A grid of villages × norms: met (blue), not met (red), not reported (grey)."""
    n = max(len(villages), 1)
    fig = Figure(figsize=(PRINT_WIDTH_IN, 0.6 + 0.16 * n), layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    codes = []
    for col in SCORE_COLUMNS:
        s = villages[col] if col in villages else pd.Series([pd.NA] * len(villages))
        codes.append([2 if pd.isna(v) else int(bool(v)) for v in s])
    grid = (
        list(map(list, zip(*codes, strict=True))) if len(villages) else [[2] * len(SCORE_COLUMNS)]
    )
    ax.imshow(grid, cmap=ListedColormap([RED, BLUE, LIGHT]), vmin=0, vmax=2, aspect="auto")
    marks = {0: "✗", 1: "✓", 2: "—"}
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            ax.text(
                c,
                r,
                marks[v],
                ha="center",
                va="center",
                color="white" if v < 2 else GREY,
                fontsize=TEXT_PT,
            )
    ax.set_xticks(range(len(SCORE_COLUMNS)), list(SCORE_COLUMNS.values()))
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(villages)), villages["village"].tolist() if len(villages) else [])
    ax.tick_params(length=0)
    # White lines between cells keep the grid readable when a whole column is one colour.
    ax.set_xticks([c - 0.5 for c in range(1, len(SCORE_COLUMNS))], minor=True)
    ax.set_yticks([r - 0.5 for r in range(1, len(grid))], minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(
        "✓ 达标　✗ 未达标　— 未填报", pad=24, fontsize=TEXT_PT
    )  # the key; the caption names it
    return fig


@_styled
def case_outcomes(disputes: pd.DataFrame, petitions: pd.DataFrame) -> Figure:
    """Disputes and petitions by outcome, as stacked horizontal bars with counts."""
    fig = Figure(figsize=(PRINT_WIDTH_IN, 2.4), layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    logs = [("矛盾纠纷", disputes), ("信访案件", petitions)]
    seen: set[str] = set()  # each outcome named once in the legend
    for y, (_, df) in enumerate(logs):
        left = 0
        counts = df["outcome"].value_counts() if len(df) else pd.Series(dtype=int)
        for outcome, name in OUTCOME_LABELS.items():
            n = int(counts.get(outcome, 0))
            if not n:
                continue
            legend = None if outcome in seen else name
            seen.add(outcome)
            ax.barh(y, n, left=left, color=OUTCOME_COLOURS[outcome], label=legend, height=0.55)
            ax.text(
                left + n / 2, y, str(n), ha="center", va="center", color="white", fontsize=TEXT_PT
            )
            left += n
        if not len(df):
            ax.text(0, y, "  无记录", va="center", color=GREY)
    ax.set_yticks(range(len(logs)), [lbl for lbl, _ in logs])
    ax.invert_yaxis()
    ax.set_xlabel("件（起）数")
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(
            handles,
            labels,
            ncols=4,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.35),
            frameon=False,
            fontsize=TEXT_PT,
        )
    return fig


@_styled
def training_hours(trainings: pd.DataFrame, requirement: float) -> Figure:
    """Each officer's training hours against the annual requirement (shortfalls in red)."""
    df = trainings.sort_values("hours", ascending=True, na_position="first")
    fig = Figure(figsize=(PRINT_WIDTH_IN, max(2.0, 0.8 + 0.26 * len(df))), layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    if df.empty:
        ax.text(0.5, 0.5, "无记录", ha="center", va="center", color=GREY, transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    hours = df["hours"].fillna(0).tolist()
    colours = [GREY if pd.isna(h) else RED if h < requirement else BLUE for h in df["hours"]]
    ax.barh(range(len(df)), hours, color=colours, height=0.6)
    for i, (h, q) in enumerate(zip(df["hours"], df["hours_qualifier"], strict=True)):
        ax.text(
            (0 if pd.isna(h) else h) + 0.5,
            i,
            "未填报" if pd.isna(h) else fmt(h, q, ""),
            va="center",
            fontsize=TEXT_PT,
        )
    ax.axvline(requirement, color=RED, linestyle="--", linewidth=1)
    ax.text(
        requirement,
        len(df) - 0.4,
        f" 要求{requirement:g}学时",
        color=RED,
        fontsize=TEXT_PT,
        va="bottom",
    )
    labels = [f"{r.name}（{r.post}）" if r.post else r.name for r in df.itertuples()]
    ax.set_yticks(range(len(df)), labels)
    ax.set_xlabel("年度培训学时")
    return fig


# ---------------------------------------------------------------------- registry


@dataclass(frozen=True)
class ChartSpec:
    name: str  # file name under figures/ and the key used by notebooks
    placeholder: str  # {{ 图.<placeholder> }} in narrative.md
    caption: str
    draw: Callable[[Any], Figure]  # YearAnalysis -> Figure


#: Every chart a unit-year can show, by name; the report's 图 placeholders come from here.
CHARTS: dict[str, ChartSpec] = {}


def register_chart(name: str, placeholder: str, caption: str) -> Callable[[Callable], Callable]:
    """Register a drawing function of a :class:`~fzdata.analysis.model.YearAnalysis`."""

    def deco(fn: Callable[[Any], Figure]) -> Callable[[Any], Figure]:
        CHARTS[name] = ChartSpec(name, placeholder, caption, fn)
        return fn

    return deco


register_chart("indicator_trends", "指标趋势", "主要指标历年变化")(
    lambda a: indicator_trends(a.trends, _profile(a).trend_keys or DEFAULT_TREND_KEYS)
)
register_chart("village_scorecard", "各村达标", "各行政村达标情况")(
    lambda a: village_scorecard(a.villages)
)
register_chart("case_outcomes", "案件结果", "矛盾纠纷与信访办理结果")(
    lambda a: case_outcomes(a.data.disputes, a.data.petitions)
)
register_chart("training_hours", "培训学时", "执法人员年度培训学时")(
    lambda a: training_hours(
        a.data.tables[hours_table(a.data)], a.norms["training_hours_per_officer"]
    )
)


def _profile(a: Any) -> Any:
    return load_profile(a.settings.kind)


def draw(name: str, a: Any) -> Figure:
    """The registered chart ``name`` of an analysis."""
    return CHARTS[name].draw(a)


class Pictures:
    """PNG bytes of a unit-year's charts, drawn on first use; a chart already saved under
    ``saved_dir`` (by an analysis notebook of the same build) is reused, not drawn again."""

    def __init__(self, a: Any, saved_dir: Path | None = None) -> None:
        self.a = a
        self.saved_dir = saved_dir
        self._png: dict[str, bytes] = {}

    def get(self, name: str) -> bytes:
        if name not in self._png:
            saved = self.saved_dir / f"{name}.png" if self.saved_dir else None
            if saved is not None and saved.is_file():
                self._png[name] = saved.read_bytes()
            else:
                self._png[name] = png_bytes(draw(name, self.a))
        return self._png[name]
