"""Charts: Chinese renders without missing glyphs, output is deterministic, global state untouched."""

from __future__ import annotations

import io
import warnings

import matplotlib
import pandas as pd
import pytest
from conftest import SAMPLE_DATA
from matplotlib.figure import Figure
from PIL import Image

import fzdata
from fzdata.analysis.analyse import analyse_year, trend_frame
from fzdata.report import charts


def build() -> dict[str, Figure]:
    a = analyse_year(SAMPLE_DATA, "李庄乡", 2023)
    trends = trend_frame(fzdata.load_unit(SAMPLE_DATA, "李庄乡"))
    return {
        "trends": charts.indicator_trends(trends),
        "villages": charts.village_scorecard(a.villages),
        "cases": charts.case_outcomes(a.data.disputes, a.data.petitions),
        "training": charts.training_hours(a.data.trainings, 50),
    }


@pytest.fixture(scope="module")
def figures() -> dict[str, Figure]:
    return build()


def test_chinese_draws_without_missing_glyphs(figures: dict[str, Figure]) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = charts.indicator_trends(pd.DataFrame(
            {"year": [2023], "key": ["legal_literates"], "name": ["法律明白人"], "value": [137.0],
             "qualifier": [""], "unit": ["人"]}))  # fmt: skip
        with __import__("matplotlib").rc_context(charts.style()):
            fig.suptitle("关于2023年法治政府建设情况的报告")  # (charts carry no title of their own)
        for f in (fig, *figures.values()):
            charts.png_bytes(f)
    glyphs = [
        str(w.message)
        for w in caught
        if "Glyph" in str(w.message) or "missing from" in str(w.message)
    ]
    assert glyphs == []


def test_font_is_noto_cjk() -> None:
    assert charts.font_family() == "Noto Sans CJK SC"
    assert charts.font_path().name == "NotoSansCJKsc-Regular.otf"


@pytest.mark.parametrize("name", ["trends", "villages", "cases", "training"])
def test_deterministic_png(figures: dict[str, Figure], name: str, tmp_path) -> None:
    first = charts.png_bytes(figures[name])
    assert first[:8] == b"\x89PNG\r\n\x1a\n" and len(first) > 3_000
    with Image.open(io.BytesIO(first)) as im:  # 8-bit palette, printed resolution recorded
        assert im.mode == "P" and len(im.getpalette()) // 3 <= charts.PNG_COLOURS
        assert round(im.info["dpi"][0]) == charts.PNG_DPI
        assert set(im.info) <= {"dpi"}  # no timestamp, software or other text chunk
    assert b"tEXt" not in first and b"tIME" not in first and b"iTXt" not in first
    assert charts.png_bytes(figures[name]) == first  # drawn again
    assert charts.png_bytes(build()[name]) == first  # built again from the same input
    path = charts.save_png(figures[name], tmp_path / f"{name}.png")
    assert path.read_bytes() == first


def test_user_rc_untouched() -> None:
    before = dict(matplotlib.rcParams)
    charts.village_scorecard(pd.DataFrame(columns=["village", *charts.SCORE_COLUMNS]))
    assert dict(matplotlib.rcParams) == before


def test_empty_inputs_draw() -> None:
    empty_log = pd.DataFrame(columns=["outcome"])
    for fig in (
        charts.case_outcomes(empty_log, empty_log),
        charts.training_hours(
            pd.DataFrame(columns=["name", "post", "hours", "hours_qualifier"]), 60
        ),
        charts.indicator_trends(
            pd.DataFrame(columns=["year", "key", "name", "value", "qualifier", "unit"])
        ),
    ):
        assert isinstance(fig, Figure)
        charts.png_bytes(fig)


def test_charts_are_drawn_for_print(figures: dict[str, Figure]) -> None:
    """Drawn at the Word file's 150 mm with no text under 10.5 pt, and inserted at that size:
    printed text is at least 五号. No chart repeats its caption as a title."""
    from fzdata.export.docx import TEXT_WIDTH_MM, picture_size

    for name, fig in figures.items():
        assert fig.get_figwidth() * 25.4 <= TEXT_WIDTH_MM + 0.5, name
        fig.draw_without_rendering()
        sizes = [
            t.get_fontsize()
            for t in fig.findobj(__import__("matplotlib").text.Text)
            if t.get_text().strip()
        ]
        width_mm, _ = picture_size(charts.png_bytes(fig))
        printed = min(sizes) * width_mm / (fig.get_figwidth() * 25.4)
        assert printed >= 10.5 - 0.05, (name, min(sizes), width_mm)
        assert not fig._suptitle, name


def test_raw_size_follows_the_pixels_when_rounding_differs() -> None:
    """In a kernel the inline backend resizes figures, so 666 px can come out as 665.9999:
    the size is taken from what the renderer drew, never a mismatch error (seen in papermill)."""
    from fzdata.report.charts import raw_size

    assert raw_size((885.0, 666.0), 885 * 666) == (885, 666)
    assert raw_size((885.0, 665.9999), 885 * 666) == (885, 666)
    assert raw_size((885.0, 665.9999), 885 * 665) == (885, 665)
    assert raw_size((884.9999, 666.0), 885 * 666) == (885, 666)
    with pytest.raises(RuntimeError, match="图表像素数与尺寸不符"):
        raw_size((885.0, 666.0), 100 * 100)
