"""Unit settings from ``data/<单位>/unit.yml`` (name, 主送机关, norms), with defaults.

The file is loaded safely (:mod:`fzdata.core.safeyaml`) and validated by a pydantic model:
known keys only, names and titles as text without control characters, norms positive and
finite, thresholds non-negative and finite, the five sections at most once. Every problem is
reported at once, each with unit.yml, the key and its line.
"""

from __future__ import annotations

import difflib
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from fzdata.core.config import UNIT_SETTINGS_FILE
from fzdata.core.errors import ConfigError, FzError
from fzdata.core.resources import messages
from fzdata.core.safeyaml import load_yaml

#: Keys a unit.yml may hold.
KNOWN_KEYS = (
    "name", "kind", "recipient", "issuer", "norms", "section_order", "thresholds", "rules_off",
)  # fmt: skip

Positive = Annotated[float, Field(strict=True, gt=0, allow_inf_nan=False)]
NonNegative = Annotated[float, Field(strict=True, ge=0, allow_inf_nan=False)]
Text = Annotated[str, Field(strict=True, max_length=200)]


def _plain_text(value: str | None) -> str | None:
    """No control, bidi-override or zero-width characters: they hide or reorder text."""
    if value is None:
        return value
    bad = [ch for ch in value if unicodedata.category(ch) in ("Cc", "Cf")]
    if bad:
        codes = "、".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(bad))
        raise ValueError(f"含有看不见的控制字符（{codes}），请删除")
    return value


class UnitFile(BaseModel):
    """What unit.yml may say."""

    model_config = ConfigDict(extra="forbid")

    name: Text | None = None
    kind: Text | None = None
    recipient: Text | None = None
    issuer: Text | None = None
    norms: dict[Annotated[str, Field(strict=True)], Positive] | None = None
    thresholds: dict[Annotated[str, Field(strict=True)], NonNegative] | None = None
    section_order: list[Annotated[str, Field(strict=True)]] | None = None
    rules_off: list[Annotated[str, Field(strict=True, max_length=60)]] | None = None

    _text = field_validator("name", "recipient", "issuer")(_plain_text)

    @field_validator("section_order")
    @classmethod
    def _sections(cls, value: list[str] | None) -> list[str] | None:
        if value:
            from fzdata.report.sections import section_order

            try:
                section_order(value)
            except FzError as exc:
                raise ValueError(str(exc).removeprefix("unit.yml 的 section_order ")) from None
        return value


@dataclass
class UnitSettings:
    name: str
    kind: str = "township"  # a profile in resources/profiles (乡镇 township, 部门 department)
    recipient: str = ""  # 主送机关
    issuer: str = ""  # 落款单位; the unit's name when empty
    norms: dict[str, float] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    section_order: list[str] = field(default_factory=list)
    rules_off: list[str] = field(default_factory=list)  # shortcoming rules switched off
    path: str = ""  # the file read, or "" when defaults were used


def load_settings(unit_dir: Path) -> UnitSettings:
    """Read ``unit.yml`` beside the year folders; a unit without one gets the defaults."""
    path = unit_dir / UNIT_SETTINGS_FILE
    settings = UnitSettings(name=unit_dir.name)
    if not path.exists() and not path.is_symlink():
        return settings
    shown = f"{unit_dir.name}/{UNIT_SETTINGS_FILE}"
    if path.is_symlink() and not path.resolve().is_relative_to(unit_dir.resolve()):
        raise ConfigError(shown, "是指向单位目录之外的链接，不会读取；请把文件本身放在单位目录中")
    model, lines = read_validated(path, shown, UnitFile)
    for key in ("name", "recipient", "issuer"):
        value = getattr(model, key)
        if value is not None:
            setattr(settings, key, value.strip() or getattr(settings, key))
    settings.norms.update({str(k): float(v) for k, v in (model.norms or {}).items()})
    settings.thresholds.update({str(k): float(v) for k, v in (model.thresholds or {}).items()})
    settings.section_order = list(model.section_order or [])
    settings.rules_off = list(model.rules_off or [])
    if model.kind is not None:
        settings.kind = _kind(model.kind.strip(), shown, lines.get(("kind",), 1))
    settings.path = str(path)
    return settings


M = TypeVar("M", bound=BaseModel)


def read_validated(
    path: Path,
    shown: str,
    model: type[M],
    known: Callable[[tuple[Any, ...]], tuple[str, ...]] | None = None,
) -> tuple[M, dict[tuple[Any, ...], int]]:
    """A settings file read safely and validated by ``model``, with the line of every key.
    Every problem is reported at once in Chinese, each with ``shown`` and its line; ``known``
    gives the keys allowed where a problem was written (unit.yml's by default)."""
    raw, lines = load_yaml(path, shown)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(shown, "顶层应是「键: 值」形式的设置", line=1)
    try:
        return model.model_validate(raw), lines
    except ValidationError as exc:
        problems = sorted(
            {
                (_line_of(e["loc"], lines), _message(e, known(e["loc"]) if known else KNOWN_KEYS))
                for e in exc.errors()
            },
            key=lambda p: p[0],
        )
        text = "\n".join(f"  {shown}:{line}：{msg}" for line, msg in problems)
        err = ConfigError(shown, f"有 {len(problems)} 处设置不对：\n{text}")
        err.line = problems[0][0]
        raise err from None


def _kind(value: str, path: str, line: int) -> str:
    """A kind named in unit.yml: its profile id, or its Chinese label (部门、乡镇)."""
    from fzdata.unit.profiles import kinds, load_profile

    for kind in kinds():
        if value in (kind, load_profile(kind).label):
            return kind
    raise ConfigError(
        path,
        f"kind「{value}」不是已知的单位种类；可用的有 "
        + "、".join(f"{k}（{load_profile(k).label}）" for k in kinds()),
        line=line,
    )


def _line_of(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int:
    for n in range(len(loc), 0, -1):
        if tuple(loc[:n]) in lines:
            return lines[tuple(loc[:n])]
    return 1


def _message(error: dict[str, Any], known: tuple[str, ...] = KNOWN_KEYS) -> str:
    """One setting's problem in Chinese; ``known`` are the keys allowed where it was written
    (unit.yml's by default). A list position is counted from 1 (units 第2项)."""
    key = _key_text(error["loc"])
    kind, value = error["type"], error.get("input")
    shown = _brief(value)
    if kind == "extra_forbidden":
        last = str(error["loc"][-1])
        close = difflib.get_close_matches(last, known, n=2, cutoff=0.5)
        hint = f"是否想写 {'、'.join(close)}" if close else f"可用的有 {'、'.join(known)}"
        return f"没有「{key}」这一设置；{hint}"
    if isinstance(value, float) and not math.isfinite(value):
        kind = "finite_number"  # nan and inf, whatever check pydantic reports
    templates = messages()["settings_errors"]
    msg = str(error.get("msg", "")).removeprefix("Value error, ")
    return templates.get(kind, templates["other"]).format(key=key, shown=shown, msg=msg)


def _key_text(loc: tuple[Any, ...]) -> str:
    """``units.1.knd`` as 「units 第2项的 knd」: people count list items from 1."""
    out = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            out += f" 第{part + 1}项的 " if out else f"第{part + 1}项 "
        else:
            out += ("" if not out or out.endswith(" ") else ".") + str(part)
    return out.strip()


def _brief(value: Any) -> str:
    """A value for a message, never expanded: a list or mapping is named, not printed."""
    if isinstance(value, bool):
        return f"「{'true' if value else 'false'}」（是/否）"
    if isinstance(value, dict):
        return "一组设置"
    if isinstance(value, list | tuple):
        return "一个列表"
    text = str(value)
    return f"「{text[:40]}{'…' if len(text) > 40 else ''}」"
