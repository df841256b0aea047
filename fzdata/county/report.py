"""The county's own report draft (``<out>/汇总/<年份>/report.html`` and ``report.docx``).

The same five sections, title, 主送机关/落款 and GB/T 9704 Word layout as a unit's report, issued
by the county (county.yml ``issuer``, ``recipient``). The 依法治县办 edits it through
``data/county/<年份>/narrative.md`` exactly like a unit's narrative: Markdown under the five
headings with placeholders, checked before rendering (:mod:`fzdata.report.guard`) and rendered
in the same immutable sandbox; without the file, ``templates/narrative_county.md`` is used.

Placeholders of a county narrative::

    {{ 自动.报送情况 }} {{ 自动.第一责任人 }} {{ 自动.成效 }} {{ 自动.不足 }} {{ 自动.整改 }} {{ 自动.安排 }}
    {{ 乡镇.普法宣传活动 }}  {{ 部门.行政执法案件 }}   county totals of a kind (name or key)
    {{ 单位数.乡镇 }}  {{ 单位数.合计 }}                units listed
    {{ 表.报送情况 }} {{ 表.汇总 }} {{ 表.乡镇汇总 }} {{ 表.共性问题 }}
    {{ 图.不足分布 }} {{ 图.乡镇普法宣传活动 }}
    {{ 单位 }} {{ 本单位 }} {{ 年份 }} {{ 上一年 }} {{ 下一年 }}

Every county figure says how many units stand behind it and which are missing
(「已报送的4个乡镇普法宣传活动合计37次以上」, the missing units said once per paragraph), with
each unit's source on hover.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cn2an
import pandas as pd
from markupsafe import Markup, escape

from fzdata.core.config import COUNTY_DIR, NARRATIVE_FILE
from fzdata.core.figures import spoken_name
from fzdata.core.resources import wording
from fzdata.county.model import NOT_SUBMITTED
from fzdata.county.present import (
    Chart,
    _blank,
    _date_text,
    _env,
    _figure_text,
    _text,
    charts,
    compare_keys,
    kind_label,
    kinds_of,
    listed,
    sources_of,
    words,
)
from fzdata.report.display import html_table
from fzdata.report.narrative import (
    Lazy,
    Namespace,
    _figure,
    _list,
    _markdown,
    read_narrative,
    render_narrative,
    report_sections,
    src,
)
from fzdata.report.sections import section_order
from fzdata.unit.profiles import kinds as profile_kinds

if TYPE_CHECKING:
    from fzdata.county.model import RollupYear

COUNTY_TEMPLATE = "narrative_county.md"


def _w() -> dict[str, Any]:
    return words()["report"]


def _units_text(units: list[str]) -> str:
    return "、".join(u for u in units if u)


def _label(row: pd.Series) -> str:
    return _text(row.get("label")) or _text(row.get("unit"))


# ------------------------------------------------------------------ facts


def _late(r: RollupYear) -> list[str]:
    s = r.status
    return [
        _label(x)
        for _, x in s.iterrows()
        if not _blank(x.get("overdue"))
        and bool(x["overdue"])
        and _text(x.get("report")) != NOT_SUBMITTED  # 未提交 is said on its own
    ]


def _missing(r: RollupYear) -> list[str]:
    return [_label(x) for _, x in r.status.iterrows() if _text(x.get("report")) == NOT_SUBMITTED]


def _submitted(r: RollupYear) -> int:
    return sum(1 for _, x in listed(r).iterrows() if _text(x.get("report")) != NOT_SUBMITTED)


def on_time_count(r: RollupYear) -> tuple[int, int]:
    """(on time, late) among the listed units that submitted."""
    late = len(_late_listed(r))
    return _submitted(r) - late, late


def _late_listed(r: RollupYear) -> list[str]:
    s = listed(r)
    return [
        _label(x)
        for _, x in s.iterrows()
        if not _blank(x.get("overdue"))
        and bool(x["overdue"])
        and _text(x.get("report")) != NOT_SUBMITTED
    ]


def submission_text(r: RollupYear) -> str:
    """全县应报送年度报告的单位6个（乡镇5个、部门1个），已报送5个；河口镇逾期报送；东岗镇未提交。"""
    w = _w()
    s = listed(r)
    by_kind = "、".join(
        w["by_kind"].format(label=kind_label(k), n=int((s["kind"] == k).sum()))
        for k in kinds_of(r)
        if (s["kind"] == k).any()
    )
    late, missing = _late(r), _missing(r)
    on_time, n_late = on_time_count(r)
    return w["submission"].format(
        listed=len(s),
        by_kind=by_kind,
        submitted=_submitted(r),
        on_time=on_time,
        n_late=n_late,
        late=w["late"].format(units=_units_text(late)) if late else w["late_none"],
        missing=w["missing"].format(units=_units_text(missing)) if missing else w["missing_none"],
    )


def _missing_clause(missing: str, label: str) -> str:
    w = _w()
    names = [m for m in missing.split("、") if m]
    if not names:
        return ""
    if len(names) > w["missing_listed"]:
        return w["clause_missing_many"].format(
            units=_units_text(names[: w["missing_listed"]]), n=len(names), label=label
        )
    return w["clause_missing"].format(units=_units_text(names))


def _listed_of(r: RollupYear, kind: str) -> int:
    s = listed(r)
    return int((s["kind"] == kind).sum()) if len(s) else 0


def total_clause(
    r: RollupYear, kind: str, row: pd.Series, subject: bool = True, missing: bool = True
) -> Markup | None:
    """「全县4个乡镇普法宣传活动合计30次」 or, when some units are missing, 「已报送的3个乡镇
    普法宣传活动合计30次以上（东岗镇未报送）」, the total's sources on hover. ``subject``: say
    which units stand behind it (the first clause of a run with the same units);
    ``missing``: name the missing units here (else once for the paragraph)."""
    if _blank(row.get("value")) or _blank(row.get("counted")) or not int(row["counted"]):
        return None
    w = _w()
    label = kind_label(kind)
    counted = int(row["counted"])
    value = src(
        _figure_text(row["value"], row.get("qualifier"), row.get("measure")),
        sources_of(r, kind, row["key"]),
    )
    who = ""
    if subject:
        full = counted >= _listed_of(r, kind) and not _text(row.get("missing"))
        who = w["subject_all" if full else "subject_some"].format(counted=counted, label=label)
    text = Markup(escape(w["clause"])).format(
        who=who, name=spoken_name(_text(row.get("name")), _text(row.get("measure"))), value=value
    )
    return text + (_missing_clause(_text(row.get("missing")), label) if missing else "")


def results_paragraphs(r: RollupYear) -> Markup:
    """成效: one paragraph per kind of unit, one clause per key indicator's county total, in the
    same markup as a unit's generated results (so the analyst's own sentences are not doubled)."""
    paras = []
    for kind in kinds_of(r):
        t = r.totals[r.totals["kind"] == kind] if len(r.totals) else r.totals
        rows = {x["key"]: x for _, x in t.iterrows()}
        clauses = []
        shown = [rows[k] for k in compare_keys(r, kind) if k in rows]
        shown = [x for x in shown if not _blank(x.get("value")) and int(x.get("counted") or 0)]
        # The missing units most clauses share are named once, after the paragraph's figures.
        gaps = [_text(x.get("missing")) for x in shown]
        top = Counter(g for g in gaps if g).most_common(1)
        common = top[0][0] if top and top[0][1] > 1 else ""
        before = None
        for x in shown:
            who = (int(x["counted"]), _text(x.get("missing")))
            c = total_clause(r, kind, x, subject=who != before, missing=who[1] != common)
            before = who
            if c is not None:
                clauses.append(Markup('<span class="fz-clause">{}</span>').format(c))
        if not clauses:
            continue
        if common:
            # No source: tidy_section always keeps it.
            note = _w()["paragraph_missing"].format(units=common)
            clauses.append(Markup('<span class="fz-clause">{}</span>').format(note))
        lead = _w()["results_lead"].format(n=cn2an.an2cn(len(paras) + 1), label=kind_label(kind))
        paras.append(
            Markup('<p class="fz-auto-item"><strong>{}</strong>{}。</p>').format(
                lead, Markup("；").join(clauses)
            )
        )
    if not paras:
        return Markup("<p>{}</p>").format(_w()["results_none"])
    return Markup("\n").join(paras)


def lagging_rules(r: RollupYear) -> str:
    """「李庄乡（4条）、河口镇（3条）列出的不足较多，需重点督促。」 or ""."""
    w = _w()
    sc = r.shortcomings
    if not len(sc):
        return ""
    s = listed(r)
    with_ledgers = s[pd.to_numeric(s["ledgers"], errors="coerce").fillna(0) > 0]
    per_kind = with_ledgers["kind"].value_counts()
    # A kind with one or two units that have ledgers has nobody to single a unit out against.
    kinds = [k for k, n in per_kind.items() if n >= w["lagging_min_units"]]
    sc = sc[sc["kind"].isin(kinds)]
    if not len(sc):
        return ""
    counts = sc.assign(who=[_label(x) for _, x in sc.iterrows()]).groupby("who", sort=False).size()
    many = counts[counts >= w["lagging_min_rules"]].sort_values(ascending=False, kind="stable")
    if many.empty:
        return ""
    items = [w["lagging_rule_item"].format(unit=u, n=int(n)) for u, n in many.items()]
    return w["lagging_rules"].format(units="、".join(items))


def contradicting_units(r: RollupYear) -> list[str]:
    c = r.contradictions
    return list(dict.fromkeys(_label(x) for _, x in c.iterrows())) if len(c) else []


def shortcoming_items(r: RollupYear) -> list[str]:
    """不足: the shared shortcomings, the units with many, late or missing, and contradictions."""
    w = _w()
    items = [_text(x.get("sentence")).rstrip("。") for _, x in r.shared.iterrows()]
    items = [i for i in items if i]
    lag = lagging_rules(r).rstrip("。")
    if lag:
        items.append(lag)
    late, missing = _late(r), _missing(r)
    if late or missing:
        parts = []
        if late:
            parts.append(w["late"].format(units=_units_text(late)).rstrip("；"))
        if missing:
            parts.append(w["missing"].format(units=_units_text(missing)).rstrip("。"))
        items.append(w["lagging_submission"].format(text="，".join(parts)))
    contra = contradicting_units(r)
    if contra:
        items.append(w["contradiction"].format(units=_units_text(contra)).rstrip("。"))
    return items


def problem_of(row: pd.Series) -> str:
    """The shortcoming as a phrase of official text (``rollup.yml`` shared.problems), not the
    rule's short label (「低于规范」)."""
    from fzdata.county.totals import spec

    problems = spec()["shared"]["problems"]
    return problems.get(_text(row.get("rule"))) or f"存在「{_text(row.get('title'))}」问题"


def followup_items(r: RollupYear) -> list[str]:
    """整改: last year's shared shortcomings, still present (with how many) or gone."""
    w = _w()
    prev = r.previous
    if prev is None:
        return [w["followup_none"].rstrip("。")]
    if not len(prev.shared):
        return [w["followup_nothing"].rstrip("。")]
    now = {(x["rule"], x["kind"]): x for _, x in r.shared.iterrows()} if len(r.shared) else {}
    items = []
    for _, p in prev.shared.iterrows():
        label = kind_label(_text(p.get("kind")))
        cur = now.get((p["rule"], p["kind"]))
        if cur is not None:
            more = int(cur["count"]) > int(p["count"])
            items.append(
                w["followup_more" if more else "followup_still"].format(
                    of=_text(p.get("of")), label=label, prev=_text(p.get("count")),
                    title=problem_of(p), count=_text(cur.get("count")),
                    units=_text(cur.get("units")),
                ).rstrip("。")
            )  # fmt: skip
        else:
            items.append(
                w["followup_gone"]
                .format(prev=_text(p.get("count")), label=label, title=problem_of(p))
                .rstrip("。")
            )
    return items


def arrangement_items(r: RollupYear) -> list[str]:
    w = _w()
    nxt = r.year + 1
    groups: dict[str, list[str]] = {}
    for _, x in r.shared.iterrows():  # one item per group of units, all their problems named
        groups.setdefault(_text(x.get("units")), []).append(problem_of(x))
    items = [
        w["arrangement_shared"].format(units=units, title="，".join(titles), next=nxt).rstrip("。")
        for units, titles in groups.items()
    ]
    behind = list(dict.fromkeys(_late(r) + _missing(r)))
    if behind:
        items.append(
            w["arrangement_submission"]
            .format(units=_units_text(behind), next=nxt, after=nxt + 1)
            .rstrip("。")
        )
    contra = contradicting_units(r)
    if contra:
        items.append(w["arrangement_contradiction"].format(units=_units_text(contra)).rstrip("。"))
    items.append(w["arrangement_default"].format(next=nxt, after=nxt + 1).rstrip("。"))
    return items


# ------------------------------------------------------------------- tables


def status_table(r: RollupYear) -> pd.DataFrame:
    w = _w()
    rows = []
    for _, x in r.status.iterrows():
        origins = ""
        if len(r.units):
            got = set(r.units.loc[r.units["unit"] == x["unit"], "origin"].dropna())
            origins = "、".join(sorted(got)) or w["origin_none"]
        # The date the office received the materials (county.yml); never a file's date,
        # which means nothing to a reader of the published report.
        changed = _date_text(x.get("received"))
        rows.append(
            [_label(x), kind_label(_text(x.get("kind"))), _text(x.get("report")) or NOT_SUBMITTED,
             origins or w["origin_none"],
             changed]
        )  # fmt: skip
    return pd.DataFrame(rows, columns=w["units_columns"])


def totals_table(
    r: RollupYear, kinds: list[str] | None = None, with_kind: bool = False, key_only: bool = False
) -> pd.DataFrame:
    """The county totals; ``key_only``: just the kind's key indicators (the report's body —
    the full table is in the appendix, once)."""
    w = _w()
    rows = []
    for kind in kinds or kinds_of(r):
        t = r.totals[r.totals["kind"] == kind] if len(r.totals) else r.totals
        if key_only and len(t):
            keys = compare_keys(r, kind)
            t = t[t["key"].isin(keys)]
        for _, x in t.iterrows():
            row = [
                _text(x.get("name")),
                _figure_text(x["value"], x.get("qualifier"), x.get("measure")),
                "—" if _blank(x.get("counted")) else str(int(x["counted"])),
                _text(x.get("missing")) or "—",
            ]
            rows.append(([kind_label(kind)] if with_kind else []) + row)
    cols = (["种类"] if with_kind else []) + list(w["totals_columns"])
    return pd.DataFrame(rows, columns=cols)


def shared_table(r: RollupYear) -> pd.DataFrame:
    cols = words()["page"]["shared_columns"][:4]
    rows = [
        [_text(x.get("title")), kind_label(_text(x.get("kind"))),
         f"{_text(x.get('count'))}/{_text(x.get('of'))}", _text(x.get("units"))]
        for _, x in r.shared.iterrows()
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def _table(df: pd.DataFrame, caption: str) -> Markup:
    return Markup("\n") + html_table(df, caption) + Markup("\n")


# --------------------------------------------------------------- namespaces


def county_namespaces(r: RollupYear, pictures: list[Chart] | None = None) -> dict[str, Any]:
    """Everything a county narrative may use, by placeholder family."""
    w = _w()
    shortcomings = shortcoming_items(r)
    auto = {
        "报送情况": Markup("<p>{}</p>").format(submission_text(r)),
        "第一责任人": Markup(escape(w["duty"])),
        "成效": Markup("\n") + results_paragraphs(r) + Markup("\n"),
        "不足": _list([f"{i}。" for i in shortcomings])
        if shortcomings
        else Markup(escape(w["shared_none"])),
        "整改": _list([f"{i}。" for i in followup_items(r)]),
        "安排": _list([f"{i}。" for i in arrangement_items(r)]),
    }
    ns: dict[str, Any] = {"自动": Namespace("自动", auto)}
    counts = {"合计": str(len(listed(r)))}
    tables = {
        "报送情况": _table(status_table(r), w["status_caption"]),
        "汇总": _table(
            totals_table(r, with_kind=True, key_only=True),
            w["totals_caption_key"].format(label="各类单位"),
        ),
        "共性问题": _table(shared_table(r), w["shared_caption"]),
    }
    for kind in profile_kinds():
        label = kind_label(kind)
        counts[label] = str(int((listed(r)["kind"] == kind).sum())) if len(r.status) else "0"
        tables[f"{label}汇总"] = _table(
            totals_table(r, [kind], key_only=True), w["totals_caption_key"].format(label=label)
        )
        figures: dict[str, Any] = {}
        t = r.totals[r.totals["kind"] == kind] if len(r.totals) else r.totals
        for _, x in t.iterrows():
            value = src(
                _figure_text(x["value"], x.get("qualifier"), x.get("measure")),
                sources_of(r, kind, x["key"]),
            )
            for n in (_text(x.get("name")), _text(x.get("key"))):
                if n:
                    figures[n] = value
        ns[label] = Namespace(label, figures)
    lazy_pics = {
        c.name: Lazy(functools.partial(lambda c: _figure(c.png, c.caption), c))
        for c in (pictures if pictures is not None else charts(r))
    }  # a chart is drawn only when the narrative shows it
    ns |= {
        "单位数": Namespace("单位数", counts),
        "表": Namespace("表", tables),
        "图": Namespace("图", lazy_pics),
        "单位": r.county.name,
        "本单位": w["self"],
        "年份": r.year,
        "上一年": r.year - 1,
        "下一年": r.year + 1,
    }
    return ns


# ------------------------------------------------------------------- render


def narrative_path(r: RollupYear) -> Path | None:
    """``data/county/<年份>/narrative.md`` (the data folder is county.yml's)."""
    if not r.county.path:
        return None
    return Path(r.county.path).parent / COUNTY_DIR / str(r.year) / NARRATIVE_FILE


def county_report_html(
    r: RollupYear,
    narrative: Path | None = None,
    date: dt.date | str | None = None,
    pictures: list[Chart] | None = None,
) -> str:
    """The county report's body (an ``<article class="fz-report">`` fragment, like a unit's)."""
    rw = wording()["report"]
    w = _w()
    path = narrative or narrative_path(r)
    if path is not None and (path.exists() or path.is_symlink()):
        text, shown = read_narrative(path, path.parent), f"{COUNTY_DIR}/{r.year}/{NARRATIVE_FILE}"
        from_file = True
    else:
        from fzdata.export.tables import TEMPLATES_DIR

        text = (TEMPLATES_DIR / COUNTY_TEMPLATE).read_text(encoding="utf-8")
        shown, from_file = "（县级默认正文）", False
    ns = county_namespaces(r, pictures)
    meta, md = render_narrative(text, shown, ns, date)
    intro, sections = report_sections(md, shown, section_order([]), "township", ns, rw, r.year)
    render = _markdown(ns)  # the intro, as the sections
    missing = _missing(r)
    on_time, n_late = on_time_count(r)
    intro_text = w["intro"].format(
        year=r.year, county=r.county.name, listed=len(listed(r)), submitted=_submitted(r),
        on_time=on_time, late=w["intro_late"].format(n=n_late) if n_late else "",
    )  # fmt: skip
    return (
        _env()
        .get_template("county_report.html.j2")
        .render(
            title=rw["title"].format(year=r.year),
            recipient=r.county.recipient,
            issuer=r.county.issuer or r.county.name,
            date=meta.date_text,
            meta=meta,
            intro=Markup(render(intro)) if intro else Markup(render(intro_text)),
            sections=sections,
            draft=bool(missing),
            banner=_banner(),
            missing=w["missing"].format(units=_units_text(missing)) if missing else "",
            appendix=w["appendix_text"].format(
                narrative_source=w["narrative_source"]["file" if from_file else "generated"]
            ),
            units_table=html_table(status_table(r), w["units_caption"]),
            totals_tables=[
                html_table(totals_table(r, [k]), w["totals_caption"].format(label=kind_label(k)))
                for k in kinds_of(r)
                if len(r.totals) and (r.totals["kind"] == k).any()
            ],
        )
    )


def _banner() -> str:
    from fzdata.analysis.completeness import spec

    return spec()["banner"]


def report_page(fragment: str, title: str) -> str:
    """The report body as an offline page, through the unit reports' own nbconvert template
    (same style, table of contents and print CSS)."""
    import nbformat

    from fzdata.export.html import notebook_html

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    cell["id"] = "county-report"  # not a random id: the same roll-up gives the same bytes
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": fragment})]
    nb.cells = [cell]
    return notebook_html(nb, title)


def county_report_files(
    r: RollupYear, pictures: list[Chart] | None = None, date: dt.date | str | None = None
) -> dict[str, bytes]:
    """``report.html`` and ``report.docx`` of the county for the year."""
    from fzdata.export.docx import report_docx

    fragment = county_report_html(r, date=date, pictures=pictures)
    title = wording()["report"]["title"].format(year=r.year)
    return {
        "report.html": report_page(fragment, title).encode("utf-8"),
        "report.docx": report_docx(fragment),
    }
