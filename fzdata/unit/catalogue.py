"""The indicator catalogue: standard keys, names, units, directions and default targets.

Shipped as ``resources/catalogue.csv``; a unit extends or overrides it with
``data/<单位>/catalogue.csv`` (same columns). Ledger names map to keys by exact standard name,
then aliases, then normalisation (white space, bracketed units, leading verbs, trailing 数).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from fzdata.core.config import RESOURCES_DIR
from fzdata.core.errors import ConfigError
from fzdata.core.parse import parse_number, squash
from fzdata.core.resources import vocab

CATALOGUE_COLUMNS = ("key", "name", "unit", "direction", "default_target", "aliases")
DIRECTIONS = ("up", "down", "neutral")
_BRACKET = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class Entry:
    key: str
    name: str
    unit: str
    direction: str
    default_target: float | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    key: str  # "" for a custom indicator
    how: str  # exact / alias / normalised / "" (no match)
    unit_hint: str  # a unit found in brackets in the name, e.g. 次 in 普法宣传活动（次）
    basis_hint: str  # 累计 when the name starts with 累计


class Catalogue:
    """Indicator entries with a name matcher."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = {e.key: e for e in entries}
        self._exact: dict[str, str] = {}
        self._alias: dict[str, str] = {}
        self._norm: dict[str, str] = {}
        for e in entries:
            self._exact[squash(e.name)] = e.key
        for e in entries:
            for a in e.aliases:
                self._alias.setdefault(squash(a), e.key)
        for e in entries:
            for text in (e.name, *e.aliases):
                self._norm.setdefault(name_candidates(text)[0], e.key)

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def __getitem__(self, key: str) -> Entry:
        return self.entries[key]

    def match(self, name: str) -> Match:
        """Map a ledger's indicator name to a key (or "" when it names no catalogue entry)."""
        s = squash(name)
        units = _BRACKET.findall(s)
        unit_hint = units[-1] if units and s.endswith(")") else ""
        basis = "累计" if s.startswith("累计") else ""
        if s in self._exact:
            return Match(self._exact[s], "exact", unit_hint, basis)
        if s in self._alias:
            return Match(self._alias[s], "alias", unit_hint, basis)
        for n in name_candidates(s):
            if n in self._norm:
                return Match(self._norm[n], "normalised", unit_hint, basis)
        return Match("", "", unit_hint, basis)


def name_candidates(name: str) -> list[str]:
    """Normalised forms of a name: white space, bracketed parts and leading verbs (开展/组织/累计/
    全年…) stripped; then also without each trailing word
    (法律明白人数 may end in 数 or in 人数; only the catalogue knows which is meant)."""
    v = vocab()
    s = _BRACKET.sub("", squash(name))
    leading = sorted(v["indicator_leading_verbs"], key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for word in leading:
            if s.startswith(word) and len(s) > len(word) + 1:
                s = s[len(word) :]
                changed = True
    out = [s]
    for word in sorted(v["indicator_trailing_words"], key=len, reverse=True):
        if s.endswith(word) and len(s) > len(word) + 1:
            out.append(s[: -len(word)])
    return out


def _read_entries(path: Path) -> list[Entry]:
    from fzdata.core.limits import limit

    if path.is_symlink() and not path.resolve().is_relative_to(path.parent.resolve()):
        raise ConfigError(
            str(path), "是指向单位目录之外的链接，不会读取；请把文件本身放在单位目录中"
        )
    if path.exists() and not path.is_file():
        raise ConfigError(str(path), "应是一个文件；请删除或改名")
    try:
        if path.stat().st_size > limit("max_catalogue_bytes"):
            raise ConfigError(str(path), f"文件过大（超过 {limit('max_catalogue_bytes'):,} 字节）")
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in ("key", "name") if c not in (reader.fieldnames or [])]
            if missing:
                raise ConfigError(
                    str(path), f"缺少列 {'、'.join(missing)}；列应为 {','.join(CATALOGUE_COLUMNS)}"
                )
            entries = []
            for i, row in enumerate(reader, start=2):
                key = (row.get("key") or "").strip()
                name = (row.get("name") or "").strip()
                if not key or not name:
                    raise ConfigError(str(path), f"第{i}行缺少 key 或 name")
                direction = (row.get("direction") or "neutral").strip() or "neutral"
                if direction not in DIRECTIONS:
                    raise ConfigError(
                        str(path),
                        f"第{i}行 direction 应为 up、down 或 neutral，而不是「{direction}」",
                    )
                target = parse_number(row.get("default_target") or "")
                if target.error:
                    raise ConfigError(str(path), f"第{i}行 default_target：{target.error}")
                aliases = tuple(
                    a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()
                )
                entries.append(
                    Entry(
                        key, name, (row.get("unit") or "").strip(), direction, target.value, aliases
                    )
                )
            return entries
    except csv.Error as exc:
        raise ConfigError(str(path), f"无法解析（{exc}）", line=reader.line_num) from None
    except OSError as exc:
        raise ConfigError(str(path), f"无法读取：{exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), "不是 UTF-8 编码；请另存为「CSV UTF-8」") from exc


@functools.cache
def default_catalogue(name: str = "catalogue.csv") -> Catalogue:
    """A catalogue shipped with fzdata: a township's by default, ``catalogue_department.csv``
    for a department (the profile names it)."""
    return Catalogue(_read_entries(RESOURCES_DIR / name))


def load_catalogue(extension: Path | None = None, base_name: str = "catalogue.csv") -> Catalogue:
    """The shipped catalogue ``base_name``, extended (and overridden by key) with a unit's
    ``catalogue.csv``."""
    base = default_catalogue(base_name)
    if extension is None or not extension.exists():
        return base
    merged = dict(base.entries)
    for e in _read_entries(extension):
        merged[e.key] = e
    # A unit's entries come first so its names and aliases win over the shipped ones.
    own = [merged[k] for k in merged if k not in base.entries or merged[k] is not base.entries[k]]
    return Catalogue(own + [e for k, e in merged.items() if e not in own])


# ------------------------------------------------------------------ docs

DOCS_START = "<!-- catalogue:start (generated from fzdata/resources/catalogue*.csv) -->"
DOCS_END = "<!-- catalogue:end -->"
_DIRECTION_LABELS = {"up": "越多越好", "down": "越少越好", "neutral": "—"}


def docs_table() -> str:
    """The shipped indicators of each kind of unit as Markdown tables, for docs/data.md §七."""
    from fzdata.unit.profiles import kinds, load_profile

    out = []
    for kind in sorted(kinds(), key=lambda k: k != "township"):  # townships first
        profile = load_profile(kind)
        out.append(f"**{profile.label}**（`{profile.catalogue}`）\n")
        out.append("| key | 标准名称 | 计量单位 | 方向 | 也认作 |")
        out.append("|---|---|---|---|---|")
        for e in default_catalogue(profile.catalogue).entries.values():
            aliases = "、".join(e.aliases)
            out.append(
                f"| `{e.key}` | {e.name} | {e.unit} | {_DIRECTION_LABELS[e.direction]} | {aliases} |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def update_docs(path: Path) -> bool:
    """Rewrite the generated catalogue block of ``path``; True when it changed."""
    from fzdata.core.findings import replace_block

    return replace_block(path, DOCS_START, DOCS_END, docs_table())


if __name__ == "__main__":  # python -m fzdata.unit.catalogue docs/data.md
    import sys

    for arg in sys.argv[1:]:
        print(f"{arg}: {'updated' if update_docs(Path(arg)) else 'up to date'}")
