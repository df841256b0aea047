"""The report as a Word file in the official-document layout (GB/T 9704-2012, 党政机关公文格式).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 2号 (22 pt) 方正小标宋简体,
centred; body 3号 (16 pt) 仿宋_GB2312, first line indented two characters, a fixed line pitch
giving 22 lines of 28 characters; 一、 headings in 黑体, （一） headings in 楷体_GB2312, 1. and （1）
in 仿宋; a run-in heading takes the heading font only up to the first 。; page numbers in 4号
宋体 as 「— 1 —」 on the outside edge (odd pages right, even pages left). The content is the same
report the HTML shows, read from its markup, so the two never disagree.
"""

from __future__ import annotations

import base64
import io
import re
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fzdata.export.registry import ReportDoc, register_format
from fzdata.export.stable import fixed_zip_times

TITLE_FONT, BODY_FONT, HEI, KAI, SONG = (
    "方正小标宋简体",
    "仿宋_GB2312",
    "黑体",
    "楷体_GB2312",
    "宋体",
)
BODY_PT, TITLE_PT, PAGE_NO_PT, TABLE_PT = 16, 22, 14, 12
#: 版心 225 mm high ÷ 22 lines = 28.95 pt; 156 mm wide ÷ 28 characters = 15.8 pt a character.
LINE_PITCH_PT = 28.95
CONDENSE_TWIPS = -4  # 16 pt - 0.2 pt = 15.8 pt per character
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM = 210 - 28 - 26  # 156 mm
#: A chart at most about half the text block (225 mm) high: if it does not fit below a
#: paragraph it moves to the next page and leaves less than half a page empty.
MAX_PICTURE_MM = 125
_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")


def _fonts(run: Any, name: str, size: float, bold: bool = False) -> None:
    """Set the font for Latin and East Asian text; Word uses w:eastAsia for Chinese."""
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    if size == BODY_PT:
        # 28 characters of 16 pt in 156 mm (442 pt) need each one 0.2 pt narrower (w:val in 1/20 pt).
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(CONDENSE_TWIPS))
        size_el = rpr.find(qn("w:sz"))  # schema order: w:spacing comes before w:sz
        if size_el is not None:
            size_el.addprevious(spacing)
        else:
            rpr.append(spacing)


def _paragraph(doc: Any, indent: bool = True, align: Any = None, exact: bool = True) -> Any:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PITCH_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        ind = p._element.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), "200")  # two characters, whatever the font size
        ind.set(qn("w:firstLine"), str(int(BODY_PT * 2 * 20)))
    if align is not None:
        p.alignment = align
    return p


def _text(node: Tag | NavigableString) -> str:
    """Text without the line breaks of the markup; spaces (a full-width one in a heading) stay."""
    raw = node.get_text() if isinstance(node, Tag) else str(node)
    return re.sub(r"[\r\n\t]+", "", raw).strip()


def _body(doc: Any, text: str, lead_font: str | None = None) -> None:
    """A body paragraph; a run-in heading (（一）…。 or 一、…。) takes its font up to the first 。."""
    p = _paragraph(doc)
    font = lead_font or (KAI if _LEVEL2.match(text) else HEI if _LEVEL1.match(text) else None)
    if font and "。" in text:
        head, rest = text.split("。", 1)
        rest = rest.lstrip()  # Markdown needs a space after a bold run-in heading; Word does not
        _fonts(p.add_run(head + "。"), font, BODY_PT)
        if rest:
            _fonts(p.add_run(rest), BODY_FONT, BODY_PT)
    else:
        _fonts(p.add_run(text), BODY_FONT, BODY_PT)


def _heading(doc: Any, text: str, font: str) -> None:
    p = _paragraph(doc)
    p.paragraph_format.keep_with_next = True
    _fonts(p.add_run(text), font, BODY_PT)


def _table(doc: Any, node: Tag) -> None:
    caption = node.find("caption")
    if caption:
        cp = _paragraph(doc, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        cp.paragraph_format.keep_with_next = True  # the title stays with its table
        _fonts(cp.add_run(_text(caption)), HEI, TABLE_PT)
    rows = [[_text(c) for c in tr.find_all(["th", "td"])] for tr in node.find_all("tr")]
    numeric = [
        [("fz-num" in (c.get("class") or [])) for c in tr.find_all(["th", "td"])]
        for tr in node.find_all("tr")
    ]
    if not rows:
        return
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _column_widths(table, rows, width)
    # Row by row, each row's cells taken once: table.cell(i, j) walks the whole table each time.
    for i, (row, table_row) in enumerate(zip(rows, table.rows, strict=True)):
        tr_pr = table_row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))  # a row is never cut across two pages
        if i == 0:  # the header row repeats on every page the table runs onto (after cantSplit)
            tr_pr.append(OxmlElement("w:tblHeader"))
        cells = table_row.cells
        for j, value in enumerate(row):
            para = cells[j].paragraphs[0]
            if i == 0:
                para.paragraph_format.keep_with_next = True
            if j < len(numeric[i]) and numeric[i][j]:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = para.add_run(value)
            _fonts(run, HEI if i == 0 else BODY_FONT, TABLE_PT)


def _column_widths(table: Any, rows: list[list[str]], ncols: int) -> None:
    """Columns as wide as their text needs (a name column not wrapped in 2-character pieces,
    a long explanation given the room), within the text block."""

    def need(text: str) -> float:
        return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)

    wants = []
    for j in range(ncols):
        lengths = sorted(need(r[j]) for r in rows if j < len(r)) or [2.0]
        typical = lengths[min(len(lengths) - 1, int(len(lengths) * 0.75))]  # not one outlier
        wants.append(min(max(typical, 4.5), 22.0))
    total = sum(wants)
    table.autofit = False
    grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
    widths = [Mm(TEXT_WIDTH_MM * want / total) for want in wants]
    for j, w in enumerate(widths):
        if j < len(grid):  # LibreOffice lays the table out from the grid, Word from the cells
            grid[j].set(qn("w:w"), str(int(w.twips)))
    for row in table.rows:  # each row's cells once (a column's cells walk the whole table)
        for cell, w in zip(row.cells, widths, strict=False):
            cell.width = w


def _figure(doc: Any, node: Tag) -> None:
    img = node.find("img")
    src = img.get("src", "") if img else ""
    if not src.startswith("data:image/png;base64,"):
        return
    png = base64.b64decode(src.split(",", 1)[1])
    p = _paragraph(doc, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False)
    p.paragraph_format.keep_with_next = True  # the caption below stays with its chart
    width, height = picture_size(png)
    p.add_run().add_picture(io.BytesIO(png), width=Mm(width), height=Mm(height))
    caption = node.find("figcaption")
    if caption:
        _fonts(
            _paragraph(doc, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER).add_run(_text(caption)),
            KAI,
            TABLE_PT,
        )


def picture_size(png: bytes) -> tuple[float, float]:
    """A chart's printed size in mm: its own size (charts are drawn for the printed width with
    text of at least 10.5 pt), never wider than the text block, and never taller than
    ``MAX_PICTURE_MM`` so that it never leaves half a page empty before it."""
    import struct

    w_px, h_px = struct.unpack(">II", png[16:24])
    dpi = 150.0
    if b"pHYs" in png[:200]:
        i = png.index(b"pHYs")
        ppm = struct.unpack(">I", png[i + 4 : i + 8])[0]
        dpi = ppm * 0.0254 or dpi
    width, height = w_px / dpi * 25.4, h_px / dpi * 25.4
    scale = min(1.0, TEXT_WIDTH_MM / width, MAX_PICTURE_MM / height)
    return width * scale, height * scale


def _walk(doc: Any, node: Tag) -> None:
    for child in node.children:
        if not isinstance(child, Tag):
            if str(child).strip():
                _body(doc, _text(child))
            continue
        if "fz-screen-only" in (child.get("class") or []):
            continue  # about the web page (hover), not for paper
        name = child.name
        if name == "h2":
            _heading(doc, _text(child), HEI)
        elif name in ("h3", "h4"):
            _heading(doc, _text(child), KAI)
        elif name == "p":
            strong = child.find("strong")
            lead = KAI if strong and _LEVEL2.match(_text(strong)) else None
            _body(doc, _text(child), lead)
        elif name in ("ul", "ol"):
            for i, li in enumerate(child.find_all("li", recursive=False), start=1):
                _body(doc, (f"{i}. " if name == "ol" else "") + _text(li))
        elif name == "table":
            _table(doc, child)
        elif name == "figure":
            _figure(doc, child)
        elif name in ("div", "section", "article"):
            _walk(doc, child)


def _page_number_footer(footer: Any, align: Any) -> None:
    p = footer.paragraphs[0]
    p.alignment = align
    _fonts(p.add_run("— "), SONG, PAGE_NO_PT)
    run = p.add_run()
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._element.append(el)
    _fonts(run, SONG, PAGE_NO_PT)
    _fonts(p.add_run(" —"), SONG, PAGE_NO_PT)


def _layout(doc: Any) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(28 - 7)  # the page number sits about 7 mm below the text block
    # 22 lines come from the exact line spacing of every paragraph, 28 characters from the
    # condensed spacing in _fonts. No text grid: LibreOffice snaps every Chinese character to
    # a grid cell when one is on, spreading a line of 28 over two.
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.attrib.pop(qn("w:type"), None)
    grid.attrib.pop(qn("w:charSpace"), None)
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)


def report_docx(report_html: str) -> bytes:
    """The Word file for a report body produced by :func:`fzdata.report.narrative.report_html`."""
    soup = BeautifulSoup(report_html, "html.parser")
    article = soup.find("article") or soup
    doc = Document()
    _layout(doc)
    _properties(doc, article)
    if article.get("data-draft"):
        _draft_header(doc, article["data-draft"])
    banner = article.find(class_="fz-draft-banner")
    if banner:
        banner.decompose()  # the header says it on paper; the list is in the appendix
    number = article.find("p", class_="fz-number")
    if number:  # 发文字号, centred above the title
        p = _paragraph(doc, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        _fonts(p.add_run(_text(number)), BODY_FONT, BODY_PT)
        number.decompose()
        _paragraph(doc, indent=False)
    title = article.find("h1")
    if title:
        p = _paragraph(doc, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        _fonts(p.add_run(_text(title)), TITLE_FONT, TITLE_PT)
        title.decompose()
        _paragraph(doc, indent=False)  # an empty line between title and 主送机关
    recipient = article.find("p", class_="fz-recipient")
    if recipient:
        _fonts(_paragraph(doc, indent=False).add_run(_text(recipient)), BODY_FONT, BODY_PT)
        recipient.decompose()
    sign = article.find("p", class_="fz-sign")
    appendix = article.find("h2", id="appendix")
    tail = []
    if appendix:  # the appendix goes after the signature, on a new page
        node = appendix
        while node is not None:
            nxt = node.next_sibling
            tail.append(node.extract())
            node = nxt
    if sign:
        # (the blank date keeps its leading full-width spaces: room to write the year by hand)
        lines = [s.strip(" \t\r\n") for s in sign.strings if s.strip()]
        sign.decompose()
    _walk(doc, article)
    if sign:
        _paragraph(doc, indent=False)
        for line in lines:
            p = _paragraph(doc, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
            p.paragraph_format.right_indent = Pt(BODY_PT * 4)
            _fonts(p.add_run(line), BODY_FONT, BODY_PT)
    if tail:
        doc.add_page_break()
        holder = BeautifulSoup("<div></div>", "html.parser").div
        for node in tail:
            holder.append(node)
        _walk(doc, holder)
    buf = io.BytesIO()
    doc.save(buf)
    return fixed_zip_times(buf.getvalue())


def _draft_header(doc: Any, text: str) -> None:
    """「草稿：数据不完整」 in the header of the first page (a first page of its own, with the
    same page number as the others)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    p = section.first_page_header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _fonts(p.add_run(text), HEI, BODY_PT, bold=True)
    _page_number_footer(section.first_page_footer, WD_ALIGN_PARAGRAPH.RIGHT)


def _properties(doc: Any, article: Tag) -> None:
    """Core properties from the report itself: title, issuer as author, 成文日期 as created
    (python-docx's template would say author python-docx, created 2013)."""
    import datetime as dt

    props = doc.core_properties
    title = article.get("data-title") or (_text(article.find("h1")) if article.find("h1") else "")
    issuer = article.get("data-issuer", "")
    props.title = title
    props.subject = title
    props.author = issuer
    props.last_modified_by = issuer
    props.keywords = "法治政府建设"
    props.comments = article.get("data-number", "")
    props.category = "报告"
    props.revision = 1
    props.language = "zh-CN"
    day = article.get("data-date", "")
    if day:
        when = dt.datetime.fromisoformat(day)
        props.created = props.modified = props.last_printed = when
    else:  # undated, to be dated by hand: no date at all rather than the template's (2013)
        for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
            for el in props._element.findall(qn(tag)):
                props._element.remove(el)


@register_format("docx")
def report_word(doc: ReportDoc) -> bytes:
    return report_docx(doc.fragment)
