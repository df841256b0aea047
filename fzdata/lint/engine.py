"""``fz lint``: the small errors that get a report sent back, found in a draft.

Rules are registered modules under :mod:`fzdata.lint.rules` (structure, numbering,
punctuation, approx-number, wording and, with the ledgers, data-mismatch). Levels: error for
what is certainly wrong, warning for what is very likely wrong, info for style. Lines and
columns are 1-based in the file given (for a DOCX file, the line is the paragraph number).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import fzdata.lint.rules  # noqa: F401  (registers the rules)
from fzdata.core.errors import FzError
from fzdata.core.resources import message, messages
from fzdata.lint.base import LEVELS, RULES, LintContext, LintFinding

# --------------------------------------------------------------------------- read


def read_lines(path: Path) -> list[str]:
    """The draft as lines: Markdown and text as written, DOCX one paragraph a line."""
    if not path.exists():
        raise FzError(f"文件不存在：{path}")
    kinds = messages()["old_word_kinds"]
    if path.suffix.lower() in kinds:
        raise FzError(
            message("old_word", name=path.name, kind=kinds[path.suffix.lower()], stem=path.stem)
        )
    if path.suffix.lower() == ".docx":
        try:
            import docx

            return [p.text for p in docx.Document(str(path)).paragraphs]
        except Exception as exc:
            raise FzError(f"{path} 不是有效的 Word 文档（{type(exc).__name__}）") from None
    from fzdata.ingest.sources import detect_encoding

    data = path.read_bytes()
    try:
        return data.decode(detect_encoding(data)).splitlines()
    except Exception as exc:
        raise FzError(f"{path} 无法按文本读取（{exc}）") from None


# ---------------------------------------------------------------------------- run


def lint_lines(lines: list[str], analysis: Any = None) -> list[LintFinding]:
    """Every registered rule over the lines of a draft, ordered by line and column.

    With ``analysis`` (the unit-year's :class:`~fzdata.analysis.model.YearAnalysis`), the
    rules that compare the draft with the ledgers run too.
    """
    ctx = LintContext(lines, analysis, list(analysis.settings.section_order) if analysis else [])
    found: list[LintFinding] = []
    for rule in RULES.values():
        if rule.needs_data and analysis is None:
            continue
        found += rule.check(ctx)
    return sorted(found, key=lambda f: (f.line, f.column, LEVELS.index(f.level), f.rule))


def analysis_for(data_dir: Path | None, unit: str | None, year: int | None) -> Any:
    """The analysis ``fz lint --data`` compares a draft with (None without ``--data``)."""
    if data_dir is None:
        return None
    if not unit or year is None:
        raise FzError("使用 --data 时还要给出 --unit 和 --year")
    from fzdata.analysis.analyse import analyse_year

    return analyse_year(data_dir, unit, year)


def is_county_narrative(path: Path) -> bool:
    """``…/county/<年份>/narrative.md``: the county office's own report text."""
    from fzdata.core.config import COUNTY_DIR, NARRATIVE_FILE

    parts = Path(path).resolve().parts
    return len(parts) >= 3 and parts[-1] == NARRATIVE_FILE and parts[-3] == COUNTY_DIR


def lint(
    path: Path, data_dir: Path | None = None, unit: str | None = None, year: int | None = None
) -> list[LintFinding]:
    """Every finding in the draft at ``path``, ordered by line and column."""
    lines = read_lines(path)
    analysis = analysis_for(data_dir, unit, year)
    return sorted(
        template_findings(lines, analysis, county=is_county_narrative(path))
        + lint_lines(lines, analysis),
        key=lambda f: (f.line, f.column, LEVELS.index(f.level), f.rule),
    )


def template_findings(
    lines: list[str], analysis: Any = None, county: bool = False
) -> list[LintFinding]:
    """Template syntax in a Markdown draft that a narrative.md may not hold (statements,
    filters, calls, underscored names, unknown kinds …; :mod:`fzdata.report.guard`), as
    errors. Nothing is rendered; the names themselves are checked by ``fz check``."""
    text = "\n".join(lines)
    if "{{" not in text and "{%" not in text:
        return []
    from fzdata.report.guard import template_problems

    return [
        LintFinding(
            "template", "error", line, 1, lines[line - 1] if 0 < line <= len(lines) else "", message
        )
        for line, message in template_problems(text, county=county)
    ]


_JINJA = re.compile(r"\{\{.*?\}\}|\{#.*?#\}|\{%.*?%\}", re.S)


def lint_narrative(path: Path, analysis: Any) -> list[LintFinding]:
    """Lint a narrative.md: placeholders and template comments are masked with □ (no rule looks
    at it, and lines and columns stay those of the file); the analyst's own words are checked."""
    text = _without_front_matter(path.read_text(encoding="utf-8"))
    text = _JINJA.sub(lambda m: re.sub(r"[^\n]", "□", m.group(0)), text)
    return lint_lines(text.splitlines(), analysis)


def _without_front_matter(text: str) -> str:
    """The narrative with its front matter (成文日期, 文号) as blank lines."""
    from fzdata.report.frontmatter import split_front_matter

    try:
        return split_front_matter(text)[1]
    except FzError:
        return text  # the build reports a malformed front matter itself


def format_text(path: Path, findings: list[LintFinding]) -> str:
    names = {"error": "错误", "warning": "警告", "info": "提示"}
    rows = []
    for f in findings:
        hint = f"（建议：{f.suggestion}）" if f.suggestion else ""
        rows.append(f"{path}:{f.line}:{f.column}: {names[f.level]} [{f.rule}] {f.message}{hint}")
    counts = {lvl: sum(1 for f in findings if f.level == lvl) for lvl in LEVELS}
    rows.append(
        f"共 {len(findings)} 处：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}"
    )
    return "\n".join(rows)
