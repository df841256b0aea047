"""The county pages: 汇总.html and the county's report draft, from a small hand-built roll-up.

The figures of the hand-built roll-up were chosen so that the county sentences can be checked by
hand: 甲镇 20多次 + 乙乡 10次 + 丁乡 5次 (from its report's text) with 丙镇 missing is 「35次以上」,
and the sentence names 丙镇.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import docx
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import SAMPLE_DATA, TESTS
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from golden import check_golden

from fzdata.core.errors import NarrativeError
from fzdata.county import pages, present
from fzdata.county.model import (
    CONTRADICTIONS_COLUMNS,
    SHARED_COLUMNS,
    SHORTCOMINGS_COLUMNS,
    STATUS_COLUMNS,
    TOTALS_COLUMNS,
    UNITS_COLUMNS,
    RollupYear,
)
from fzdata.county.report import county_namespaces, county_report_html
from fzdata.county.settings import CountySettings, CountyUnit

YEAR = 2024
GOLDEN = TESTS / "data" / "county" / "report_blocks.txt"
HOSTILE = "<script>window.__xss=1</script>镇"


def _href(unit: str) -> str:
    return f"../../{unit}/{YEAR}/report.html"


def small_rollup(hostile: bool = False, path: str = "") -> RollupYear:
    """Four townships (丙镇 sent nothing, 丁乡 only a Word report) and one department."""
    jia = HOSTILE if hostile else "甲镇"
    county = CountySettings(
        name="样例县",
        recipient="中共样例县委全面依法治县委员会",
        issuer="中共样例县委全面依法治县委员会办公室",
        deadlines={"department": "3月1日", "township": "3月10日", "publication": "4月1日"},
        units=[CountyUnit(jia), CountyUnit("乙乡"), CountyUnit("丙镇"), CountyUnit("丁乡"),
               CountyUnit("样例县司法局", "department", "司法局")],
        path=path,
    )  # fmt: skip
    t, d = f"{YEAR + 1}-03-10", f"{YEAR + 1}-03-01"
    status = pd.DataFrame(
        [
            [jia, jia, "township", True, 6, "已生成", 0, 1, 0, False, f"{YEAR + 1}-03-05", t, False, _href(jia)],
            ["乙乡", "乙乡", "township", True, 5, "已生成", 1, 0, 2, True, f"{YEAR + 1}-03-14", t, True, _href("乙乡")],
            ["丙镇", "丙镇", "township", True, 0, "未提交", 0, 0, 0, None, "", t, True, ""],
            ["丁乡", "丁乡", "township", True, 0, "仅报告文字", 0, 0, 1, False, f"{YEAR + 1}-03-08", t, False, ""],
            ["样例县司法局", "司法局", "department", True, 7, "已生成", 0, 0, 0, False, f"{YEAR + 1}-02-25", d, False, _href("样例县司法局")],
        ],
        columns=list(STATUS_COLUMNS),
    )  # fmt: skip
    L, T = "台账", "报告文字"
    units = pd.DataFrame(
        [
            [jia, jia, "township", "legal_literates", "法律明白人", 100.0, "", 100.0, 100.0, "人", "指标台账.xlsx!2024年指标!C5", L, 90.0, "", 10.0, 1, _href(jia)],
            [jia, jia, "township", "publicity_events", "普法宣传活动", 20.0, "多", 20.0, None, "次", "指标台账.xlsx!2024年指标!C6", L, 18.0, "", None, 1, _href(jia)],
            ["乙乡", "乙乡", "township", "legal_literates", "法律明白人", 80.0, "", 80.0, 80.0, "人", "指标.csv!B3", L, 85.0, "", -5.0, 2, _href("乙乡")],
            ["乙乡", "乙乡", "township", "publicity_events", "普法宣传活动", 10.0, "", 10.0, 10.0, "次", "指标.csv!B4", L, 10.0, "", 0.0, 2, _href("乙乡")],
            ["丁乡", "丁乡", "township", "publicity_events", "普法宣传活动", 5.0, "", 5.0, 5.0, "次", "全年开展普法宣传活动5次。", T, None, "", None, 3, ""],
            ["样例县司法局", "司法局", "department", "enforcement_cases", "行政执法案件", 1000.0, "多", 1000.0, None, "件", "执法案件.xlsx!案件!A2:A1001", L, None, "", None, 1, _href("样例县司法局")],
        ],
        columns=list(UNITS_COLUMNS),
    )  # fmt: skip
    totals = pd.DataFrame(
        [
            ["township", "legal_literates", "法律明白人", 180.0, "以上", 180.0, None, "人", 2, "丙镇、丁乡", False],
            ["township", "publicity_events", "普法宣传活动", 35.0, "以上", 35.0, None, "次", 3, "丙镇", False],
            ["department", "enforcement_cases", "行政执法案件", 1000.0, "多", 1000.0, None, "件", 1, "", True],
        ],
        columns=list(TOTALS_COLUMNS),
    )  # fmt: skip
    sc = pd.DataFrame(
        [
            ["below_norm", "法律明白人配备不足", "township", jia, jia, "一般", "…", _href(jia)],
            ["coverage_gap", "法律顾问未全覆盖", "township", jia, jia, "一般", "…", _href(jia)],
            ["unresolved_cases", "纠纷未化解", "township", jia, jia, "一般", "…", _href(jia)],
            ["below_norm", "法律明白人配备不足", "township", "乙乡", "乙乡", "一般", "…", _href("乙乡")],
        ],
        columns=list(SHORTCOMINGS_COLUMNS),
    )  # fmt: skip
    shared = pd.DataFrame(
        [["below_norm", "法律明白人配备不足", "township", 2, 3, f"{jia}、乙乡",
          f"3个乡镇中有2个法律明白人配备不足：{jia}、乙乡"]],
        columns=list(SHARED_COLUMNS),
    )  # fmt: skip
    contradictions = pd.DataFrame(
        [["乙乡", "乙乡", "publicity_events", "普法宣传活动", "12次", "10次", "全年开展普法宣传活动12次。", 9, _href("乙乡")]],
        columns=list(CONTRADICTIONS_COLUMNS),
    )  # fmt: skip
    previous = RollupYear(
        county,
        YEAR - 1,
        shared=pd.DataFrame(
            [["below_norm", "法律明白人配备不足", "township", 3, 3, "甲镇、乙乡、丁乡", ""],
             ["decline", "普法宣传活动减少", "township", 2, 3, "乙乡、丁乡", ""]],
            columns=list(SHARED_COLUMNS),
        ),
    )  # fmt: skip
    findings = [{"level": "warning", "code": "county_unit_missing", "file": "county.yml",
                 "message": f"丙镇 {YEAR} 年未提交台账或报告"}]  # fmt: skip
    return RollupYear(
        county, YEAR, status, units, totals, sc, shared, contradictions, findings, previous
    )


def _text(markup: object) -> str:
    return BeautifulSoup(str(markup).replace("</li>", "</li>\n"), "html.parser").get_text().strip()


# ----------------------------------------------------------------- report


def test_generated_blocks_golden(update_golden: bool) -> None:
    auto = county_namespaces(small_rollup())["自动"]
    blocks = {name: _text(auto[name]) for name in ("报送情况", "成效", "不足", "整改", "安排")}
    # Checked by hand: 20多 + 10 + 5 with 丙镇 missing is a lower bound, 35次以上.
    assert blocks["报送情况"] == (
        "全县应报送年度报告的单位5个（乡镇4个、部门1个），已报送4个，其中按期3个、逾期1个；"
        "乙乡逾期报送；丙镇未提交。"
    )
    assert blocks["成效"] == (
        # 4 townships listed, 2 behind the first total: 「已报送的2个」, never 「全县2个」.
        "（一）乡镇。已报送的2个乡镇法律明白人合计180人以上（丙镇、丁乡未报送）；"
        "已报送的3个乡镇普法宣传活动合计35次以上（丙镇未报送）。\n"
        "（二）部门。全县1个部门行政执法案件合计1000多件。"
    )
    assert "3个乡镇中有2个法律明白人配备不足：甲镇、乙乡。" in blocks["不足"]
    # Only 2 townships have ledgers: no unit is singled out as lagging.
    assert "较多" not in blocks["不足"]
    assert "报送方面，乙乡逾期报送，丙镇未提交。" in blocks["不足"]
    assert (
        "上年3个乡镇中有3个部分行政村法律明白人不足规范人数，本年仍有2个（甲镇、乙乡）。"
        in blocks["整改"]
    )
    assert "上年有2个乡镇部分指标较上年下降，本年已不再出现这一问题。" in blocks["整改"]
    # Plans for 2025 are summed up in 2026; rule labels never stand as official text.
    assert "2026年3月底前完成全县2025年度报告的汇总" in blocks["安排"]
    assert "「" not in blocks["安排"] + blocks["整改"]
    text = "".join(f"## {k}\n{v}\n" for k, v in blocks.items())
    check_golden(GOLDEN, text, update_golden)


def test_missing_units_said_once_per_paragraph() -> None:
    r = small_rollup()
    r.totals.loc[r.totals["key"] == "legal_literates", ["counted", "missing"]] = [3, "丙镇"]
    text = _text(county_namespaces(r)["自动"]["成效"])
    assert text.startswith(
        "（一）乡镇。已报送的3个乡镇法律明白人合计180人以上；普法宣传活动合计35次以上；"
        "丙镇未报送，未计入以上合计。"
    ), text
    assert text.count("丙镇") == 1 and text.count("3个乡镇") == 1


def test_county_figures_carry_their_sources() -> None:
    ns = county_namespaces(small_rollup())
    value = str(ns["乡镇"]["普法宣传活动"])
    assert _text(value) == "35次以上"
    title = BeautifulSoup(value, "html.parser").span["title"]
    assert (
        "甲镇：指标台账.xlsx!2024年指标!C6" in title
        and "丁乡（报告文字）：全年开展普法宣传活动5次。" in title
    )
    assert str(ns["乡镇"]["publicity_events"]) == value
    assert ns["单位数"]["乡镇"] == "4" and ns["单位数"]["合计"] == "5"


def test_default_county_report_has_five_sections_and_county_issuer() -> None:
    html = county_report_html(small_rollup())
    soup = BeautifulSoup(html, "html.parser")
    article = soup.find("article")
    assert article["data-issuer"] == "中共样例县委全面依法治县委员会办公室"
    assert soup.find("p", class_="fz-recipient").get_text() == "中共样例县委全面依法治县委员会："
    heads = [h.get_text() for h in soup.find_all("h2")]
    assert [h[:2] for h in heads[:5]] == ["一、", "二、", "三、", "四、", "五、"]
    assert (
        "丙镇未提交" in soup.find(class_="fz-draft-banner").get_text()
    )  # a draft while units miss
    assert soup.find("img")["src"].startswith("data:image/png;base64,")


def test_county_narrative_is_used_and_checked(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA / "county", data / "county")
    (data / "county.yml").write_text("name: 样例县\n", encoding="utf-8")
    r = small_rollup(path=str(data / "county.yml"))
    html = county_report_html(r)
    assert "某法治办〔2025〕2号" in html  # the sample narrative's front matter
    assert "全县乡镇普法宣传活动合计" in _text(html) and "35次以上" in _text(html)
    # The analyst stated 普法宣传活动 with the same sources: the generated clause is not repeated.
    assert _text(html).count("普法宣传活动合计35次以上") == 1
    bad = data / "county" / str(YEAR) / "narrative.md"
    bad.write_text(
        bad.read_text(encoding="utf-8") + "\n{{ 乡镇.不存在的指标 }}\n{% for x in y %}\n",
        encoding="utf-8",
    )
    with pytest.raises(NarrativeError) as exc:
        county_report_html(r)
    message = str(exc.value)
    assert "narrative.md" in message and "不存在的指标" in message and "{% for %}" in message


def test_county_docx_layout() -> None:
    files = pages.write_pages(small_rollup(), "/nonexistent")
    document = docx.Document(io.BytesIO(files["report.docx"]))
    s = document.sections[0]
    assert [
        round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)
    ] == [37, 35, 28, 26]
    ps = [p for p in document.paragraphs if p.text.strip()]
    title = ps[0]
    assert title.text == f"关于{YEAR}年法治政府建设情况的报告"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].font.size == Pt(22)
    assert title.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "方正小标宋简体"
    assert ps[1].text == "中共样例县委全面依法治县委员会："
    body = next(p for p in ps if "普法宣传活动合计35次以上（丙镇未报送）" in p.text)
    assert body.runs[0].font.size == Pt(16)
    assert any(p.text == "中共样例县委全面依法治县委员会办公室" for p in ps)  # 落款
    assert document.core_properties.author == "中共样例县委全面依法治县委员会办公室"
    again = pages.write_pages(small_rollup(), "/nonexistent")
    assert all(files[name] == again[name] for name in files)  # the same roll-up, the same bytes


# --------------------------------------------------------------- 汇总.html


def test_bar_chart_keeps_qualifiers_and_never_draws_a_gap_as_zero() -> None:
    from fzdata.county.charts import indicator_bars, rule_heatmap

    r = small_rollup()
    rows = r.units[r.units["key"] == "publicity_events"]
    fig = indicator_bars(rows, ["甲镇", "乙乡", "丙镇", "丁乡"])
    texts = [t.get_text().strip() for t in fig.axes[0].texts]
    assert texts == ["20多", "10", "未报送", "5"]
    assert len(fig.axes[0].patches) == 3  # no bar for 丙镇
    heat = rule_heatmap(r.shortcomings, ["甲镇", "乙乡", "丙镇", "丁乡"], present.missing_units(r))
    grid = heat.axes[0].images[0].get_array().tolist()
    # rows: the three rules; 丙镇 and 丁乡 have no ledgers to check (2), not "no shortcoming" (0)
    assert grid[0] == [1, 1, 2, 2] and grid[1] == [1, 0, 2, 2]


def _attrs(html: str) -> list[tuple[str, str, str]]:
    soup = BeautifulSoup(html, "html.parser")
    return [(t.name, a, str(v)) for t in soup.find_all(True) for a, v in t.attrs.items()]


def test_summary_offline_and_sanitised() -> None:
    html = pages.write_pages(small_rollup(hostile=True), "/nonexistent")["汇总.html"].decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    for tag, attr, value in _attrs(html):
        if attr in ("href", "src"):
            assert not re.match(r"^\s*(https?:|//|javascript:|file:|/)", value, re.I), (tag, value)
            if attr == "src":
                assert tag == "img" and value.startswith("data:image/png;base64,")
        assert not attr.startswith("on"), (tag, attr)
    assert "http://" not in html and "https://" not in html and "url(" not in html
    assert "<script>window.__xss=1</script>镇" in soup.get_text()  # the name shown as text


def test_summary_shows_status_totals_and_sources(tmp_path: Path) -> None:
    r = small_rollup()
    out = tmp_path / "out"
    for unit in ("甲镇", "乙乡", "样例县司法局"):
        (out / unit / str(YEAR)).mkdir(parents=True)
        (out / unit / str(YEAR) / "report.html").write_text("x", encoding="utf-8")
    made = pages.write_pages(r, out)
    base = out / "汇总" / str(YEAR)
    base.mkdir(parents=True)
    for name, data in {**made, "汇总.xlsx": b"x"}.items():
        (base / name).write_bytes(data)
    html = made["汇总.html"].decode()
    soup = BeautifulSoup(html, "html.parser")
    text = soup.get_text(" ", strip=True)
    # The same year's county report and workbook are linked from the top.
    files = {a["href"] for a in soup.select("p.fz-files a")}
    assert files == {"report.html", "report.docx", "%E6%B1%87%E6%80%BB.xlsx"}
    assert "应报送 5 个单位：已生成报告 3 个，仅收到报告文字 1 个，未提交 1 个；逾期 1 个。" in text
    missing = soup.select("tr.fz-missing")
    assert (
        len(missing) == 1 and "丙镇" in missing[0].get_text() and "未提交" in missing[0].get_text()
    )
    late = soup.select("tr.fz-late")
    assert len(late) == 1 and "乙乡" in late[0].get_text() and "逾期" in late[0].get_text()
    total = soup.select_one("table.fz-compare tr.fz-total").get_text(" ", strip=True)
    assert "35次以上" in total and "180人以上" in total and "未计入：丙镇、丁乡" in total
    jia = soup.find("a", string="20多次")  # qualifier kept, linked, with its source
    assert jia["href"] == "../../%E7%94%B2%E9%95%87/2024/report.html"
    assert jia["title"] == "指标台账.xlsx!2024年指标!C6"
    assert "第1位" in jia.parent.get_text()
    assert "3个乡镇中有2个法律明白人配备不足：甲镇、乙乡" in text
    assert "全年开展普法宣传活动12次。" in text  # the contradicting sentence
    assert len(soup.select("figure img")) == 4  # two township bars, one department, one heat map
    # Every link resolves inside the output folder.
    base = out / "汇总" / str(YEAR)
    hrefs = [a["href"] for a in soup.find_all("a") if not a["href"].startswith("#")]
    assert hrefs
    for href in hrefs:
        assert (base / unquote(href)).resolve().is_file(), href
    assert {h for h in hrefs} >= {"../../%E4%B9%99%E4%B9%A1/2024/report.html"}


def test_status_shows_received_dates_and_overdue_missing_units(tmp_path: Path) -> None:
    r = small_rollup()
    # 甲镇's date was recorded in county.yml; the others fall back to their files' dates.
    r.status["received"] = [f"{YEAR + 1}-03-04", "", "", "", ""]
    soup = BeautifulSoup(pages.write_pages(r, tmp_path)["汇总.html"].decode(), "html.parser")
    heads = [th.get_text(strip=True) for th in soup.select("table")[0].select("th")]
    assert "收到日期" in heads and "最后修改" not in heads
    rows = {tr.select("td")[0].get_text(strip=True): [td.get_text(strip=True)
            for td in tr.select("td")] for tr in soup.select("table")[0].select("tr") if tr.select("td")}  # fmt: skip
    col = heads.index("收到日期")
    assert rows["甲镇"][col] == f"{YEAR + 1}年3月4日"
    assert rows["乙乡"][col] == f"{YEAR + 1}年3月14日（文件修改日期，未记收到日期）"
    # 丙镇 sent nothing and its deadline has passed: 逾期, as status.csv says, not 「—」.
    assert rows["丙镇"][heads.index("是否逾期")] == "逾期"
    # The publishable county report never shows a file's date, only received dates.
    report = _text(county_report_html(r))
    assert f"{YEAR + 1}年3月4日" in report
    for date in ("3月5日", "3月14日", "3月8日", "2月25日"):
        assert f"{YEAR + 1}年{date}" not in report, date


def test_chart_notes_say_report_only_units_sent_text(tmp_path: Path) -> None:
    # 丁乡 sent only a Word report: no page to link (its file stays in data/), and it is not
    # 「报告尚未生成」; 甲镇's report is not built in this output, so that label stays.
    soup = BeautifulSoup(
        pages.write_pages(small_rollup(), tmp_path)["汇总.html"].decode(), "html.parser"
    )
    notes = [c.get_text() for c in soup.select("figcaption small")]
    assert notes and all(
        "丁乡（仅报送了报告，数字取自报告文字）" in n for n in notes if "丁乡" in n
    )
    assert any("丁乡" in n for n in notes)
    assert not any("丁乡（报告尚未生成）" in n for n in notes)
    assert any("甲镇（报告尚未生成）" in n for n in notes)
    assert not any("data/" in a["href"] for a in soup.find_all("a", href=True))


def test_index_links_the_county_years(tmp_path: Path) -> None:
    from fzdata.build.core import refresh_county_index, write_index

    out = tmp_path / "out"
    out.mkdir()
    write_index(out, [])
    assert "县级汇总" not in (out / "index.html").read_text(encoding="utf-8")
    # fz build writes the index before the roll-up: fz rollup fills the county section in.
    for year in (2023, 2024):
        (out / "汇总" / str(year)).mkdir(parents=True)
        (out / "汇总" / str(year) / "汇总.html").write_text("x", encoding="utf-8")
    refresh_county_index(out)
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in soup.select("a") if a["href"].startswith("汇总/")]
    assert links == ["汇总/2024/汇总.html", "汇总/2023/汇总.html"]
    assert soup.find("h2", id="county").get_text() == "县级汇总"
    write_index(out, [])  # a later build keeps them
    assert "汇总/2023/汇总.html" in (out / "index.html").read_text(encoding="utf-8")


def test_summary_names_findings_in_chinese(tmp_path: Path) -> None:
    r = small_rollup()
    r.findings.append(
        {"level": "warning", "code": "county_overdue", "file": "乙乡", "message": "晚"}
    )
    soup = BeautifulSoup(pages.write_pages(r, tmp_path)["汇总.html"].decode(), "html.parser")
    text = soup.get_text(" ", strip=True)
    assert "county_overdue" not in text and "fz rollup" not in text
    rows = soup.select("#findings ~ table tr")
    cells = " ".join(tr.get_text(" ", strip=True) for tr in rows)
    assert "单位的材料晚于 county.yml 规定的报送期限" in cells


# ---------------------------------------------------------------- browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.slow
@pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="没有 Debian 的 chromium（make browser 可安装）：跳过浏览器测试",
)
def test_summary_in_chromium_offline(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright 未安装")
    from test_browser import LAUNCH_ARGS, Visit, _not_blank

    out = tmp_path / "out"
    for unit in ("甲镇", "乙乡", "样例县司法局"):
        (out / unit / str(YEAR)).mkdir(parents=True)
        (out / unit / str(YEAR) / "report.html").write_text(
            "<!DOCTYPE html><title>单位报告</title><p>单位报告</p>", encoding="utf-8"
        )
    folder = out / "汇总" / str(YEAR)
    folder.mkdir(parents=True)
    for name, data in pages.write_pages(small_rollup(), out).items():
        (folder / name).write_bytes(data)
    artifacts = TESTS / "artifacts"
    artifacts.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            for name in ("汇总.html", "report.html"):
                v = Visit(browser, folder / name)
                assert v.errors == [] and v.outside() == [] and v.dialogs == [], name
                if name == "汇总.html":
                    assert v.page.locator("figure img").count() == 4
                    # every chart decoded (a broken data: URI has no natural width)
                    widths = v.page.eval_on_selector_all(
                        "figure img", "els => els.map(e => e.naturalWidth)"
                    )
                    assert all(w > 100 for w in widths)
                    v.page.screenshot(path=str(artifacts / "county-summary.png"), full_page=True)
                    _not_blank(artifacts / "county-summary.png")
                    v.page.get_by_role("link", name="20多次").first.click()
                    v.page.wait_for_load_state("load")
                    assert unquote(v.page.url).endswith("/甲镇/2024/report.html")
                v.page.close()
        finally:
            browser.close()


@pytest.mark.slow
def test_links_resolve_in_built_sample(tmp_path: Path) -> None:
    """The sample county built for 2024 (unit reports, then fz rollup): every link of 汇总.html
    names an existing file, each unit with a built report is linked, and the county report uses
    the sample's narrative."""
    from fzdata.build import core as fzbuild
    from fzdata.county.run import run_rollup

    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data)
    out = tmp_path / "out"
    report = fzbuild.build(data, out, None, [YEAR], jobs=2)
    assert report.counts()["failed"] == 0
    run_rollup(data, out, [YEAR], say=lambda _: None)
    folder = out / "汇总" / str(YEAR)
    soup = BeautifulSoup((folder / "汇总.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {a["href"] for a in soup.find_all("a") if not a["href"].startswith("#")}
    for href in hrefs:
        assert (folder / unquote(href)).resolve().is_file(), href
    linked = {unquote(h).split("/")[2] for h in hrefs if h.startswith("../../")}
    assert {"report.html", "report.docx", "%E6%B1%87%E6%80%BB.xlsx"} <= hrefs
    # outputs/index.html (written before the roll-up) links the county year.
    assert 'href="汇总/2024/汇总.html"' in (out / "index.html").read_text(encoding="utf-8")
    assert {"李庄乡", "青石镇", "河口镇", "某县市场监督管理局"} <= linked
    assert soup.select("tr.fz-missing") and "东岗镇" in soup.select("tr.fz-missing")[0].get_text()
    assert "某法治办〔2025〕2号" in (folder / "report.html").read_text(encoding="utf-8")
    assert docx.Document(str(folder / "report.docx")).paragraphs


def test_hostile_county_narrative_and_unit_name_run_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "county" / str(YEAR)).mkdir(parents=True)
    (data / "county.yml").write_text("name: 样例县\n", encoding="utf-8")
    (data / "county" / str(YEAR) / "narrative.md").write_text(
        "## 第一责任人\n\n<script>alert(1)</script>正文保留。<img src=http://127.0.0.1:9/x.png>"
        '<a href="javascript:alert(2)">点此</a>\n\n## 举措和成效\n\n{{ 自动.成效 }}\n\n{{ 表.报送情况 }}\n\n'
        "## 不足和整改\n\n无\n\n## 下一年度安排\n\n无\n\n## 其他情况\n\n无\n",
        encoding="utf-8",
    )
    r = small_rollup(hostile=True, path=str(data / "county.yml"))
    html = county_report_html(r)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and "alert(1)" not in html
    assert "正文保留。" in soup.get_text() and HOSTILE in soup.get_text()  # the name as text
    for tag, attr, value in _attrs(html):
        if attr in ("href", "src"):
            assert value.startswith(("#", "data:image/png;base64,")), (tag, value)
