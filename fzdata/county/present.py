"""What the county pages share: the wording (``resources/county_pages.yml``), figures written
with their qualifiers, unit labels and kinds, safe relative links, ranks, changes, sources and
the charts of a :class:`~fzdata.county.model.RollupYear`. Used by :mod:`fzdata.county.pages`
(汇总.html) and :mod:`fzdata.county.report` (the county report)."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

import jinja2
import pandas as pd

from fzdata.core.errors import ConfigError
from fzdata.core.figures import fmt, num
from fzdata.core.resources import _yaml
from fzdata.export.tables import TEMPLATES_DIR
from fzdata.unit.catalogue import default_catalogue
from fzdata.unit.profiles import load_profile

if TYPE_CHECKING:
    from fzdata.county.model import RollupYear

#: A figure's source in a ``title`` is cut after this many characters (a total of 40 units).
MAX_TITLE = 600


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
    """A county chart, drawn on first use of :attr:`png` (a report that does not show it never
    draws it)."""

    name: str  # placeholder in the county narrative (图.<name>)
    caption: str
    draw: Callable[[], Any]  # -> matplotlib Figure
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, href)
    #: label -> what to say instead of a link (a unit that sent only a report's text)
    notes: dict[str, str] = field(default_factory=dict)
    _png: bytes | None = field(default=None, repr=False)

    @property
    def png(self) -> bytes:
        if self._png is None:
            from fzdata.report.charts import png_bytes

            self._png = png_bytes(self.draw())
        return self._png

    @property
    def uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def charts(r: RollupYear) -> list[Chart]:
    """One bar chart per key indicator of each kind, then the heat map of rules by unit (not
    drawn yet)."""
    from fzdata.county.charts import indicator_bars, rule_heatmap

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
            draw = functools.partial(indicator_bars, rows, labels)
            out.append(Chart(f"{kind_label(kind)}{name}", caption, draw, links, _notes(r)))
    labels = [lab for kind in kinds_of(r) for _, lab in units_of(r, kind)]
    sc = r.shortcomings
    if len(labels):
        draw = functools.partial(rule_heatmap, sc, labels, missing_units(r))
        links = [(lab, safe_href(h)) for lab, h in _status_links(r)]
        caption = w["chart_heat_caption"].format(year=r.year)
        out.append(Chart("不足分布", caption, draw, links, _notes(r)))
    return out


def _notes(r: RollupYear) -> dict[str, str]:
    """Units that sent only a report's text: no page of theirs to link to (the received file
    stays in data/, never linked), said so instead of 「报告尚未生成」."""
    from fzdata.county.model import REPORT_TEXT_ONLY

    note = words()["page"]["text_only_link"]
    return {
        _text(x.get("label")) or x["unit"]: note
        for _, x in r.status.iterrows()
        if _text(x.get("report")) == REPORT_TEXT_ONLY
    }


def _status_links(r: RollupYear) -> list[tuple[str, Any]]:
    return [(_text(x.get("label")) or x["unit"], x.get("href")) for _, x in r.status.iterrows()]
