"""Display helpers for the notebooks, so that a notebook holds only calls and display.

Tables are shown with Chinese headers and escaped text; figures are shown as PNG (the same
bytes that are saved to ``figures/``), so exported HTML embeds exactly what was saved.
"""

from __future__ import annotations

import base64
import pickle
from html import escape as html_escape
from pathlib import Path

import pandas as pd
from IPython.display import HTML, display
from matplotlib.figure import Figure

from fzdata.analysis.analyse import analyse_year
from fzdata.analysis.model import YearAnalysis
from fzdata.core.config import ANALYSIS_FILE
from fzdata.core.figures import Figure as LedgerFigure
from fzdata.core.resources import wording
from fzdata.export.present import html_table, plain_text
from fzdata.export.tables import table_files, write_files
from fzdata.report import charts
from fzdata.report.narrative import narrative_findings, report_html
from fzdata.unit.profiles import load_profile


def analysis(data_dir: str | Path, unit: str, year: int, out_dir: str | Path = "") -> YearAnalysis:
    """The unit-year's analysis: the one the build made (read once, analysed once), else a
    fresh :func:`fzdata.analyse_year` when the notebook runs on its own."""
    made = Path(out_dir) / ANALYSIS_FILE if out_dir else None
    if made is not None and made.is_file():
        with open(made, "rb") as fh:
            return pickle.load(fh)  # written by this build's own task, never by a unit
    return analyse_year(data_dir, unit, year)


def heading(text: str, level: int = 1) -> None:
    # Unit and village names come from the data folder: shown as text, never as markup.
    markdown(f"{'#' * level} {html_escape(text)}")


def markdown(text: str) -> None:
    """Markdown, with itself as the plain-text fallback (never ``<…Markdown object>``)."""
    display({"text/markdown": text, "text/plain": text}, raw=True)


def show(
    obj: object,
    name: str | None = None,
    columns: list[str] | None = None,
    *,
    sources: bool = False,
    caption: str = "",
) -> None:
    """Show anything fzdata makes, as a reader should see it.

    A table (``name`` is its kind: indicators, villages, shortcomings, disputes …) gets Chinese
    headers and values written as in the report (91.7%, 1000多份, 是/否, dates in Chinese, no
    NaN); each cell's source (file!sheet!cell) shows on hover, and with ``sources=True`` as a
    column too. A chart is shown as an image; a ledger figure as its text; text as Markdown.
    """
    if isinstance(obj, pd.DataFrame) and obj.empty:
        markdown(wording()["explore"]["empty"].format(caption=caption or "表格"))
    elif isinstance(obj, pd.DataFrame):
        display(
            {
                "text/html": html_table(obj, name, columns, sources=sources, caption=caption),
                "text/plain": plain_text(obj, name, columns),
            },
            raw=True,
        )
    elif isinstance(obj, Figure):
        figure(obj, name or "chart")
    elif isinstance(obj, LedgerFigure):
        markdown(obj.text())
    elif isinstance(obj, str):
        markdown(html_escape(obj))
    else:
        display(obj)


def table(df: pd.DataFrame, name: str, columns: list[str] | None = None) -> None:
    """A table with Chinese headers, figures written as in the report (91.7%, 是/否), numbers
    right-aligned; every cell escaped (ledger text is untrusted)."""
    from fzdata.report.display import html_table, readable

    display(HTML(str(html_table(readable(name, df, columns)))))


def figure(fig: Figure, name: str, out_dir: str | Path = "") -> None:
    """Show a chart; with ``out_dir``, also save it as ``figures/<name>.png`` there. The
    output is the PNG with a Chinese text fallback, never ``<Figure size …>``."""
    png = charts.png_bytes(fig)
    if out_dir:
        path = Path(out_dir) / "figures" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
    caption = charts.CHARTS[name].caption if name in charts.CHARTS else name
    encoded = base64.b64encode(png).decode("ascii")
    width, height = charts.shown_size(png)  # shown at its printed size (150 mm), not its pixels
    display(
        {"image/png": encoded, "text/plain": f"〔图：{caption}〕"},
        metadata={"image/png": {"width": width, "height": height, "alt": caption}},
        raw=True,
    )


def chart(a: YearAnalysis, name: str, out_dir: str | Path = "") -> None:
    """Draw one of the registered charts (:data:`fzdata.report.charts.CHARTS`) and show it;
    a chart of another kind of unit (a village scorecard for a department) is not drawn."""
    if name not in load_profile(a.settings.kind).charts:
        markdown(f"（{load_profile(a.settings.kind).label}不适用）")
        return
    figure(charts.draw(name, a), name, out_dir)


def kind_charts(a: YearAnalysis, shown: list[str], out_dir: str | Path = "") -> None:
    """The charts of the unit's kind not in ``shown`` (a department's cases, reviews and
    filings), each under its caption; nothing for a township."""
    for name in load_profile(a.settings.kind).charts:
        if name not in shown:
            heading(charts.CHARTS[name].caption, 2)
            figure(charts.draw(name, a), name, out_dir)


def save_tables(a: YearAnalysis, out_dir: str | Path = "") -> None:
    """With ``out_dir``, write ``tables/`` (CSV with BOM and tables.xlsx) there."""
    if not out_dir:
        return
    tables = a.tables()
    tables["findings"] = pd.concat([tables["findings"], narrative_findings(a)], ignore_index=True)
    write_files(Path(out_dir), table_files(tables))


def report(a: YearAnalysis, out_dir: str | Path = "", date: str = "") -> None:
    """The narrative report, with its charts embedded (those already saved are reused);
    ``date`` is the 成文日期 (else the narrative's, else left blank to fill in by hand)."""
    saved = Path(out_dir) / "figures" if out_dir else None
    display(HTML(report_html(a, charts.Pictures(a, saved), date=date or None)))


def draft_notice(a: YearAnalysis) -> None:
    """A draft's banner (「草稿：数据不完整」 and what is missing), shown first on the page."""
    if not a.draft:
        return
    from markupsafe import Markup, escape

    from fzdata.analysis.completeness import spec

    missing = "；".join(a.completeness.loc[a.completeness["blocking"], "message"])
    html = Markup(
        '<div class="fz-draft-banner" role="note"><strong>{}</strong>：{}。</div>'
    ).format(spec()["banner"], escape(missing))
    display(HTML(str(html)))
