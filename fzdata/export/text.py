"""Plain text of the report, for pasting into an OA system or a 政务公开 web form.

Registered as the ``txt`` report format (``report.txt``): the same report body as the HTML and
the Word file, headings and paragraphs one per line, tables as tab-separated rows, no
provenance notes or images.
"""

from __future__ import annotations

from bs4 import BeautifulSoup

from fzdata.export.registry import ReportDoc, register_format


@register_format("txt")
def report_text(doc: ReportDoc) -> bytes:
    soup = BeautifulSoup(doc.fragment, "html.parser")
    article = soup.find("article") or soup
    for node in article.find_all(["figure", "nav", "aside", "style", "script"]):
        node.decompose()
    lines: list[str] = []
    for node in article.find_all(["h1", "h2", "h3", "h4", "p", "li", "tr"]):
        if node.name == "tr":
            cells = [c.get_text(" ", strip=True) for c in node.find_all(["th", "td"])]
            lines.append("\t".join(cells))
        elif not node.find_parent(["li", "table"]) or node.name == "li":
            text = node.get_text("", strip=True)
            if text:
                lines.append(text)
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")  # Notepad and OA editors
