"""Issue 12: the report as its readers see it (dates, numbering, foreign text, drafts …)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from conftest import SAMPLE_DATA

from fzdata.analysis.analyse import analyse_year
from fzdata.export.docx import report_docx
from fzdata.lint.engine import lint_lines
from fzdata.report.frontmatter import BLANK_DATE, split_front_matter
from fzdata.report.narrative import report_html

YEARS = (2021, 2022, 2023, 2024)


def _copy_unit(tmp: Path) -> Path:
    shutil.copytree(SAMPLE_DATA, tmp / "data")
    return tmp / "data"


def _docx(html: str) -> docx.document.Document:
    return docx.Document(io.BytesIO(report_docx(html)))


# ------------------------------------------------------------------ date and number


def test_front_matter_gives_date_and_number(tmp_path: Path) -> None:
    data = _copy_unit(tmp_path)
    path = data / "李庄乡" / "2023" / "narrative.md"
    text = path.read_text("utf-8")
    path.write_text("---\n成文日期: 2024年1月15日\n文号: 李政〔2024〕3号\n---\n" + text, "utf-8")
    a = analyse_year(data, "李庄乡", 2023)
    html = report_html(a)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(class_="fz-date").get_text() == "2024年1月15日"
    assert soup.find(class_="fz-number").get_text() == "李政〔2024〕3号"
    assert "成文日期" not in soup.get_text()  # the front matter is not body text
    d = _docx(html)
    props = d.core_properties
    assert props.author == "李庄乡人民政府" and props.title == "关于2023年法治政府建设情况的报告"
    assert props.created.date() == dt.date(2024, 1, 15) and props.comments == "李政〔2024〕3号"
    texts = [p.text for p in d.paragraphs]
    assert texts[0] == "李政〔2024〕3号" and "2024年1月15日" in texts
    # --date wins over the front matter
    later = BeautifulSoup(report_html(a, date="2024-02-01"), "html.parser")
    assert later.find(class_="fz-date").get_text() == "2024年2月1日"


def test_without_a_date_the_signature_is_left_blank() -> None:
    a = analyse_year(SAMPLE_DATA, "李庄乡", 2023)
    html = report_html(a)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(class_="fz-date").get_text() == BLANK_DATE
    today = dt.date.today()
    assert f"{today.year}年{today.month}月{today.day}日" not in soup.get_text()
    d = _docx(html)
    assert BLANK_DATE in [p.text for p in d.paragraphs]
    props = d.core_properties
    assert props.author == "李庄乡人民政府" and props.author != "python-docx"
    assert props.created is None or props.created.year != 2013


def test_front_matter_keeps_line_numbers() -> None:
    text = "{#- 注释 -#}\n---\n成文日期: 2024-01-15\n---\n第五行\n"
    meta, body = split_front_matter(text)
    assert meta.date == dt.date(2024, 1, 15)
    assert body.splitlines()[4] == "第五行" and "成文日期" not in body


# ------------------------------------------------------------- numbering, repetition


@pytest.mark.parametrize("year", YEARS)
def test_report_passes_its_own_lint(year: int) -> None:
    """The Word file and the HTML text of every sample year: 0 errors, 0 warnings."""
    a = analyse_year(SAMPLE_DATA, "李庄乡", year)
    html = report_html(a)
    lines = [p.text for p in _docx(html).paragraphs]
    found = [f for f in lint_lines(lines) if f.level in ("error", "warning")]
    assert not found, [(f.line, f.message, lines[f.line - 1][:40]) for f in found]
    soup = BeautifulSoup(html, "html.parser")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    blocks = [
        line
        for b in soup.find_all(["h1", "h2", "h3", "p", "li"])
        for line in b.get_text().splitlines()
    ]
    found = [f for f in lint_lines(blocks) if f.level in ("error", "warning")]
    assert not found, [(f.message, blocks[f.line - 1][:40]) for f in found]


def test_generated_items_continue_the_analysts_numbering_and_state_nothing_twice() -> None:
    a = analyse_year(SAMPLE_DATA, "李庄乡", 2023)
    soup = BeautifulSoup(report_html(a), "html.parser")
    results = soup.find("h2", id="section-results")
    items, stated = [], []
    for node in results.find_next_siblings():
        if node.name == "h2":
            break
        for p in [node] if node.name == "p" else node.find_all("p"):
            text = p.get_text().strip()
            if text.startswith("（"):
                items.append(text[: text.index("）") + 1])
            stated += [s["title"] for s in p.find_all("span", class_="fz-src")]
    assert items[:5] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert len(items) == len(set(items)), items  # never restarts at （一）
    assert len(stated) == len(set(stated)), "a figure is stated twice in the section"


# ------------------------------------------------- the built sample, as readers see it


@pytest.fixture
def sample_build(built_sample: Path) -> Path:
    """``make report``: every sample year built, as a reader receives it (built once per test
    run, conftest.py)."""
    return built_sample


def test_pages_show_images_and_tables_never_a_repr(sample_build: Path) -> None:
    from readers import REPRS

    pages = sorted(sample_build.rglob("*.html"))
    # 李庄乡 2021-2024, the department's 2022-2024, 青石镇 and 河口镇 2023-2024 (the sample county)
    unit_years = len(list(sample_build.glob("*/*/manifest.json")))
    assert unit_years == len(YEARS) + 3 + 4 and len(pages) == 1 + 3 * unit_years
    for page in pages:
        html = page.read_text("utf-8")
        assert not REPRS.search(html), (page.name, REPRS.search(html)[0])
    for nb_path in sorted(sample_build.rglob("notebooks/*.ipynb")):
        import nbformat

        nb = nbformat.read(nb_path, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                shown = data.get("text/html") or data.get("image/png") or data.get("text/markdown")
                assert shown or out.get("output_type") == "stream", (nb_path.name, out)
                plain = "".join(data.get("text/plain", ""))
                if not {"image/png", "text/html", "text/markdown"} & set(data):
                    assert not REPRS.search(plain), (nb_path.name, plain[:80])
                assert out.get("output_type") != "error", (nb_path.name, out)
        figures = [
            o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})
        ]
        if nb_path.stem in ("progress", "shortcomings"):
            assert figures, nb_path


def test_no_internal_english_where_people_read(sample_build: Path) -> None:
    from readers import foreign_words, reader_files

    texts = reader_files(sample_build)
    assert any(k.endswith("report.docx") for k in texts) and any(k.endswith(".xlsx") for k in texts)
    found = {name: foreign_words(text) for name, text in texts.items()}
    assert not {k: v for k, v in found.items() if v}, found
    for name, text in texts.items():
        for word in ("True", "False", "high", "medium", "improved", "resolved", "petitions"):
            assert word not in text, (name, word)
    readme = (Path(__file__).parent.parent / "outputs" / "README.md").read_text("utf-8")
    assert "tables/*.csv" in readme and "数据接口" in readme


def test_no_machine_path_in_any_shared_file(sample_build: Path) -> None:
    roots = {str(SAMPLE_DATA.resolve()), str(SAMPLE_DATA.resolve().parent), str(sample_build)}
    import tempfile

    roots.add(tempfile.gettempdir() + "/fz-build-")
    for path in sample_build.rglob("*"):
        if path.is_dir() or path.suffix in (".png", ".xlsx", ".docx"):
            continue
        text = path.read_text("utf-8", errors="replace")
        for root in roots:
            assert root not in text, (str(path.relative_to(sample_build)), root)
        assert "/home/" not in text and "/work/" not in text, path.name


def test_built_reports_pass_their_own_lint_and_say_final(sample_build: Path) -> None:
    import json

    from readers import docx_text

    for year in YEARS:
        folder = sample_build / "李庄乡" / str(year)
        lines = docx_text((folder / "report.docx").read_bytes()).splitlines()
        found = [f for f in lint_lines(lines) if f.level in ("error", "warning")]
        assert not found, (year, [(f.message, lines[f.line - 1][:30]) for f in found])
        m = json.loads((folder / "manifest.json").read_text("utf-8"))
        assert m["draft"] is False and m["lint"] == {"errors": 0, "warnings": 0}, year
        soup = BeautifulSoup((folder / "report.html").read_text("utf-8"), "html.parser")
        assert not soup.select(".fz-draft-banner")
        # Provenance (文件!工作表!单元格) stays in the hover titles and the tables, not the text.
        assert "!" not in soup.find("article").get_text() and "!" not in "\n".join(lines), year
        # On paper the appendix speaks of sources in print terms: no mouse, no hovering.
        assert "鼠标" not in "\n".join(lines) and "悬停" not in "\n".join(lines), year


def test_index_for_people(sample_build: Path) -> None:
    import re

    soup = BeautifulSoup((sample_build / "index.html").read_text("utf-8"), "html.parser")
    rows = soup.find("tbody").find_all("tr")
    # 李庄乡 2021-2024, the department's 2022-2024, 青石镇 and 河口镇 2023-2024
    assert len(rows) == len(YEARS) + 3 + 4
    cells_of = [[td.get_text(" ", strip=True) for td in r.find_all("td")] for r in rows]
    last = rows[
        next(i for i, c in enumerate(cells_of) if c[0].startswith("李庄乡") and c[1] == "2024")
    ]
    cells = [td.get_text(" ", strip=True) for td in last.find_all("td")]
    assert cells[2].startswith("报告")  # the report first
    assert cells[3].startswith("定稿")
    assert "法律明白人 98人→125人→137人→144人" in cells[5]  # key figures over the years
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", cells[-1]), cells[-1]
    from fzdata.build.core import local_time

    assert local_time("2026-11-26T08:05:00+00:00") == "2026年11月26日 16:05"


# ------------------------------------------------------------------ page sizes (issue 16)

#: Targets on the sample: the report page, each analysis page, a unit-year's outputs (bytes).
REPORT_MAX, PAGE_MAX, UNIT_YEAR_MAX = 300_000, 400_000, 1_200_000


def test_pages_and_unit_years_stay_small(sample_build: Path) -> None:
    folders = [m.parent for m in sample_build.glob("*/*/manifest.json")]
    assert len(folders) == len(YEARS) + 3 + 4  # 李庄乡, the department, 青石镇 and 河口镇
    for folder in folders:
        assert (folder / "report.html").stat().st_size <= REPORT_MAX, folder
        for page in ("progress.html", "shortcomings.html"):
            assert (folder / page).stat().st_size <= PAGE_MAX, (folder, page)
        total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        assert total <= UNIT_YEAR_MAX, (folder, total)


def test_each_chart_stored_once_per_file_as_a_palette_png(sample_build: Path) -> None:
    """Every page and notebook holds each chart once, as the same 8-bit palette PNG that is
    saved under figures/; no output keeps an image twice (as a picture and as text)."""
    import base64
    import json
    import re
    from collections import Counter

    from PIL import Image

    folder = sample_build / "李庄乡" / "2023"
    saved = {p.read_bytes() for p in (folder / "figures").glob("*.png")}
    for png in saved:
        assert Image.open(io.BytesIO(png)).mode == "P"
    for path in [*folder.glob("*.html"), *folder.glob("notebooks/*.ipynb")]:
        text = path.read_text("utf-8")
        found = re.findall(r'(?:data:image/png;base64,|"image/png": ")([A-Za-z0-9+/=]{100,})', text)
        assert found or path.name.startswith("report"), path.name
        assert all(n == 1 for n in Counter(found).values()), f"{path.name}: a chart stored twice"
        assert {base64.b64decode(b) for b in found} <= saved, f"{path.name}: not the saved chart"
        if path.suffix != ".ipynb":
            continue
        for cell in json.loads(text)["cells"]:
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                plain = "".join(data.get("text/plain", ""))
                assert len(plain) < 200, (path.name, plain[:60])  # never a dump of the bytes
                assert not ("image/png" in data and "text/html" in data), path.name


def test_pages_self_contained_with_one_stylesheet(sample_build: Path) -> None:
    """Each page carries the one shared stylesheet, inline and once, and a policy that lets it
    load and run nothing; nothing refers outside the page."""
    import re

    from fzdata.export.tables import TEMPLATES_DIR

    css = (TEMPLATES_DIR / "fz" / "fz.css").read_text("utf-8").strip()
    assert len(css.encode()) < 8_000
    pages = [sample_build / "index.html", *sorted(sample_build.glob("*/*/*.html"))]
    for page in pages:
        html = page.read_text("utf-8")
        soup = BeautifulSoup(html, "html.parser")
        styles = soup.find_all("style")
        assert len(styles) == 1 and styles[0].get_text().strip() == css, page
        assert html.count(css[:80]) == 1, page
        csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert csp is not None and "default-src 'none'" in csp["content"], page
        assert not soup.find_all(["script", "link", "iframe", "object", "embed", "base"]), page
        for tag in soup.find_all(src=True):
            assert tag["src"].startswith("data:image/png;base64,"), page
        for a in soup.find_all("a", href=True):  # inside the page, or a page of the same build
            assert not re.match(r"[a-z][a-z0-9+.-]*:", a["href"], re.I), (page, a["href"])
        assert not re.search(r"url\(|@import", html), page


def test_table_of_contents_lists_every_heading_of_the_page(sample_build: Path) -> None:
    """The template's contents (from the notebook, without reading the page back) are what a
    reading of the finished page finds: every h1–h3 with an id, in order, text without ¶."""
    for page in sorted(sample_build.glob("*/*/*.html")):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        heads = [
            h for h in soup.find_all(["h1", "h2", "h3"]) if h.get("id") and not h.find_parent("nav")
        ]
        want = [
            (f"fz-toc-{h.name}", f"#{h['id']}", h.get_text(" ", strip=True).rstrip("¶").strip())
            for h in heads
        ]
        got = [
            (li["class"][0], li.a["href"], li.a.get_text())
            for li in soup.select("main > nav.fz-toc li")
        ]
        assert got == want and got, page
        assert soup.find("main").find(True).name == "nav", page  # first on a final report


def test_build_date_option(tmp_path: Path, capsys) -> None:
    from fzdata.build.core import build
    from fzdata.cli import main

    report = build(SAMPLE_DATA, tmp_path / "o", ["李庄乡"], [2022], date="2023-01-20")
    assert report.counts()["built"] == 1
    d = docx.Document(tmp_path / "o/李庄乡/2022/report.docx")
    assert "2023年1月20日" in [p.text for p in d.paragraphs]
    assert d.core_properties.created.date() == dt.date(2023, 1, 20)
    args = ["build", "--data", str(SAMPLE_DATA), "--out", str(tmp_path / "x"), "--date", "明天"]
    assert main(args) == 1
    assert "--date「明天」应写作 2024-01-15" in capsys.readouterr().err


def test_shortcomings_state_a_figure_once() -> None:
    """2024: 普法宣传活动 missed its target and fell; the section says 9次 once."""
    a = analyse_year(SAMPLE_DATA, "李庄乡", 2024)
    soup = BeautifulSoup(report_html(a), "html.parser")
    items = [li.get_text() for li in soup.find(id="section-shortcomings").find_next("ol")("li")]
    assert sum("普法宣传活动9次" in i for i in items) == 1, items
    results = BeautifulSoup(report_html(a), "html.parser").select("p.fz-auto-item")
    assert any("执法人员人均培训56学时" in p.get_text() for p in results)
