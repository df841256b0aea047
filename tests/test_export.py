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
