"""Generated blocks fitted into the analyst's section: numbering continued, figures not twice.

A section of the report mixes the analyst's paragraphs with generated ones (``{{ 自动.成效 }}``).
The generated paragraphs (``<p class="fz-auto-item">`` with ``（一）`` leads and one
``<span class="fz-clause">`` per figure) are fitted in after rendering:

* a figure the analyst already stated in the same section (the same source, ``fz-src``) is not
  stated again, and a paragraph left with no figure is dropped;
* their ``（一）`` numbering continues the analyst's ``（一）…（四）`` before them instead of
  restarting it.
"""

from __future__ import annotations

import re

import cn2an
from bs4 import BeautifulSoup, NavigableString, Tag
from markupsafe import Markup

_ITEM = re.compile(r"^（(?P<n>[一二三四五六七八九十]+)）")


def tidy_section(html: str) -> Markup:
    soup = BeautifulSoup(html, "html.parser")
    _run_in_spaces(soup)
    items = soup.select("p.fz-auto-item")
    if not items:
        return Markup(str(soup))
    stated = {
        s.get("title")
        for s in soup.select("span.fz-src")
        if s.get("title") and not s.find_parent(class_="fz-auto-item")
    }
    for p in items:
        clauses = p.select("span.fz-clause")
        keep = [c for c in clauses if not _sources(c) or not _sources(c) <= stated]
        if not keep:
            p.decompose()
        elif len(keep) < len(clauses):
            lead = p.find("strong")
            p.clear()
            if lead is not None:
                p.append(lead)
            for i, c in enumerate(keep):
                if i:
                    p.append(NavigableString("；"))
                p.append(c)
            p.append(NavigableString("。"))
    _continue_numbering(soup)
    return Markup(str(soup))


def _run_in_spaces(soup: BeautifulSoup) -> None:
    """``**（一）标题。** 正文``: Markdown needs the space after the bold run-in heading; the
    reader does not (a space between Chinese characters)."""
    for strong in soup.select("p > strong:first-child"):
        after = strong.next_sibling
        if isinstance(after, NavigableString) and strong.get_text().endswith("。"):
            after.replace_with(str(after).lstrip(" \t\n"))


def _sources(clause: Tag) -> set[str]:
    return {s["title"] for s in clause.select("span.fz-src") if s.get("title")}


def _continue_numbering(soup: BeautifulSoup) -> None:
    """Number the generated items after the last （n） the analyst wrote before them."""
    last = 0
    n = 0
    for block in soup.find_all(["p", "h3", "h4", "li"]):
        text = block.get_text().strip()
        m = _ITEM.match(text)
        if "fz-auto-item" in (block.get("class") or []):
            n = n + 1 if n else last + 1
            lead = block.find("strong")
            if lead is not None and m:
                first = lead.find(string=_ITEM)
                if first is not None:
                    first.replace_with(_ITEM.sub(f"（{cn2an.an2cn(n)}）", str(first), count=1))
        elif m and not n:
            last = int(cn2an.cn2an(m["n"], "normal"))
