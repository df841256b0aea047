"""The narrative report: the analyst's ``narrative.md`` with live figures, or generated blocks.

``data/<单位>/<年份>/narrative.md`` is Markdown under the five section headings, with Jinja2
placeholders for figures (``{{ 指标.普法宣传活动 }}`` → 10次), changes (``{{ 变化.法律明白人 }}``
→ 较上年增加12人), generated blocks (``{{ 自动.不足 }}``), tables and charts. Every placeholder is
checked before rendering; all unknown names are reported together with file, line and the
nearest valid names. Without a narrative file the report is written from generated blocks
alone (``templates/narrative_default.md``). Every figure from data carries its source, shown on
hover. Ledger text is escaped (Jinja2 autoescape): a cell holding markup shows as text.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cn2an
import jinja2
import mistune
import pandas as pd
from jinja2.exceptions import SecurityError
from markupsafe import Markup, escape

import fzdata.report.charts_department  # noqa: F401  (registers a department's charts)
from fzdata.analysis.analyse import YearAnalysis
from fzdata.core.config import NARRATIVE_FILE
from fzdata.core.errors import NarrativeError
from fzdata.core.figures import NO_RATE, fmt, num, spoken_name
from fzdata.core.limits import limit
from fzdata.core.resources import wording
from fzdata.export.tables import TEMPLATES_DIR, display_frame, serialize
from fzdata.report.charts import CHARTS, Pictures, shown_size
from fzdata.report.display import change_phrase
from fzdata.report.frontmatter import FrontMatter, parse_date, split_front_matter
from fzdata.report.guard import sandbox, template_problems
from fzdata.report.narrative_department import department_tables
from fzdata.report.sanitize import clean
from fzdata.report.sections import section_order
from fzdata.report.tidy import tidy_section
from fzdata.unit.profiles import load_profile, profile_wording

# ------------------------------------------------------------------ wording


def src(text: str, source: str) -> Markup:
    """A figure with its source on hover."""
    if not source:
        return escape(text)
    return Markup('<span class="fz-src" title="{}">{}</span>').format(source, text)


def results_paragraphs(a: YearAnalysis) -> Markup:
    """成效 in themed paragraphs: （一）普法宣传教育。普法宣传活动10次，较上年增加2次；…。"""
    groups = profile_wording(a.settings.kind)["results_groups"]
    listed = {k for g in groups for k in g["keys"]}
    rows = {
        (r["key"] or f"name:{r['name']}"): r
        for _, r in a.indicators.iterrows()
        if pd.notna(r["value"]) or r["qualifier"] == NO_RATE
    }
    no_rate = profile_wording(a.settings.kind)["report"]["no_rate"]
    paras = []
    for g in groups:
        keys = g["keys"] or [k for k in rows if k not in listed]
        clauses = []
        for k in keys:
            if k not in rows:
                continue
            r = rows[k]
            if pd.isna(r["value"]):  # a rate without cases to divide: said so, not left out
                clauses.append(src(no_rate.format(name=r["name"]), r["source"]))
                continue
            clause = Markup("{}{}").format(
                spoken_name(r["name"], r["unit"]),  # 执法人员人均培训56学时, not …学时56学时
                src(fmt(r["value"], r["qualifier"], r["unit"]), r["source"]),
            )
            clause += rate_basis(r, rows)
            phrase = change_phrase(r)
            clause += Markup("，{}").format(phrase) if phrase else Markup("")
            clauses.append(Markup('<span class="fz-clause">{}</span>').format(clause))
        if clauses:
            n = cn2an.an2cn(len(paras) + 1)
            lead = Markup("<strong>（{}）{}。</strong>").format(n, g["title"])
            paras.append(
                Markup('<p class="fz-auto-item">{}{}。</p>').format(
                    lead, Markup("；").join(clauses)
                )
            )
    return Markup("\n").join(paras)


def rate_basis(r: pd.Series, rows: dict[str, pd.Series]) -> str:
    """A case rate says its basis: （12起中调处成功11起）."""
    from fzdata.analysis.analyse import CASE_RATES, RATES

    if r["key"] not in CASE_RATES:
        return ""
    num_row, den_row = (rows.get(k) for k in RATES[r["key"]])
    if num_row is None or den_row is None:
        return ""
    return wording()["report"]["rate_basis"][r["key"]].format(
        total=fmt(den_row["value"], den_row["qualifier"], den_row["unit"]),
        n=fmt(num_row["value"], num_row["qualifier"], num_row["unit"]),
    )


def stated_once(sc: pd.DataFrame) -> pd.DataFrame:
    """The shortcomings as the report lists them: a fall below target is not stated again as a
    decline of the same figure (普法宣传活动9次 once, not twice)."""
    missed = set(sc.loc[sc["rule"] == "target_missed", "key"])
    return sc[~((sc["rule"] == "decline") & sc["key"].isin(missed))]


def main_indicator_table(ind: pd.DataFrame) -> pd.DataFrame:
    """表: each figure written with its qualifier and unit, last year's beside it."""
    rows = []
    for _, r in ind.iterrows():
        rows.append(
            {
                "name": r["name"],
                "value": fmt(
                    None if pd.isna(r["value"]) else r["value"], r["qualifier"], r["unit"]
                ),
                "previous": fmt(
                    None if pd.isna(r["previous"]) else r["previous"],
                    r["previous_qualifier"],
                    r["unit"],
                ),
                "change": change_phrase(r).removeprefix("较上年") or "—",
                "attainment": r["attainment"] or "—",
                "trend": r["trend"],
            }
        )
    cols = ["name", "value", "previous", "change", "attainment", "trend"]
    return display_frame("indicators", pd.DataFrame(rows, columns=cols))


def arrangements(a: YearAnalysis) -> list[str]:
    w = profile_wording(a.settings.kind)["arrangements"]
    out = []
    ind = a.indicators.set_index(
        a.indicators["key"].where(a.indicators["key"] != "", a.indicators["name"])
    )
    missed = set(a.shortcomings.loc[a.shortcomings["rule"] == "target_missed", "key"])
    for r in a.shortcomings.itertuples():
        if r.rule == "decline" and r.key in missed:
            continue  # the target already says how far to go
        pattern = w.get(r.rule)
        if isinstance(pattern, dict):
            pattern = pattern.get(r.key)
        if not pattern:
            continue
        row = ind.loc[r.key] if r.key in ind.index else None
        has = row is not None
        fields = {
            "name": row["name"] if has else str(r.key).removeprefix("table:"),
            "villages": r.villages,
            "n": num(r.value) if pd.notna(r.value) else "",
            "norm": num(r.threshold) if pd.notna(r.threshold) else "",
            "target": fmt(row["target"], "", row["unit"])
            if has and pd.notna(row["target"])
            else "",
            "previous": fmt(row["previous"], "", row["unit"])
            if has and pd.notna(row["previous"])
            else "",
        }
        text = pattern.format(**fields)
        if text not in out:
            out.append(text)
    return out or [w["none"]]


# ---------------------------------------------------------------- namespaces


class Namespace:
    """One placeholder family (指标, 变化 …): ``{{ 指标.名称 }}`` or ``{{ 指标["名称"] }}``.

    Its own fields start with an underscore, which the sandbox never lets a template reach:
    ``{{ 指标.items }}`` is the indicator called items, never the dictionary.
    """

    def __init__(self, kind: str, items: dict[str, Any]) -> None:
        self._kind = kind
        self._items = items

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._resolve(self.__dict__["_items"][name])
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._resolve(self._items[name])

    @staticmethod
    def _resolve(value: Any) -> Any:
        # A chart is drawn only when the narrative uses it.
        return value() if isinstance(value, Lazy) else value


def names_of(ns: Namespace) -> dict[str, Any]:
    """The names a namespace holds."""
    return ns._items


class Lazy:
    """A placeholder value computed on first use (charts)."""

    def __init__(self, make: Any) -> None:
        self.make = make
        self.value: Any = None

    def __call__(self) -> Any:
        if self.value is None:
            self.value = self.make()
        return self.value


def _html_table(df: pd.DataFrame, caption: str) -> Markup:
    from fzdata.report.display import html_table

    return Markup("\n") + html_table(df, caption) + Markup("\n")


def _figure(png: bytes | None, caption: str) -> Markup:
    if not png:
        return Markup("")
    uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    width, height = shown_size(png)  # shown at its printed size (150 mm), not its pixels
    return Markup(
        '\n<figure><img alt="{}" src="{}" width="{}" height="{}"><figcaption>{}</figcaption></figure>\n'
    ).format(caption, uri, width, height, caption)


def _list(items: Iterable[Any], ordered: bool = True) -> Markup:
    tag = "ol" if ordered else "ul"
    inner = Markup("").join(Markup("<li>{}</li>").format(i) for i in items)
    return Markup("\n<{0}>{1}</{0}>\n").format(Markup(tag), inner)


def _chart(charts: Pictures, name: str, caption: str) -> Markup:
    return _figure(charts.get(name), caption)


def namespaces(a: YearAnalysis, charts: Pictures | None = None) -> dict[str, Any]:
    """Everything a narrative may use, by placeholder family."""
    w = profile_wording(a.settings.kind)["report"]
    profile = load_profile(a.settings.kind)
    charts = charts if charts is not None else Pictures(a)
    figures: dict[str, Any] = {}
    changes: dict[str, Any] = {}
    previous: dict[str, Any] = {}
    targets: dict[str, Any] = {}
    for _, r in a.indicators.iterrows():
        value = (
            src(fmt(r["value"], r["qualifier"], r["unit"]), r["source"])
            if pd.notna(r["value"])
            else escape(fmt(None, r["qualifier"]))  # — when missing, 无 for a rate without cases
        )
        prev = (
            src(fmt(r["previous"], r["previous_qualifier"], r["unit"]), r["previous_source"])
            if pd.notna(r["previous"])
            else Markup("—")
        )
        names = [r["name"]] + ([r["key"]] if r["key"] else [])
        for n in names:
            figures[n] = value
            changes[n] = change_phrase(r) or "—"
            previous[n] = prev
            targets[n] = fmt(r["target"], "", r["unit"]) if pd.notna(r["target"]) else "—"
    ind = a.indicators.set_index("key")
    duty = Markup(escape(w["duty_missing"]))
    letters = (
        int(a.villages["signed_letter"].sum())
        if a.villages["signed_letter"].notna().any()
        else None
    )
    if (
        "study_sessions" in ind.index
        and pd.notna(ind.at["study_sessions", "value"])
        and (letters is not None or "{letters}" not in w["duty_generated"])
    ):
        s = ind.loc["study_sessions"]
        study = src(fmt(s["value"], s["qualifier"], s["unit"]), s["source"])
        duty = (
            Markup(escape(w["duty_generated"]))
            .replace("{study}", study)
            .replace("{letters}", str(letters))
        )
    sc, fu = a.shortcomings, a.followup
    auto = {
        "第一责任人": duty,
        "成效": Markup("\n") + results_paragraphs(a) + Markup("\n"),
        "不足": _list([f"{e}。" for e in stated_once(sc)["evidence"]])
        if not sc.empty
        else Markup(escape(w["none_found_draft" if a.draft else "none_found"])),
        "整改": _list([f"{e}。" for e in fu["evidence"]])
        if not fu.empty
        else Markup(escape(w["no_followup_draft" if a.draft else "no_followup"])),
        "安排": _list([f"{p}。" for p in arrangements(a)]),
    }
    villages = display_frame(
        "villages",
        a.villages[["village", "legal_literates", "meets_literates", "has_counsel", "has_plaza", "signed_letter", "disputes", "petitions"]]
        .assign(**{c: a.villages[c].map({True: "是", False: "否"}) for c in ("meets_literates", "has_counsel", "has_plaza", "signed_letter")})
        .assign(legal_literates=a.villages["legal_literates"].map(lambda v: "—" if pd.isna(v) else num(v))),
    )  # fmt: skip
    cases = pd.DataFrame(
        [{"类别": label, **{name: int((log["outcome"] == k).sum()) for k, name in OUTCOMES.items()}, "合计": len(log)}
         for label, log in (("矛盾纠纷", a.data.disputes), ("信访案件", a.data.petitions))]
    )  # fmt: skip
    tables = {
        "主要指标": _html_table(main_indicator_table(a.indicators), "主要指标完成情况"),
        "各村达标": _html_table(villages, "各行政村达标情况"),
        "案件结果": _html_table(cases, "矛盾纠纷与信访办理结果"),
    }
    tables |= {
        name: _html_table(df, caption) for name, (df, caption) in department_tables(a).items()
    }
    # Only the tables and charts of the unit's kind: no 行政村 table in a department's report.
    tables = {k: v for k, v in tables.items() if k in profile.narrative_tables}
    pictures = {
        spec.placeholder: Lazy(functools.partial(_chart, charts, spec.name, spec.caption))
        for spec in CHARTS.values()
        if spec.name in profile.charts
    }
    return {
        "指标": Namespace("指标", figures),
        "变化": Namespace("变化", changes),
        "上年": Namespace("上年", previous),
        "目标": Namespace("目标", targets),
        "自动": Namespace("自动", auto),
        "表": Namespace("表", tables),
        "图": Namespace("图", pictures),
        "单位": a.settings.name,
        "本单位": profile.self_name,
        "年份": a.year,
        "上一年": a.year - 1,
        "下一年": a.year + 1,
    }


OUTCOMES = {"resolved": "已化解/办结", "pending": "办理中", "failed": "未成功", "unknown": "不详"}

# ------------------------------------------------------------------ checking


def placeholder_spec(ns: dict[str, Any]) -> dict[str, Any]:
    """What exists, for :func:`fzdata.report.guard.template_problems`."""
    return {k: (set(names_of(v)) if isinstance(v, Namespace) else None) for k, v in ns.items()}


def check_placeholders(text: str, ns: dict[str, Any], path: str) -> None:
    """Every placeholder is documented and names something that exists; anything else (a
    statement, filter, call, underscored name …) is refused before rendering, all at once."""
    problems = template_problems(text, placeholder_spec(ns))
    if problems:
        raise NarrativeError(path, problems)


# ----------------------------------------------------------------- sections


@dataclass
class Section:
    key: str
    title: str
    html: Markup


def split_sections(
    md: str, path: str, order: list[str], kind: str = "township"
) -> tuple[str, dict[str, str]]:
    """Intro text, and the Markdown of each section found under its ``## `` heading."""
    spec = profile_wording(kind)["report"]["sections"]
    parts = re.split(r"(?m)^##(?!#)\s*(.+?)\s*$", md)
    intro, found = parts[0].strip(), {}
    problems = []
    for i in range(1, len(parts), 2):
        heading, body = parts[i], parts[i + 1].strip()
        line = md[: md.find(parts[i])].count("\n") + 1
        key = next((k for k in order if any(word in heading for word in spec[k]["keywords"])), None)
        if key is None:
            problems.append(
                (
                    line,
                    f"标题「{heading}」不是报告的五个部分之一（可用关键词：{'、'.join(w for k in order for w in spec[k]['keywords'])}）",
                )
            )
        elif key in found:
            problems.append((line, f"「{heading}」与前面的标题是同一部分"))
        else:
            found[key] = body
    for key in order:
        if key not in found:
            problems.append(
                (
                    1,
                    f"缺少「{spec[key]['title'].format(year='本', next='下一')}」部分；如确无内容，请在该标题下写「无」",
                )
            )
        elif not found[key]:
            problems.append(
                (
                    1,
                    f"「{spec[key]['title'].format(year='本', next='下一')}」部分是空的；如确无内容，请写「无」",
                )
            )
    if problems:
        raise NarrativeError(path, problems)
    return intro, found


# ------------------------------------------------------------------- render


def render_narrative(
    text: str, shown: str, ns: dict[str, Any], date: dt.date | str | None = None
) -> tuple[Any, str]:
    """A narrative's front matter (``date`` overriding its 成文日期) and its Markdown rendered
    in the sandbox with ``ns``: size limited, every placeholder checked first, every template
    error a :class:`NarrativeError` naming ``shown`` and the line. A unit's and the county's
    narrative go through here alike."""
    if len(text.encode("utf-8")) > limit("max_narrative_bytes"):
        raise NarrativeError(
            shown,
            [(1, f"文件过大（超过 {limit('max_narrative_bytes')} 字节）；报告正文不应这么长")],
        )
    meta = report_meta(text, shown, date)
    text = split_front_matter(text, shown)[1]
    check_placeholders(text, ns, shown)
    try:
        return meta, sandbox().from_string(text).render(**ns)
    except jinja2.TemplateSyntaxError as exc:
        raise NarrativeError(shown, [(exc.lineno, f"占位符写法有误：{exc.message}")]) from None
    except (jinja2.UndefinedError, SecurityError) as exc:
        raise NarrativeError(shown, [(1, f"{exc.message}")]) from None


def report_sections(
    md: str,
    shown: str,
    order: list[str],
    kind: str,
    ns: dict[str, Any],
    w: dict[str, Any],
    year: int,
) -> tuple[str, list[Section]]:
    """The rendered Markdown split into the five sections, each titled 一、二、… from the
    wording ``w`` and tidied: (the text before the first section, the sections)."""
    intro, bodies = split_sections(md, shown, order, kind)
    render = _markdown(ns)
    sections = []
    for i, key in enumerate(order, start=1):
        title = f"{cn2an.an2cn(i)}、" + w["sections"][key]["title"].format(year=year, next=year + 1)
        body = tidy_section(render(bodies[key]))
        sections.append(Section(key, title, _with_heading_ids(body, key)))
    return intro, sections


def report_html(
    a: YearAnalysis,
    charts: Pictures | None = None,
    narrative: Path | None = None,
    date: dt.date | str | None = None,
) -> str:
    """The report body (an HTML fragment) for display in the report notebook; ``date``
    (``fz build --date``) overrides the narrative's 成文日期."""
    w = profile_wording(a.settings.kind)["report"]
    path = narrative or (a.data.path / NARRATIVE_FILE)
    if path.exists() or path.is_symlink():
        text, shown = read_narrative(path, a.data.path), str(path)
    else:
        text, shown = (
            (TEMPLATES_DIR / load_profile(a.settings.kind).template).read_text(encoding="utf-8"),
            "（默认正文）",
        )
    ns = namespaces(a, charts)
    meta, md = render_narrative(text, shown, ns, date)
    order = section_order(a.settings.section_order)
    intro, sections = report_sections(md, shown, order, a.settings.kind, ns, w, a.year)
    render = _markdown(ns)  # the intro, as the sections
    env_t = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return env_t.get_template("report.html.j2").render(
        title=w["title"].format(year=a.year),
        recipient=a.settings.recipient,
        issuer=a.settings.issuer or a.settings.name,
        date=meta.date_text,
        meta=meta,
        intro=Markup(render(intro))
        if intro
        else Markup(render(w["intro"].format(year=a.year, unit=a.settings.name))),
        sections=sections,
        norms=a.norms_table,
        findings=_all_findings(a),
        level_names={"error": "错误", "warning": "警告"},
        # Named inside the data folder: a shared page never shows the build machine's paths.
        narrative_source=wording()["report"]["narrative_source"][
            "file" if path.exists() else "generated"
        ],
        sources=_sources(a),
        **_completeness_fields(a),
    )


def read_narrative(path: Path, year_dir: Path) -> str:
    """The narrative's text: a regular UTF-8 file of bounded size inside the year folder."""
    shown = str(path)
    try:
        if path.is_symlink() and not path.resolve().is_relative_to(
            year_dir.resolve().parent.parent
        ):
            raise NarrativeError(
                shown, [(1, "是指向数据目录之外的链接，不会读取；请把文件本身放在年份目录中")]
            )
        if not path.is_file():
            raise NarrativeError(shown, [(1, "不是普通文件，不会读取")])
        if path.stat().st_size > limit("max_narrative_bytes"):
            raise NarrativeError(
                shown,
                [(1, f"文件过大（超过 {limit('max_narrative_bytes')} 字节）；报告正文不应这么长")],
            )
        data = path.read_bytes()
    except OSError as exc:
        raise NarrativeError(shown, [(1, f"无法读取（{exc.strerror or exc}）")]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise NarrativeError(shown, [(line, "不是 UTF-8 编码；请用记事本另存为 UTF-8")]) from None


def narrative_findings(a: YearAnalysis) -> pd.DataFrame:
    """fz lint on the unit-year's narrative.md, as rows of the findings table."""
    from fzdata.core.schema import FINDING_COLUMNS
    from fzdata.lint.engine import lint_narrative

    path = a.data.path / NARRATIVE_FILE
    rows = []
    if path.exists():
        for f in lint_narrative(path, a):
            hint = f"（建议：{f.suggestion}）" if f.suggestion else ""
            rows.append({"level": f.level, "code": f"lint:{f.rule}", "file": NARRATIVE_FILE, "sheet": "",
                         "cell": f"第{f.line}行第{f.column}列", "message": f.message + hint})  # fmt: skip
    return pd.DataFrame(rows, columns=list(FINDING_COLUMNS))


def _all_findings(a: YearAnalysis) -> pd.DataFrame:
    """The ledger findings and the narrative's lint findings, without info-level ones."""
    both = pd.concat([a.data.findings, narrative_findings(a)], ignore_index=True)
    return both[both["level"] != "info"]


def _sources(a: YearAnalysis) -> list[tuple[str, str]]:
    """The ledgers this report read: (year, files), this year first."""
    out = [(f"{a.year}年", "、".join(a.data.files) or "无")]
    if a.previous_data is not None:
        out.append(
            (f"{a.previous_data.year}年（对比用）", "、".join(a.previous_data.files) or "无")
        )
    return out


def _with_heading_ids(html: str, key: str) -> Markup:
    """Ids on the sub-headings of a section, so the table of contents can link to them."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for i, h in enumerate(soup.find_all(["h3", "h4"]), start=1):
        h["id"] = h.get("id") or f"section-{key}-{i}"
    return Markup(serialize(soup))


def _markdown(ns: dict[str, Any]) -> Any:
    """Markdown to HTML, then through the allow-list (:func:`fzdata.report.sanitize.clean`):
    the analyst's own HTML keeps its text and loses anything that could run or fetch."""
    md = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])
    images = own_images(ns)

    def render(text: str) -> str:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(clean(md(text), images), "html.parser")
        for img in soup.find_all("img"):
            if not img.get("src"):
                img.decompose()  # an image whose source was not allowed shows nothing
        return serialize(soup)

    return render


def own_images(ns: dict[str, Any]) -> set[str]:
    """The data: URIs of the charts this narrative drew (the only images a report may show)."""
    pictures = ns.get("图")
    out = set()
    for value in names_of(pictures).values() if isinstance(pictures, Namespace) else ():
        if isinstance(value, Lazy) and value.value:
            out |= set(re.findall(r'src="(data:image/png;base64,[A-Za-z0-9+/=]+)"', value.value))
    return out


def _completeness_fields(a: YearAnalysis) -> dict[str, Any]:
    """What the template needs for the draft banner and the completeness appendix."""
    from fzdata.analysis.completeness import COMPLETENESS_COLUMNS, spec

    c = a.completeness if len(a.completeness) else pd.DataFrame(columns=list(COMPLETENESS_COLUMNS))
    return {"draft": a.draft, "completeness": c, "banner": spec()["banner"],
            "completeness_labels": spec()["labels"]}  # fmt: skip


def report_meta(text: str, shown: str, date: dt.date | str | None = None) -> FrontMatter:
    """The narrative's front matter (成文日期, 文号), the date overridden by ``date``."""
    meta = split_front_matter(text, shown)[0]
    if date:
        meta = FrontMatter(parse_date(date, "--date"), meta.number)
    return meta
