"""Kinds of unit (乡镇, 部门 …) as data: one profile file per kind in ``resources/profiles``.

A profile says what a unit of its kind keeps and how its report reads: its label and how it
calls itself (我乡 / 我局), the tables detection may choose from, its indicator catalogue, the
shortcoming rules that run for it, its charts, the tables its narrative may show, its default
narrative template and its wording overrides (merged over ``wording.yml``). ``unit.yml`` names
the kind (``kind: department``); a unit without one is a township.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from typing import Any

import yaml

from fzdata.core.config import RESOURCES_DIR
from fzdata.core.errors import ConfigError

PROFILES_DIR = RESOURCES_DIR / "profiles"
DEFAULT_KIND = "township"


@dataclass(frozen=True)
class Profile:
    kind: str
    label: str  # 乡镇 / 部门
    self_name: str  # how the unit calls itself: 我乡 / 我局
    tables: tuple[str, ...]  # table kinds detection chooses from
    hours_tables: tuple[str, ...]  # tables that may hold officers' training hours, in order
    catalogue: str  # file name of the indicator catalogue in resources/
    rules: tuple[str, ...]  # shortcoming rule ids that run for this kind
    #: rules (target_missed, decline) left out for a figure a more specific rule speaks to
    general_rules: tuple[str, ...]
    charts: tuple[str, ...]
    trend_keys: tuple[str, ...]
    key_figures: tuple[str, ...]
    narrative_tables: tuple[str, ...]
    template: str  # default narrative, in fzdata/templates
    wording: dict[str, Any]  # overrides merged over wording.yml


def kinds() -> list[str]:
    """Every kind a profile file is shipped for."""
    return sorted(p.stem for p in PROFILES_DIR.glob("*.yml"))


@functools.cache
def load_profile(kind: str = DEFAULT_KIND) -> Profile:
    """The profile of ``kind``; an unknown kind is a :class:`ConfigError` naming the known ones."""
    path = PROFILES_DIR / f"{kind}.yml"
    if not kind or not path.is_file():
        raise ConfigError(
            "unit.yml",
            f"单位种类（kind）「{kind}」不存在；可用的有 {'、'.join(kinds())}"
            "（township 乡镇，department 部门）",
        )
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh) or {}
    return Profile(
        kind=kind,
        label=str(raw["label"]),
        self_name=str(raw["self"]),
        tables=tuple(raw["tables"]),
        hours_tables=tuple(raw.get("hours_tables", ("trainings",))),
        catalogue=str(raw["catalogue"]),
        rules=tuple(raw["rules"]),
        general_rules=tuple(raw.get("general_rules", ())),
        charts=tuple(raw.get("charts", ())),
        trend_keys=tuple(raw.get("trend_keys", ())),
        key_figures=tuple(raw.get("key_figures", ())),
        narrative_tables=tuple(raw.get("narrative_tables", ())),
        template=str(raw.get("template", "narrative_default.md")),
        wording=dict(raw.get("wording") or {}),
    )


def hours_table(yd: Any) -> str:
    """The table of a unit-year (a ``YearData``) holding its officers' training hours: the
    first of its profile's ``hours_tables`` with any hours (a department may keep them in its
    officer ledger or in a separate training ledger)."""
    names = load_profile(yd.settings.kind).hours_tables
    for name in names:
        if yd.tables[name]["hours"].notna().any():
            return name
    return names[0]


@functools.cache
def _merged_wording(kind: str) -> dict[str, Any]:
    from fzdata.core.resources import wording

    return _merge(copy.deepcopy(wording()), load_profile(kind).wording)


def profile_wording(kind: str = DEFAULT_KIND) -> dict[str, Any]:
    """``wording.yml`` with the kind's overrides merged in (mappings merged, lists replaced)."""
    return _merged_wording(kind or DEFAULT_KIND)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base
