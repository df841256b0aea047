"""Shortcomings (不足) found in the ledgers, with evidence, and the follow-up (整改) of last year's.

Each rule is a function with its own id; each finding is one row with a sentence of evidence
ready for the report (sentence patterns in ``resources/wording.yml``). Rules:
target_missed, decline, coverage_gap, below_norm, unresolved_cases, below_requirement,
imbalance, data_gap, ledger_mismatch.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pandas as pd

from fzdata.analysis.derive import table_label
from fzdata.analysis.model import FOLLOWUP_COLUMNS, Reported, YearAnalysis
from fzdata.core.figures import Figure, fmt, num, spoken_name
from fzdata.core.resources import wording
from fzdata.core.schema import TABLES
from fzdata.ingest.load import YearData
from fzdata.unit.norms import Norms

SHORTCOMING_COLUMNS = (
    "rule", "key", "severity", "value", "threshold", "villages", "evidence", "gap", "source",
)  # fmt: skip
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
#: Rates whose shortfall a more specific rule already reports.
COVERED_ELSEWHERE = {"counsel_coverage", "training_compliance"}
#: Village fields checked for full coverage, with the key each shortcoming carries.
COVERAGE = {
    "has_counsel": "villages_with_counsel",
    "has_plaza": "has_plaza",
    "signed_letter": "signed_letter",
}


def _row(rule: str, key: str, severity: str, value: float | None, threshold: float | None,
         evidence: str, gap: float, villages: list[str] | None = None, source: str = "") -> dict[str, Any]:  # fmt: skip
    return {
        "rule": rule,
        "key": key,
        "severity": severity,
        "value": value,
        "threshold": threshold,
        "villages": "、".join(villages or []),
        "evidence": evidence,
        "gap": gap,
        "source": source,
    }


def _severity(share_pct: float, norms: Norms, base: str = "medium") -> str:
    return "high" if share_pct >= norms["severe_share"] else base


# ------------------------------------------------------------------------- rules


def target_missed(ind: pd.DataFrame, norms: Norms, **_: Any) -> list[dict[str, Any]]:
    rows = []
    for r in ind[
        (ind["attainment"] == "未达标") & ~ind["key"].isin(COVERED_ELSEWHERE)
    ].itertuples():
        shortfall = abs(r.target - r.value) / r.target * 100 if r.target else 100.0
        pattern = "target_missed_down" if r.direction == "down" else "target_missed"
        text = wording()["shortcomings"][pattern].format(
            name=spoken_name(r.name, r.unit),
            value=fmt(r.value, r.qualifier, r.unit),
            target=fmt(r.target, "", r.unit),
        )
        rows.append(
            _row(
                "target_missed",
                r.key or r.name,
                _severity(shortfall, norms),
                r.value,
                r.target,
                text,
                shortfall,
                source=r.source,
            )
        )
    return rows


def decline(ind: pd.DataFrame, norms: Norms, **_: Any) -> list[dict[str, Any]]:
    rows = []
    limit = norms["decline_pct"]
    w = wording()["shortcomings"]
    for r in ind[(ind["direction"] == "up") & (ind["trend"] == "declined")].itertuples():
        prev = fmt(r.previous, r.previous_qualifier, r.unit)
        cur = fmt(r.value, r.qualifier, r.unit)
        if r.unit == "%":
            drop = -r.change
            if drop <= limit:
                continue
            text = w["decline_points"].format(
                name=spoken_name(r.name, r.unit), value=cur, previous=prev, change=num(drop)
            )
        else:
            drop = -r.change_pct
            if drop <= limit:
                continue
            if r.change_approx:
                text = w["decline_approx"].format(
                    name=spoken_name(r.name, r.unit), value=cur, previous=prev
                )
            else:
                text = w["decline"].format(
                    name=spoken_name(r.name, r.unit),
                    value=cur,
                    previous=prev,
                    change=fmt(-r.change, "", r.unit),
                    pct=num(drop),
                )
        sev = _severity(drop, norms)
        rows.append(
            _row("decline", r.key or r.name, sev, r.value, r.previous, text, drop, source=r.source)
        )
    return rows


def coverage_gap(vil: pd.DataFrame, norms: Norms, **_: Any) -> list[dict[str, Any]]:
    rows = []
    w = wording()["shortcomings"]
    for field, key in COVERAGE.items():
        if vil.empty or vil[field].isna().all():
            continue
        lacking = vil.loc[vil[field] == False, "village"].tolist()  # noqa: E712 (NA stays out)
        if not lacking:
            continue
        unknown = int(vil[field].isna().sum())
        text = w["coverage_gap"][key].format(n=len(lacking), villages="、".join(lacking))
        if unknown:
            text += w["coverage_unknown"].format(n=unknown)
        known = len(vil) - unknown
        covered = (known - len(lacking)) / known * 100
        share = len(lacking) / known * 100
        sev = "high" if key == "villages_with_counsel" else _severity(share, norms)
        rows.append(
            _row("coverage_gap", key, sev, round(covered, 1), 100.0, text, len(lacking), lacking)
        )
    return rows


def below_norm(vil: pd.DataFrame, norms: Norms, **_: Any) -> list[dict[str, Any]]:
    below = vil.loc[vil["meets_literates"] == False, "village"].tolist()  # noqa: E712
    if not below:
        return []
    norm = norms["legal_literates_per_village"]
    text = wording()["shortcomings"]["below_norm"].format(
        n=len(below), norm=num(norm), villages="、".join(below)
    )
    share = len(below) / int(vil["meets_literates"].notna().sum()) * 100
    return [
        _row(
            "below_norm",
            "legal_literates",
            _severity(share, norms),
            len(below),
            norm,
            text,
            len(below),
            below,
        )
    ]


def unresolved_cases(
    yd: YearData, reported: dict[str, Reported], norms: Norms, **_: Any
) -> list[dict[str, Any]]:
    rows = []
    w = wording()["shortcomings"]
    for kind, key, total_key, unit in (
        ("disputes", "disputes_resolved", "disputes_handled", "起"),
        ("petitions", "petitions_resolved", "petitions_received", "件"),
    ):
        log = yd.tables[kind]
        if not log.empty and (log["status"] != "").any():
            open_ = log[log["outcome"] != "resolved"]
            if open_.empty:
                continue
            counts = open_["village"].replace("", "村别不详").value_counts(sort=False)
            villages = list(counts.index)
            several = (counts > 1).any()
            detail = "、".join(f"{v}{n}{unit}" if several else v for v, n in counts.items())
            share = len(open_) / len(log) * 100
            failed = int((open_["outcome"] == "failed").sum())
            text = w["unresolved_cases"][key].format(total=len(log), n=len(open_), detail=detail)
            rows.append(
                _row(
                    "unresolved_cases",
                    key,
                    "high" if failed else _severity(share, norms),
                    len(open_),
                    0.0,
                    text,
                    len(open_),
                    villages,
                )
            )
        elif key in reported and total_key in reported:
            done, total = reported[key].figure, reported[total_key].figure
            if done.missing or total.missing or done.approximate or total.approximate:
                continue
            n = total.value - done.value  # type: ignore[operator]
            if n <= 0:
                continue
            text = w["unresolved_no_villages"][key].format(total=total.text(), n=num(n))
            share = n / total.value * 100 if total.value else 100.0
            rows.append(
                _row(
                    "unresolved_cases",
                    key,
                    _severity(share, norms),
                    n,
                    0.0,
                    text,
                    n,
                    source=done.source,
                )
            )
    return rows


def below_requirement(
    yd: YearData, reported: dict[str, Reported], norms: Norms, **_: Any
) -> list[dict[str, Any]]:
    t = yd.tables["trainings"]
    known = t[t["hours"].notna()]
    if known.empty:
        return []
    norm = norms["training_hours_per_officer"]
    # A qualified figure counts as under the requirement only when even its upper end is.
    highs = [
        Figure(float(h), q).hi
        for h, q in zip(known["hours"], known["hours_qualifier"], strict=True)
    ]
    n = sum(1 for hi in highs if hi is not None and hi < norm)
    if not n:
        return []
    w = wording()["shortcomings"]
    avg = reported.get("training_hours_avg")
    if avg and not avg.figure.missing and avg.figure.value >= norm:  # type: ignore[operator]
        text = w["below_requirement_avg_met"].format(
            avg=avg.figure.text(), norm=num(norm), total=len(t), n=n
        )
    else:
        text = w["below_requirement"].format(total=len(t), n=n, norm=num(norm))
    share = n / len(known) * 100
    return [
        _row("below_requirement", "training_hours_avg", _severity(share, norms), n, norm, text, n)
    ]


def imbalance(vil: pd.DataFrame, norms: Norms, **_: Any) -> list[dict[str, Any]]:
    """Spread of 法律明白人 across villages, as the coefficient of variation (std ÷ mean)."""
    known = vil[vil["legal_literates"].notna()]
    if len(known) < 3:
        return []
    values = known["legal_literates"]
    avg = values.mean()
    if avg <= 0:
        return []
    cv = float(values.std(ddof=0) / avg)
    if cv <= norms["imbalance_cv"]:
        return []
    hi, lo = values.max(), values.min()
    text = wording()["shortcomings"]["imbalance"].format(
        max_village="、".join(known.loc[values == hi, "village"]), max=num(hi),
        min_village="、".join(known.loc[values == lo, "village"]), min=num(lo),
    )  # fmt: skip
    return [
        _row("imbalance", "legal_literates", "low", round(cv, 2), norms["imbalance_cv"], text, cv)
    ]


def data_gap(
    yd: YearData, prev: YearData | None, ind: pd.DataFrame, reported: dict[str, Reported], **_: Any
) -> list[dict[str, Any]]:
    rows = []
    w = wording()["shortcomings"]
    for r in ind[ind["value"].isna()].itertuples():
        if pd.notna(r.previous):
            prev_text = fmt(r.previous, r.previous_qualifier, r.unit)
            text = w["data_gap_indicator"].format(name=r.name, previous=prev_text)
        elif r.origin == "derived" and r.key in _derived_keys():
            text = w["data_gap_derived"].format(name=r.name, table=table_label(r.key))
        elif r.origin == "derived":
            continue  # a rate whose parts are missing: the parts are reported
        else:
            text = w["data_gap_blank"].format(name=r.name)
        rows.append(
            _row("data_gap", r.key or r.name, "low", None, None, text, 1.0, source=r.source)
        )
    for kind, schema in TABLES.items():
        # Only a ledger kept last year and missing now is a gap; a unit that never kept one
        # (or a first year, with nothing to compare) is not told about it every year.
        if (
            kind == "indicators"
            or not yd.tables[kind].empty
            or prev is None
            or prev.tables[kind].empty
        ):
            continue
        sev = "medium" if kind == "villages" else "low"
        rows.append(
            _row(
                "data_gap",
                f"table:{kind}",
                sev,
                None,
                None,
                w["data_gap_table"].format(table=schema.label),
                1.0,
            )
        )
    return rows


def ledger_mismatch(reported: dict[str, Reported], **_: Any) -> list[dict[str, Any]]:
    rows = []
    for rep in reported.values():
        if rep.agrees is not False:
            continue
        d = rep.derived
        assert d is not None
        table = table_label(rep.key) if rep.key in _derived_keys() else "明细台账"
        text = wording()["shortcomings"]["ledger_mismatch"].format(
            name=rep.name, stated=rep.figure.text(), stated_source=rep.figure.source,
            table=table, derived=fmt(d.value, d.qualifier, rep.figure.unit), derived_source=d.source,
        )  # fmt: skip
        rows.append(
            _row(
                "ledger_mismatch",
                rep.key,
                "high",
                rep.figure.value,
                d.value,
                text,
                1.0,
                source=rep.figure.source,
            )
        )
    return rows


@functools.cache
def _derived_keys() -> frozenset[str]:
    from fzdata.analysis.derive import DERIVED_FROM

    return frozenset(DERIVED_FROM)


RULES: dict[str, Callable[..., list[dict[str, Any]]]] = {
    "target_missed": target_missed,
    "decline": decline,
    "coverage_gap": coverage_gap,
    "below_norm": below_norm,
    "unresolved_cases": unresolved_cases,
    "below_requirement": below_requirement,
    "imbalance": imbalance,
    "data_gap": data_gap,
    "ledger_mismatch": ledger_mismatch,
}


def find_shortcomings(
    yd: YearData,
    prev: YearData | None,
    indicators: pd.DataFrame,
    villages: pd.DataFrame,
    reported: dict[str, Reported],
    norms: Norms,
) -> pd.DataFrame:
    """Run every rule; rows ordered by severity, then by rule."""
    rows: list[dict[str, Any]] = []
    for fn in RULES.values():
        rows += fn(yd=yd, prev=prev, ind=indicators, vil=villages, reported=reported, norms=norms)
    df = pd.DataFrame(rows, columns=list(SHORTCOMING_COLUMNS))
    df["value"] = pd.to_numeric(df["value"]).astype("float64")
    df["threshold"] = pd.to_numeric(df["threshold"]).astype("float64")
    df["gap"] = pd.to_numeric(df["gap"]).astype("float64")
    order = df["severity"].map(SEVERITY_ORDER)
    return (
        df.assign(_o=order)
        .sort_values("_o", kind="stable")
        .drop(columns="_o")
        .reset_index(drop=True)
    )


# ---------------------------------------------------------------------- follow-up

#: Rules whose gap is a count of villages, cases or officers.
COUNTED = ("below_norm", "coverage_gap", "unresolved_cases", "below_requirement")


def follow_up(last: YearAnalysis | None, now: YearAnalysis) -> pd.DataFrame:
    """One row per shortcoming of last year: resolved, improved, persisting or worsened."""
    if last is None or last.shortcomings.empty:
        return pd.DataFrame(columns=list(FOLLOWUP_COLUMNS))
    current = {(r.rule, r.key): r for r in now.shortcomings.itertuples()}
    rows = []
    for p in last.shortcomings.itertuples():
        c = current.get((p.rule, p.key))
        if c is None and _still_missing(p.rule, p.key, now):
            # A missing ledger is reported the year it goes missing; while it stays missing the
            # rule is quiet, but last year's gap is not thereby closed.
            c = p
        if c is None and not _checkable(p.rule, p.key, now):
            status = "unknown"
            text = wording()["followup"]["unknown"].format(evidence=p.evidence)
        else:
            gap = c.gap if c is not None else 0.0
            if c is None:
                status = "resolved"
            elif gap < p.gap - 1e-9:
                status = "improved"
            elif gap > p.gap + 1e-9:
                status = "worsened"
            else:
                status = "persisting"
            text = _followup_text(p, c, status, now)
        rows.append(
            {
                "rule": p.rule,
                "key": p.key,
                "previous_evidence": p.evidence,
                "status": status,
                "evidence": text,
                "previous_gap": p.gap,
                "gap": c.gap if c is not None else (0.0 if status == "resolved" else None),
            }
        )
    return pd.DataFrame(rows, columns=list(FOLLOWUP_COLUMNS))


def _still_missing(rule: str, key: str, now: YearAnalysis) -> bool:
    return rule == "data_gap" and key.startswith("table:") and now.data.tables[key[6:]].empty


def _checkable(rule: str, key: str, now: YearAnalysis) -> bool:
    """Whether this year's data can show a shortcoming of that kind at all."""
    v, tables = now.villages, now.data.tables
    if rule in ("below_norm", "imbalance"):
        return bool(v["legal_literates"].notna().any())
    if rule == "coverage_gap":
        field = next(f for f, k in COVERAGE.items() if k == key)
        return bool(v[field].notna().any())
    if rule == "unresolved_cases":
        kind = "disputes" if key == "disputes_resolved" else "petitions"
        return not tables[kind].empty or key in now.reported
    if rule == "below_requirement":
        return bool(tables["trainings"]["hours"].notna().any())
    if rule in ("target_missed", "decline"):
        row = now.indicators[(now.indicators["key"] == key) | (now.indicators["name"] == key)]
        return not row.empty and bool(row["value"].notna().any())
    return True


def _followup_text(p: Any, c: Any, status: str, now: YearAnalysis) -> str:
    fw = wording()["followup"]
    norms = now.norms
    if p.rule in COUNTED:
        spec = fw[p.rule][p.key] if p.rule in ("coverage_gap", "unresolved_cases") else fw[p.rule]
        norm = (
            norms["legal_literates_per_village"]
            if p.rule == "below_norm"
            else norms["training_hours_per_officer"]
        )
        subject = spec["subject"].format(norm=num(norm))
        text = fw["statuses"][status].format(
            prev=num(p.gap),
            cur=num(c.gap if c is not None else 0),
            unit=spec["unit"],
            subject=subject,
        )
        fixed = [
            v
            for v in p.villages.split("、")
            if v and v not in (c.villages.split("、") if c is not None else [])
        ]
        if fixed and status == "improved":
            text += fw["fixed"].format(villages="、".join(fixed))
        return text
    row = now.indicators[(now.indicators["key"] == p.key) | (now.indicators["name"] == p.key)]
    r = row.iloc[0] if not row.empty else None
    fields = {"name": r["name"] if r is not None else p.key}
    if r is not None:
        fields |= {
            "value": fmt(r["value"], r["qualifier"], r["unit"]),
            "target": fmt(r["target"], "", r["unit"]),
        }
    if p.rule == "decline":
        fields |= {"prev_pct": num(p.gap), "pct": num(c.gap) if c is not None else ""}
        if status == "resolved" and r is not None:
            if r["trend"] == "improved":
                return fw["decline"]["resolved"].format(**fields)
            if r["trend"] in ("unchanged", ""):
                return fw["decline"]["resolved_flat"].format(**fields)
            return fw["decline"]["resolved_small"].format(
                **(fields | {"pct": num(-r["change_pct"])})
            )
    if p.rule in ("data_gap", "ledger_mismatch"):
        name = fields["name"] if not str(p.key).startswith("table:") else TABLES[p.key[6:]].label
        return fw[p.rule]["resolved" if status == "resolved" else "persisting"].format(name=name)
    return fw[p.rule][status].format(**fields)
