"""The county's pages for a year: ``汇总.html`` (who submitted what, units side by side, shared
shortcomings, contradictions, charts) and the county's own report draft (``report.html``,
``report.docx``), all made from one :class:`~fzdata.county.model.RollupYear`.

``汇总.html`` is one offline file: every text is escaped by the template (autoescape), the body
then passes an nh3 allow-list (links only to relative paths inside the output folder or the
page, images only the page's own charts as ``data:`` URIs), and a Content-Security-Policy meta
forbids anything fetched or run. Every figure links to its unit's report and carries its source
(``title``). Approximate figures keep their qualifier; a lower-bound total names the units it
misses. The wording is data: ``resources/county_pages.yml``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import nh3
from markupsafe import Markup

from fzdata.core.figures import num
from fzdata.county.model import REPORT_BUILT, REPORT_TEXT_ONLY, WORKBOOK
from fzdata.county.present import (
    Chart,
    _blank,
    _date_text,
    _direction,
    _env,
    _figure_text,
    _text,
    _title,
    change_text,
    charts,
    compare_keys,
    kind_label,
    kinds_of,
    link_exists,
    rank_of,
    safe_href,
    sources_of,
    units_of,
    words,
)

if TYPE_CHECKING:
    from fzdata.county.model import RollupYear

SUMMARY_FILE = "汇总.html"
#: The only content the page may load: its own inline style and its own data: images.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


# ------------------------------------------------------------------- 汇总.html


@dataclass
class Cell:
    text: str
    href: str = ""
    title: str = ""
    note: str = ""  # rank and change, under the figure
    origin: str = ""  # 报告文字 when not from a ledger
    cls: str = ""


def _finding_title(level: str, code: str) -> str:
    """The finding's Chinese title at its level (findings.yml); the code stays in the CSVs and
    the terminal."""
    from fzdata.core.findings import catalogue, finding_title

    return (catalogue().get(code) or {}).get(level, {}).get("title") or finding_title(code)


def _status_rows(r: RollupYear, base: Path | None) -> list[dict[str, Any]]:
    w = words()["page"]
    rows = []
    for _, s in r.status.iterrows():
        href = safe_href(s.get("href"))
        if base is not None and href and not link_exists(base, href):
            href = ""
        report = _text(s.get("report")) or w["not_submitted"]
        overdue = bool(s.get("overdue")) if not _blank(s.get("overdue")) else False
        late = overdue and _text(s.get("report")) != w["not_submitted"]
        received = _date_text(s.get("received"))
        changed = _date_text(s.get("last_changed"))
        if received == "—" and changed != "—":
            received = w["changed_fallback"].format(date=changed)
        draft = s.get("draft")
        state = (
            "—"
            if _blank(draft) or report == w["not_submitted"]
            else (
                w["draft"]
                if (draft is True or str(draft) in ("True", "草稿", "是", "1"))
                else w["final"]
            )
        )
        rows.append(
            {
                "unit": _text(s.get("label")) or s["unit"],
                "full": s["unit"],
                "kind": kind_label(_text(s.get("kind"))),
                "ledgers": "—" if _blank(s.get("ledgers")) else num(float(s["ledgers"])),
                "report": report,
                "href": href,
                "errors": "—" if _blank(s.get("errors")) else num(float(s["errors"])),
                "warnings": "—" if _blank(s.get("warnings")) else num(float(s["warnings"])),
                "lint": _text(s.get("lint")) or "—",
                "state": state,
                "changed": received,
                "deadline": _date_text(s.get("deadline")),
                "overdue": w["overdue"]
                if overdue
                else (w["on_time"] if report != w["not_submitted"] else w["not_due"]),
                "late": late,
                "missing": report == w["not_submitted"],
                "text_only": report == REPORT_TEXT_ONLY,
                "listed": True if _blank(s.get("listed")) else bool(s.get("listed")),
            }
        )
    return rows


def _compare(r: RollupYear, kind: str, base: Path | None, keys: list[str]) -> dict[str, Any]:
    """The side-by-side table of one kind: a row per unit, a column per indicator, a total row."""
    w = words()["page"]
    u = r.units[r.units["kind"] == kind] if len(r.units) else r.units
    units = units_of(r, kind)
    heads, ranks = [], {}
    for key in keys:
        sub = u[u["key"] == key]
        name = sub["name"].iloc[0] if len(sub) else key
        measure = _text(sub["measure"].dropna().iloc[0]) if sub["measure"].notna().any() else ""
        direction = _direction(kind, key)
        heads.append({"key": key, "name": name, "measure": measure, "direction": direction})
        values = {x["unit"]: float(x["value"]) for _, x in sub.iterrows() if not _blank(x["value"])}
        given = {x["unit"]: x.get("rank") for _, x in sub.iterrows()}
        ranks[key] = rank_of(values, given)
    body = []
    for unit, label in units:
        cells = []
        for h in heads:
            sub = u[(u["unit"] == unit) & (u["key"] == h["key"])]
            if sub.empty or _blank(sub["value"].iloc[0]):
                cells.append(Cell("—", cls="fz-missing"))
                continue
            x = sub.iloc[0]
            rank, tied = ranks[h["key"]].get(unit, (0, False))
            note = change_text(x)
            if len(ranks[h["key"]]) > 1:  # a place among one is no place
                note = (w["rank_tied"] if tied else w["rank"]).format(n=rank) + " · " + note
            href = safe_href(x.get("href"))
            if base is not None and href and not link_exists(base, href):
                href = ""
            origin = _text(x.get("origin"))
            cells.append(
                Cell(
                    _figure_text(x["value"], x.get("qualifier"), x.get("measure")),
                    href,
                    _title(_text(x.get("source"))),
                    note,
                    origin if origin == w["origin_text"] else "",
                )
            )
        body.append({"unit": label, "cells": cells})
    total = []
    t = r.totals[r.totals["kind"] == kind] if len(r.totals) else r.totals
    for h in heads:
        sub = t[t["key"] == h["key"]]
        if sub.empty:
            total.append(Cell("—"))
            continue
        x = sub.iloc[0]
        missing = _text(x.get("missing"))
        total.append(
            Cell(
                _figure_text(x["value"], x.get("qualifier"), x.get("measure")),
                title=sources_of(r, kind, h["key"]),
                note=w["total_missing"].format(units=missing) if missing else "",
            )
        )
    return {
        "kind": kind,
        "label": kind_label(kind),
        "caption": w["compare_caption"].format(label=kind_label(kind), n=len(units), year=r.year),
        "heads": heads,
        "rows": body,
        "total": total,
    }


def summary_body(
    r: RollupYear,
    base: Path | None = None,
    pictures: list[Chart] | None = None,
    siblings: list[str] | None = None,
) -> str:
    """The body of 汇总.html (inside ``<main>``), before the allow-list; ``siblings``: the files
    written beside it (the county report, the workbook), linked at the top."""
    w = words()["page"]
    status = _status_rows(r, base)
    counted = [s for s in status if s["listed"]]
    counts = {
        "listed": len(counted),
        "built": sum(1 for s in counted if s["report"] == REPORT_BUILT),
        "text_only": sum(1 for s in counted if s["text_only"]),
        "missing": sum(1 for s in counted if s["missing"]),
        "overdue": sum(1 for s in counted if s["late"]),
    }
    not_built = len(counted) - counts["built"] - counts["text_only"] - counts["missing"]
    counts["not_built"] = w["overview_not_built"].format(n=not_built) if not_built else ""
    deadlines = "；".join(
        f"{kind_label(k)}{v}前" for k, v in r.county.deadlines.items() if k != "publication"
    )
    pub = r.county.deadlines.get("publication", "")
    compares = []
    for kind in kinds_of(r):
        if not units_of(r, kind):
            continue
        compares.append(_compare(r, kind, base, compare_keys(r, kind)))
        all_keys = (
            list(dict.fromkeys(r.units.loc[r.units["kind"] == kind, "key"])) if len(r.units) else []
        )
        compares[-1]["full"] = _compare(r, kind, base, [k for k in all_keys if k])
    pics = pictures if pictures is not None else charts(r)
    if base is not None:
        for p in pics:
            p.links = [(lab, h if link_exists(base, h) else "") for lab, h in p.links]
    shared = [
        {
            "title": _text(x.get("title")),
            "kind": kind_label(_text(x.get("kind"))),
            "count": f"{_text(x.get('count'))}/{_text(x.get('of'))}",
            "units": _text(x.get("units")),
            "sentence": _text(x.get("sentence")),
        }
        for _, x in r.shared.iterrows()
    ]
    contradictions = []
    for _, x in r.contradictions.iterrows():
        href = safe_href(x.get("href"))
        if base is not None and href and not link_exists(base, href):
            href = ""
        contradictions.append(
            {
                "unit": _text(x.get("label")) or x["unit"],
                "name": _text(x.get("name")),
                "stated": _text(x.get("stated")),
                "ledger": _text(x.get("ledger")),
                "sentence": _text(x.get("sentence")),
                "line": _text(x.get("line")),
                "href": href,
            }
        )
    return (
        _env()
        .get_template("county_summary.html.j2")
        .render(
            w=w,
            county=r.county.name,
            year=r.year,
            title=w["title"].format(county=r.county.name, year=r.year),
            siblings=[(w["sibling_names"].get(n, n), quote(n)) for n in siblings or []],
            overview=w["overview"].format(**counts),
            deadlines=w["overview_deadlines"].format(deadlines=deadlines, publication=pub)
            if deadlines and pub
            else "",
            status=status,
            compares=compares,
            shared=shared,
            contradictions=contradictions,
            charts=pics,
            findings=[
                {
                    **{k: _text(f.get(k)) for k in ("level", "file", "message")},
                    "code": _finding_title(_text(f.get("level")), _text(f.get("code"))),
                }
                for f in r.findings
            ],
            level_names=w["level_names"],
        )
    )


#: What 汇总.html's body may contain after rendering (a second wall behind autoescape).
PAGE_TAGS = {
    "section", "nav", "h1", "h2", "h3", "p", "br", "small", "strong", "em", "span", "a", "ol",
    "ul", "li", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "figure",
    "figcaption", "img", "details", "summary", "div", "abbr", "mark",
}  # fmt: skip
PAGE_ATTRIBUTES = {
    "*": {"class", "id", "title"},
    "a": {"href"},
    "img": {"alt", "src"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}


def sanitise_page(body: str, images: Iterable[str]) -> str:
    """``body`` through nh3: no script, style, handler or frame; a link only to ``#…`` or a
    relative path without a scheme; an image only one of the page's own ``images``."""
    images = set(images)

    def keep(tag: str, attr: str, value: str) -> str | None:
        if attr == "src":
            return value if tag == "img" and value in images else None
        if attr == "href":
            return value if value.startswith("#") or safe_href(value) == value else None
        return value

    return nh3.clean(
        body,
        tags=PAGE_TAGS,
        attributes=PAGE_ATTRIBUTES,
        url_schemes={"data"},
        attribute_filter=keep,
        link_rel=None,
        strip_comments=True,
    )


def summary_page(
    r: RollupYear,
    base: Path | None = None,
    pics: list[Chart] | None = None,
    siblings: list[str] | None = None,
) -> str:
    """汇总.html: one offline file (CSP meta, inline style, charts as data: URIs, no script)."""
    pics = pics if pics is not None else charts(r)
    body = sanitise_page(summary_body(r, base, pics, siblings), [p.uri for p in pics])
    w = words()["page"]
    return (
        _env()
        .get_template("county_page.html.j2")
        .render(
            title=w["title"].format(county=r.county.name, year=r.year), csp=CSP, body=Markup(body)
        )
    )


# ---------------------------------------------------------------------- write


def write_pages(rollup: RollupYear, out_dir: Path | str) -> dict[str, bytes]:
    """The files of ``<out>/汇总/<年份>/``: ``汇总.html``, ``report.html``, ``report.docx``
    (names relative to that folder). Links to unit reports that do not exist under ``out_dir``
    are shown as text. Nothing is written here: the caller writes the files."""
    from fzdata.county.report import county_report_files
    from fzdata.county.rollup import rollup_dir

    base = rollup_dir(out_dir, rollup.year)
    pics = charts(rollup)
    report = county_report_files(rollup, pics)
    # The county report is written with this page, the workbook by write_rollup beside it.
    siblings = [n for n in ("report.html", "report.docx") if n in report] + [WORKBOOK]
    files = {SUMMARY_FILE: summary_page(rollup, base, pics, siblings).encode("utf-8")}
    return files | report
