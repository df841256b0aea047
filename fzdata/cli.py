"""The ``fz`` command line. Messages are Chinese; a user's mistake never prints a traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from fzdata import __version__
from fzdata.core.config import DEFAULT_DATA_DIR, DEFAULT_OUTPUT_DIR, NOTEBOOKS_DIR
from fzdata.core.errors import FzError
from fzdata.unit.folders import list_units, list_years

LEVEL_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


class _Parser(argparse.ArgumentParser):
    """argparse with its error line in Chinese."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"fz：参数错误：{message}\n（运行 fz --help 查看用法）\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="fz", description="法治政府建设年度报告工作簿（fz workbook）")
    parser.add_argument("--version", action="version", version=f"fz {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    check = sub.add_parser("check", help="读取、清洗并校验台账，列出全部问题")
    check.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="数据目录（默认 data）")
    check.add_argument("--unit", help="只检查这个单位（默认全部）")
    check.add_argument("--year", type=int, help="只检查这一年（默认全部）")
    check.add_argument(
        "--level",
        choices=("error", "warning", "info"),
        default="info",
        help="列出的最低级别（默认 info，全部列出）",
    )
    b = sub.add_parser("build", help="按单位和年份运行 notebook，生成报告、表格和图表")
    b.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="数据目录（默认 data）")
    b.add_argument("--unit", nargs="+", metavar="U", help="只生成这些单位（默认全部）")
    years = b.add_mutually_exclusive_group()
    years.add_argument("--year", help="只生成这一年")
    years.add_argument("--years", help="年份范围，如 2021-2024")
    b.add_argument("--out", type=Path, default=DEFAULT_OUTPUT_DIR, help="输出目录（默认 outputs）")
    b.add_argument("--jobs", type=int, default=1, help="并行进程数（默认 1）")
    b.add_argument("--force", action="store_true", help="即使输入未变也重新生成")
    b.add_argument("--scheduler", help="Dask 调度器地址 tcp://主机:端口，或 local 启动本机集群")
    b.add_argument("--timeout", type=float, help="每个 notebook 的超时秒数")
    b.add_argument(
        "--formats",
        default="html,docx",
        help="报告格式，逗号分隔：html（网页）、docx（Word）、txt（纯文本）；默认 html,docx",
    )
    b.add_argument(
        "--date",
        help="报告的成文日期，如 2024-01-15（优先于 narrative.md 开头的「成文日期」；"
        "都没有时落款日期留空，打印后手写）",
    )
    b.add_argument("--notebooks", type=Path, default=NOTEBOOKS_DIR, help=argparse.SUPPRESS)
    lint = sub.add_parser("lint", help="检查报告稿件（Markdown、文本或 Word）中的常见错误")
    lint.add_argument("file", type=Path, help="稿件文件（.md、.txt 或 .docx）")
    lint.add_argument(
        "--format", choices=("text", "json"), default="text", help="输出格式（默认 text）"
    )
    lint.add_argument("--data", type=Path, help="数据目录：给出时核对稿件中的数字与台账是否一致")
    lint.add_argument("--unit", help="与 --data 一起使用：单位")
    lint.add_argument("--year", type=int, help="与 --data 一起使用：年份")
    ny = sub.add_parser("new-year", help="为新的一年生成空白台账和报告正文草稿")
    ny.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="数据目录（默认 data）")
    ny.add_argument("--unit", required=True, help="单位")
    ny.add_argument("--year", type=int, required=True, help="新的年份")
    ny.add_argument(
        "--villages",
        type=Path,
        help="新单位（没有上一年数据）的村名单：每行一个村名的文本文件，或第一列为村名的 CSV/Excel；"
        "不给时生成空白模板",
    )
    lab = sub.add_parser("lab", help="在 notebooks/ 中启动 JupyterLab（数据与输出目录已配置）")
    lab.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="数据目录（默认 data）")
    lab.add_argument(
        "--out", type=Path, default=DEFAULT_OUTPUT_DIR, help="输出目录（默认 outputs）"
    )
    lab.add_argument(
        "lab_args", nargs=argparse.REMAINDER, help="写在 -- 之后的参数原样交给 jupyter lab"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "build":
            return _build(args)
        if args.command == "lab":
            return _lab(args)
        if args.command == "lint":
            return _lint(args)
        if args.command == "new-year":
            return _new_year(args)
    except FzError as exc:
        print(f"fz：{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("fz：已中断", file=sys.stderr)
        return 130
    return 2


def _targets(data: Path, unit: str | None, year: int | None) -> list[tuple[str, int]]:
    units = [unit] if unit else list_units(data)
    if not units:
        raise FzError(f"「{data}」中没有任何单位目录（应为 {data}/<单位>/<年份>/）")
    pairs = []
    for u in units:
        years = list_years(data, u)
        if year is not None:
            if year not in years:
                shown = "、".join(map(str, years)) or "无"
                raise FzError(f"「{u}」没有{year}年的数据目录。现有：{shown}")
            years = [year]
        pairs.extend((u, y) for y in years)
    return pairs


def _check(args: argparse.Namespace) -> int:
    from fzdata.ingest.load import load_year, summary_line

    rank = {"error": 0, "warning": 1, "info": 2}
    limit = rank[args.level]
    failed = False
    for unit, year in _targets(args.data, args.unit, args.year):
        yd = load_year(args.data, unit, year)
        _print_findings(yd, limit, rank)
        if limit >= rank["warning"]:
            _print_gaps(yd)
        narrative_ok = _check_narrative(args.data, unit, year)
        print(summary_line(yd))
        failed |= yd.errors > 0 or not narrative_ok
    return 1 if failed else 0


def _print_gaps(yd: Any) -> None:
    """Missing ledgers, blank required fields and leftover （请填写）: the report would be a draft."""
    from fzdata.analysis.completeness import ledger_gaps, narrative_gaps

    for g in ledger_gaps(yd) + narrative_gaps(yd):
        print(f"  警告 [completeness] {yd.unit}/{yd.year}：{g['message']}（报告将按草稿生成）")


def _check_narrative(data: Path, unit: str, year: int) -> bool:
    """A narrative.md beside the ledgers is checked too: placeholders and the five sections."""
    from fzdata.core.config import NARRATIVE_FILE

    if not (data / unit / str(year) / NARRATIVE_FILE).exists():
        return True
    from fzdata.analysis.analyse import analyse_year
    from fzdata.report.narrative import NarrativeError, report_html

    try:
        report_html(analyse_year(data, unit, year))
    except NarrativeError as exc:
        for line, message in exc.problems:
            print(f"  错误 [narrative] {unit}/{year}/{NARRATIVE_FILE} 第{line}行：{message}")
        return False
    return True


def _print_findings(yd: Any, limit: int, rank: dict[str, int]) -> None:
    for f in yd.findings.itertuples(index=False):
        if rank[f.level] > limit:
            continue
        where = "!".join(p for p in (f.file, f.sheet, f.cell) if p) or f"{yd.unit}/{yd.year}"
        print(f"  {LEVEL_NAMES[f.level]} [{f.code}] {yd.unit}/{yd.year}/{where}：{f.message}")


def _build(args: argparse.Namespace) -> int:
    from fzdata.build.core import build, parse_years

    if args.jobs < 1:
        raise FzError("--jobs 至少为 1")
    years = parse_years(args.year or args.years) if (args.year or args.years) else None
    from fzdata.export.formats import FORMATS

    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    if not formats or set(formats) - set(FORMATS):
        names = "、".join(FORMATS)
        raise FzError(
            f"--formats 只能是 {names} 中的一个或几个（用逗号分隔），而不是「{args.formats}」"
        )
    date = ""
    if args.date:
        from fzdata.report.frontmatter import parse_date

        try:
            date = parse_date(args.date).isoformat()
        except FzError:
            raise FzError(f"--date「{args.date}」应写作 2024-01-15 或 2024年1月15日") from None
    progress = _Progress()
    try:
        report = build(
            args.data, args.out, args.unit, years, jobs=args.jobs, force=args.force,
            scheduler=args.scheduler, timeout=args.timeout, formats=formats, notebooks_dir=args.notebooks,
            date=date, on_result=progress.update,
        )  # fmt: skip
    finally:
        progress.close()
    c = report.counts()
    print(
        f"完成：生成 {c['built']} 个，未变化跳过 {c['skipped']} 个，失败 {c['failed']} 个，"
        f"用时 {report.seconds:.1f} 秒。索引：{report.out_dir / 'index.html'}"
    )
    for r in report.results:
        if r.status != "failed" and r.readiness.get("lint") is not None:
            print(f"  {r.label}：{readiness_text(r.readiness)}")
    for r in report.failed:
        print(
            f"  失败 {r.label}：{r.notebook} {r.cell}\n    {r.error}\n    已执行的 notebook：{r.executed}"
        )
    return 1 if report.failed else 0


def readiness_text(readiness: dict) -> str:
    """定稿 / 草稿, with the report's lint and completeness counts (one line of the summary)."""
    lint, gaps = readiness.get("lint") or {}, readiness.get("completeness") or {}
    kind = "草稿（数据不完整）" if readiness.get("draft") else "定稿"
    return (
        f"{kind}；稿件检查：错误 {lint.get('errors', 0)}，警告 {lint.get('warnings', 0)}；"
        f"完整性：缺失 {gaps.get('missing', 0)} 项，提示 {gaps.get('notes', 0)} 项"
    )


STATUS_NAMES = {"built": "已生成", "skipped": "未变化，跳过", "failed": "失败"}


class _Progress:
    """A progress bar on a terminal; plain lines otherwise (logs, CI)."""

    def __init__(self) -> None:
        self.bar = None
        self.tty = sys.stderr.isatty()

    def update(self, result, done: int, total: int) -> None:
        if self.tty:
            if self.bar is None:
                from tqdm import tqdm

                self.bar = tqdm(total=total, unit="份", desc="生成报告", file=sys.stderr)
            self.bar.set_postfix_str(f"{result.label} {STATUS_NAMES[result.status]}")
            self.bar.update(1)
        else:
            took = f"（{result.seconds:.1f} 秒）" if result.seconds else ""
            print(
                f"[{done}/{total}] {result.label} {STATUS_NAMES[result.status]}{took}",
                file=sys.stderr,
                flush=True,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _lab(args: argparse.Namespace) -> int:
    import os
    import subprocess

    env = dict(os.environ, FZ_DATA=str(args.data.resolve()), FZ_OUTPUTS=str(args.out.resolve()))
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        f"--notebook-dir={NOTEBOOKS_DIR}",
        *args.lab_args,
    ]
    print(
        f"启动 JupyterLab：数据目录 {env['FZ_DATA']}，输出目录 {env['FZ_OUTPUTS']}", file=sys.stderr
    )
    return subprocess.call(cmd, env=env)


def _lint(args: argparse.Namespace) -> int:
    import json

    from fzdata.lint.engine import format_text, lint

    findings = lint(args.file, args.data, args.unit, args.year)
    if args.format == "json":
        print(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        print(format_text(args.file, findings))
    return 1 if any(f.level == "error" for f in findings) else 0


def _new_year(args: argparse.Namespace) -> int:
    from fzdata.newyear import new_year

    written = new_year(args.data, args.unit, args.year, args.villages)
    print(f"已生成 {len(written)} 个文件：")
    for path in written:
        print(f"  {path}")
    print("填好台账后运行 fz check 检查，再运行 fz build 生成报告。")
    return 0
