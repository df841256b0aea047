"""Shared fixtures and the ``--update-golden`` switch."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
LOAD_CASES = TESTS / "data" / "load"
SAMPLE_DATA = REPO / "data"
FIXTURE_UNIT, FIXTURE_YEAR = "测试乡", 2023


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite golden files instead of comparing"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def load_cases() -> list[Path]:
    return sorted(p for p in LOAD_CASES.iterdir() if (p / "data").is_dir())
