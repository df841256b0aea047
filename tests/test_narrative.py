"""The narrative report: live figures, placeholder errors, sections, and untrusted ledger text."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import SAMPLE_DATA
from ledgers import INDICATOR_HEAD, UNIT, make_unit, villages

from fzdata.analysis.analyse import analyse_year
from fzdata.export.tables import csv_bytes, neutralise, xlsx_bytes
from fzdata.report.narrative import NarrativeError, report_html

SECTIONS = ["第一责任人", "举措和成效", "不足和整改", "下一年度安排", "其他情况"]


def text_of(html: str) -> str:
    return re.sub(r"\s+", "", BeautifulSoup(html, "html.parser").get_text())


def test_sample_2023_figures_are_live() -> None:
    html = report_html(analyse_year(SAMPLE_DATA, "李庄乡", 2023))
    t = text_of(html)
    assert "全年开展普法宣传活动10次，发放宣传资料1000多份，接待群众法律咨询500多人次" in t
    assert "全乡“法律明白人”达到137人，较上年增加12人" in t
    assert "检查企业和施工地5处" in t and "拆除违章建筑300平方米" in t
    assert "一是部分村“两委”" in t  # the analyst's own prose is kept
    soup = BeautifulSoup(html, "html.parser")
    titles = [h.get_text() for h in soup.find_all("h2")]
    assert titles[:5] == [
        "一、党政主要负责人履行推进法治建设第一责任人职责、加强法治政府建设的有关情况",
        "二、2023年推进法治政府建设的主要举措和成效",
        "三、存在的不足、原因和问题整改情况",
        "四、2024年推进法治政府建设的主要安排",
        "五、其他需要报告的情况",
    ]
    spans = {s.get_text(): s["title"] for s in soup.find_all("span", class_="fz-src")}
    assert spans["137人"] == "指标台账.xlsx!2023年指标!C10"


def _unit(tmp_path: Path, narrative: str, unit_yml: str = "") -> Path:
    make_unit(tmp_path, {2023: {"指标.csv": [INDICATOR_HEAD, ["普法宣传活动", "10", "次", ""], ["检查企业、施工地", "5", "处", ""]],
                                "村情.csv": villages(("甲村", 3, "是", "是", "是"))}}, unit_yml)  # fmt: skip
    (tmp_path / UNIT / "2023" / "narrative.md").write_text(narrative, encoding="utf-8")
    return tmp_path


def _narrative(body: dict[str, str] | None = None) -> str:
    body = body or {}
    return "\n".join(f"## {s}\n\n{body.get(s, '无。')}\n" for s in SECTIONS)


def test_placeholders_by_name_key_and_subscript(tmp_path: Path) -> None:
    n = _narrative(
        {
            "举措和成效": '开展{{ 指标.普法宣传活动 }}；检查{{ 指标["检查企业、施工地"] }}；代码写法{{ 指标.publicity_events }}。'
        }
    )
    t = text_of(report_html(analyse_year(_unit(tmp_path, n), UNIT, 2023)))
    assert "开展10次；检查5处；代码写法10次。" in t


def test_every_unknown_placeholder_reported_with_line_and_nearest(tmp_path: Path) -> None:
    n = _narrative(
        {
            "举措和成效": "开展{{ 指标.普法宣传活 }}。\n\n共{{ 数字.普法宣传活动 }}。\n\n{{ 自动.不足之处 }}"
        }
    )
    with pytest.raises(NarrativeError) as info:
        report_html(analyse_year(_unit(tmp_path, n), UNIT, 2023))
    err = info.value
    assert [line for line, _ in err.problems] == [7, 9, 11]
    msg = str(err)
    assert "narrative.md:7：没有「指标.普法宣传活」；是否想写：普法宣传活动" in msg
    assert "没有「数字」这类占位符" in msg and "是否想写：自动.不足" not in msg and "不足" in msg


def test_missing_section_is_an_error_but_none_is_fine(tmp_path: Path) -> None:
    n = "\n".join(f"## {s}\n\n无。\n" for s in SECTIONS[:4])
    with pytest.raises(
        NarrativeError, match="缺少「其他需要报告的情况」部分；如确无内容，请在该标题下写「无」"
    ):
        report_html(analyse_year(_unit(tmp_path, n), UNIT, 2023))
    assert "五、其他需要报告的情况" in text_of(
        report_html(analyse_year(_unit(tmp_path / "b", _narrative()), UNIT, 2023))
    )


def test_section_order_is_a_unit_setting(tmp_path: Path) -> None:
    yml = "section_order: [results, shortcomings, duty, plans, other]\n"
    html = report_html(analyse_year(_unit(tmp_path, _narrative(), yml), UNIT, 2023))
    heads = [h.get_text() for h in BeautifulSoup(html, "html.parser").find_all("h2")][:5]
    assert heads[0].startswith("一、2023年推进") and heads[2].startswith("三、党政主要负责人")


def test_without_narrative_the_report_is_still_complete() -> None:
    html = report_html(analyse_year(SAMPLE_DATA, "李庄乡", 2022))
    t = text_of(html)
    for title in (
        "一、党政主要负责人",
        "二、2022年推进",
        "三、存在的不足",
        "四、2023年推进",
        "五、其他需要报告的情况",
    ):
        assert title in t
    assert "仍有5个行政村法律明白人不足5名（北岭村、石桥村、高楼村、马岭村、孙洼村）" in t


# ------------------------------------------------------------------- security

HOSTILE = "<img src=x onerror=alert(1)>"


def _hostile_unit(tmp_path: Path) -> Path:
    make_unit(tmp_path, {2023: {
        "指标.csv": [INDICATOR_HEAD, [f"宣传{HOSTILE}", "10", "次", ""], ["=HYPERLINK(\"http://x\",\"点我\")", "3", "次", ""]],
        "村情.csv": villages((f"甲村{HOSTILE}", 2, "否", "是", "是"), ("乙村", 3, "是", "是", "是")),
    }})  # fmt: skip
    return tmp_path


def test_markup_in_a_cell_is_shown_as_text(tmp_path: Path) -> None:
    html = report_html(analyse_year(_hostile_unit(tmp_path), UNIT, 2023))
    soup = BeautifulSoup(html, "html.parser")
    assert not [i for i in soup.find_all("img") if i.get("src") == "x"]
    assert "onerror" not in str(soup.find_all(True, attrs={"onerror": True}))
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert f"宣传{HOSTILE}" in soup.get_text()  # shown, as text


def test_formulas_neutralised_in_csv_and_xlsx(tmp_path: Path) -> None:
    a = analyse_year(_hostile_unit(tmp_path), UNIT, 2023)
    rows = list(csv.DictReader(io.StringIO(csv_bytes(a.indicators).decode("utf-8-sig"))))
    names = [r["name"] for r in rows]
    assert '\'=HYPERLINK("http://x","点我")' in names
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"indicators": a.indicators})))
    cells = [c.value for row in wb.active.iter_rows() for c in row]
    assert '\'=HYPERLINK("http://x","点我")' in cells
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+86 123", "'+86 123"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\t=1", "'\t=1"), ("-5", "-5"), ("+3.5", "+3.5"), ("正常文字", "正常文字"), (12, 12)],
)  # fmt: skip
def test_neutralise(value: object, expected: object) -> None:
    assert neutralise(value) == expected
    if isinstance(value, str):
        df = pd.DataFrame({"x": [value]})
        assert (
            next(csv.reader(io.StringIO(csv_bytes(df).decode("utf-8-sig").splitlines()[1])))[0]
            == expected
        )


def test_every_placeholder_is_documented() -> None:
    from conftest import REPO

    from fzdata.report.narrative import Namespace, names_of, namespaces

    doc = (REPO / "docs" / "narrative.md").read_text("utf-8")
    ns = namespaces(analyse_year(SAMPLE_DATA, "李庄乡", 2023), {})
    for kind, value in ns.items():
        if isinstance(value, Namespace) and kind in ("自动", "表", "图"):
            for name in names_of(value):
                assert f"{{{{ {kind}.{name} }}}}" in doc, (
                    f"{kind}.{name} is not in docs/narrative.md"
                )
        elif isinstance(value, Namespace):
            assert f"{{{{ {kind}.名称 }}}}" in doc
        else:
            assert f"{{{{ {kind} }}}}" in doc


def test_every_chart_placeholder_renders_its_chart(tmp_path: Path) -> None:
    """Each documented 图 placeholder draws its own chart (none renders empty)."""
    import re

    from fzdata.report.charts import CHARTS as ALL_CHARTS
    from fzdata.unit.profiles import load_profile

    # The township's charts (a department's are tested in tests/test_department.py).
    CHARTS = {k: v for k, v in ALL_CHARTS.items() if k in load_profile("township").charts}
    narrative = tmp_path / "narrative.md"
    body = "\n\n".join(f"{{{{ 图.{spec.placeholder} }}}}" for spec in CHARTS.values())
    sections = ["主要举措和成效", "存在的不足", "第一责任人职责", "下一年度安排", "其他"]
    narrative.write_text(
        "\n\n".join(f"## {s}\n\n{body if i == 0 else '无'}" for i, s in enumerate(sections)),
        encoding="utf-8",
    )
    html = report_html(analyse_year(SAMPLE_DATA, "李庄乡", 2023), narrative=narrative)
    images = re.findall(r'<img alt="([^"]+)"[^>]*? src="data:image/png;base64,([^"]+)"', html)
    assert [alt for alt, _ in images] == [spec.caption for spec in CHARTS.values()]
    assert len({data for _, data in images}) == len(CHARTS)  # four different pictures
    assert {"指标趋势", "各村达标", "案件结果", "培训学时"} <= {
        s.placeholder for s in CHARTS.values()
    }
