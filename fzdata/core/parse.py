"""Cell-value parsers: numbers with qualifiers, booleans, dates, case outcomes, names.

Every parser takes one raw cell value (str, float, int, bool, date, :class:`CellError` or None)
and returns a result; none of them raises on any input. Missing is never zero: a blank or
dash cell parses to ``None``.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
import warnings
from typing import Any, NamedTuple

from fzdata.core.resources import vocab


class CellError(str):
    """An Excel error value such as ``#DIV/0!`` read from a cell."""

    __slots__ = ()


EXCEL_ERRORS = frozenset(
    {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!"}
)


class Number(NamedTuple):
    """A parsed numeric cell. ``value`` is None when missing or on error."""

    value: float | None
    qualifier: str = ""
    unit: str = ""
    raw: str = ""
    error: str = ""
    warning: str = ""
    #: a note written after the number (「12（含2起移交）」 → 含2起移交); ``raw`` keeps it all
    note: str = ""


# --------------------------------------------------------------------------- text


def norm_text(value: Any) -> str:
    """NFKC-normalise a cell to text and strip white space at both ends (incl. U+3000)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    return unicodedata.normalize("NFKC", str(value)).strip()


_WS = re.compile(r"\s+")


def squash(value: Any) -> str:
    """``norm_text`` with every white-space character removed (for matching labels)."""
    if type(value) is str:
        return _squash_str(value)
    return _WS.sub("", norm_text(value))


@functools.lru_cache(maxsize=65536)
def _squash_str(value: str) -> str:
    # Ledger cells repeat (statuses, villages, headers): the cache makes matching cheap.
    return _WS.sub("", norm_text(value))


def raw_text(value: Any) -> str:
    """The cell as the user typed it, for ``*_raw`` columns and reject rows."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@functools.cache
def _missing_tokens() -> frozenset[str]:
    return frozenset(squash(t) for t in vocab()["missing"])


def is_missing(value: Any) -> bool:
    """True for None, NaN, empty text and the dash/slash spellings of "no data"."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not isinstance(value, CellError):
        return squash(value) in _missing_tokens()
    return False


def is_blank(value: Any) -> bool:
    """True for a cell with nothing in it (unlike :func:`is_missing`, a dash is not blank)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


# ------------------------------------------------------------------------- numbers

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿点"


@functools.cache
def _number_regex() -> re.Pattern[str]:
    q = vocab()["qualifiers"]
    pre = "|".join(sorted(map(re.escape, q["prefix"]), key=len, reverse=True))
    suf = "|".join(sorted(map(re.escape, q["suffix"]), key=len, reverse=True))
    ign = "|".join(
        sorted(map(re.escape, vocab()["number_prefixes_ignored"]), key=len, reverse=True)
    )
    return re.compile(
        rf"^(?:{ign})?(?P<pre>{pre})?"
        rf"(?P<num>[+-]?\d+(?:\.\d+)?(?:万)?|[{_CN_DIGITS}]+)"
        rf"(?P<suf1>{suf})?"
        rf"(?P<unit>%|‰|[^\d\s.,+\-%]{{1,4}}?)?"
        rf"(?P<suf2>{suf})?$"
    )


_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])")


def parse_number(value: Any) -> Number:
    """Parse a numeric cell: ``１２``, ``十二``, ``6次``, ``1,250.5``, ``2000余``, ``约600``, ``80%``.

    The qualifier (余, 多, 约, 左右, 以上) and any unit suffix are kept; ``raw`` is the text as
    written. Blank and dash spellings are missing (``value=None`` without error).
    """
    if isinstance(value, CellError):
        return Number(None, raw=str(value), error=f"单元格为 Excel 错误值「{value}」")
    if isinstance(value, bool):
        return Number(None, raw=str(value), error="此处应为数字，却是逻辑值")
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return Number(None)
        if isinstance(value, float) and math.isinf(value):
            return Number(None, raw=raw_text(value), error="数字超出范围")
        return Number(float(value), raw=raw_text(value))
    if isinstance(value, dt.date):
        return Number(None, raw=raw_text(value), error="此处应为数字，却是日期")
    if value is None:
        return Number(None)
    return _parse_number_text(str(value))


@functools.lru_cache(maxsize=65536)
def _parse_number_text(text: str) -> Number:
    raw = text
    if is_missing(text):
        return Number(None, raw=raw.strip())
    s = squash(text)
    if s in EXCEL_ERRORS:
        return Number(None, raw=raw, error=f"单元格为 Excel 错误值「{s}」")
    if s in vocab()["zero_words"]:
        return Number(0.0, raw=raw)
    s = _THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), s)
    m = _number_regex().match(s)
    if not m:
        noted = _number_with_note(s, raw)
        if noted is not None:
            return noted
        return Number(None, raw=raw, error=f"「{raw.strip()}」不是可识别的数字")
    num = m["num"]
    try:
        if num[-1] == "万" or (not num[0].isdigit() and num[0] not in "+-"):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                import cn2an

                number = float(cn2an.cn2an(num, "smart"))
        else:
            number = float(num)
    except (ValueError, KeyError, IndexError):
        return Number(None, raw=raw, error=f"「{raw.strip()}」不是可识别的数字")
    if math.isinf(number) or math.isnan(number):
        return Number(None, raw=raw, error="数字超出范围")
    q = vocab()["qualifiers"]
    pre = q["prefix"].get(m["pre"] or "", "")
    sufs = [q["suffix"][x] for x in (m["suf1"], m["suf2"]) if x]
    unit = m["unit"] or ""
    note = ""
    if unit[:1] == "(" and unit[-1:] == ")":
        # 「2000余（份）」 names a unit; 「12（移交）」 a note.
        inner = unit[1:-1]
        unit, note = (inner, "") if inner in _bracket_units() else ("", inner)
    warning = ""
    qualifier = pre
    if sufs:
        suffix = sufs[0]
        if len(set(sufs)) > 1:
            warning = f"「{raw.strip()}」同时使用了「{'」「'.join(sufs)}」"
        if pre == "约" and suffix in ("余", "多"):
            warning = f"「{raw.strip()}」中「约」与「{suffix}」不应同时使用，按「{suffix}」处理"
            qualifier = suffix
        elif pre == "以上" or not pre:
            qualifier = suffix
        elif pre != suffix:
            warning = f"「{raw.strip()}」同时使用了「{pre}」与「{suffix}」"
    return Number(number, qualifier, unit, raw, "", warning, note)


@functools.cache
def _bracket_units() -> frozenset[str]:
    return frozenset(vocab()["bracket_units"])


_BRACKET_NOTE = re.compile(r"^(?P<head>[^()]+?)\((?P<note>[^()]+)\)$")


@functools.cache
def _note_openers() -> tuple[str, ...]:
    return tuple(sorted(vocab()["number_note_openers"], key=len, reverse=True))


def _number_with_note(s: str, raw: str) -> Number | None:
    """「12（含2起移交）」, 「6次(含线上2次)」, 「3人，其中1人新任」: the number before the note.

    ``s`` is the squashed text. A bracket holding a bare unit (「2000余（份）」) is the unit.
    Returns None when the text before the note is no number either.
    """
    head = note = ""
    m = _BRACKET_NOTE.match(s)
    if m:
        head, note = m["head"], m["note"]
    else:
        for opener in _note_openers():
            i = s.find(opener, 1)
            if i > 0:
                head, note = s[:i].rstrip(",;:、，；："), s[i:]
                break
    if not head or not head[-1:].strip() or head[0] in "(":
        return None
    n = _parse_number_text(head)
    if n.error or n.value is None:
        return None
    if m and not n.unit and note in _bracket_units():
        return Number(n.value, n.qualifier, note, raw, "", n.warning)
    return Number(n.value, n.qualifier, n.unit, raw, "", n.warning, note)


def format_number(value: float) -> str:
    """Format a float the way a ledger writes it: no trailing ``.0``."""
    if value.is_integer():
        return str(int(value))
    return f"{value:.10g}"


# ------------------------------------------------------------------------ booleans


@functools.cache
def _bool_table() -> dict[str, bool]:
    table: dict[str, bool] = {}
    for word in vocab()["booleans"]["true"]:
        table[squash(word)] = True
    for word in vocab()["booleans"]["false"]:
        table[squash(word)] = False
    return table


class Flag(NamedTuple):
    value: bool | None
    raw: str = ""
    error: str = ""


def parse_bool(value: Any) -> Flag:
    """是/否, 有/无, √/×, ✓/✗, Y/N, 1/0, 已签订/未签订 … → True/False; blank → None."""
    if isinstance(value, CellError):
        return Flag(None, str(value), f"单元格为 Excel 错误值「{value}」")
    if isinstance(value, bool):
        return Flag(value, str(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and math.isnan(value):
            return Flag(None)
        if value in (0, 1):
            return Flag(bool(value), raw_text(value))
        return Flag(None, raw_text(value), f"「{raw_text(value)}」不是「是/否」")
    if is_missing(value):
        return Flag(None, raw_text(value).strip())
    s = squash(value)
    table = _bool_table()
    if s in table:
        return Flag(table[s], str(value))
    # 已建成法治广场 / 未配备 / 无法律顾问 …: the leading word decides.
    if s[0] in "已有":
        return Flag(True, str(value))
    if s[0] in "未无否没":
        return Flag(False, str(value))
    return Flag(None, str(value), f"「{str(value).strip()}」不是「是/否」")


def parse_presence(value: Any) -> Flag:
    """A yes/no read from a column that asks for a name (「法律顾问姓名」): 是/否 words as in
    :func:`parse_bool`, a name means yes, 无/暂未聘请 … means no, blank is unknown."""
    b = parse_bool(value)
    if not b.error or is_missing(value):
        return b
    s = squash(value)
    if s.startswith(tuple(vocab()["presence_negative_prefixes"])):
        return Flag(False, str(value))
    return Flag(True, str(value))


# --------------------------------------------------------------------------- dates

_DATE_FULL = re.compile(
    r"^(?P<y>\d{4})\s*[.\-/年]\s*(?P<m>\d{1,2})\s*[.\-/月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_DATE_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
_DATE_NO_YEAR = re.compile(r"^(?P<m>\d{1,2})\s*(?:月\s*(?P<d1>\d{1,2})\s*日?|[./](?P<d2>\d{1,2}))$")
_DATE_SHORT_YEAR = re.compile(
    r"^(?P<y>\d{2})\s*[.\-/年]\s*(?P<m>\d{1,2})\s*[.\-/月]\s*(?P<d>\d{1,2})\s*日?$"
)
_DATE_SERIAL = re.compile(r"^(?P<n>\d{5})(?:\.0+)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class When(NamedTuple):
    value: dt.date | None
    raw: str = ""
    error: str = ""


def parse_date(value: Any, year: int | None = None) -> When:
    """Real Excel dates, serial numbers (also as text, 「45123」), ``2023.6.26``, ``2023年6月26日``,
    ``2023/3/05``, ``2023-04-18``, ``20230626``, two-digit years (``24.7.3`` is 2024);
    ``6月26日`` and ``6.26`` (as text) take ``year`` when given."""
    if isinstance(value, CellError):
        return When(None, str(value), f"单元格为 Excel 错误值「{value}」")
    if isinstance(value, dt.datetime):
        return When(value.date(), raw_text(value))
    if isinstance(value, dt.date):
        return When(value, raw_text(value))
    if isinstance(value, bool):
        return When(None, str(value), "此处应为日期")
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return When(None)
        # An Excel serial date between 1954 and 2119; a bare number outside is not a date.
        if float(value).is_integer() and 20000 <= value <= 80000:
            return When(_EXCEL_EPOCH + dt.timedelta(days=int(value)), raw_text(value))
        return When(None, raw_text(value), f"「{raw_text(value)}」不是可识别的日期")
    if is_missing(value):
        return When(None, raw_text(value).strip())
    s = norm_text(value)
    serial = _DATE_SERIAL.match(s)
    if serial and 20000 <= int(serial["n"]) <= 80000:
        # A serial number stored as text (a column formatted as text before the dates went in).
        return When(_EXCEL_EPOCH + dt.timedelta(days=int(serial["n"])), str(value))
    m = _DATE_FULL.match(s) or _DATE_COMPACT.match(s)
    y = int(m["y"]) if m else year
    if not m:
        m = _DATE_SHORT_YEAR.match(s)
        if m:
            y = 2000 + int(m["y"])
    day = m["d"] if m else None
    if not m:
        m = _DATE_NO_YEAR.match(s)
        day = (m["d1"] or m["d2"]) if m else None
    if not m or y is None or day is None:
        return When(None, str(value), f"「{str(value).strip()}」不是可识别的日期")
    try:
        return When(dt.date(y, int(m["m"]), int(day)), str(value))
    except ValueError:
        return When(None, str(value), f"「{str(value).strip()}」不是有效的日期")


# ------------------------------------------------------------------ vocab lookups


@functools.cache
def _lookup(section: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, words in vocab()[section].items():
        for word in words:
            table[squash(word)] = canonical
    return table


def parse_outcome(value: Any) -> tuple[str, bool]:
    """Map a case status to resolved/pending/failed/unknown; the flag says whether it was known."""
    s = squash(value)
    if not s:
        return "unknown", False
    table = _lookup("outcomes")
    if s in table:
        return table[s], True
    m = _BRACKET_NOTE.match(s)
    if m:
        # 已办结（息诉罢访）: the status, then its note; the status decides when both are known.
        for part in (m["head"], m["note"]):
            outcome, known = parse_outcome(part)
            if known:
                return outcome, True
    head = _CLAUSE.split(s, maxsplit=1)[0]
    if head and head != s:
        # 调解不成，已引导诉讼 / 已办结，未回访: the first clause is the status, the rest a note.
        outcome, known = parse_outcome(head)
        if known:
            return outcome, True
    v = vocab()
    if s.endswith(tuple(v["pending_suffixes"])) or s.startswith(tuple(v["pending_prefixes"])):
        return "pending", True
    # 移交派出所 / 转办县人社局 / 调解不成，已引导诉讼: the longest word the status starts with.
    for word, outcome in _outcome_prefixes():
        if s.startswith(word):
            rest = s[len(word) :]
            if outcome == "resolved" and any(n in rest for n in v["outcome_negations"]):
                return "unknown", False
            return outcome, True
    return "unknown", False


_CLAUSE = re.compile(r"[,;，；。]")


@functools.cache
def _outcome_prefixes() -> tuple[tuple[str, str], ...]:
    pairs = [(squash(w), k) for k, words in vocab()["outcome_prefixes"].items() for w in words]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def parse_demo_level(value: Any) -> tuple[str, bool]:
    """Map a demonstration-village level to 国家级/省级/市级/县级/""; the flag says known."""
    if is_missing(value):
        return "", True
    s = squash(value)
    table = _lookup("demo_levels")
    if s in table:
        return table[s], True
    for level in ("国家级", "省级", "市级", "县级"):
        if s.startswith(level[0]) and (len(s) == 1 or s[1] in "级示"):
            return level, True
    return "", False


def parse_basis(value: Any) -> str:
    """当年 or 累计 (or "" when not stated)."""
    s = squash(value)
    if not s:
        return ""
    if "累计" in s or "历年" in s:
        return "累计"
    if s in ("当年", "本年", "年度", "本年度", "全年", "当年度"):
        return "当年"
    return ""


@functools.cache
def _village_suffixes() -> list[tuple[str, str]]:
    v = vocab()
    return [(s, v["village_suffix_to"][s]) for s in sorted(v["village_suffixes"], key=len)[::-1]]


def norm_village(value: Any) -> str:
    """`` 西河村 `` → 西河村, 东河村委会 → 东河村, 石桥村民委员会 → 石桥村; bare 南岭 stays."""
    s = squash(value)
    for suffix, repl in _village_suffixes():
        if s.endswith(suffix) and len(s) > len(suffix):
            stem = s[: -len(suffix)]
            return stem if stem.endswith(repl) else stem + repl
    return s


def village_stem(name: str) -> str:
    """The name without its trailing 村/社区, for matching a bare 南岭 to 南岭村."""
    for tail in ("社区", "村", "居"):
        if name.endswith(tail) and len(name) > len(tail):
            return name[: -len(tail)]
    return name
