"""Department ledgers: their free-text columns mapped to standard terms after cleaning.

执法类别 → ``category`` (行政处罚, 行政许可 …); a review case's 类型 → ``proceeding``
(reconsideration / lawsuit) and ``instance`` (一审 / 二审 / 再审, also read from 行初 / 行终 in the
案号); its 结果 → ``verdict`` (upheld, revoked, pending …); a document's 状态 → ``state``. The
vocabulary is ``resources/vocab_department.yml``. A text that names no known term is kept as
written, its standard column left empty (``unknown`` for a verdict), with a warning.
"""

from __future__ import annotations

import functools
from typing import Any

from fzdata.core.findings import Collector, cell_name, split_ref
from fzdata.core.parse import parse_bool, squash
from fzdata.core.resources import _yaml


@functools.cache
def vocab() -> dict[str, Any]:
    return _yaml("vocab_department.yml")


def lookup(section: str, text: str) -> str:
    """The standard term ``text`` names in a vocabulary section, or "" when none.

    An exact spelling wins; otherwise the listed word found earliest in the text, the longest
    on a tie (判决驳回原告要求撤销……的诉讼请求 is 驳回: the verdict's verb comes first).
    """
    s = squash(text or "")
    if not s:
        return ""
    table: dict[str, list[str]] = vocab()[section]
    for term, words in table.items():
        if s in (squash(w) for w in words):
            return term
    best, best_key = "", (len(s) + 1, 0)
    for term, words in table.items():
        for w in words:
            w = squash(w)
            at = s.find(w) if w else -1
            if at >= 0 and (at, -len(w)) < best_key:
                best, best_key = term, (at, -len(w))
    return best


def head_present(text: str) -> tuple[bool | None, bool]:
    """负责人是否出庭 as (True/False/None, understood): 是/否 and their variants, or a phrase
    (局长出庭 → True, 未出庭 → False)."""
    flag = parse_bool(text)
    if flag.value is not None or not flag.error:
        return flag.value, True
    spec = vocab()["head_present"]
    s = squash(text)
    if any(s.startswith(p) for p in spec["negative_prefixes"]):
        return False, True
    if any(w in s for w in spec["positive_words"]):
        return True, True
    return None, False


def _warn(out: Collector, rec: dict[str, Any], field: str, what: str, text: str) -> None:
    file, sheet, _ = split_ref(rec["source"])
    cell = cell_name(rec["_row"], rec["_cols"].get(field))
    out.finding(
        "warning", "unknown_term", f"无法识别的{what}「{text}」，原文保留", file, sheet, cell
    )


def normalise_department(out: Collector) -> None:
    """Fill the standard-term columns of the department tables in ``out`` (no-op otherwise)."""
    for rec in out.records.get("enforcement_cases", []):
        raw = rec.get("category_raw", "")
        rec["category"] = lookup("categories", raw)
        if raw and not rec["category"]:
            _warn(out, rec, "category_raw", "执法类别", raw)
    for rec in out.records.get("review_cases", []):
        raw = rec.get("type_raw", "")
        rec["proceeding"] = lookup("proceedings", raw)
        rec["instance"] = lookup("instances", raw) or lookup("instances", rec.get("case_id", ""))
        if not rec["proceeding"] and rec["instance"]:
            rec["proceeding"] = "lawsuit"  # 一审 / 二审 only happen in court
        if raw and not rec["proceeding"]:
            _warn(out, rec, "type_raw", "案件类型", raw)
        raw = rec.get("head_present_raw", "")
        rec["head_present"], understood = head_present(raw)
        if raw and not understood:
            _warn(out, rec, "head_present_raw", "负责人是否出庭", raw)
        result = rec.get("result", "")
        rec["verdict"] = lookup("verdicts", result) or "unknown"  # blank: not known to be concluded
        if result and rec["verdict"] == "unknown":
            _warn(out, rec, "result", "复议诉讼结果", result)
    for rec in out.records.get("normative_docs", []):
        raw = rec.get("status_raw", "")
        rec["state"] = lookup("doc_states", raw)
        if raw and not rec["state"]:
            _warn(out, rec, "status_raw", "文件状态", raw)
