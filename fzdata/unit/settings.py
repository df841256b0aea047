"""Unit settings from ``data/<单位>/unit.yml`` (name, 主送机关, norms), with defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from fzdata.core.config import UNIT_SETTINGS_FILE
from fzdata.core.errors import ConfigError

#: Keys a unit.yml may hold; later stages read the ones they need.
KNOWN_KEYS = (
    "name", "kind", "recipient", "issuer", "norms", "section_order", "thresholds", "rules_off",
)  # fmt: skip


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
    if not path.exists():
        return settings
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行第{mark.column + 1}列" if mark else ""
        raise ConfigError(
            str(path), f"YAML 格式错误{where}：{getattr(exc, 'problem', exc)}"
        ) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), "不是 UTF-8 编码；请用记事本另存为 UTF-8") from exc
    if not isinstance(raw, dict):
        raise ConfigError(str(path), "顶层应是「键: 值」形式的设置")
    for key in ("name", "recipient", "issuer"):
        if key in raw and raw[key] is not None:
            setattr(settings, key, str(raw[key]).strip())
    for key in ("norms", "thresholds"):
        value = raw.get(key) or {}
        if not isinstance(value, dict):
            raise ConfigError(str(path), f"{key} 应是「名称: 数值」的列表")
        for k, v in value.items():
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise ConfigError(str(path), f"{key}.{k} 应是数字，而不是「{v}」")
        getattr(settings, key).update({str(k): float(v) for k, v in value.items()})
    if raw.get("kind") is not None:
        settings.kind = _kind(str(raw["kind"]).strip(), str(path))
    order = raw.get("section_order") or []
    if not isinstance(order, list):
        raise ConfigError(str(path), "section_order 应是列表")
    settings.section_order = [str(s) for s in order]
    off = raw.get("rules_off") or []
    if not isinstance(off, list) or not all(isinstance(r, str) for r in off):
        raise ConfigError(str(path), "rules_off 应是规则编号的列表，如 [imbalance]")
    settings.rules_off = list(off)
    settings.path = str(path)
    return settings


def _kind(value: str, path: str) -> str:
    """A kind named in unit.yml: its profile id, or its Chinese label (部门、乡镇)."""
    from fzdata.unit.profiles import kinds, load_profile

    for kind in kinds():
        if value in (kind, load_profile(kind).label):
            return kind
    raise ConfigError(
        path,
        f"kind「{value}」不是已知的单位种类；可用的有 "
        + "、".join(f"{k}（{load_profile(k).label}）" for k in kinds()),
    )
