"""Display helpers for the notebooks, so that a notebook holds only calls and display.

Tables are shown with Chinese headers and escaped text; figures are shown as PNG (the same
bytes that are saved to ``figures/``), so exported HTML embeds exactly what was saved.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from IPython.display import HTML, Image, Markdown, display
from matplotlib.figure import Figure

from fzdata import charts
from fzdata.analyse import YearAnalysis
from fzdata.export import display_frame
from fzdata.narrative import report_html


def heading(text: str, level: int = 1) -> None:
    display(Markdown(f"{'#' * level} {text}"))


def table(df: pd.DataFrame, name: str, columns: list[str] | None = None) -> None:
    """A table with Chinese headers; every cell escaped (ledger text is untrusted)."""
    shown = df[columns] if columns else df
    html = display_frame(name, shown).to_html(
        index=False, escape=True, na_rep="", float_format=lambda v: f"{v:g}"
    )
    display(HTML(html))


def figure(fig: Figure, name: str, figures_dir: str | Path = "") -> bytes:
    """Show a chart; with ``figures_dir``, also save it there as ``<name>.png``."""
    png = charts.png_bytes(fig)
    if figures_dir:
        path = Path(figures_dir) / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
    display(Image(data=png, format="png"))
    return png


def report(a: YearAnalysis, trends: pd.DataFrame) -> None:
    """The narrative report, with its charts embedded."""
    pngs = {
        "indicator_trends": charts.png_bytes(charts.indicator_trends(trends)),
        "village_scorecard": charts.png_bytes(charts.village_scorecard(a.villages)),
    }
    display(HTML(report_html(a, pngs)))
