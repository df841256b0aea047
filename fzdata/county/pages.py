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

import base64
import datetime as dt
import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

import jinja2
import nh3
import pandas as pd
from markupsafe import Markup

from fzdata.core.errors import ConfigError
from fzdata.core.figures import fmt, num
from fzdata.core.resources import _yaml
from fzdata.county.model import REPORT_BUILT, REPORT_TEXT_ONLY
from fzdata.export.tables import TEMPLATES_DIR
from fzdata.unit.catalogue import default_catalogue
from fzdata.unit.profiles import load_profile

if TYPE_CHECKING:
    from fzdata.county.model import RollupYear

SUMMARY_FILE = "汇总.html"
REPORT_HTML = "report.html"
REPORT_DOCX = "report.docx"
#: Where a year's county pages live, relative to the output folder (``<out>/汇总/<年份>/``).
SUMMARY_DIR = "汇总"
#: A figure's source in a ``title`` is cut after this many characters (a total of 40 units).
MAX_TITLE = 600
#: The only content the page may load: its own inline style and its own data: images.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


@functools.cache
def words() -> dict[str, Any]:
    """``resources/county_pages.yml``."""
    return _yaml("county_pages.yml")


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


# ----------------------------------------------------------------- small helpers


def _blank(v: Any) -> bool:
    return v is None or (not isinstance(v, (str, list, dict)) and pd.isna(v))


def _text(v: Any) -> str:
    return "" if _blank(v) else str(v)


def _figure_text(value: Any, qualifier: Any, measure: Any) -> str:
    """A figure with its qualifier and unit of measure (1500多次, 30次以上, 约600人); — when missing."""
    if _blank(value):
        return fmt(None, _text(qualifier))
    return fmt(float(value), _text(qualifier), _text(measure))


def _date_text(v: Any) -> str:
    if _blank(v):
        return "—"
    if isinstance(v, str):
        try:
            v = dt.date.fromisoformat(v.strip()[:10])
        except ValueError:
            return v or "—"
    if hasattr(v, "year") and hasattr(v, "month"):
        return f"{v.year}年{v.month}月{v.day}日"
    return str(v)


def _title(text: str) -> str:
    return text if len(text) <= MAX_TITLE else text[: MAX_TITLE - 1] + "…"


def kind_label(kind: str) -> str:
    """乡镇 / 部门, from the kind's profile (the id itself for an unknown kind)."""
    try:
        return load_profile(kind).label
    except ConfigError:
        return kind


def listed(r: RollupYear) -> pd.DataFrame:
    """The status rows of the units county.yml lists (a folder not listed is shown, not counted)."""
    s = r.status
    if "listed" not in s.columns or not len(s):
        return s
    return s[s["listed"].map(lambda v: True if _blank(v) else bool(v))]


def kinds_of(r: RollupYear) -> list[str]:
    """The kinds of unit in the roll-up, townships first, in the order county.yml lists them."""
    seen = list(dict.fromkeys([u.kind for u in r.county.units] + list(r.status.get("kind", []))))
    return sorted(seen, key=lambda k: (k != "township", seen.index(k)))


def safe_href(href: Any) -> str:
    """A link inside the output folder, percent-encoded; "" for anything else (a scheme, an
    absolute path, a backslash, a query)."""
    text = _text(href).strip()
    if not text or ":" in text or text.startswith(("/", "\\")) or "\\" in text or "?" in text:
        return ""
    parts = unquote(text).split("#", 1)
    path = quote(parts[0], safe="/.-_~")
    return path + ("#" + quote(parts[1], safe="-_") if len(parts) > 1 else "")


def link_exists(base: Path, href: str) -> bool:
    """Whether a relative ``href`` from the folder ``base`` names an existing file."""
    if not href:
        return False
    # normpath, not resolve(): the summary's own folder need not exist yet
    return Path(os.path.normpath(base / unquote(href.split("#", 1)[0]))).is_file()


def _direction(kind: str, key: str) -> str:
    try:
        cat = default_catalogue(load_profile(kind).catalogue)
    except ConfigError:
        return "neutral"
    return cat[key].direction if key in cat else "neutral"


def compare_keys(r: RollupYear, kind: str) -> list[str]:
    """The indicators compared side by side: the kind's key figures and trend indicators that
    some unit reported, then nothing else (every indicator is in the full table)."""
    have = set(r.units.loc[r.units["kind"] == kind, "key"]) if len(r.units) else set()
    try:
        p = load_profile(kind)
        wanted = list(dict.fromkeys([*p.key_figures, *p.trend_keys]))
    except ConfigError:
        wanted = []
    keys = [k for k in wanted if k in have]
    return keys or sorted(k for k in have if k)


def units_of(r: RollupYear, kind: str) -> list[tuple[str, str]]:
    """(unit, label) of every unit of ``kind`` in the status table, in its order."""
    s = r.status[r.status["kind"] == kind] if len(r.status) else r.status
    return [(row["unit"], _text(row.get("label")) or row["unit"]) for _, row in s.iterrows()]


def missing_units(r: RollupYear) -> set[str]:
    """Labels of the units without ledgers (未提交, or only a report's text): no shortcoming
    rule could run for them, so the heat map shows 「—」, not 「没有」."""
    s = r.status
    if not len(s):
        return set()
    gone = s[s["ledgers"].map(lambda v: _blank(v) or not float(v))]
    return {(_text(x.get("label")) or x["unit"]) for _, x in gone.iterrows()}


def rank_of(
    values: dict[str, float], given: dict[str, Any] | None = None
) -> dict[str, tuple[int, bool]]:
    """Each unit's place among its kind, largest first (1, 2, 2, 4), as ``units.csv`` has it
    (``given``, the roll-up's own rank, wins where present); (rank, tied)."""
    ordered = sorted(values.values(), reverse=True)
    ranks = {}
    for unit, v in values.items():
        g = (given or {}).get(unit)
        ranks[unit] = int(g) if not _blank(g) else ordered.index(v) + 1
    taken = list(ranks.values())
    return {u: (n, taken.count(n) > 1) for u, n in ranks.items()}


def change_text(row: pd.Series) -> str:
    """较上年增加2次 / 有所增加 / 持平; approximate figures never get a precise change."""
    w = words()["page"]
    if _blank(row.get("previous")):
        return w["change_none"]
    ch = row.get("change")
    approx = bool(_text(row.get("qualifier")) or _text(row.get("previous_qualifier")))
    if _blank(ch):
        if _blank(row.get("value")):
            return w["change_none"]
        ch = float(row["value"]) - float(row["previous"])
    ch = float(ch)
    measure = _text(row.get("measure"))
    if approx:
        return "较上年有所增加" if ch > 0 else "较上年有所减少" if ch < 0 else "与上年大体持平"
    if ch == 0:
        return "与上年持平"
    if measure == "%":
        return f"较上年{'提高' if ch > 0 else '下降'}{num(abs(ch))}个百分点"
    return f"较上年{'增加' if ch > 0 else '减少'}{fmt(abs(ch), '', measure)}"


def sources_of(r: RollupYear, kind: str, key: str) -> str:
    """Each counted unit's source of one indicator: 「李庄乡：指标台账.xlsx!2024年指标!C10；…」."""
    u = r.units
    rows = u[(u["kind"] == kind) & (u["key"] == key)] if len(u) else u
    parts = []
    for _, x in rows.iterrows():
        if _blank(x.get("value")):
            continue
        origin = _text(x.get("origin"))
        tag = f"（{origin}）" if origin and origin != words()["report"]["origin_ledger"] else ""
        parts.append(f"{_text(x.get('label')) or x['unit']}{tag}：{_text(x.get('source')) or '—'}")
    return _title("；".join(parts))


# ------------------------------------------------------------------------ charts


@dataclass
class Chart:
    name: str  # placeholder in the county narrative (图.<name>)
    caption: str
    png: bytes
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, href)

    @property
    def uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def charts(r: RollupYear) -> list[Chart]:
    """One bar chart per key indicator of each kind, then the heat map of rules by unit."""
    from fzdata.county.charts import indicator_bars, rule_heatmap
    from fzdata.report.charts import png_bytes

    w = words()["page"]
    out = []
    for kind in kinds_of(r):
        units = units_of(r, kind)
        if not units:
            continue
        labels = [lab for _, lab in units]
        try:
            keys = list(load_profile(kind).key_figures)
        except ConfigError:
            keys = []
        for key in keys:
            rows = r.units[(r.units["kind"] == kind) & (r.units["key"] == key)]
            if rows.empty or rows["value"].isna().all():
                continue
            name = rows["name"].iloc[0]
            measure = (
                _text(rows["measure"].dropna().iloc[0]) if rows["measure"].notna().any() else ""
            )
            caption = w["chart_bar_caption"].format(
                label=kind_label(kind), name=name, measure=measure or "—", year=r.year
            )
            links = [
                (_text(x.get("label")) or x["unit"], safe_href(x.get("href")))
                for _, x in rows.iterrows()
            ]
            png = png_bytes(indicator_bars(rows, labels))
            out.append(Chart(f"{kind_label(kind)}{name}", caption, png, links))
    labels = [lab for kind in kinds_of(r) for _, lab in units_of(r, kind)]
    sc = r.shortcomings
    if len(labels):
        png = png_bytes(rule_heatmap(sc, labels, missing_units(r)))
        links = [(lab, safe_href(h)) for lab, h in _status_links(r)]
        out.append(Chart("不足分布", w["chart_heat_caption"].format(year=r.year), png, links))
    return out


def _status_links(r: RollupYear) -> list[tuple[str, Any]]:
    return [(_text(x.get("label")) or x["unit"], x.get("href")) for _, x in r.status.iterrows()]


# ------------------------------------------------------------------- 汇总.html


@dataclass
class Cell:
    text: str
    href: str = ""
    title: str = ""
    note: str = ""  # rank and change, under the figure
    origin: str = ""  # 报告文字 when not from a ledger
    cls: str = ""


def _status_rows(r: RollupYear, base: Path | None) -> list[dict[str, Any]]:
    w = words()["page"]
    rows = []
    for _, s in r.status.iterrows():
        href = safe_href(s.get("href"))
        if base is not None and href and not link_exists(base, href):
            href = ""
        report = _text(s.get("report")) or w["not_submitted"]
        overdue = bool(s.get("overdue")) if not _blank(s.get("overdue")) else False
        overdue = overdue and _text(s.get("report")) != w["not_submitted"]
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
                "changed": _date_text(s.get("last_changed")),
                "deadline": _date_text(s.get("deadline")),
                "overdue": w["overdue"]
                if overdue
                else (w["on_time"] if report != w["not_submitted"] else w["not_due"]),
                "late": overdue,
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
    order = {"up": w["order_up"], "down": w["order_down"]}
    return {
        "kind": kind,
        "label": kind_label(kind),
        "caption": w["compare_caption"].format(label=kind_label(kind), n=len(units), year=r.year),
        "heads": heads,
        "rows": body,
        "total": total,
        "order": order,
    }


def summary_body(
    r: RollupYear, base: Path | None = None, pictures: list[Chart] | None = None
) -> str:
    """The body of 汇总.html (inside ``<main>``), before the allow-list."""
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
                {k: _text(f.get(k)) for k in ("level", "code", "file", "message")}
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


def summary_page(r: RollupYear, base: Path | None = None, pics: list[Chart] | None = None) -> str:
    """汇总.html: one offline file (CSP meta, inline style, charts as data: URIs, no script)."""
    pics = pics if pics is not None else charts(r)
    body = sanitise_page(summary_body(r, base, pics), [p.uri for p in pics])
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

    base = Path(out_dir) / SUMMARY_DIR / str(rollup.year)
    pics = charts(rollup)
    files = {SUMMARY_FILE: summary_page(rollup, base, pics).encode("utf-8")}
    files |= county_report_files(rollup, pics)
    return files
