"""unit.yml settings and the documentation of every finding code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURE_UNIT, FIXTURE_YEAR, REPO, SAMPLE_DATA, load_cases

import fzdata
from fzdata.core.errors import ConfigError
from fzdata.unit.settings import load_settings


def test_sample_settings() -> None:
    s = load_settings(SAMPLE_DATA / "李庄乡")
    assert s.name == "李庄乡" and s.recipient.startswith("中共宝丰县委")
    assert s.norms == {"legal_literates_per_village": 5, "training_hours_per_officer": 50}


def test_defaults_without_file(tmp_path: Path) -> None:
    s = load_settings(tmp_path / "某镇")
    assert s.name == "某镇" and s.path == "" and s.norms == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: [未闭合", "YAML 格式错误第1行"),
        ("- 列表", "顶层"),
        ("norms: {每村法律明白人: 很多}", "应是数字"),
    ],
)
def test_bad_settings_are_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "unit.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        load_settings(tmp_path)
    assert "unit.yml" in str(info.value)


def test_every_emitted_finding_code_is_documented() -> None:
    doc = (REPO / "docs" / "data.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"\| (?:错误|警告|提示) \| ([a-z_ /]+) \|", doc))
    documented = {c.strip() for entry in documented for c in entry.split("/")}
    emitted = set()
    for case in load_cases():
        emitted |= set(fzdata.load_year(case / "data", FIXTURE_UNIT, FIXTURE_YEAR).findings["code"])
    assert emitted - documented == set()
