"""``fz check``: summary lines, findings with locations, exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LOAD_CASES, REPO, SAMPLE_DATA

from fzdata.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fzdata", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


def test_check_sample_data_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--data", str(SAMPLE_DATA)]) == 0
    out = capsys.readouterr().out
    summaries = [line for line in out.splitlines() if not line.startswith("  ")]
    assert summaries == [
        "李庄乡 2021年：识别表格 6 类（指标台账、村情台账、矛盾纠纷台账、信访台账、执法人员培训台账、普法活动台账），"
        "保留 84 行，拒收 0 行，错误 0 条，警告 0 条",
        "李庄乡 2022年：识别表格 6 类（指标台账、村情台账、矛盾纠纷台账、信访台账、执法人员培训台账、普法活动台账），"
        "保留 84 行，拒收 0 行，错误 0 条，警告 1 条",
        "李庄乡 2023年：识别表格 6 类（指标台账、村情台账、矛盾纠纷台账、信访台账、执法人员培训台账、普法活动台账），"
        "保留 87 行，拒收 0 行，错误 0 条，警告 0 条",
        "李庄乡 2024年：识别表格 6 类（指标台账、村情台账、矛盾纠纷台账、信访台账、执法人员培训台账、普法活动台账），"
        "保留 80 行，拒收 0 行，错误 0 条，警告 0 条",
        *(
            f"某县市场监督管理局 {y}年：识别表格 7 类（指标台账、普法活动台账、行政执法案件台账、"
            "行政复议与行政应诉台账、规范性文件台账、重大行政决策台账、行政执法人员台账），"
            f"保留 {n} 行，拒收 0 行，错误 0 条，警告 0 条"
            for y, n in ((2022, 35), (2023, 46), (2024, 36))
        ),
        # The sample county's synthetic townships: 村 + 纠纷 + 信访 + 培训 + 普法活动 + 指标 rows
        # (河口镇 2023: 16 + 25 + 8 + 7 + 7 + 5 = 68; 青石镇 2024: 14 + 12 + 11 + 8 + 6 + 6 = 57).
        *(
            f"{unit} {y}年：识别表格 6 类（指标台账、村情台账、矛盾纠纷台账、信访台账、执法人员培训台账、"
            f"普法活动台账），保留 {n} 行，拒收 0 行，错误 0 条，警告 0 条"
            for unit, y, n in (
                ("河口镇", 2023, 68),
                ("河口镇", 2024, 52),
                ("青石镇", 2023, 57),
                ("青石镇", 2024, 57),
            )
        ),
    ]


def test_check_one_year(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--data", str(SAMPLE_DATA), "--unit", "李庄乡", "--year", "2023"]) == 0
    out = capsys.readouterr().out
    assert out.count("李庄乡 2023年：") == 1 and "2022年" not in out
    assert "提示 [custom_indicator] 李庄乡/2023/指标台账.xlsx!2023年指标!B6" in out


def test_bad_input_exits_1_with_locations() -> None:
    r = run("check", "--data", str(LOAD_CASES / "bad_input" / "data"))
    assert r.returncode == 1
    assert "Traceback" not in r.stdout + r.stderr
    assert (
        "错误 [excel_error] 测试乡/2023/村情.xlsx!村情!B6：单元格为 Excel 错误值「#DIV/0!」"
        in r.stdout
    )
    assert "错误 [file_encrypted] 测试乡/2023/加密.xlsx" in r.stdout
    assert "拒收 8 行，错误 12 条" in r.stdout


def test_warnings_only_exit_0() -> None:
    r = run("check", "--data", str(LOAD_CASES / "dates" / "data"))
    assert r.returncode == 0 and "警告 [date_out_of_year]" in r.stdout


def test_level_filter() -> None:
    r = run(
        "check",
        "--data",
        str(SAMPLE_DATA),
        "--year",
        "2023",
        "--unit",
        "李庄乡",
        "--level",
        "error",
    )
    assert r.returncode == 0 and "提示" not in r.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--unit", "王庄镇"], "单位「王庄镇」在「{data}」中不存在。现有：李庄乡"),
     (["--unit", "李庄乡", "--year", "2019"], "「李庄乡」没有2019年的数据目录。现有：2021、2022、2023、2024")],
)  # fmt: skip
def test_missing_unit_or_year_is_a_clear_error(args: list[str], message: str) -> None:
    r = run("check", "--data", str(SAMPLE_DATA), *args)
    assert r.returncode == 1
    assert message.format(data=SAMPLE_DATA) in r.stderr
    assert "Traceback" not in r.stderr


def test_missing_data_dir(tmp_path: Path) -> None:
    r = run("check", "--data", str(tmp_path / "nowhere"))
    assert r.returncode == 1 and "不存在" in r.stderr and "Traceback" not in r.stderr


def test_usage_error_in_chinese() -> None:
    r = run("check", "--year", "二〇二三")
    assert r.returncode == 2 and "参数错误" in r.stderr


def test_console_script_installed() -> None:
    fz = Path(sys.executable).parent / "fz"
    r = subprocess.run([str(fz), "--version"], capture_output=True, text=True, check=False)
    assert r.returncode == 0 and r.stdout.startswith("fz ")


def test_check_reports_narrative_errors(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(SAMPLE_DATA / "李庄乡", tmp_path / "李庄乡")
    path = tmp_path / "李庄乡" / "2023" / "narrative.md"
    path.write_text(
        path.read_text("utf-8").replace("{{ 指标.法律明白人 }}", "{{ 指标.法律明白 }}"), "utf-8"
    )
    r = run("check", "--data", str(tmp_path), "--unit", "李庄乡", "--year", "2023")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    line = next(
        i
        for i, t in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if "指标.法律明白 }}" in t
    )
    expected = f"错误 [narrative] 李庄乡/2023/narrative.md 第{line}行：没有「指标.法律明白」；是否想写：法律明白人"
    assert expected in r.stdout


ARGPARSE_ENGLISH = (
    "usage:", "options:", "positional arguments", "optional arguments", "invalid choice",
    "the following arguments are required", "show this help message", "error:",
    "unrecognized arguments", "expected one argument", "not allowed with", "invalid int value",
    "show program's version",
)  # fmt: skip
COMMAND_NAMES = ("check", "build", "lint", "new-year", "lab")


def _no_english(text: str) -> None:
    assert not [w for w in ARGPARSE_ENGLISH if w in text.lower()], text


@pytest.mark.parametrize("command", [None, *COMMAND_NAMES])
def test_help_is_chinese_and_ends_with_examples(
    command: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"] if command else ["--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0 and out.startswith("用法：fz")
    _no_english(out)
    examples = out[out.rindex("示例：") :]
    assert ("fz " + command if command else "fz check") in examples
    assert "选项：" in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [(["check", "--level", "x"], "参数 --level 的值「x」无效"),
     (["check", "--year", "x"], "应为整数"),
     (["new-year"], "缺少必需的参数：--unit, --year"),
     (["build", "--year", "2023", "--years", "2021-2023"], "不能与 --year 同时使用"),
     (["check", "--nope"], "无法识别的参数：--nope"),
     (["check", "--unit"], "参数 --unit 后面需要给出一个值"),
     (["lint"], "缺少必需的参数：稿件")],
)  # fmt: skip
def test_usage_errors_are_chinese(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    err = capsys.readouterr().err
    assert info.value.code == 2 and expected in err and err.startswith("用法：fz")
    _no_english(err)


def test_fz_alone_prints_an_overview(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert all(f"  {c} " in out for c in COMMAND_NAMES) and "fz build --help" in out
    _no_english(out)


def test_mistyped_command_suggests_the_nearest() -> None:
    r = run("buidl")
    assert r.returncode == 2
    assert "没有「buidl」这个命令，是否想输入：build？" in r.stderr
    r = run("zzzz")
    assert r.returncode == 2 and "无效的命令「zzzz」" in r.stderr and "new-year" in r.stderr
    _no_english(r.stderr)
