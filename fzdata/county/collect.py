"""``fz collect``: read the reports units sent in, check them, keep the figures they state.

For each ``.docx``, ``.md`` and ``.txt`` report in a folder (:mod:`fzdata.county.readers`):

* **which unit sent it**: the title (「关于XX乡2024年法治政府建设情况的报告」), the 落款 (the
  issuer line before the date at the end) and the file name are matched against the units of
  ``county.yml`` (full name or 简称) and the unit folders under ``data/`` (folder name, the name
  and 落款 in ``unit.yml``); how it was recognised is recorded, and sources that disagree or a
  unit nobody knows are findings. The report's year is read from its title too.
* **checked** with the project's lint (:func:`fzdata.lint.engine.lint_lines`: structure,
  numbering, punctuation, 余/多, wording and, where the unit has ledgers for the year,
  data-mismatch against them), and its five sections are found
  (:func:`fzdata.lint.rules.structure.find_sections`);
* **its figures** for catalogue indicators are extracted with the parser the data-mismatch rule
  uses (:func:`fzdata.lint.stated.stated_figures`), each with its sentence as source; 余/多/以上
  stay open intervals, 约 ±10%.

Written under ``<out>/汇总/<年份>/``: ``collected/reports.csv``, ``collected/figures.csv`` and
``tables/review.csv`` (docs/county_collect.md; the columns are fixed by the county interface),
read back by :func:`read_collected` for ``fz rollup``.
"""

from __future__ import annotations

import functools
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fzdata.core.errors import FzError
from fzdata.core.findings import check_code
from fzdata.core.resources import _yaml
from fzdata.county.readers import REPORT_SUFFIXES, ReadReport, read_report
from fzdata.unit.folders import Skipped, check_year, lock_file_of, shown

#: Folder of the county roll-up under the output folder, and what collect writes there.
ROLLUP_DIR = "汇总"
COLLECTED_DIR = "collected"
SOURCE_FILE = "source.txt"  # the folder the collected reports were read from
TABLES_DIR = "tables"
REPORTS_COLUMNS = ["file", "unit", "kind", "recognised_by", "title", "year", "sections",
                   "errors", "warnings", "draft", "last_changed", "sha256"]  # fmt: skip
FIGURES_COLUMNS = ["unit", "kind", "key", "name", "value", "qualifier", "lo", "hi", "measure",
                   "source", "origin", "file", "line"]  # fmt: skip
REVIEW_COLUMNS = ["file", "unit", "level", "code", "line", "section", "message"]
#: ``origin`` of a figure read from a report's words (台账 for the ledgers').
ORIGIN_TEXT = "报告文字"
_OLD_WORD = (".doc", ".dot", ".wps", ".wpt", ".rtf", ".docm")
_CN_DIGIT = str.maketrans("〇零一二三四五六七八九", "00123456789")
_YEAR = re.compile(r"([0-9]{4}|[〇零一二三四五六七八九]{4})\s*年")
_DATE = re.compile(
    r"^(?:[0-9]{4}|[〇零一二三四五六七八九]{4})\s*年\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日$"
)
#: The signature's blank date, dated by hand (「　　年　月　日」).
_BLANK_DATE = re.compile(r"^年\s+月\s+日$")
_SENTENCE_END = ("。", "：", ":", "；", "！", "？")
_TITLE_UNIT = re.compile(r"关于(?P<who>.+?)(?:[0-9]{4}|[〇零一二三四五六七八九]{4})\s*年")


@functools.cache
def _words() -> dict[str, Any]:
    return _yaml("collect.yml")


# --------------------------------------------------------------------------- units


@dataclass(frozen=True)
class KnownUnit:
    """A unit a report may come from: listed in county.yml, or a unit folder under data/."""

    name: str  # as the roll-up calls it (county.yml's name, else the folder's)
    kind: str
    names: tuple[str, ...]  # every name it may be written by (full, 简称, unit.yml name, 落款)
    folder: str = ""  # its folder under data/, when it has one


def known_units(data_dir: Path) -> list[KnownUnit]:
    """The units of ``county.yml`` and the unit folders (with their unit.yml names)."""
    from fzdata.county.settings import load_county
    from fzdata.unit.folders import inside, list_units
    from fzdata.unit.settings import load_settings

    county = load_county(data_dir)
    folders: dict[str, tuple[str, str, str]] = {}  # folder -> (name, kind, issuer)
    if data_dir.is_dir():
        for folder in list_units(data_dir):
            try:
                s = load_settings(inside(data_dir, folder))
                folders[folder] = (s.name or folder, s.kind, s.issuer)
            except FzError:  # fz check names a broken unit.yml; the folder name still counts
                folders[folder] = (folder, "", "")
    out: list[KnownUnit] = []
    for u in county.units if county else []:
        folder = next((f for f, (n, _, _) in folders.items() if u.name in (f, n)), "")
        extra = folders.pop(folder, ("", "", ""))
        names = (u.name, u.short, folder, extra[0], extra[2])
        out.append(KnownUnit(u.name, u.kind, _names(names), folder))
    for folder, (name, kind, issuer) in folders.items():
        out.append(KnownUnit(folder, kind or "township", _names((folder, name, issuer)), folder))
    return out


def _names(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_norm(n) for n in names if n and _norm(n)))


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def match_unit(text: str, units: list[KnownUnit]) -> KnownUnit | None:
    """The unit whose longest name occurs in ``text`` (None when none does)."""
    text = _norm(text)
    best: tuple[int, KnownUnit] | None = None
    for u in units:
        for n in u.names:
            if n in text and (best is None or len(n) > best[0]):
                best = (len(n), u)
    return best[1] if best else None


# ------------------------------------------------------------------- one report


@dataclass
class Review:
    """One thing a reviewer would send back (a row of review.csv)."""

    level: str
    code: str
    message: str
    line: int | None = None
    section: str = ""


@dataclass
class ReportResult:
    """What was read from one report."""

    file: str  # as shown, relative to the folder read
    unit: str = ""
    kind: str = ""
    recognised_by: str = ""
    title: str = ""
    year: int | None = None
    sections: list[str] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    review: list[Review] = field(default_factory=list)
    draft: bool = False
    last_changed: str = ""
    sha256: str = ""
    read: bool = True  # False when the file could not be read at all
    used: bool = True  # False when another report of the unit is used instead

    def count(self, level: str) -> int:
        return sum(1 for r in self.review if r.level == level)

    def finding(self, level: str, code: str, message: str, **where: Any) -> None:
        check_code(level, code)
        self.review.append(Review(level, code, message, **where))


@dataclass
class Parts:
    """Where a report's title, 落款 and date are."""

    title: str = ""
    title_lines: list[int] = field(default_factory=list)
    issuer: str = ""
    issuer_line: int | None = None
    date: str = ""
    date_line: int | None = None


def find_parts(lines: list[str]) -> Parts:
    """The title (the first lines up to the one holding 「报告」), the date line near the end
    and the 落款 just before it (a short line without a sentence end)."""
    w = _words()
    parts = Parts()
    filled = [(i, _norm(line)) for i, line in enumerate(lines, start=1) if _norm(line)]
    head = filled[: w["title_lines"]]
    end = next((k for k, (_, t) in enumerate(head) if "报告" in t), None)
    if end is not None and (head[end][1].endswith(_SENTENCE_END) or len(head[end][1]) > 60):
        end = None  # 「现将有关情况报告如下：」 is the opening, not a title
    if end is not None:
        start = end
        while start > 0 and not head[start - 1][1].endswith(("：", ":", "。")) and end - start < 2:
            if not re.search(r"关于|法治|建设|情况", head[start - 1][1]):
                break
            start -= 1
        parts.title = "".join(t.lstrip("#") for _, t in head[start : end + 1])
        parts.title_lines = [i for i, _ in head[start : end + 1]]
    tail = filled[-w["tail_lines"] :]
    body_end = max(parts.title_lines, default=0)
    for k in range(len(tail) - 1, -1, -1):
        i, t = tail[k]
        if i > body_end and (_DATE.match(t) or _BLANK_DATE.match(lines[i - 1].strip())):
            parts.date, parts.date_line = t, i
            candidates = tail[max(0, k - w["issuer_lines"]) : k]
            break
    else:
        candidates = tail[-1:]  # no date: the last line may still be the 落款
    for i, t in reversed(candidates):
        if i <= body_end or t.endswith(_SENTENCE_END):
            break
        if len(t) <= w["max_issuer_chars"] and not re.match(r"^[（(一二三四五六七八九十0-9]", t):
            parts.issuer, parts.issuer_line = t, i
            break
    return parts


def year_of(text: str) -> int | None:
    m = _YEAR.search(_norm(text))
    return int(m.group(1).translate(_CN_DIGIT)) if m else None


def read_one(
    path: Path, root: Path, units: list[KnownUnit], data_dir: Path, year: int
) -> ReportResult:
    """Read, recognise, lint and extract one report (never raises for its content)."""
    rel = shown(path.relative_to(root))
    result = ReportResult(rel)
    read = read_report(path)
    result.sha256 = read.sha256
    result.last_changed = read.modified.isoformat() if read.modified else ""
    if read.problem is not None:
        level, code, message = read.problem
        result.finding(level, code, message)
        result.read = False
        unit = match_unit(path.stem, units)
        if unit is not None:
            result.unit, result.kind, result.recognised_by = unit.name, unit.kind, _how("file")
        else:
            result.recognised_by = _how("none")
        return result
    _recognise(read, result, units, path, year)
    _check(read, result, units, data_dir, year)
    return result


def _how(key: str) -> str:
    return _words()["recognised_by"][key]


def _recognise(
    read: ReadReport, result: ReportResult, units: list[KnownUnit], path: Path, year: int
) -> None:
    lines = read.lines
    parts = find_parts(lines)
    result.title = parts.title
    head = "".join(_norm(lines[i - 1]) for i in parts.title_lines) if parts.title_lines else ""
    first = "".join(_norm(x) for x in lines[:10])
    result.draft = any(w in (head or first) for w in _words()["draft_words"])
    by = {
        "title": match_unit(parts.title, units) if parts.title else None,
        "issuer": match_unit(parts.issuer, units) if parts.issuer else None,
        "file": match_unit(path.stem, units),
    }
    found = {k: u for k, u in by.items() if u is not None}
    if found:
        how, unit = next(iter(found.items()))
        result.unit, result.kind, result.recognised_by = unit.name, unit.kind, _how(how)
        others = {u.name for u in found.values()} - {unit.name}
        if others:
            said = "，".join(f"{_how(k)}为「{u.name}」" for k, u in found.items())
            result.finding("warning", "report_unit_conflict",
                       f"报送单位前后不一致：{said}；按{_how(how)}记为「{unit.name}」，请核实")  # fmt: skip
    else:
        result.recognised_by = _how("none")
        m = _TITLE_UNIT.search(parts.title)
        said = m["who"] if m and m["who"] else parts.issuer or path.stem
        result.finding("error", "report_unknown_unit",
                   f"无法识别报送单位：「{shown(said)[:40]}」不是 county.yml 所列单位，也不是数据目录中的单位；"
                   "请核对标题、落款，或在 county.yml 的 units 中加上该单位")  # fmt: skip
    if not parts.title:
        result.finding("warning", "report_no_title",
                   "开头几行中没有找到标题（如「关于××乡2024年法治政府建设情况的报告」）")  # fmt: skip
    result.year = year_of(parts.title) if parts.title else None
    if result.year is not None and result.year != year:
        result.finding("error", "report_wrong_year",
                   f"标题写的是{result.year}年，本次汇总的是{year}年；请核实是否报错了年度的报告",
                   line=parts.title_lines[0] if parts.title_lines else None)  # fmt: skip
    if not parts.issuer:
        result.finding("error", "report_no_issuer",
                   "文末没有落款（报送单位名称），应在正文之后、日期之上署单位全称",
                   line=parts.date_line)  # fmt: skip
    if not parts.date:
        result.finding("warning", "report_no_date",
                   "文末没有成文日期（如「2025年3月5日」），应在落款之下写明", line=parts.issuer_line)  # fmt: skip


def _check(
    read: ReadReport, result: ReportResult, units: list[KnownUnit], data_dir: Path, year: int
) -> None:
    from fzdata.core.figures import Figure
    from fzdata.core.resources import wording
    from fzdata.lint.engine import lint_lines
    from fzdata.lint.rules.structure import find_sections
    from fzdata.lint.stated import catalogue_names, read_figures

    lines = read.lines
    unit = next((u for u in units if u.name == result.unit), None)
    # Compared with the ledgers of the year collected, even when the title names another year
    # (most often a slip in the title; the wrong year is an error of its own).
    analysis = _analysis(unit, data_dir, year, result) if unit else None
    order = list(analysis.settings.section_order) if analysis is not None else []
    found = find_sections(lines, order)
    result.sections = [k for k, _ in found]
    spec = wording()["report"]["sections"]
    titles = {k: spec[k]["title"].format(year=year, next=year + 1) for k in spec}

    def section_at(line: int | None) -> str:
        if not line:
            return ""
        key = next((k for k, start in reversed(found) if start <= line), None)
        return titles[key] if key else ""

    for f in lint_lines(lines, analysis):
        hint = f"（建议：{f.suggestion}）" if f.suggestion else ""
        line = f.line if f.rule != "structure" or f.text else None
        result.review.append(
            Review(f.level, f"lint:{f.rule}", f.message + hint, line, section_at(line))
        )
    for r in result.review:
        if r.line and not r.section:
            r.section = section_at(r.line)
    if not unit or result.year not in (None, year):
        return  # an unknown unit's or another year's figures are not this year's
    cat = _catalogue(unit.kind)
    stated: dict[str, list[Any]] = {}
    figures, doubts = read_figures(lines, catalogue_names(cat))
    for d in doubts:
        if d.quoted_years - {year}:
            continue
        result.finding("info", "report_figure_unsure", f"「{d.match}」：{d.note}",
                       line=d.line, section=section_at(d.line))  # fmt: skip
    for s in figures:
        entry = cat[s.key]
        if s.bound == "以下" or not s.fits({entry.unit}) or (s.quoted_years - {year}):
            continue  # an upper bound, another measure, or a figure of another year
        stated.setdefault(s.key, []).append(s)
        if len(stated[s.key]) > 1:
            continue  # the first statement is the report's figure (a table may repeat it)
        fig = Figure(s.value, s.qualifier)
        result.figures.append({
            "unit": unit.name, "kind": unit.kind, "key": s.key, "name": entry.name,
            "value": s.value, "qualifier": s.qualifier, "lo": fig.lo,
            "hi": None if fig.hi is None or math.isinf(fig.hi) else fig.hi,
            "measure": entry.unit, "source": s.sentence, "origin": ORIGIN_TEXT,
            "file": result.file, "line": s.line,
        })  # fmt: skip
    for key, same in stated.items():
        written = {(s.value, s.qualifier) for s in same}
        if len(written) > 1:
            shown_ = "、".join(f"第{s.line}行「{s.written}」" for s in same[:3])
            shown_ += f"等 {len(same)} 处" if len(same) > 3 else ""
            result.finding("warning", "report_figure_differs",  # figures.csv keeps the first
                       f"{cat[key].name}在报告中前后写法不一致：{shown_}；请统一",
                       line=same[1].line, section=section_at(same[1].line))  # fmt: skip


def _analysis(unit: KnownUnit, data_dir: Path, year: int, result: ReportResult) -> Any:
    """The unit-year's analysis when the unit has ledgers for the year (for data-mismatch)."""
    from fzdata.unit.folders import list_years

    if not unit.folder:
        return None
    try:
        if year not in list_years(data_dir, unit.folder):
            return None
        from fzdata.analysis.analyse import analyse_year

        return analyse_year(data_dir, unit.folder, year)
    except FzError as exc:
        result.finding("warning", "report_ledgers_unread",
                   f"「{unit.folder}」{year}年的台账无法读取（{str(exc)[:80]}），报告中的数字未与台账核对")  # fmt: skip
        return None


@functools.cache
def _catalogue(kind: str) -> Any:
    from fzdata.unit.catalogue import load_catalogue
    from fzdata.unit.profiles import load_profile

    try:
        return load_catalogue(None, load_profile(kind).catalogue)
    except FzError:
        return load_catalogue()


# ------------------------------------------------------------------------ the folder


@dataclass
class CollectResult:
    year: int
    folder: Path | None = None  # the folder read (recorded in collected/source.txt)
    reports: list[ReportResult] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # paths relative to the folder
    written: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(r.count("error") for r in self.reports)


def report_files(reports_dir: Path) -> tuple[list[Path], list[Skipped]]:
    """Report files under ``reports_dir`` (subfolders too, links never followed), and the
    files left alone with why: lock files, hidden files, old Word formats, anything else."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for folder, dirs, names in os.walk(reports_dir, followlinks=False):
        base = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            p = base / name
            rel = p.relative_to(reports_dir)
            if lock_file_of(p) is not None:
                skipped.append(Skipped(rel, "info", "report_skipped",
                                    "是 Word/WPS 打开文件时留下的临时文件（~$ 开头），已跳过"))  # fmt: skip
            elif name.startswith("."):
                skipped.append(Skipped(rel, "info", "report_skipped", "隐藏文件，已跳过"))
            elif p.is_symlink() or not p.is_file():
                skipped.append(Skipped(rel, "warning", "report_skipped",
                                    "是链接或不是普通文件，未读取；请把报告文件本身放入文件夹"))  # fmt: skip
            elif p.suffix.lower() in _OLD_WORD:
                skipped.append(Skipped(rel, "warning", "report_skipped",
                                    f"是{p.suffix}文件，读不了；请在 Word 或 WPS 中「另存为」Word 文档（.docx）"))  # fmt: skip
            elif p.suffix.lower() not in REPORT_SUFFIXES:
                skipped.append(Skipped(rel, "info", "report_skipped",
                                    "不是报告文件（.docx、.md、.txt），已忽略"))  # fmt: skip
            else:
                files.append(p)
    return sorted(files), skipped


def collect(
    reports_dir: Path | str, data_dir: Path | str, year: int, out_dir: Path | str | None
) -> CollectResult:
    """Read every report in ``reports_dir`` for ``year``; write the CSVs under ``out_dir``
    (nothing is written when it is None)."""
    reports_dir, data_dir = Path(reports_dir), Path(data_dir)
    year = check_year(year)
    if not reports_dir.is_dir():
        raise FzError(f"报告文件夹「{shown(reports_dir)}」不存在")
    if not data_dir.is_dir():
        raise FzError(
            f"数据目录「{shown(data_dir)}」不存在；fz collect 要从其中的 county.yml 和单位文件夹认出报送单位"
        )
    units = known_units(data_dir)
    files, skipped = report_files(reports_dir)
    result = CollectResult(year, folder=reports_dir, skipped=skipped)
    for p in files:
        result.reports.append(read_one(p, reports_dir, units, data_dir, year))
    _one_per_unit(result.reports)
    # A folder without reports never overwrites what an earlier fz collect read (the latest
    # collect that found reports wins).
    if out_dir is not None and files:
        result.written = write_collected(result, Path(out_dir))
    return result


def _one_per_unit(reports: list[ReportResult]) -> None:
    """Two reports of one unit: the latest changed is used, the others' figures are not."""
    by_unit: dict[str, list[ReportResult]] = {}
    for r in reports:
        if r.unit and r.read:
            by_unit.setdefault(r.unit, []).append(r)
    for unit, same in by_unit.items():
        if len(same) < 2:
            continue
        keep = max(same, key=lambda r: (r.last_changed, r.file))
        for r in same:
            if r is not keep:
                r.used = False
                r.finding("warning", "report_duplicate_unit",
                      f"「{unit}」还有一份报告「{keep.file}」（修改日期更晚），汇总采用那一份，本份的数字不计入")  # fmt: skip


# -------------------------------------------------------------------------- files


def collected_dir(out_dir: Path | str, year: int) -> Path:
    return Path(out_dir) / ROLLUP_DIR / str(year) / COLLECTED_DIR


def source_path(out_dir: Path | str, year: int) -> Path:
    """``collected/source.txt``: the folder the collected reports were read from."""
    return collected_dir(out_dir, year) / SOURCE_FILE


def collected_source(out_dir: Path | str, year: int) -> str | None:
    """The folder the year's collected reports came from (None when nothing was collected)."""
    path = source_path(out_dir, year)
    if not path.is_file():
        return None
    return path.read_text(encoding="utf-8").strip() or None


def review_path(out_dir: Path | str, year: int) -> Path:
    return Path(out_dir) / ROLLUP_DIR / str(year) / TABLES_DIR / "review.csv"


def frames(result: CollectResult) -> dict[str, Any]:
    """The three tables as DataFrames: reports, figures, review."""
    import pandas as pd

    reports = pd.DataFrame(
        [
            {
                "file": r.file, "unit": r.unit, "kind": r.kind, "recognised_by": r.recognised_by,
                "title": r.title, "year": r.year, "sections": f"{len(r.sections)}/5",
                "errors": r.count("error"), "warnings": r.count("warning"), "draft": r.draft,
                "last_changed": r.last_changed, "sha256": r.sha256,
            }
            for r in result.reports
        ],
        columns=REPORTS_COLUMNS,
    )  # fmt: skip
    reports["year"] = reports["year"].astype("Int64")
    figures = pd.DataFrame(
        [
            {**f, **{col: _number(f[col]) for col in ("value", "lo", "hi")}}
            for r in result.reports
            if r.used
            for f in r.figures
        ],
        columns=FIGURES_COLUMNS,
        dtype=object,
    )
    rows = [
        {"file": r.file, "unit": r.unit, "level": v.level, "code": v.code, "line": v.line,
         "section": v.section, "message": v.message}
        for r in result.reports
        for v in r.review
    ] + [
        {"file": shown(s.path), "unit": "", "level": s.level, "code": s.code, "line": None,
         "section": "", "message": s.message}
        for s in result.skipped
    ]  # fmt: skip
    review = pd.DataFrame(rows, columns=REVIEW_COLUMNS)
    review["line"] = review["line"].astype("Int64")
    return {"reports": reports, "figures": figures, "review": review}


def _number(value: Any) -> str:
    """A number as written in the CSV: 12.0 as 「12」, 94.4 as 「94.4」; None (open-ended) empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = round(float(value), 6)
    return str(int(value)) if value.is_integer() else repr(value)


def write_collected(result: CollectResult, out_dir: Path) -> list[Path]:
    """reports.csv and figures.csv under ``collected/``, review.csv under ``tables/``."""
    from fzdata.export.tables import csv_bytes

    t = frames(result)
    targets = {
        collected_dir(out_dir, result.year) / "reports.csv": t["reports"],
        collected_dir(out_dir, result.year) / "figures.csv": t["figures"],
        review_path(out_dir, result.year): t["review"],
    }
    blobs = {path: csv_bytes(df) for path, df in targets.items()}
    folder = result.folder.resolve() if result.folder is not None else ""
    blobs[source_path(out_dir, result.year)] = f"{folder}\n".encode()
    for path, blob in blobs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(blob)
        tmp.replace(path)
    return list(blobs)


@dataclass
class Collected:
    """What ``fz collect`` wrote for a year (empty frames when it has not run)."""

    reports: Any
    figures: Any
    review: Any


def read_collected(out_dir: Path | str, year: int) -> Collected:
    """The collected tables of ``year`` (see :func:`write_collected`), typed: numbers as
    floats (``hi`` NaN when open-ended), ``line`` and ``year`` as integers, ``draft`` a bool."""
    import pandas as pd

    def read(path: Path, columns: list[str]) -> pd.DataFrame:
        if not path.is_file():
            return pd.DataFrame(columns=columns)
        df = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        return df.reindex(columns=columns, fill_value="")

    base = collected_dir(out_dir, year)
    reports = read(base / "reports.csv", REPORTS_COLUMNS)
    figures = read(base / "figures.csv", FIGURES_COLUMNS)
    review = read(review_path(out_dir, year), REVIEW_COLUMNS)
    for col in ("value", "lo", "hi"):
        figures[col] = pd.to_numeric(figures[col].replace("", None), errors="coerce")
    figures["line"] = pd.to_numeric(figures["line"], errors="coerce").astype("Int64")
    for col in ("year", "errors", "warnings"):
        reports[col] = pd.to_numeric(reports[col].replace("", None), errors="coerce").astype(
            "Int64"
        )
    reports["draft"] = reports["draft"].map(lambda v: str(v).lower() == "true").astype(bool)
    review["line"] = pd.to_numeric(review["line"].replace("", None), errors="coerce").astype(
        "Int64"
    )
    return Collected(reports, figures, review)


# ------------------------------------------------------------------------ summary


def summary(result: CollectResult) -> str:
    """What ``fz collect`` prints: one paragraph per report, then the totals."""
    level_names = {"error": "错误", "warning": "警告", "info": "提示"}
    out = []
    for r in result.reports:
        who = f"{r.unit}（按{r.recognised_by}识别）" if r.unit else "报送单位未识别"
        if not r.read:
            head = f"{r.file}：{who}；未能读取"
        else:
            year = f"{r.year}年" if r.year else "年度不明"
            figs = f"数字 {len(r.figures)} 项" + ("" if r.used else "（不计入）")
            draft = "，草稿" if r.draft else ""
            head = (f"{r.file}：{who}，{year}{draft}，五个部分找到 {len(r.sections)} 个，{figs}；"
                    f"错误 {r.count('error')}，警告 {r.count('warning')}")  # fmt: skip
        out.append(head)
        for v in r.review:
            if v.level == "info":
                continue
            where = f"第{v.line}行：" if v.line else ""
            out.append(f"  {level_names[v.level]} [{v.code}] {where}{v.message}")
    for s in result.skipped:
        out.append(f"{shown(s.path)}：{s.message}")
    errors = sum(1 for r in result.reports if r.count("error"))
    out.append(
        f"共读取 {len(result.reports)} 份报告（{errors} 份有错误），跳过 {len(result.skipped)} 个文件"
    )
    return "\n".join(out)
