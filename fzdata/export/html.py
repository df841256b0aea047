"""Offline HTML: executed notebooks through nbconvert with the package's own template.

Registered as the ``html`` report format (``report.html``); the analysis pages use the same
:func:`notebook_html`.
"""

from __future__ import annotations

import nbformat
from bs4 import BeautifulSoup

from fzdata.export.registry import ReportDoc, register_format
from fzdata.export.tables import TEMPLATES_DIR, serialize


def notebook_html(nb: nbformat.NotebookNode, title: str) -> str:
    """An executed notebook as one offline HTML file: no code, no prompts, no parameters cell,
    nothing loaded from the network, images embedded, a table of contents, A4 print CSS."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="fz",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code="zh",  # ISO 639-1 only: "zh-CN" would fall back to "en"
    )
    nb = _without_hidden_cells(nb)
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb)
    return banner_first(add_toc(body))


def banner_first(html: str) -> str:
    """A draft's banner at the very top of the page, above the table of contents."""
    soup = BeautifulSoup(html, "html.parser")
    banner, main = soup.select_one(".fz-draft-banner"), soup.find("main")
    if banner is None or main is None:
        return html
    main.insert(0, banner.extract())
    return str(soup)


def _without_hidden_cells(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop the parameters cells (papermill's injected one too) and cells tagged remove-cell."""
    hidden = {"parameters", "injected-parameters", "remove-cell"}
    nb = nbformat.from_dict(nb)
    nb.cells = [c for c in nb.cells if not hidden & set(c.get("metadata", {}).get("tags", []))]
    return nb


def add_toc(html: str) -> str:
    """Insert a table of contents (h1–h3) linked to the headings' ids."""
    soup = BeautifulSoup(html, "html.parser")
    heads = [
        h for h in soup.find_all(["h1", "h2", "h3"]) if h.get("id") and not h.find_parent("nav")
    ]
    main = soup.find("main")
    if not heads or main is None:
        return serialize(soup)
    nav = soup.new_tag("nav", attrs={"class": "fz-toc", "aria-label": "目录"})
    title = soup.new_tag("p", attrs={"class": "fz-toc-title"})
    title.string = "目录"
    nav.append(title)
    ol = soup.new_tag("ol")
    for h in heads:
        li = soup.new_tag("li", attrs={"class": f"fz-toc-{h.name}"})
        a = soup.new_tag("a", href=f"#{h['id']}")
        a.string = h.get_text(" ", strip=True).rstrip("¶").strip()
        li.append(a)
        ol.append(li)
    nav.append(ol)
    main.insert(0, nav)
    return serialize(soup)


@register_format("html")
def report_page(doc: ReportDoc) -> bytes:
    return notebook_html(doc.notebook, doc.title).encode("utf-8")
