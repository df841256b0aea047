"""The analyst's display layer (nb.show) and the explore notebook, run by papermill with
parameters: every output is written as the report writes it, never as a Python repr."""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import pandas as pd
import papermill as pm
import pytest
from bs4 import BeautifulSoup
from conftest import REPO, SAMPLE_DATA

import fzdata
from fzdata import explore as ex
from fzdata import nb
from fzdata.export.present import html_table

#: What must never reach an analyst's eyes: Python reprs, missing-value spellings, codes.
REPRS = ("<Figure size", "b'\\x89PNG", "<fzdata.", "object at 0x", "<IPython.", "Traceback")
WORDS = re.compile(r"(?<![A-Za-z_])(True|False|NaN|nan|None|NaT|<NA>)(?![A-Za-z_])")
CODES = re.compile(
    r"(?<![A-Za-z_])(improved|declined|unchanged|stated|derived|resolved|pending|failed|"
    r"high|medium|low|up|down|neutral|appears|disappears|stays)(?![A-Za-z_])"
)


def assert_clean(text: str, where: str = "") -> None:
    assert not [r for r in REPRS if r in text], (where, text[:500])
    assert not WORDS.search(text), (where, WORDS.search(text), text[:500])


def cell_texts(html: str) -> list[str]:
    return [td.get_text() for td in BeautifulSoup(html, "html.parser").find_all(["td", "th"])]


@pytest.fixture(scope="module")
def a() -> fzdata.YearAnalysis:
    return fzdata.analyse_year(SAMPLE_DATA, "李庄乡", 2024)


def test_show_writes_values_as_the_report() -> None:
    df = pd.DataFrame({
        "key": ["legal_literates", "counsel_coverage"], "name": ["法律明白人", "法律顾问覆盖率"],
        "value": [1000.0, 91.66666], "qualifier": ["多", ""], "unit": ["人", "%"],
        "target": [math.nan, 100.0], "trend": ["improved", pd.NA], "agrees": [True, False],
        "origin": ["stated", "derived"], "change_approx": [True, False],
        "source": ["指标台账.xlsx!指标!C3", "村情台账：村情.csv!村情!2:27（26行）"],
    })  # fmt: skip
    html = html_table(df, "indicators")
    texts = cell_texts(html)
    assert texts[6:12] == ["法律明白人", "1000多人", "—", "向好", "是", "台账填报"]
    assert texts[12:18] == ["法律顾问覆盖率", "91.7%", "100%", "", "否", "明细统计"]
    assert "指标代码" not in texts and "限定词" not in texts and "来源" not in texts
    assert 'title="指标台账.xlsx!指标!C3"' in html
    for t in texts:
        assert_clean(t)
        assert not CODES.search(t), t
    assert "来源" in cell_texts(html_table(df, "indicators", sources=True))


def test_show_every_table_of_an_analysis(a: fzdata.YearAnalysis) -> None:
    tables = {**a.tables(), "trends": a.trends, "norms": a.norms_table}
    tables |= {k: getattr(a.data, k) for k in ("disputes", "petitions", "trainings", "events")}
    tables["ledger_villages"] = a.data.villages
    for name, df in tables.items():
        html = html_table(df, "villages" if name == "ledger_villages" else name)
        for t in cell_texts(html):
            assert_clean(t, name)
            assert not CODES.search(t), (name, t)
            assert not re.fullmatch(r"-?\d+\.0", t), (name, t)  # 7, never 7.0
        heads = [th.get_text() for th in BeautifulSoup(html, "html.parser").find_all("th")]
        assert not re.search(r"[a-z]+_[a-z_]+", "".join(heads)), (name, heads)


def test_show_and_charts_display_chinese_text_and_images(
    a: fzdata.YearAnalysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list = []
    monkeypatch.setattr(nb, "display", lambda obj, raw=False, **_: shown.append(obj))
    nb.show(a.indicators, "indicators")
    nb.chart(a, "village_scorecard")
    nb.show(ex.indicator_chart(ex.pick(SAMPLE_DATA, "李庄乡", 2024), "legal_literates"))
    nb.show(a.data.rejects, "rejects", caption="拒收行")
    table, chart, other, empty = shown
    assert "text/html" in table and "法律明白人" in table["text/plain"]
    assert chart["image/png"] and chart["text/plain"] == "〔图：各行政村达标情况〕"
    assert other["image/png"] and not other["text/plain"].startswith("<")
    assert "没有记录" in empty["text/plain"]
    for bundle in (table, chart, other):
        assert_clean(bundle["text/plain"])


def test_what_if_names_shortcomings_that_change() -> None:
    p = ex.pick(SAMPLE_DATA, "李庄乡", 2024)
    changes = ex.what_if(p, {"decline_pct": 50, "legal_literates_per_village": 7})
    assert {"disappears", "changed"} <= set(changes["change"])
    assert not changes[changes["change"] == "disappears"]["after"].any()
    assert "不再出现" in ex.what_if_summary(changes)
    assert ex.what_if_summary(ex.what_if(p, {})) == "调整后，不足的条目没有变化。"
    looser = ex.what_if(p, {"severe_share": 1})
    assert set(looser["change"]) <= {"changed", "stays", "appears", "disappears"}


def test_village_and_indicator_across_years() -> None:
    p = ex.pick(SAMPLE_DATA, "李庄乡", 2024)
    a = p.analysis()
    assert ex.choose_village(a, None) in ex.villages_of(a)
    years = ex.village_years(p, "石桥村")
    assert list(years["year"]) == [2021, 2022, 2023, 2024]
    assert set(ex.village_cases(p, "石桥村")["village"]) == {"石桥村"}
    assert ex.choose_indicator(a, "法律明白人") == "legal_literates"
    assert list(ex.indicator_years(p, "legal_literates")["year"]) == [2021, 2022, 2023, 2024]
    box = ex.indicator_choice(a, "法律明白人")
    assert box.value == "legal_literates" and box.label == "法律明白人"
    assert box._repr_mimebundle_()["text/plain"].startswith("指标：法律明白人")
    with pytest.raises(fzdata.FzError, match="没有「王村」这个村"):
        ex.choose_village(a, "王村")


def _outputs(nb_: nbformat.NotebookNode) -> list[tuple[int, str, str]]:
    """(cell, kind, text) of every output a reader sees (widget state excluded)."""
    out = []
    for i, cell in enumerate(nb_.cells):
        for o in cell.get("outputs", []):
            if o.output_type == "stream":
                out.append((i, "stream", o.text))
            elif o.output_type == "error":
                out.append((i, "error", f"{o.ename}: {o.evalue}"))
            else:
                for mime in ("text/plain", "text/html", "text/markdown"):
                    if mime in o.get("data", {}):
                        out.append((i, mime, o.data[mime]))
    return out


@pytest.mark.slow
def test_explore_notebook_with_parameters(tmp_path: Path) -> None:
    executed = pm.execute_notebook(
        str(REPO / "notebooks" / "explore.ipynb"), str(tmp_path / "explore.ipynb"),
        cwd=str(REPO / "notebooks"), progress_bar=False, kernel_name="python3",
        parameters={"data_dir": str(SAMPLE_DATA), "unit": "李庄乡", "year": 2023,
                    "village": "石桥村", "indicator": "法律明白人",
                    "what_if": {"legal_literates_per_village": 7, "decline_pct": 50}},
    )  # fmt: skip
    outputs = _outputs(executed)
    assert not [o for o in outputs if o[1] == "error"]
    for cell, mime, text in outputs:
        shown = text
        if mime == "text/html":
            shown = "\n".join(cell_texts(text))
        assert_clean(shown, f"cell {cell} {mime}")
        if mime == "text/html":
            assert not CODES.search(shown), (cell, CODES.search(shown))
    everything = "\n".join(t for _, _, t in outputs)
    assert "李庄乡 2023年：识别表格 6 类" in everything
    assert "单位：李庄乡，年份：2023" in everything  # the dropdowns' plain fallback
    assert "行政村：石桥村（" in everything and "石桥村历年情况" in everything
    assert "指标：法律明白人（" in everything
    assert "不再出现" in everything and 'title="' in everything
    images = [
        o for c in executed.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})
    ]
    assert len(images) == 2


def test_finding_codes_are_shown_in_chinese() -> None:
    """The 数据问题 table names each problem in Chinese; the CSVs keep the codes."""
    import pandas as pd

    from fzdata.export.present import plain_text

    df = pd.DataFrame(
        [{"level": "info", "code": "encoding", "file": "a.csv", "sheet": "", "cell": "",
          "message": "按 GB18030 编码读取"},
         {"level": "error", "code": "lint:numbering", "file": "narrative.md", "sheet": "",
          "cell": "第3行", "message": "序号不连续"}]
    )  # fmt: skip
    text = plain_text(df, "findings")
    assert "CSV 不是 UTF-8（如 GBK）" in text and "稿件检查" in text
    assert "encoding" not in text and "lint:" not in text
