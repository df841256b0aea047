"""The narrative report from the analysis: five sections, figures with their sources.

This first version writes every section from generated blocks (the analyst's own text in
``narrative.md`` comes later). Every figure taken from data is wrapped with its source, shown
on hover in the HTML. All text is escaped by Jinja2's autoescape: a ledger cell holding markup
shows as text.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import jinja2
import pandas as pd
from markupsafe import Markup, escape

from fzdata.analyse import YearAnalysis
from fzdata.export import TEMPLATES_DIR, display_frame
from fzdata.figures import fmt, num
from fzdata.shortcomings import wording


def src(text: str, source: str) -> Markup:
    """A figure with its source on hover."""
    if not source:
        return escape(text)
    return Markup('<span class="fz-src" title="{}">{}</span>').format(source, text)


def change_phrase(row: pd.Series) -> str:
    """较上年增加2次 / 有所增加 / 持平 / 提高5个百分点; "" when there is nothing to compare."""
    if pd.isna(row["change"]):
        return ""
    ch = row["change"]
    if ch == 0 and not row["change_approx"]:
        return "与上年持平"
    rise = ch > 0
    if row["change_approx"]:
        return "较上年有所增加" if rise else "较上年有所减少"
    if row["unit"] == "%":
        return f"较上年{'提高' if rise else '下降'}{num(abs(ch))}个百分点"
    return f"较上年{'增加' if rise else '减少'}{fmt(abs(ch), '', row['unit'])}"


def results_items(a: YearAnalysis) -> list[Markup]:
    items = []
    for _, r in a.indicators.iterrows():
        if pd.isna(r["value"]):
            continue
        figure = src(fmt(r["value"], r["qualifier"], r["unit"]), r["source"])
        phrase = change_phrase(r)
        text = Markup("{}{}").format(r["name"], figure)
        if phrase:
            text += Markup("，{}").format(phrase)
        items.append(text + "。")
    return items


def main_indicator_table(ind: pd.DataFrame) -> pd.DataFrame:
    """表1: each figure written with its qualifier and unit, last year's beside it."""
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
    return display_frame(
        "indicators",
        pd.DataFrame(rows, columns=["name", "value", "previous", "change", "attainment", "trend"]),
    )


def arrangements(a: YearAnalysis) -> list[str]:
    w = wording()["arrangements"]
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
        name = row["name"] if row is not None else str(r.key).removeprefix("table:")
        fields = {
            "name": name,
            "villages": r.villages,
            "n": num(r.value) if pd.notna(r.value) else "",
            "norm": num(r.threshold) if pd.notna(r.threshold) else "",
            "target": fmt(row["target"], "", row["unit"])
            if row is not None and pd.notna(row["target"])
            else "",
            "previous": fmt(row["previous"], "", row["unit"])
            if row is not None and pd.notna(row["previous"])
            else "",
        }
        text = pattern.format(**fields)
        if text not in out:
            out.append(text)
    return out or [w["none"]]


def _chart_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def report_html(a: YearAnalysis, charts: dict[str, bytes] | None = None) -> str:
    """The report body (an HTML fragment) for display in the report notebook."""
    w = wording()["report"]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    ind = a.indicators.set_index("key")
    study = ind.loc["study_sessions"] if "study_sessions" in ind.index else None
    letters = (
        int(a.villages["signed_letter"].sum())
        if a.villages["signed_letter"].notna().any()
        else None
    )
    duty = ""
    if study is not None and pd.notna(study["value"]) and letters is not None:
        duty = (
            Markup(escape(w["duty_generated"]))
            .replace(
                "{study}",
                src(fmt(study["value"], study["qualifier"], study["unit"]), study["source"]),
            )
            .replace("{letters}", str(letters))
        )
    main_table = main_indicator_table(a.indicators)
    context: dict[str, Any] = {
        "title": w["title"].format(year=a.year),
        "recipient": a.settings.recipient,
        "issuer": a.settings.issuer or a.settings.name,
        "date": dt.date.today().strftime("%Y年%-m月%-d日"),
        "intro": w["intro"].format(year=a.year, unit=a.settings.name),
        "sections": {k: v.format(year=a.year, next=a.year + 1) for k, v in w["sections"].items()},
        "duty": duty,
        "results": results_items(a),
        "shortcomings": a.shortcomings,
        "followup": a.followup,
        "plans": arrangements(a),
        "none_found": w["none_found"],
        "no_followup": w["no_followup"],
        "other_none": w["other_none"],
        "charts": {k: _chart_uri(v) for k, v in (charts or {}).items()},
        "table": main_table.fillna(""),
        "norms": a.norms_table,
        "findings": a.data.findings[a.data.findings["level"] != "info"],
        "level_names": {"error": "错误", "warning": "警告"},
    }
    return env.get_template("report.html.j2").render(**context)
