"""The built report checked by its own lint: the visible text of the report's HTML body, one
line per heading, paragraph, list item or line break (what a reader sees, as fz lint would)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from fzdata.lint.base import LintFinding
from fzdata.lint.engine import lint_lines

BLOCKS = ["h1", "h2", "h3", "h4", "p", "li", "caption", "figcaption"]


def report_lines(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    article = soup.find("article", class_="fz-report") or soup
    for br in article.find_all("br"):
        br.replace_with("\n")
    return [
        line.strip()
        for b in article.find_all(BLOCKS)
        if not b.find(BLOCKS)
        for line in b.get_text().splitlines()
        if line.strip()
    ]


def lint_report_html(html: str) -> list[LintFinding]:
    return lint_lines(report_lines(html))
