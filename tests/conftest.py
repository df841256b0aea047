"""Shared fixtures and the ``--update-golden`` switch.

Building is the slow part of the suite, so it is shared:

- ``built_sample`` (session): the whole sample (``data/``, every unit and year) built ONCE per
  test run with the real notebooks, shared by every pytest-xdist worker (the first worker to
  ask builds it under a file lock, the others wait and reuse it). It is read-only: a test that
  writes into an output folder takes ``sample_outputs`` (a copy of it in the test's own
  ``tmp_path``) or calls :func:`copy_built`. A copy is a valid "last good output": fingerprints
  name inputs by their place under the data and notebooks folders, not by absolute path, so a
  build on a copy of ``data/`` into a copy of these outputs skips what has not changed.
  ``BUILT_SAMPLE_COUNTS`` in the folder holds the read/analyse counts of that build.
- ``tiny_notebooks`` / :func:`fzdata.synth.write_tiny_notebooks`: batch notebooks of one cell each (the report
  one displays a minimal ``fz-report`` body), for tests of failures, timeouts, interrupts and
  Dask whose subject is the build's machinery, not the notebooks' content.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from fzdata.synth import write_tiny_notebooks  # re-exported for the tests

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
LOAD_CASES = TESTS / "data" / "load"
SAMPLE_DATA = REPO / "data"
FIXTURE_UNIT, FIXTURE_YEAR = "测试乡", 2023
#: In ``built_sample``: the counters (fzdata.core.counters) of the build that made it.
BUILT_SAMPLE_COUNTS = ".counts.json"
_COMPLETE = ".complete"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite golden files instead of comparing"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def load_cases() -> list[Path]:
    return sorted(p for p in LOAD_CASES.iterdir() if (p / "data").is_dir())


# ------------------------------------------------------------- the built sample


def _run_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this test run shared by all its xdist workers (``pytest-N/``); without
    xdist, this run's own base folder (never one of an earlier run)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if base.name.startswith(("popen-gw", "gw")) else base


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every unit-year of ``data/`` built once per test run (``make report``); read-only."""
    from filelock import FileLock

    root = _run_root(tmp_path_factory)
    out = root / "built-sample"
    with FileLock(str(root / "built-sample.lock")):
        if not (out / _COMPLETE).exists():
            from fzdata.analysis import analyse
            from fzdata.build.core import build
            from fzdata.core.counters import COUNTS

            shutil.rmtree(out, ignore_errors=True)  # a build that failed half-way
            analyse._SESSIONS.clear()  # a cold worker: nothing loaded or analysed yet
            COUNTS.clear()
            report = build(SAMPLE_DATA, out, jobs=1)
            assert report.counts()["failed"] == 0, [r.error for r in report.results]
            counts = [[*k, n] for k, n in COUNTS.items()]
            (out / BUILT_SAMPLE_COUNTS).write_text(json.dumps(counts, ensure_ascii=False))
            (out / _COMPLETE).touch()
    return out


def copy_built(built: Path, dest: Path, *only: str) -> Path:
    """A writable copy of the built sample at ``dest`` (``only``: these ``单位`` or
    ``单位/年份`` folders, with the index); the helper files of the fixture are left out."""
    skip = shutil.ignore_patterns(_COMPLETE, BUILT_SAMPLE_COUNTS)
    if not only:
        shutil.copytree(built, dest, ignore=skip)
        return dest
    dest.mkdir(parents=True, exist_ok=True)
    for name in only:
        shutil.copytree(built / name, dest / name)
    for p in built.iterdir():
        if p.is_file() and p.name not in (_COMPLETE, BUILT_SAMPLE_COUNTS):
            shutil.copy2(p, dest / p.name)
    return dest


@pytest.fixture
def sample_outputs(built_sample: Path, tmp_path: Path) -> Path:
    """The last good outputs of the sample, in this test's own folder (writable)."""
    return copy_built(built_sample, tmp_path / "outputs")


# ---------------------------------------------------------------- tiny notebooks


@pytest.fixture
def tiny_notebooks(tmp_path: Path) -> Path:
    return write_tiny_notebooks(tmp_path / "tiny-notebooks")
