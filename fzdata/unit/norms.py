"""Norms and thresholds: the unit's ``unit.yml`` over the documented defaults (norms.yml)."""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from typing import Any

import pandas as pd

from fzdata.core.errors import ConfigError
from fzdata.core.resources import _yaml
from fzdata.unit.settings import UnitSettings

NORM_COLUMNS = ("name", "kind", "label", "value", "unit", "origin", "basis")


@functools.cache
def defaults() -> dict[str, dict[str, dict[str, Any]]]:
    return _yaml("norms.yml")


@dataclass(frozen=True)
class Norms:
    """Resolved values, and a table saying where each came from (for the report's appendix)."""

    values: dict[str, float]
    table: pd.DataFrame

    def __getitem__(self, name: str) -> float:
        return self.values[name]


def resolve_norms(settings: UnitSettings, overrides: dict[str, float] | None = None) -> Norms:
    """Merge ``settings.norms`` and ``settings.thresholds`` over the defaults, and
    ``overrides`` (by name, norm or threshold) over both: a what-if in a notebook.

    An unknown name is a :class:`ConfigError` naming the closest valid ones (a typo in
    unit.yml must not silently fall back to a default).
    """
    d = defaults()
    overrides = dict(overrides or {})
    unknown = [n for n in overrides if n not in d["norms"] and n not in d["thresholds"]]
    if unknown:
        known_all = [*d["norms"], *d["thresholds"]]
        close = difflib.get_close_matches(unknown[0], known_all, n=3, cutoff=0.4)
        raise ConfigError(
            "norms", f"没有「{unknown[0]}」这一项；可用的有 {'、'.join(close or known_all)}"
        )
    rows, values = [], {}
    for kind, given in (("norms", settings.norms), ("thresholds", settings.thresholds)):
        known = d[kind]
        given = {**given, **{k: float(v) for k, v in overrides.items() if k in known}}
        for name in given:
            if name not in known:
                close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.4)
                hint = (
                    f"；是否想写 {'、'.join(close)}" if close else f"；可用的有 {'、'.join(known)}"
                )
                raise ConfigError(
                    settings.path or "unit.yml", f"{kind} 中没有「{name}」这一项{hint}"
                )
        for name, spec in known.items():
            from_unit = name in given
            value = float(given[name]) if from_unit else float(spec["default"])
            origin = "试算" if name in overrides else "本单位设置" if from_unit else "默认值"
            values[name] = value
            if settings.kind not in spec.get("kinds", [settings.kind]):
                continue  # a norm of another kind of unit: available, not listed
            rows.append(
                {
                    "name": name,
                    "kind": kind,
                    "label": spec["label"],
                    "value": value,
                    "unit": spec.get("unit", ""),
                    "origin": origin,
                    "basis": str(spec.get("basis", "")),
                }
            )
    return Norms(values, pd.DataFrame(rows, columns=list(NORM_COLUMNS)))
