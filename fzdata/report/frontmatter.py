"""The report's 成文日期 and 文号: a YAML front matter at the top of ``narrative.md``.

::

    ---
    成文日期: 2024-01-15        # or 2024年1月15日
    文号: 李政〔2024〕3号
    ---

``fz build --date`` overrides the date. Without either the signature shows a blank
「年　月　日」 to be filled in by hand: a report is never dated by the day it was built.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from fzdata.core.errors import ConfigError, NarrativeError
from fzdata.core.safeyaml import load_yaml_text

_FRONT = re.compile(
    r"\A(?:\{#.*?#\}\s*)?---[ \t]*\r?\n(?P<yaml>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S
)
_CN_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
#: What the signature shows when the report has no date yet (filled in by hand on paper).
BLANK_DATE = "　　　　年　　月　　日"
DATE_KEYS = ("成文日期", "date")
NUMBER_KEYS = ("文号", "number")


@dataclass(frozen=True)
class FrontMatter:
    date: dt.date | None = None
    number: str = ""

    @property
    def date_text(self) -> str:
        return chinese_date(self.date) if self.date else BLANK_DATE


def parse_date(value: object, path: str = "", line: int = 1) -> dt.date:
    """``2024-01-15``, ``2024年1月15日`` or a YAML date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = _CN_DATE.match(text)
    try:
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        return dt.date.fromisoformat(text)
    except ValueError:
        raise NarrativeError(
            path or "成文日期", [(line, f"成文日期「{text}」应写作 2024-01-15 或 2024年1月15日")]
        ) from None


def split_front_matter(text: str, path: str = "") -> tuple[FrontMatter, str]:
    """The front matter and the narrative without it (a leading ``{# … #}`` comment stays)."""
    m = _FRONT.match(text)
    if not m:
        return FrontMatter(), text
    try:  # untrusted text: loaded safely and within limits (no tags, no alias bombs)
        data = load_yaml_text(m["yaml"], path)[0] or {}
    except ConfigError as exc:
        reason = str(exc).removeprefix(f"{path}：")
        raise NarrativeError(path, [(1, f"开头的 --- 之间不是有效的设置（{reason}）")]) from None
    if not isinstance(data, dict):
        raise NarrativeError(path, [(1, "开头的 --- 之间应写「成文日期: …」「文号: …」")])
    date_value = next((data[k] for k in DATE_KEYS if data.get(k)), None)
    number = next((str(data[k]).strip() for k in NUMBER_KEYS if data.get(k)), "")
    date = parse_date(date_value, path) if date_value else None
    comment = text[: m.start("yaml")].split("---")[0]
    # Keep the line count, so that lint and placeholder errors still name the right line.
    body = comment + "\n" * m.group(0)[len(comment) :].count("\n") + text[m.end() :]
    return FrontMatter(date, number), body


def chinese_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
