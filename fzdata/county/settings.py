"""County settings from ``data/county.yml``: the county's name, the 主送机关, deadlines, the units.

The file is optional. It is loaded safely (:mod:`fzdata.core.safeyaml`) and validated by a
pydantic model: known keys only, plain text, every unit once, kinds from the unit profiles,
deadlines written as 「3月1日」 (of the year after the report year). Every problem is reported at
once, each with county.yml, the key and its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from fzdata.core.config import COUNTY_DIR, COUNTY_SETTINGS_FILE
from fzdata.core.errors import ConfigError
from fzdata.unit.settings import _kind, _plain_text, read_validated

Text = Annotated[str, Field(strict=True, max_length=200)]
_DAY = re.compile(r"^\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_DATE = re.compile(r"^\s*(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?\s*$")


def _received(value: object) -> dict[int, date] | None:
    """``received: {2024: 2025-03-12}``: the date the office received a year's materials,
    written 2025-03-12 or 2025年3月12日, for a report year."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("received 应写成「{2024: 2025-03-12}」这样的「年度: 收到日期」")
    out: dict[int, date] = {}
    for year, when in value.items():
        if isinstance(year, bool) or not isinstance(year, int) or not 1949 < year < 2200:
            raise ValueError(f"received 中的年度「{str(year)[:20]}」应是四位年份，如 2024")
        if isinstance(when, date):
            out[year] = when
            continue
        m = _DATE.match(str(when))
        if not m:
            raise ValueError(
                f"{year} 年的收到日期「{str(when)[:20]}」应写成「{year + 1}-03-05」这样的年-月-日"
            )
        try:
            out[year] = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise ValueError(f"{year} 年的收到日期「{str(when)[:20]}」不是存在的日期") from None
    return out


class CountyUnitFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text
    kind: Text = "township"
    short: Text | None = None
    received: dict[int, date] | None = None
    since: Annotated[int, Field(strict=True, gt=1949, lt=2200)] | None = None

    _text = field_validator("name", "kind", "short")(_plain_text)
    _dates = field_validator("received", mode="before")(_received)


class CountyFile(BaseModel):
    """What county.yml may say."""

    model_config = ConfigDict(extra="forbid")

    name: Text | None = None
    recipient: Text | None = None
    issuer: Text | None = None
    deadlines: dict[Annotated[str, Field(strict=True)], Text] | None = None
    units: list[CountyUnitFile] | None = None

    _text = field_validator("name", "recipient", "issuer")(_plain_text)

    @field_validator("deadlines", mode="before")
    @classmethod
    def _numbers(cls, value: object) -> object:
        # 3.10 in YAML is the number 3.1: say so rather than 「应为文字」.
        for key, text in value.items() if isinstance(value, dict) else ():
            if isinstance(text, int | float) and not isinstance(text, bool):
                raise ValueError(
                    f"{key} 的期限写成了数字「{text}」；请写成「3月10日」这样的月日"
                    "（3.10 会被读成数字 3.1）"
                )
        return value

    @field_validator("deadlines")
    @classmethod
    def _days(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        for key, text in (value or {}).items():
            m = _DAY.match(text)
            if not m:
                raise ValueError(f"{key} 的期限「{text[:20]}」应写成「3月1日」这样的月日")
            date(2000, int(m[1]), int(m[2]))  # raises ValueError for 2月30日
        return value


@dataclass(frozen=True)
class CountyUnit:
    name: str
    kind: str = "township"  # a profile id (township, department)
    short: str = ""  # 简称 used in tables and charts; the name when empty
    #: report year -> the date the county office received that year's materials
    received: dict[int, date] = field(default_factory=dict, hash=False, compare=False)
    #: the first report year the unit is expected (a new township, a department set up later)
    since: int | None = None

    @property
    def label(self) -> str:
        return self.short or self.name


@dataclass
class CountySettings:
    name: str = "本县"
    recipient: str = ""  # 主送机关 of the county's own report
    issuer: str = ""  # 落款单位 of the county's own report; the name when empty
    deadlines: dict[str, str] = field(default_factory=dict)  # kind or "publication" -> 「3月1日」
    units: list[CountyUnit] = field(default_factory=list)
    path: str = ""  # the file read

    def deadline(self, key: str, year: int) -> date | None:
        """The deadline for a kind of unit (or ``publication``) of a report year: the date in
        the spring after it; None when county.yml sets none."""
        text = self.deadlines.get(key)
        if not text:
            return None
        m = _DAY.match(text)
        return date(year + 1, int(m[1]), int(m[2])) if m else None

    def unit(self, name: str) -> CountyUnit | None:
        """The listed unit called ``name`` (full name or 简称)."""
        for u in self.units:
            if name in (u.name, u.short):
                return u
        return None


#: Keys county.yml may hold, at the top and for each unit.
COUNTY_KEYS = ("name", "recipient", "issuer", "deadlines", "units")
UNIT_KEYS = ("name", "kind", "short", "received", "since")


def _known(loc: tuple[object, ...]) -> tuple[str, ...]:
    return UNIT_KEYS if len(loc) > 2 and loc[0] == "units" else COUNTY_KEYS


def county_file(data_dir: Path | str) -> Path:
    return Path(data_dir) / COUNTY_SETTINGS_FILE


def county_folder(data_dir: Path | str) -> Path:
    """The county office's own folder (``data/county/<年份>/narrative.md``, received reports)."""
    return Path(data_dir) / COUNTY_DIR


def load_county(data_dir: Path | str) -> CountySettings | None:
    """Read ``data/county.yml``; None when there is none (no county view)."""
    data_dir = Path(data_dir)
    path = county_file(data_dir)
    if not path.exists() and not path.is_symlink():
        return None
    shown = COUNTY_SETTINGS_FILE
    if path.is_symlink() and not path.resolve().is_relative_to(data_dir.resolve()):
        raise ConfigError(shown, "是指向数据目录之外的链接，不会读取；请把文件本身放在数据目录中")
    model, lines = read_validated(path, shown, CountyFile, _known)
    settings = CountySettings(path=str(path))
    for key in ("name", "recipient", "issuer"):
        value = getattr(model, key)
        if value is not None and value.strip():
            setattr(settings, key, value.strip())
    settings.deadlines = {k: v.strip() for k, v in (model.deadlines or {}).items()}
    seen: dict[str, int] = {}
    for i, u in enumerate(model.units or []):
        line = lines.get(("units", i), 1)
        name = u.name.strip()
        if not name:
            raise ConfigError(shown, "units 中有一个单位没有名称", line=line)
        if name in seen:
            raise ConfigError(shown, f"单位「{name}」列了两次（第 {seen[name]} 行）", line=line)
        seen[name] = line
        kind = _kind(u.kind.strip(), shown, lines.get(("units", i, "kind"), line))
        settings.units.append(
            CountyUnit(name, kind, (u.short or "").strip(), u.received or {}, u.since)
        )
    return settings
