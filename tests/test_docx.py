"""report.docx in the official-document layout, checked by reading the file back."""

from __future__ import annotations

import io

import docx
import pytest
from conftest import SAMPLE_DATA
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fzdata.analysis.analyse import analyse_year
from fzdata.export.docx import report_docx
from fzdata.report.narrative import report_html


@pytest.fixture(scope="module")
def document() -> docx.document.Document:
    from fzdata.report import charts

    a = analyse_year(SAMPLE_DATA, "李庄乡", 2023)
    png = charts.png_bytes(charts.village_scorecard(a.villages))
    data = report_docx(report_html(a, {"village_scorecard": png}))
    assert data == report_docx(
        report_html(a, {"village_scorecard": png})
    )  # the same report, the same bytes
    return docx.Document(io.BytesIO(data))


def _east_asia(run) -> str:
    return run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_page_layout(document) -> None:
    s = document.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert [
        round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)
    ] == [37, 35, 28, 26]
    grid = s._sectPr.find(qn("w:docGrid"))
    # No text grid (LibreOffice would spread the characters); the pitch is the exact spacing.
    assert grid.get(qn("w:type")) is None and grid.get(qn("w:linePitch")) == "579"


def test_title_recipient_and_body(document) -> None:
    ps = document.paragraphs
    title = ps[0]
    assert (
        title.text == "关于2023年法治政府建设情况的报告"
        and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    )
    assert title.runs[0].font.size == Pt(22) and _east_asia(title.runs[0]) == "方正小标宋简体"
    assert ps[2].text == "中共宝丰县委全面依法治县委员会办公室："  # 主送机关 under the title
    body = next(p for p in ps if p.text.startswith("党委书记、乡长"))
    assert _east_asia(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.paragraph_format.line_spacing == Pt(28.95)
    assert body._element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    # 28 characters a line: 16 pt condensed by 0.2 pt fills the 156 mm text width.
    assert body.runs[0]._element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-4"


def test_headings_and_run_in_headings(document) -> None:
    ps = document.paragraphs
    h1 = next(p for p in ps if p.text.startswith("一、党政主要负责人"))
    assert _east_asia(h1.runs[0]) == "黑体"
    h2 = next(p for p in ps if p.text == "（一）存在的不足")
    assert _east_asia(h2.runs[0]) == "楷体_GB2312"
    run_in = next(p for p in ps if p.text.startswith("（一）普法宣传持续深入。"))
    assert (
        run_in.runs[0].text == "（一）普法宣传持续深入。"
        and _east_asia(run_in.runs[0]) == "楷体_GB2312"
    )
    assert _east_asia(run_in.runs[1]) == "仿宋_GB2312"


def test_page_numbers_outside_edge(document) -> None:
    s = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    for footer, align in (
        (s.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (s.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        p = footer.paragraphs[0]
        assert p.alignment == align
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert "PAGE" in "".join(t.text or "" for t in p._element.iter(qn("w:instrText")))
        assert p.runs[0].font.size == Pt(14) and _east_asia(p.runs[0]) == "宋体"


def test_tables_charts_and_close(document) -> None:
    assert len(document.tables) >= 3 and len(document.inline_shapes) == 1
    assert round(document.inline_shapes[0].width.mm) == round(Mm(150).mm)
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header[:3] == ["指标", "本年", "上年"]
    texts = [p.text for p in document.paragraphs]
    sign = texts.index("李庄乡人民政府")
    assert document.paragraphs[sign].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert texts.index("附：数据来源与口径") > sign  # the appendix follows the signature


@pytest.mark.slow
@pytest.mark.skipif(
    not (__import__("shutil").which("soffice") and __import__("shutil").which("pdftoppm")),
    reason="没有 LibreOffice（soffice）或 pdftoppm：跳过 Word 渲染检查（以 root 运行 make browser 可安装）",
)
@pytest.mark.parametrize("year", [2021, 2022, 2023, 2024])
def test_renders_in_libreoffice(tmp_path, year: int) -> None:
    """Every sample year's report.docx rendered by LibreOffice: A4, a sensible page count, the
    text of the first page, and no page that is mostly empty before a chart. Page images are
    kept in tests/artifacts/ for a reviewer to look at."""
    import shutil
    import subprocess

    import matplotlib.image as mpimg
    from conftest import TESTS

    from fzdata.report import charts

    a = analyse_year(SAMPLE_DATA, "李庄乡", year)
    (tmp_path / "report.docx").write_bytes(report_docx(report_html(a, charts.Pictures(a))))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "report.docx")],
                   check=True, capture_output=True, timeout=240)  # fmt: skip
    pdf = tmp_path / "report.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "A4" in info
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 3 <= pages <= 20
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert f"关于{year}年法治政府建设情况的报告" in first.replace(" ", "")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    artifacts = TESTS / "artifacts"
    artifacts.mkdir(exist_ok=True)
    images = sorted(tmp_path.glob("page*.png"))
    assert len(images) == pages
    for i, png in enumerate(images, start=1):
        img = mpimg.imread(png)
        assert img.std() > 0.005, f"page {i} is blank"
        # The body ends where the ink ends: no page but the last of a part is under half full.
        ink = (img[..., :3].mean(axis=2) < 0.8).any(axis=1)
        filled = ink.nonzero()[0].max() / len(ink) if ink.any() else 0
        text = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
        nxt = subprocess.run(["pdftotext", "-f", str(i + 1), "-l", str(i + 1), str(pdf), "-"],
                             capture_output=True, text=True, check=False).stdout  # fmt: skip
        ends_part = i == pages or "人民政府" in text or nxt.lstrip().startswith("附")
        if not ends_part and nxt.strip():
            assert filled > 0.5, f"{year}: page {i} is {filled:.0%} full before page {i + 1}"
        shutil.copy(png, artifacts / f"report-{year}-docx-page{i}.png")
