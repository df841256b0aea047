"""Hostile ledgers, settings and names: each is a located Chinese finding or error, other files
and units go on, nothing hangs, aborts or prints a traceback, and good rows are all kept."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO
from hostile import (
    GOOD_ROWS,
    csv_text,
    repeated_ods,
    stray_cell_xlsx,
    xlsx_bytes,
    zip_bomb_xlsx,
)
from ledgers import UNIT, make_unit

from fzdata.cli import main
from fzdata.core.errors import ConfigError, UnsafePathError
from fzdata.core.limits import limits
from fzdata.ingest.load import load_year
from fzdata.unit.folders import inside
from fzdata.unit.settings import load_settings

YEAR = 2024
GOOD = [["指标", "数值", "计量单位"], ["正常指标", "7", "次"]]


def unit_with(tmp_path: Path, files: dict[str, object], unit_yml: str = "") -> Path:
    """A unit with one good CSV and the given hostile files (bytes, text or a writer)."""
    data = make_unit(tmp_path / "data", {YEAR: {"正常.csv": GOOD}}, unit_yml)
    folder = data / UNIT / str(YEAR)
    for name, content in files.items():
        if callable(content):
            content(folder / name)
        elif isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            (folder / name).write_text(str(content), encoding="utf-8")
    return data


def findings(yd, code: str) -> list[dict]:
    return [f for f in yd.findings.to_dict("records") if f["code"] == code]


def names(yd) -> set[str]:
    return set(yd.indicators["name"])


# ----------------------------------------------------------------------- bounded inputs


def test_stray_cell_far_away_is_not_allocated(tmp_path: Path) -> None:
    data = unit_with(tmp_path, {"大表.xlsx": stray_cell_xlsx})
    started = time.perf_counter()
    yd = load_year(data, UNIT, YEAR)
    assert time.perf_counter() - started < 5
    assert {"甲指标", "乙指标", "丙指标", "正常指标"} <= names(yd)
    (stray,) = findings(yd, "stray_cell")
    assert stray["file"] == "大表.xlsx" and stray["cell"] == "XFD1048576"
    assert "孤立值" not in yd.indicators.to_string()


def test_oversize_sheet_is_refused_with_its_size(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(limits(), "max_cells", 6)
    data = unit_with(tmp_path, {"表.xlsx": xlsx_bytes(GOOD_ROWS)})
    yd = load_year(data, UNIT, YEAR)
    (f,) = findings(yd, "sheet_too_large")
    assert f["sheet"] == "指标" and "4 行 × 3 列" in f["message"]
    assert "正常指标" in names(yd)


def test_ods_repeated_rectangle_refused_before_expanding(tmp_path: Path) -> None:
    data = unit_with(tmp_path, {"重复.ods": repeated_ods})
    started = time.perf_counter()
    yd = load_year(data, UNIT, YEAR)
    assert time.perf_counter() - started < 5
    (f,) = findings(yd, "sheet_too_large")
    assert (
        f["file"] == "重复.ods" and "工作表「重复」" in f["message"] and "16,000 列" in f["message"]
    )
    assert "正常指标" in names(yd)


def test_zip_bomb_refused_before_inflating(tmp_path: Path) -> None:
    data = unit_with(tmp_path, {"炸弹.xlsx": zip_bomb_xlsx})
    yd = load_year(data, UNIT, YEAR)
    (f,) = findings(yd, "file_too_large")
    assert f["file"] == "炸弹.xlsx" and "压缩比" in f["message"]
    assert "正常指标" in names(yd)


def test_formula_without_result_tells_to_save_in_excel(tmp_path: Path) -> None:
    rows = [["指标", "数值", "计量单位"], ["公式指标", None, "次"]]
    data = unit_with(tmp_path, {"公式.xlsx": xlsx_bytes(rows, {"B2": "=1+1"})})
    yd = load_year(data, UNIT, YEAR)
    (f,) = findings(yd, "formula_no_value")
    assert f["cell"] == "B2" and "在 Excel 中打开该文件并保存" in f["message"]


def test_huge_csv_cell_is_dropped_not_copied(tmp_path: Path) -> None:
    text = "指标,数值,计量单位\n" + "长" * 200_000 + ",1,次\n旁边的指标,2,次\n"
    data = unit_with(tmp_path, {"长.csv": lambda p: csv_text(p, text)})
    yd = load_year(data, UNIT, YEAR)
    (f,) = findings(yd, "cell_too_long")
    assert f["cell"] == "A2" and "200,000" in f["message"]
    assert "旁边的指标" in names(yd)
    assert not any(len(str(n)) > 1000 for n in names(yd))


def test_csv_field_over_the_parser_limit_names_the_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(limits(), "max_csv_field_chars", 1000)
    import csv

    old = csv.field_size_limit(1000)
    try:
        text = "指标,数值\n正常,1\n" + '"' + "x" * 5000 + '",2\n'
        data = unit_with(tmp_path, {"坏.csv": lambda p: csv_text(p, text)})
        yd = load_year(data, UNIT, YEAR)
    finally:
        csv.field_size_limit(old)
    (f,) = [f for f in findings(yd, "file_unreadable") if f["file"] == "坏.csv"]
    assert "第3行" in f["message"]


def test_csv_nul_bytes_named_by_line_and_rows_kept(tmp_path: Path) -> None:
    raw = (
        "指标,数值,计量单位\n空字节甲,5,次\n空\x00字节乙,6\x00,次\n".encode() + b"\x00" * 64 + b"\n"
    )
    data = unit_with(tmp_path, {"空字节.csv": raw})
    yd = load_year(data, UNIT, YEAR)
    (f,) = findings(yd, "nul_bytes")
    assert "第3、4行" in f["message"]
    assert {"空字节甲", "空字节乙"} <= names(yd)


def test_csv_mixed_encodings_named_by_line(tmp_path: Path) -> None:
    raw = (
        "指标,数值,计量单位\n甲指标,3,次\n".encode()
        + "乙指标,4,次\n".encode("gbk")
        + "丙指标,5,次\n".encode()
    )
    data = unit_with(tmp_path, {"混合.csv": raw})
    yd = load_year(data, UNIT, YEAR)
    (f,) = findings(yd, "bad_encoding")
    assert "第3行" in f["message"]
    assert {"甲指标", "乙指标", "丙指标"} <= names(yd)


def test_excel_lock_file_explained_and_real_file_read(tmp_path: Path) -> None:
    data = unit_with(
        tmp_path, {"~$表.xlsx": b"\x05owner" + b"\x00" * 150, "表.xlsx": xlsx_bytes(GOOD_ROWS)}
    )
    yd = load_year(data, UNIT, YEAR)
    (f,) = findings(yd, "lock_file")
    assert f["level"] == "info" and "「表.xlsx」可能正在 Excel/WPS 中打开" in f["message"]
    assert "甲指标" in names(yd)


def test_fifo_and_links_out_of_data_are_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("指标,数值\n绝密指标,1\n", encoding="utf-8")
    data = unit_with(tmp_path, {})
    folder = data / UNIT / str(YEAR)
    os.mkfifo(folder / "管道.csv")
    (folder / "外链.csv").symlink_to(secret)
    (folder / "回环").symlink_to("..")
    (folder / "断链.csv").symlink_to(tmp_path / "missing.csv")
    started = time.perf_counter()
    yd = load_year(data, UNIT, YEAR)
    assert time.perf_counter() - started < 5
    assert "绝密指标" not in names(yd) and "正常指标" in names(yd)
    codes = {f["file"]: f["code"] for f in yd.findings.to_dict("records")}
    assert codes["管道.csv"] == "not_regular_file"
    assert codes["外链.csv"] == "symlink_outside"
    assert codes["回环"] == "symlink_skipped"
    assert codes["断链.csv"] in ("symlink_outside", "file_unreadable")


def test_unit_folder_linked_outside_is_skipped(tmp_path: Path, capsys) -> None:
    data = unit_with(tmp_path, {})
    outside = make_unit(tmp_path / "outside", {YEAR: {"x.csv": [["指标", "数值"], ["绝密", "1"]]}})
    (data / "外链乡").symlink_to(outside / UNIT)
    assert main(["check", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "外链乡」是指向数据目录之外的链接" in out and "绝密" not in out
    with pytest.raises(UnsafePathError):
        inside(data, "外链乡")


def test_unit_files_linked_outside_are_not_read(tmp_path: Path, capsys) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("key,name\nroot,root:x:0:0\n", encoding="utf-8")
    data = unit_with(tmp_path, {})
    (data / UNIT / "catalogue.csv").symlink_to(secret)
    (data / UNIT / "unit.yml").symlink_to(secret)
    assert main(["check", "--data", str(data)]) == 1
    out = capsys.readouterr().out
    assert "指向单位目录之外的链接" in out and "root:x" not in out


# ------------------------------------------------------------------------------ paths


@pytest.mark.parametrize("unit", ["../x", "a/b", "/etc", "..", "a\\b", "x\x00y"])
def test_names_that_leave_the_data_folder_exit_2(tmp_path: Path, unit: str, capsys) -> None:
    data = unit_with(tmp_path, {})
    for argv in (
        ["check", "--data", str(data), "--unit", unit],
        ["build", "--data", str(data), "--unit", unit, "--out", str(tmp_path / "out")],
        ["lint", str(tmp_path / "x.md"), "--data", str(data), "--unit", unit, "--year", "2024"],
        ["new-year", "--data", str(data), "--unit", unit, "--year", "2025"],
    ):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "fz：" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_bad_year_exit_2(tmp_path: Path, capsys) -> None:
    data = unit_with(tmp_path, {})
    assert main(["new-year", "--data", str(data), "--unit", UNIT, "--year", "-5"]) == 2
    assert main(["check", "--data", str(data), "--year", "99999"]) == 2
    assert "四位数的年份" in capsys.readouterr().err


def test_lab_refuses_nul_in_paths(capsys) -> None:
    assert main(["lab", "--data", "a\x00b"]) == 2


def test_new_year_never_writes_through_a_link(tmp_path: Path) -> None:
    data = unit_with(tmp_path, {})
    (tmp_path / "elsewhere").mkdir()
    (data / UNIT / "2025").symlink_to(tmp_path / "elsewhere")
    assert main(["new-year", "--data", str(data), "--unit", UNIT, "--year", "2025"]) == 2
    assert not list((tmp_path / "elsewhere").iterdir())


# ---------------------------------------------------------------------------- settings


def _settings(tmp_path: Path, text: str):
    unit = tmp_path / "乡"
    unit.mkdir(exist_ok=True)
    (unit / "unit.yml").write_text(text, encoding="utf-8")
    return load_settings(unit)


def test_settings_types_and_ranges_each_named_with_line(tmp_path: Path) -> None:
    text = (
        "name: [a, b]\nrecipient: {x: 1}\nissuer: 12\nnorms:\n"
        "  legal_literates_per_village: -5\n  training_hours_per_officer: .nan\n"
        "thresholds:\n  decline_pct: .inf\n  imbalance_cv: true\nsection_order: [duty, duty]\ncolour: red\n"
    )
    with pytest.raises(ConfigError) as exc:
        _settings(tmp_path, text)
    msg = str(exc.value)
    for expected in (
        "unit.yml:1：name 应为文字",
        "unit.yml:2：recipient 应为文字",
        "unit.yml:3：issuer 应为文字",
        "unit.yml:5：norms.legal_literates_per_village 应大于 0",
        "unit.yml:6：norms.training_hours_per_officer 应是有限的数字",
        "unit.yml:8：thresholds.decline_pct 应是有限的数字",
        "unit.yml:9：thresholds.imbalance_cv 应是数字",
        "unit.yml:10：section_order",
        "unit.yml:11：没有「colour」这一设置",
    ):
        assert expected in msg, expected
    assert "nan" not in msg.replace(".nan", "").replace("「nan」", "")


def test_yaml_bomb_and_tags_refused_at_once(tmp_path: Path) -> None:
    levels = ["a: &a [哈,哈,哈,哈,哈,哈,哈,哈,哈]"]
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        levels.append(
            f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]"
        )
    started = time.perf_counter()
    with pytest.raises(ConfigError, match="别名"):
        _settings(tmp_path, "\n".join([*levels, "name: *i"]))
    assert time.perf_counter() - started < 1
    marker = tmp_path / "pwned"
    with pytest.raises(ConfigError, match="不允许的标签") as exc:
        _settings(tmp_path, f"name: !!python/object/apply:os.system ['touch {marker}']\n")
    assert exc.value.line == 1 and not marker.exists()


def test_settings_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "乡" / "unit.yml").mkdir(parents=True)
    with pytest.raises(ConfigError, match="文件夹"):
        load_settings(tmp_path / "乡")


def test_bidi_and_control_characters_in_names_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="U\\+202E"):
        _settings(tmp_path, 'issuer: "乡\\u202e政府"\n')


# ----------------------------------------------------------------------------- console


def test_names_not_utf8_print_escaped_on_a_strict_console(tmp_path: Path) -> None:
    data = unit_with(tmp_path, {})
    folder = os.fsencode(data / UNIT / str(YEAR))
    with open(folder + b"/\xff\xfe" + "表".encode("gbk") + b".csv", "wb") as fh:
        fh.write("指标,数值\n甲,1\n".encode())
    os.makedirs(os.fsencode(data) + b"/\xff\xfe\xd2\xd2/2024")
    env = dict(os.environ, PYTHONIOENCODING="utf-8:strict", PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, "-m", "fzdata", "check", "--data", str(data)],
                          capture_output=True, env=env, cwd=REPO, check=False, timeout=120)  # fmt: skip
    out = (proc.stdout + proc.stderr).decode("utf-8")
    assert "Traceback" not in out
    assert proc.returncode in (0, 1)
    assert "\\xff\\xfe" in out  # the file and the unit are named, escaped
