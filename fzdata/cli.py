"""The ``fz`` command line. Messages are Chinese; a user's mistake never prints a traceback."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any, NoReturn

from fzdata import __version__
from fzdata.core.config import DEFAULT_DATA_DIR, DEFAULT_OUTPUT_DIR, NOTEBOOKS_DIR
from fzdata.core.errors import FzError, UnsafePathError
from fzdata.core.resources import cli_texts
from fzdata.unit.folders import (
    check_name,
    check_year,
    inside,
    list_units,
    list_years,
    outside_links,
    unit_findings,
)

LEVEL_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
COMMANDS = ("check", "build", "collect", "rollup", "lint", "new-year", "lab")


def texts() -> dict[str, Any]:
    """The command line's Chinese text (``fzdata/resources/cli.yml``)."""
    return cli_texts()


def translate(message: str) -> str:
    """An argparse error message in Chinese (patterns in ``cli.yml``); quotes become 「」."""
    for pattern, chinese in texts()["errors"]:
        m = re.fullmatch(pattern, message)
        if m:
            fields = {k: _quoted(v) for k, v in m.groupdict().items()}
            if "type" in fields:
                fields["type"] = texts()["type_names"].get(fields["type"], fields["type"])
            return chinese.format(**fields)
    return message


def _quoted(text: str) -> str:
    return re.sub(r"'([^']*)'", r"「\1」", text)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Help with a Chinese usage line; the epilog's examples keep their line breaks."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        prefix = texts()["usage_prefix"] if prefix is None else prefix
        super().add_usage(usage, actions, groups, prefix)

    def format_help(self) -> str:
        # argparse ends a section heading with an ASCII colon; Chinese takes the full-width one.
        titles = "|".join(
            texts()[k] for k in ("positionals_title", "optionals_title", "commands_title")
        )
        text = re.sub(rf"^({titles}):$", r"\1：", super().format_help(), flags=re.M)
        head, sep, examples = text.partition(texts()["examples_title"])
        return re.sub(r"^(  \S.*?)( {2,})(?=\S)", _realign, head, flags=re.M) + sep + examples


def _realign(m: re.Match[str]) -> str:
    """argparse aligns help by characters; a Chinese metavar is two columns wide."""
    extra = _width(m.group(1)) - len(m.group(1))
    return m.group(1) + " " * max(2, len(m.group(2)) - extra)


class _Parser(argparse.ArgumentParser):
    """argparse in Chinese: usage, section titles, the help option and every error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = texts()["positionals_title"]
        self._optionals.title = texts()["optionals_title"]
        self.add_argument("-h", "--help", action="help", help=texts()["help_help"])

    def error(self, message: str) -> NoReturn:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, texts()["usage_error"].format(message=translate(message), prog=self.prog))


def _epilog(command: str | None) -> str:
    if command is None:
        examples = [ex for c in texts()["commands"].values() for ex in c["examples"][:1]]
    else:
        examples = texts()["commands"][command]["examples"]
    width = max(_width(cmd) for cmd, _ in examples) + 2
    lines = [f"  {_pad(cmd, width)}{what}" for cmd, what in examples]
    return "\n".join([texts()["examples_title"], *lines])


def overview() -> str:
    """What ``fz`` alone prints: the commands, the usual order, where to read more."""
    width = max(map(len, COMMANDS)) + 2
    rows = [f"  {c:<{width}}{texts()['commands'][c]['help']}" for c in COMMANDS]
    return texts()["overview"].format(commands="\n".join(rows))


def _width(text: str) -> int:
    """Columns on a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def unknown_command(argv: list[str]) -> str | None:
    """The message for a mistyped command (the nearest one suggested), else None."""
    if not argv or argv[0].startswith("-") or argv[0] in COMMANDS:
        return None
    near = difflib.get_close_matches(argv[0], COMMANDS, n=1, cutoff=0.5)
    if near:
        return texts()["unknown_command"].format(command=argv[0], suggestion=near[0])
    return texts()["unknown_command_no_match"].format(command=argv[0], commands="、".join(COMMANDS))


def build_parser() -> argparse.ArgumentParser:
    t = texts()
    parser = _Parser(prog="fz", description=t["description"], epilog=_epilog(None))
    parser.add_argument(
        "--version", action="version", version=f"fz {__version__}", help=t["version_help"]
    )
    sub = parser.add_subparsers(
        dest="command", title=t["commands_title"], metavar="命令", parser_class=_Parser
    )

    def command(name: str) -> argparse.ArgumentParser:
        help_ = t["commands"][name]["help"]
        return sub.add_parser(
            name, help=help_, description=help_, epilog=_epilog(name), allow_abbrev=name != "lab"
        )

    data_help = "数据目录（默认 data）"
    check = command("check")
    check.add_argument(
        "--data", type=Path, default=DEFAULT_DATA_DIR, metavar="目录", help=data_help
    )
    check.add_argument("--unit", metavar="单位", help="只检查这个单位（默认全部）")
    check.add_argument("--year", type=int, metavar="年份", help="只检查这一年（默认全部）")
    check.add_argument(
        "--level",
        choices=("error", "warning", "info"),
        default="info",
        help="列出的最低级别：error 错误、warning 警告、info 提示（默认 info，全部列出）",
    )
    b = command("build")
    b.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, metavar="目录", help=data_help)
    b.add_argument("--unit", nargs="+", metavar="单位", help="只生成这些单位（默认全部）")
    years = b.add_mutually_exclusive_group()
    years.add_argument("--year", metavar="年份", help="只生成这一年")
    years.add_argument("--years", metavar="范围", help="年份范围，如 2021-2024")
    b.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUTPUT_DIR,
        metavar="目录",
        help="输出目录（默认 outputs）",
    )
    b.add_argument("--jobs", type=int, default=1, metavar="N", help="并行进程数（默认 1）")
    b.add_argument("--force", action="store_true", help="即使输入未变也重新生成")
    b.add_argument(
        "--scheduler", metavar="地址", help="Dask 调度器地址 tcp://主机:端口，或 local 启动本机集群"
    )
    b.add_argument(
        "--shared-out",
        action="store_true",
        help="工作进程直接写入输出目录（各节点须以同一路径挂载 --out 指定的共享目录），不把产物传回本机",
    )
    b.add_argument("--timeout", type=float, metavar="秒", help="每个 notebook 的超时秒数")
    b.add_argument(
        "--formats",
        default="html,docx",
        metavar="格式",
        help="报告格式，逗号分隔：html（网页）、docx（Word）、txt（纯文本）；默认 html,docx",
    )
    b.add_argument(
        "--date",
        help="报告的成文日期，如 2024-01-15（优先于 narrative.md 开头的「成文日期」；"
        "都没有时落款日期留空，打印后手写）",
    )
    b.add_argument("--notebooks", type=Path, default=NOTEBOOKS_DIR, help=argparse.SUPPRESS)
    ru = command("rollup")
    ru.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, metavar="目录", help=data_help)
    ru.add_argument(
        "--year", metavar="年份", help="只汇总这一年或这几年（如 2024 或 2023-2024；默认全部）"
    )
    ru.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUTPUT_DIR,
        metavar="目录",
        help="输出目录（默认 outputs）",
    )
    lint = command("lint")
    lint.add_argument("file", type=Path, metavar="稿件", help="稿件文件（.md、.txt 或 .docx）")
    lint.add_argument(
        "--format", choices=("text", "json"), default="text", help="输出格式（默认 text）"
    )
    lint.add_argument(
        "--data", type=Path, metavar="目录", help="数据目录：给出时核对稿件中的数字与台账是否一致"
    )
    lint.add_argument("--unit", metavar="单位", help="与 --data 一起使用：单位")
    lint.add_argument("--year", type=int, metavar="年份", help="与 --data 一起使用：年份")
    co = command("collect")
    co.add_argument("dir", type=Path, metavar="文件夹", help="收到的报告所在的文件夹")
    co.add_argument("--year", type=int, required=True, metavar="年份", help="报告年度")
    co.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, metavar="目录", help=data_help)
    co.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUTPUT_DIR,
        metavar="目录",
        help="输出目录（默认 outputs）；写入 <目录>/汇总/<年份>/",
    )
    ny = command("new-year")
    ny.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, metavar="目录", help=data_help)
    ny.add_argument("--unit", required=True, metavar="单位", help="单位")
    ny.add_argument("--year", type=int, required=True, metavar="年份", help="新的年份")
    ny.add_argument(
        "--villages",
        type=Path,
        metavar="文件",
        help="新单位（没有上一年数据）的村名单：每行一个村名的文本文件，或第一列为村名的 CSV/Excel；"
        "不给时生成空白模板",
    )
    lab = command("lab")
    lab.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, metavar="目录", help=data_help)
    lab.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUTPUT_DIR,
        metavar="目录",
        help="输出目录（默认 outputs）",
    )
    lab.add_argument(
        "--wait", type=float, default=10.0, help=argparse.SUPPRESS
    )  # seconds to wait for JupyterLab to stop before killing it
    lab.epilog += "\n\n其他选项（如 --port、--no-browser）和 -- 之后的参数原样交给 JupyterLab。"
    return parser


def _safe_streams() -> None:
    """Whatever the console's encoding (PYTHONIOENCODING=ascii:strict, a GBK terminal), a
    character it cannot show is printed escaped, never a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(Exception):
                reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    _safe_streams()
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:
        print(overview())
        return 0
    wrong = unknown_command(argv)
    if wrong:
        sys.stderr.write(wrong)
        return 2
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "lab":
        if "--" in extra:
            extra.remove("--")
        args.lab_args = extra
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "build":
            return _build(args)
        if args.command == "rollup":
            return _rollup(args)
        if args.command == "lab":
            return _lab(args)
        if args.command == "lint":
            return _lint(args)
        if args.command == "new-year":
            return _new_year(args)
        if args.command == "collect":
            return _collect(args)
    except UnsafePathError as exc:
        print(f"fz：{exc}", file=sys.stderr)
        return 2
    except FzError as exc:
        print(f"fz：{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("fz：已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:  # fz … | head: the reader has gone, nothing more to say
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # a bug, not a user's mistake: say so in one line
        if os.environ.get("FZ_DEBUG"):
            raise
        print(f"fz：内部错误（{type(exc).__name__}: {exc}）；请把这条消息和所用的命令报告给维护者"
              "（设置环境变量 FZ_DEBUG=1 可看到详细信息）", file=sys.stderr)  # fmt: skip
        return 1
    print(overview())
    return 0


def _targets(data: Path, unit: str | None, year: int | None) -> list[tuple[str, int]]:
    if unit is not None:
        inside(data, unit)
    if year is not None:
        check_year(year)
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
    _warn_outside(args.data)
    said: dict[str, str] = {}  # a unit's settings error, said once for all its years
    seen: set[str] = set()
    for unit, year in _targets(args.data, args.unit, args.year):
        if unit not in seen:
            seen.add(unit)
            for f in unit_findings(args.data, unit):
                if rank[f["level"]] <= limit:
                    print(
                        f"  {LEVEL_NAMES[f['level']]} [{f['code']}] {unit}/{f['file']}：{f['message']}"
                    )
        try:
            yd = load_year(args.data, unit, year)
        except FzError as exc:  # this unit-year cannot be read at all; the others go on
            text = str(exc)
            print(f"  错误 {unit}/{year}：{'同上' if said.get(unit) == text else text}")
            said[unit] = text
            failed = True
            continue
        _print_findings(yd, limit, rank)
        if limit >= rank["warning"]:
            _print_gaps(yd)
        narrative_ok = _check_narrative(args.data, unit, year)
        print(summary_line(yd))
        failed |= yd.errors > 0 or not narrative_ok
    return 1 if failed else 0


def _warn_outside(data: Path) -> None:
    """Unit and year folders that are not read (links out of the data folder, bad names)."""
    for line in outside_links(data):
        print(f"  警告 [folder_skipped] {line}")


def _print_gaps(yd: Any) -> None:
    """Missing ledgers, blank required fields and leftover （请填写）: the report would be a draft."""
    from fzdata.analysis.completeness import ledger_gaps, narrative_gaps

    for g in ledger_gaps(yd) + narrative_gaps(yd):
        print(f"  警告 [completeness] {yd.unit}/{yd.year}：{g['message']}（报告将按草稿生成）")


def _check_narrative(data: Path, unit: str, year: int) -> bool:
    """A narrative.md beside the ledgers is checked too: placeholders and the five sections."""
    from fzdata.core.config import NARRATIVE_FILE
    from fzdata.unit.folders import year_folder

    if not (year_folder(data / unit, year) / NARRATIVE_FILE).exists():
        return True
    from fzdata.analysis.analyse import analyse_year
    from fzdata.report.narrative import NarrativeError, report_html

    try:
        report_html(analyse_year(data, unit, year))
    except NarrativeError as exc:
        for line, message in exc.problems:
            print(f"  错误 [narrative] {unit}/{year}/{NARRATIVE_FILE} 第{line}行：{message}")
        return False
    except FzError as exc:
        print(f"  错误 [narrative] {unit}/{year}/{NARRATIVE_FILE}：{exc}")
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
    for unit in args.unit or []:
        inside(args.data, unit)
    for line in outside_links(args.data):
        print(f"警告：{line}", file=sys.stderr)
    years = parse_years(args.year or args.years) if (args.year or args.years) else None
    from fzdata.export.registry import declared

    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    if not formats or set(formats) - set(declared()):
        names = "、".join(declared())
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
            date=date, on_result=progress.update, shared_out=args.shared_out,
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
        ran = r.notebook.endswith(".ipynb")  # else it failed before any notebook ran
        print(
            f"  失败 {r.label}：{r.notebook} {r.cell}\n    {r.error}"
            + (f"\n    已执行的 notebook：{r.executed}" if ran else "")
        )
    if not args.unit:  # with county.yml, the county view of the years built
        from fzdata.county.run import run_rollup

        run_rollup(args.data, args.out, years, required=False, skip_unchanged=not args.force)
    return 1 if report.failed else 0


def _rollup(args: argparse.Namespace) -> int:
    from fzdata.build.core import parse_years
    from fzdata.county.run import run_rollup

    years = parse_years(args.year) if args.year else None
    done = run_rollup(args.data, args.out, years)
    return 1 if any(f["level"] == "error" for r in done for f in r.findings) else 0


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
    from fzdata.lab import run_lab

    for folder in (args.data, args.out):
        if "\x00" in str(folder):
            raise UnsafePathError("目录的路径含有 NUL 字符", str(folder))
    return run_lab(args.data, args.out, args.lab_args, wait=args.wait)


def _lint(args: argparse.Namespace) -> int:
    import json

    from fzdata.lint.engine import format_text, lint

    if args.data is not None:
        if args.unit is not None:
            inside(args.data, args.unit)
        if args.year is not None:
            check_year(args.year)
    findings = lint(args.file, args.data, args.unit, args.year)
    if args.format == "json":
        print(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        print(format_text(args.file, findings))
    return 1 if any(f.level == "error" for f in findings) else 0


def _collect(args: argparse.Namespace) -> int:
    """fz collect: read the reports units sent in; exit 1 when one has an error."""
    from fzdata.county.collect import collect, summary

    check_year(args.year)
    result = collect(args.dir, args.data, args.year, args.out)
    if not result.reports:
        print(summary(result))
        raise FzError(
            f"「{args.dir}」中没有报告文件（.docx、.md 或 .txt）；此前读取的结果（collected/）未改动"
        )
    print(summary(result))
    for path in result.written:
        print(f"已写入 {path}")
    return 1 if result.errors else 0


def _new_year(args: argparse.Namespace) -> int:
    from fzdata.newyear import new_year

    check_name(args.unit)
    check_year(args.year)
    written = new_year(args.data, args.unit, args.year, args.villages)
    print(f"已生成 {len(written)} 个文件：")
    for path in written:
        print(f"  {path}")
    print("填好台账后运行 fz check 检查，再运行 fz build 生成报告。")
    return 0
