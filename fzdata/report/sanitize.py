"""The allow-list the narrative's HTML passes through (nh3, the Python binding of ammonia).

What a narrative may show: text structure (paragraphs, headings, lists, tables, emphasis,
quotes, code), the report's own source spans and the charts this report drew. What it may not:
scripts, styles, frames, objects, embeds, forms, event handlers, any URL scheme but the
charts' ``data:image/png``, links anywhere but inside the page, and anything fetched from
outside. Tags that are dropped keep their text; ``script`` and ``style`` lose their content too.
"""

from __future__ import annotations

import nh3

TAGS = {
    "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "del", "s", "sub",
    "sup", "code", "pre", "blockquote", "ol", "ul", "li", "table", "caption", "thead", "tbody",
    "tfoot", "tr", "th", "td", "span", "figure", "figcaption", "img", "a",
}  # fmt: skip
ATTRIBUTES = {
    "span": {"class", "title"},
    "p": {"class"},
    "table": {"class"},
    "th": {"colspan", "rowspan", "class"},
    "td": {"colspan", "rowspan", "class"},
    "ol": {"start"},
    "img": {"alt", "src", "width", "height"},
    "a": {"href", "title"},
}
#: Class names a narrative's HTML may carry: the report's own (sources, tables, figures in
#: cells, and the generated items that :mod:`fzdata.report.tidy` numbers on from the analyst's).
CLASSES = {"fz-src", "fz-table", "fz-num", "fz-short", "fz-auto-item", "fz-clause"}


def clean(html: str, images: set[str] = frozenset()) -> str:  # type: ignore[assignment]
    """``html`` with only the allowed tags and attributes; an image must be one of ``images``
    (the report's own charts) and a link must point inside the page (``#…``)."""

    def keep(tag: str, attr: str, value: str) -> str | None:
        if attr == "src":
            return value if tag == "img" and value in images else None
        if attr == "href":
            return value if value.startswith("#") and ":" not in value else None
        if attr in ("width", "height"):  # a chart's shown size: a number of pixels only
            return value if value.isdigit() and len(value) <= 4 else None
        if attr == "class":
            kept = [c for c in value.split() if c in CLASSES]
            return " ".join(kept) or None
        return value

    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"data"},
        attribute_filter=keep,
        link_rel=None,
        strip_comments=True,
    )
