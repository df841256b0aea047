"""The ``fz`` command line. Messages are Chinese; a user's mistake never prints a traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fzdata import __version__
from fzdata.config import DEFAULT_DATA_DIR
from fzdata.errors import FzError
from fzdata.load import YearData, list_units, list_years, load_year, summary_line

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
    rank = {"error": 0, "warning": 1, "info": 2}
    limit = rank[args.level]
    failed = False
    for unit, year in _targets(args.data, args.unit, args.year):
        yd = load_year(args.data, unit, year)
        _print_findings(yd, limit, rank)
        print(summary_line(yd))
        failed |= yd.errors > 0
    return 1 if failed else 0


def _print_findings(yd: YearData, limit: int, rank: dict[str, int]) -> None:
    for f in yd.findings.itertuples(index=False):
        if rank[f.level] > limit:
            continue
        where = "!".join(p for p in (f.file, f.sheet, f.cell) if p) or f"{yd.unit}/{yd.year}"
        print(f"  {LEVEL_NAMES[f.level]} [{f.code}] {yd.unit}/{yd.year}/{where}：{f.message}")
