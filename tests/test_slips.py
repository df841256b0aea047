"""Common slips get a plain answer: Excel/WPS lock files, old Word drafts, year folders
written 2024年 or 2024 年度, and folders under a unit that are not years."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_DATA

import fzdata
from fzdata.cli import main
from fzdata.core.errors import FzError
from fzdata.lint.engine import read_lines
from fzdata.unit.folders import list_years, lock_file_of, unit_findings, year_of_folder


def documented_codes() -> set[str]:
    doc = (REPO / "docs" / "data.md").read_text(encoding="utf-8")
    found = set(re.findall(r"\| (?:错误|警告|提示) \| ([a-z_ /]+) \|", doc))
    return {c.strip() for entry in found for c in entry.split("/")}


@pytest.fixture
def slipped(tmp_path: Path) -> Path:
    """The sample unit with its folders renamed as people write them, lock files and a stray
    folder."""
    unit = tmp_path / "李庄乡"
    shutil.copytree(SAMPLE_DATA / "李庄乡", unit)
    (unit / "2023").rename(unit / "2023年")
    (unit / "2024").rename(unit / "2024 年度")
    (unit / "旧台账备份").mkdir()
    (unit / "旧台账备份" / "村情.xlsx").write_bytes(b"")
    y = unit / "2023年"
    (y / "~$村情台账.xlsx").write_bytes(b"\x00" * 165)  # Excel's owner file
    (y / ".~lock.指标台账.xlsx#").write_text(",user,host,01.01.2024 10:00,", encoding="utf-8")
    (y / "~WRL0003.tmp").write_bytes(b"\x00")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "year"),
    [("2024", 2024), ("2024年", 2024), ("2024 年度", 2024), ("２０２４年", 2024),
     ("2024备份", None), ("24", None), ("旧台账", None)],
)  # fmt: skip
def test_year_folder_names(name: str, year: int | None) -> None:
    assert year_of_folder(name) == year


@pytest.mark.parametrize(
    ("name", "real"),
    [("~$村情台账.xlsx", "村情台账.xlsx"), (".~lock.指标.xlsx#", "指标.xlsx"), ("~WRL0003.tmp", ""),
     (".~指标.xlsx", "指标.xlsx"), ("村情台账.xlsx", None)],
)  # fmt: skip
def test_lock_file_names(name: str, real: str | None) -> None:
    assert lock_file_of(Path(name)) == real


def test_renamed_year_folders_are_read(slipped: Path) -> None:
    assert list_years(slipped, "李庄乡") == [2021, 2022, 2023, 2024]
    yd = fzdata.load_year(slipped, "李庄乡", 2023)
    original = fzdata.load_year(SAMPLE_DATA, "李庄乡", 2023)
    assert yd.rows_kept == original.rows_kept and yd.files == original.files
    codes = list(yd.findings["code"])
    assert codes.count("lock_file") == 3 and "year_folder_name" in codes
    messages = "\n".join(yd.findings["message"])
    assert "「~$村情台账.xlsx」是 Excel/WPS 打开工作簿时生成的临时文件" in messages
    assert (
        "「村情台账.xlsx」本身照常读取" in messages and "「指标台账.xlsx」本身照常读取" in messages
    )
    assert "目录「2023年」按 2023 年读取" in messages
    a = fzdata.analyse_year(slipped, "李庄乡", 2024)
    assert a.previous_data is not None and a.previous_data.year == 2023


def test_check_lists_renamed_years_and_names_stray_folders(
    slipped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--data", str(slipped)]) == 0
    out = capsys.readouterr().out
    assert "李庄乡 2023年：识别表格 6 类" in out and "李庄乡 2024年：识别表格 6 类" in out
    assert out.count("[stray_folder]") == 1
    assert "警告 [stray_folder] 李庄乡/旧台账备份/：「旧台账备份」不是年份目录" in out
    assert "提示 [lock_file] 李庄乡/2023/~$村情台账.xlsx：" in out


def test_two_folders_for_one_year(slipped: Path) -> None:
    (slipped / "李庄乡" / "2023").mkdir()
    found = unit_findings(slipped, "李庄乡")
    assert {f["code"] for f in found} == {"stray_folder", "duplicate_year_folder"}
    assert fzdata.load_year(slipped, "李庄乡", 2023).files == []  # the plain 2023/ wins


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".DOC"])
def test_lint_old_word_says_save_as_docx(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"草稿{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(FzError, match=r"另存为」Word 文档（\.docx）.*fz lint 草稿\.docx"):
        read_lines(path)


def test_every_new_finding_code_is_documented(slipped: Path) -> None:
    (slipped / "李庄乡" / "2022年度").mkdir()
    emitted = {f["code"] for f in unit_findings(slipped, "李庄乡")}
    for year in list_years(slipped, "李庄乡"):
        emitted |= set(fzdata.load_year(slipped, "李庄乡", year).findings["code"])
    assert {"lock_file", "year_folder_name", "stray_folder", "duplicate_year_folder"} <= emitted
    assert emitted - documented_codes() == set()
