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
from fzdata.export import display_frame, table_files, write_files
from fzdata.narrative import narrative_findings, report_html


def heading(text: str, level: int = 1) -> None:
    display(Markdown(f"{'#' * level} {text}"))


def table(df: pd.DataFrame, name: str, columns: list[str] | None = None) -> None:
    """A table with Chinese headers; every cell escaped (ledger text is untrusted)."""
    shown = df[columns] if columns else df
    html = display_frame(name, shown).to_html(
        index=False, escape=True, na_rep="", float_format=lambda v: f"{v:g}"
    )
    display(HTML(html))


def figure(fig: Figure, name: str, out_dir: str | Path = "") -> bytes:
    """Show a chart; with ``out_dir``, also save it as ``figures/<name>.png`` there."""
    png = charts.png_bytes(fig)
    if out_dir:
        path = Path(out_dir) / "figures" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
    display(Image(data=png, format="png"))
    return png


def save_tables(a: YearAnalysis, out_dir: str | Path = "") -> None:
    """With ``out_dir``, write ``tables/`` (CSV with BOM and tables.xlsx) there."""
    if not out_dir:
        return
    tables = a.tables()
    tables["findings"] = pd.concat([tables["findings"], narrative_findings(a)], ignore_index=True)
    write_files(Path(out_dir), table_files(tables))


def report(a: YearAnalysis, trends: pd.DataFrame, out_dir: str | Path = "") -> None:
    """The narrative report, with its charts embedded (those already saved are reused)."""
    pngs = {}
    for name, draw in (
        ("indicator_trends", lambda: charts.indicator_trends(trends)),
        ("village_scorecard", lambda: charts.village_scorecard(a.villages)),
    ):
        saved = Path(out_dir) / "figures" / f"{name}.png" if out_dir else None
        pngs[name] = saved.read_bytes() if saved and saved.exists() else charts.png_bytes(draw())
    display(HTML(report_html(a, pngs)))
