"""The reports in a real browser: headless Chromium (Debian's), driven by Playwright.

Checks what a reader meets: no console errors, nothing requested outside file://, working table
of contents, provenance on hover, ledger markup that runs nothing, a first page that is not
blank. Screenshots are kept under tests/artifacts/.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote

import matplotlib.image as mpimg
import pytest
from conftest import SAMPLE_DATA, TESTS
from ledgers import INDICATOR_HEAD, make_unit, villages

from fzdata.build import core as fzbuild

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = TESTS / "artifacts"
HOSTILE = '<img src=x onerror="window.__xss=1;alert(1)">'
#: A narrative an attacker wrote: scripts, handlers, frames and resources on a local port that
#: nothing listens on (a request there is recorded, and fails fast).
OUT = "http://127.0.0.1:9"
HOSTILE_NARRATIVE = f"""## 第一责任人

无

## 举措和成效

正文第一段保留。

{{{{ 自动.成效 }}}}

<script>window.__xss = 2; alert(2)</script>
<img src=x onerror="window.__xss=3"> <svg onload="window.__xss=4"></svg>
<a href="javascript:window.__xss=5">点此</a> <a href="JaVaScRiPt:window.__xss=6">再点</a>
<iframe src="{OUT}/frame"></iframe> <object data="{OUT}/o.swf"></object> <embed src="{OUT}/e.swf">
<img src="{OUT}/track.png"> <link rel=stylesheet href="{OUT}/x.css"> <style>@import url({OUT}/i.css);</style>
<p style="background:url({OUT}/bg.png)">样式段落保留。</p>
<form action="{OUT}/post"><input name=q value=x></form>
<details open ontoggle="window.__xss=7">详情保留</details>
<meta http-equiv="refresh" content="0;url={OUT}/refresh"> <base href="{OUT}/">

![远程图片]({OUT}/md.png) [脚本链接](javascript:window.__xss=8)

## 不足和整改

无

## 下一年度安排

无

## 其他情况

无
"""
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="没有 Debian 的 chromium（make browser 可安装）：跳过浏览器测试",
    ),
]
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    data = root / "data"
    shutil.copytree(SAMPLE_DATA / "李庄乡", data / "李庄乡")
    make_unit(data, {2023: {
        "指标.csv": [INDICATOR_HEAD, [f"宣传{HOSTILE}", "10", "次", ""]],
        "村情.csv": villages((f"甲村{HOSTILE}", 2, "否", "是", "是"), ("乙村", 3, "是", "是", "是")),
    }})  # fmt: skip
    (data / "试验镇" / "2023" / "narrative.md").write_text(HOSTILE_NARRATIVE, encoding="utf-8")
    report = fzbuild.build(data, root / "out", ["李庄乡", "试验镇"], [2023])
    assert report.counts()["built"] == 2, [r.error for r in report.results]
    return root / "out"


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright 未安装")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


class Visit:
    """A page opened from file://, recording console errors, dialogs and outside requests."""

    def __init__(self, browser, path: Path) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1100, "height": 1400})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file://", "data:", "about:"))]


def _not_blank(png: Path) -> None:
    img = mpimg.imread(png)
    assert img.std() > 0.05, f"{png.name} looks blank"


def test_report_in_chromium(browser, outputs: Path) -> None:
    v = Visit(browser, outputs / "李庄乡/2023/report.html")
    page = v.page
    assert v.errors == [] and v.outside() == [] and v.dialogs == []
    assert page.title() == "关于2023年法治政府建设情况的报告"
    # The table of contents leads to every heading.
    links = page.locator("nav.fz-toc a")
    assert links.count() >= 8
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href")
        links.nth(i).click()
        assert page.evaluate("location.hash") == href
        assert page.locator(href).first.is_visible()
    # Provenance shows on hover.
    fig = page.locator("span.fz-src", has_text="137人").first
    fig.scroll_into_view_if_needed()
    fig.hover()
    after = page.evaluate("e => getComputedStyle(e, '::after').content", fig.element_handle())
    assert "指标台账.xlsx!2023年指标!C10" in after
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "report-first-page.png"))
    _not_blank(ARTIFACTS / "report-first-page.png")
    page.close()


def test_markup_in_a_cell_runs_nothing(browser, outputs: Path) -> None:
    for page_name in ("report.html", "shortcomings.html", "progress.html"):
        v = Visit(browser, outputs / "试验镇/2023" / page_name)
        v.page.wait_for_timeout(300)
        assert v.dialogs == [], f"{page_name}: a dialog opened"
        assert v.page.evaluate("window.__xss") is None
        assert v.page.locator('img[src="x"]').count() == 0
        assert "onerror" in v.page.inner_text("body")  # shown as text
        assert v.errors == [] and v.outside() == []
        v.page.close()


def test_hostile_narrative_runs_and_fetches_nothing(browser, outputs: Path) -> None:
    import docx

    v = Visit(browser, outputs / "试验镇/2023/report.html")
    v.page.wait_for_timeout(500)
    for el in v.page.locator("details").all():
        el.click()  # ontoggle would fire here
    for link in v.page.locator("article a").all():
        if (link.get_attribute("href") or "#").startswith("#"):
            continue
        link.click()
    v.page.wait_for_timeout(300)
    assert v.page.evaluate("window.__xss") is None
    assert v.dialogs == [] and v.outside() == [], v.outside()
    assert unquote(v.page.url).endswith("/试验镇/2023/report.html")  # no refresh, no navigation
    body = v.page.inner_text("article")
    v.page.close()
    words = ["正文第一段保留。", "样式段落保留。", "详情保留", "点此", "远程图片"]
    doc = "\n".join(
        p.text for p in docx.Document(str(outputs / "试验镇/2023/report.docx")).paragraphs
    )
    for word in words[:3]:
        assert word in body and word in doc, word
    for text in (body, doc):  # a script's content is dropped, not shown
        assert "alert(2)" not in text and "window.__xss = 2" not in text


def test_index_in_chromium(browser, outputs: Path) -> None:
    v = Visit(browser, outputs / "index.html")
    assert v.errors == [] and v.outside() == [] and v.dialogs == []
    hrefs = v.page.eval_on_selector_all("main a", "els => els.map(e => e.href)")
    reports = [h for h in hrefs if h.endswith("report.html")]
    assert len(reports) == 2
    v.page.get_by_role("link", name="报告", exact=True).first.click()
    v.page.wait_for_load_state("load")
    assert v.page.url.endswith("/2023/report.html")
    v.page.go_back()
    v.page.screenshot(path=str(ARTIFACTS / "index.png"))
    _not_blank(ARTIFACTS / "index.png")
    v.page.close()


def test_tables_laid_out_for_chinese_readers(browser, outputs: Path) -> None:
    """Chinese left-aligned, figures right-aligned, short names never broken, figures written
    as in the text, captions once; the print stylesheet keeps the contents with the title."""
    v = Visit(browser, outputs / "李庄乡/2023/progress.html")
    page = v.page
    text = page.inner_text("main")
    assert "91.7%" in text and "91.6667" not in text and "True" not in text and "<NA>" not in text
    cells = page.evaluate("""() => [...document.querySelectorAll('table.fz-table td')].map(td => ({
        text: td.innerText, align: getComputedStyle(td).textAlign, ws: getComputedStyle(td).whiteSpace,
        lines: Math.round(td.getBoundingClientRect().height / parseFloat(getComputedStyle(td).lineHeight || 20))}))""")
    name = next(c for c in cells if c["text"] == "普法宣传活动")
    figure = next(c for c in cells if c["text"] == "10次")
    assert name["align"] in ("left", "start") and figure["align"] == "right"
    for c in cells:
        if c["text"] and len(c["text"]) <= 12:
            assert c["ws"] == "nowrap", c
    page.close()
    v = Visit(browser, outputs / "李庄乡/2023/report.html")
    captions = v.page.eval_on_selector_all(
        "figcaption, caption", "els => els.map(e => e.innerText)"
    )
    assert len(captions) == len(set(captions))
    css = v.page.content()
    assert "break-after: avoid" in css and "thead { display: table-header-group; }" in css
    assert "table, figure, img, .fz-draft-banner { break-inside: avoid" in css
    v.page.emulate_media(media="print")
    toc = v.page.locator("nav.fz-toc").bounding_box()
    title = v.page.locator("h1#title").bounding_box()
    assert title["y"] - (toc["y"] + toc["height"]) < 200  # the title follows the contents
    v.page.close()
