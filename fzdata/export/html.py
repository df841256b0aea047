"""Offline HTML: executed notebooks through nbconvert with the package's own template.

Registered as the ``html`` report format (``report.html``); the analysis pages use the same
:func:`notebook_html`. One exporter is built per process (per thread) and reused; the page is
rendered once: the table of contents and the draft banner are handed to the template, which
writes them, and the page is not parsed again afterwards.
"""

from __future__ import annotations

import re
import threading
from html.parser import HTMLParser
from typing import Any

from fzdata.export.registry import ReportDoc, register_format
from fzdata.export.tables import TEMPLATES_DIR

#: The draft banner as :func:`fzdata.nb.draft_notice` and ``report.html.j2`` write it (a div
#: holding text and a ``strong``, never another div).
BANNER = re.compile(r'<div class="fz-draft-banner"[^>]*>.*?</div>', re.S)
#: Headings listed in the table of contents.
TOC_LEVELS = ("h1", "h2", "h3")
_HIDDEN = {"parameters", "injected-parameters", "remove-cell"}
_local = threading.local()


def exporter() -> Any:
    """This process's (this thread's) page exporter, built on first use."""
    made = getattr(_local, "exporter", None)
    if made is None:
        made = _local.exporter = _make_exporter()
    return made


def _make_exporter() -> Any:
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        """nbconvert's HTML exporter without its closing BeautifulSoup pass over the page (it
        adds alt text and tab stops, which the fz template writes itself)."""

        def from_notebook_node(self, nb, resources=None, **kw):  # type: ignore[no-untyped-def]
            info = nb.metadata.get("language_info", {})
            lexer = info.get("pygments_lexer", info.get("name"))
            resources = self._init_resources(resources)
            self.register_filter(
                "highlight_code",
                self.filters.get(
                    "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
                ),
            )
            self.register_filter(
                "filter_data_type",
                WidgetsDataTypeFilter(
                    notebook_metadata=self._nb_metadata, parent=self, resources=resources
                ),
            )
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return PageExporter(
        template_name="fz",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code="zh",  # ISO 639-1 only: "zh-CN" would fall back to "en"
    )


def notebook_html(nb: Any, title: str) -> str:
    """An executed notebook as one offline HTML file: no code, no prompts, no parameters cell,
    nothing loaded from the network, images embedded, the draft banner first, a table of
    contents, the shared stylesheet (with A4 print CSS) inlined once."""
    ex = exporter()
    nb = _without_hidden_cells(nb)
    nb.metadata["title"] = title
    banner = _take_banner(nb)
    page = {"banner": banner, "toc": headings(nb, ex)}
    body, _ = ex.from_notebook_node(nb, resources={"fz": page})
    return body


def _without_hidden_cells(nb: Any) -> Any:
    """A copy without the parameters cells (papermill's injected one too) and cells tagged
    remove-cell."""
    import copy

    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if not _HIDDEN & set(c.get("metadata", {}).get("tags", []))]
    return nb


def _html_of(output: dict[str, Any], mime: str) -> str:
    value = output.get("data", {}).get(mime, "")
    return "".join(value) if isinstance(value, list) else value


def _take_banner(nb: Any) -> str:
    """Take the draft banner out of the outputs, to be shown at the very top of the page
    (above the table of contents); empty when the report is final."""
    banner = ""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            html = _html_of(out, "text/html")
            if "fz-draft-banner" not in html:
                continue
            found = BANNER.search(html)
            if found:
                banner = banner or found.group(0)
                out["data"]["text/html"] = html[: found.start()] + html[found.end() :]
    return banner


class _Headings(HTMLParser):
    """h1–h3 with an id, outside any ``nav``: (level, id, text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []
        self._nav = 0
        self._anchor = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "nav":
            self._nav += 1
        elif tag in TOC_LEVELS and not self._nav and a.get("id"):
            self._open, self._text = (int(tag[1]), a["id"] or ""), []
        elif tag == "a" and self._open and "anchor-link" in (a.get("class") or "").split():
            self._anchor += 1  # nbconvert's ¶ link is no part of the heading's text

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._nav = max(0, self._nav - 1)
        elif tag == "a" and self._anchor:
            self._anchor -= 1
        elif self._open and tag == f"h{self._open[0]}":
            text = " ".join(s.strip() for s in self._text if s.strip())
            self.found.append((*self._open, text.rstrip("¶").strip()))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open and not self._anchor:
            self._text.append(data)


def headings(nb: Any, ex: Any = None) -> list[tuple[int, str, str]]:
    """Every h1–h3 with an id the page will show, in page order: from markdown cells and
    Markdown outputs (rendered by the exporter, which gives them their ids) and HTML outputs
    (the report's own ids). Only these small pieces are read, never the whole page."""
    ex = ex or exporter()
    pieces: list[str] = []
    for cell in nb.cells:
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            pieces.append(ex.markdown2html({"cell": cell}, source))
            continue
        for out in cell.get("outputs", []):
            html = _html_of(out, "text/html")
            if html:
                pieces.append(html)
            elif "text/markdown" in out.get("data", {}):
                pieces.append(ex.markdown2html({"cell": cell}, _html_of(out, "text/markdown")))
    found: list[tuple[int, str, str]] = []
    for piece in pieces:
        if not re.search(r"<h[1-3][\s>]", piece, re.I):
            continue
        parser = _Headings()
        parser.feed(piece)
        parser.close()
        found += parser.found
    return found


@register_format("html")
def report_page(doc: ReportDoc) -> bytes:
    return notebook_html(doc.notebook, doc.title).encode("utf-8")
