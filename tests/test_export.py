"""Report export formats, registered by name, all made from the report body the notebook shows."""

from __future__ import annotations

import functools

import nbformat
from conftest import SAMPLE_DATA

from fzdata.analysis.analyse import analyse_year
from fzdata.export.formats import FORMATS, ReportDoc
from fzdata.report.narrative import report_html


@functools.cache
def _doc() -> ReportDoc:
    html = report_html(analyse_year(SAMPLE_DATA, "李庄乡", 2023))
    cell = nbformat.v4.new_code_cell("nb.report(...)")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": html})]
    return ReportDoc(nbformat.v4.new_notebook(cells=[cell]), "关于2023年法治政府建设情况的报告")


def test_plain_text_report() -> None:
    data = FORMATS["txt"].make(_doc())
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "关于2023年法治政府建设情况的报告"
    assert any(line.startswith("一、") for line in lines)
    assert any(line.startswith("四、") for line in lines)
    assert "法律明白人」达到137人" in text or "137人" in text
    assert "<" not in text and "data:image" not in text
    assert all("\t" in line for line in lines if line.startswith("普法宣传活动\t"))


def test_every_format_makes_its_file_from_the_same_report() -> None:
    doc = _doc()
    for name, fmt in FORMATS.items():
        data = fmt.make(doc)
        assert data and fmt.file.startswith("report."), name


def test_tables_workbook_is_byte_stable(monkeypatch) -> None:
    """The same tables give the same tables.xlsx whenever they are written."""
    import datetime as dt

    import openpyxl.packaging.core as core
    import pandas as pd

    from fzdata.export.tables import xlsx_bytes

    tables = {"indicators": pd.DataFrame({"name": ["普法宣传活动"], "value": [10.0]})}
    first = xlsx_bytes(tables)

    class Later(dt.datetime):
        @classmethod
        def utcnow(cls):  # openpyxl stamps the save time with it
            return dt.datetime(2031, 5, 6, 7, 8, 9)

        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2031, 5, 6, 7, 8, 9, tzinfo=tz)

    monkeypatch.setattr(core.datetime, "datetime", Later, raising=False)
    assert xlsx_bytes(tables) == first


def test_workbook_stamp_would_differ_without_the_fix(monkeypatch) -> None:
    """The check above can fail: without fixing, a later save changes the bytes."""
    import datetime as dt

    import openpyxl.packaging.core as core
    import pandas as pd

    import fzdata.export.tables as tables_mod

    monkeypatch.setattr(tables_mod, "fixed_zip_times", lambda data, **_: data)
    tables = {"indicators": pd.DataFrame({"name": ["普法宣传活动"]})}
    first = tables_mod.xlsx_bytes(tables)

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2031, 5, 6, 7, 8, 9, tzinfo=tz)

    monkeypatch.setattr(core.datetime, "datetime", Later, raising=False)
    assert tables_mod.xlsx_bytes(tables) != first


def _page_notebook(banner: str = "") -> nbformat.NotebookNode:
    md = nbformat.v4.new_markdown_cell("# 成效分析\n\n说明。")
    params = nbformat.v4.new_code_cell("unit = '李庄乡'", metadata={"tags": ["parameters"]})
    shown = nbformat.v4.new_code_cell("nb.heading(...)")
    shown.outputs = [
        nbformat.v4.new_output("display_data", data={"text/markdown": "## 李庄乡 2023年"}),
        nbformat.v4.new_output("display_data", data={"text/html": banner}) if banner else None,
        nbformat.v4.new_output(
            "display_data",
            data={"text/html": '<h2 id="x-1">一、<span>甲 &amp; 乙</span></h2><p>"引号"</p>'},
        ),
    ]
    shown.outputs = [o for o in shown.outputs if o is not None]
    return nbformat.v4.new_notebook(cells=[md, params, shown])


def test_one_exporter_per_process_and_contents_from_the_template(monkeypatch) -> None:
    """The exporter is built once and reused; the template writes the table of contents (from
    the notebook's headings) and puts a draft's banner above it; the parameters cell is gone."""
    from bs4 import BeautifulSoup

    from fzdata.export import html as page

    made = []
    real = page._make_exporter
    monkeypatch.setattr(page._local, "exporter", None, raising=False)
    monkeypatch.setattr(page, "_make_exporter", lambda: made.append(1) or real())
    banner = '<div class="fz-draft-banner" role="note"><strong>草稿：数据不完整</strong>：缺指标台账。</div>'
    nb, draft_nb = _page_notebook(), _page_notebook(banner)
    first = page.notebook_html(nb, "成效分析")
    again = page.notebook_html(nb, "成效分析")  # the notebook given is left as it was
    draft = page.notebook_html(draft_nb, "成效分析")
    assert made == [1] and first == again
    soup = BeautifulSoup(first, "html.parser")
    toc = [(li["class"][0], li.a["href"], li.a.get_text()) for li in soup.select("nav.fz-toc li")]
    assert toc == [
        ("fz-toc-h1", "#%E6%88%90%E6%95%88%E5%88%86%E6%9E%90", "成效分析"),
        ("fz-toc-h2", "#%E6%9D%8E%E5%BA%84%E4%B9%A1-2023%E5%B9%B4", "李庄乡 2023年"),
        ("fz-toc-h2", "#x-1", "一、 甲 & 乙"),
    ]
    assert all(soup.find(id=href[1:]) for _, href, _ in toc)
    assert "unit = " not in first and soup.title.get_text() == "成效分析"
    main = BeautifulSoup(draft, "html.parser").find("main")
    kids = main.find_all(True, recursive=False)
    assert "fz-draft-banner" in kids[0]["class"] and kids[1].name == "nav"
    assert draft.count("草稿：数据不完整") == 1  # moved, not copied
    assert banner in draft_nb.cells[2].outputs[1]["data"]["text/html"]
