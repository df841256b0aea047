"""``fz lab`` configures JupyterLab so that ``explore`` runs as it is; the synthetic units."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import papermill as pm
import pytest
from conftest import REPO, SAMPLE_DATA

from fzdata import cli
from fzdata.synth import write_units


def test_fz_lab_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen = {}

    def fake_call(cmd: list[str], env: dict[str, str]) -> int:
        seen.update(cmd=cmd, env=env)
        return 0

    monkeypatch.setattr(subprocess, "call", fake_call)
    assert (
        cli.main(["lab", "--data", str(SAMPLE_DATA), "--out", str(tmp_path), "--", "--no-browser"])
        == 0
    )
    assert seen["cmd"][1:4] == ["-m", "jupyter", "lab"]
    assert f"--notebook-dir={REPO / 'notebooks'}" in seen["cmd"] and "--no-browser" in seen["cmd"]
    assert seen["env"]["FZ_DATA"] == str(SAMPLE_DATA.resolve()) and seen["env"][
        "FZ_OUTPUTS"
    ] == str(tmp_path)


@pytest.mark.slow
def test_explore_runs_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FZ_DATA", str(SAMPLE_DATA))
    nb = pm.execute_notebook(
        str(REPO / "notebooks" / "explore.ipynb"), str(tmp_path / "explore.ipynb"), cwd=str(REPO / "notebooks"),
        progress_bar=False, kernel_name="python3",
    )  # fmt: skip
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "单位： 李庄乡" in text and "李庄乡 2024年：识别表格 6 类" in text


def test_synthetic_units_are_deterministic(tmp_path: Path) -> None:
    write_units(tmp_path / "a", 2, [2023, 2024], seed=7)
    write_units(tmp_path / "b", 2, [2023, 2024], seed=7)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.csv"))
    assert files_a == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.csv"))
    assert all(
        (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a
    )
    assert len(files_a) == 2 * 2 * 6
    assert os.path.basename(str(files_a[0]).split("/")[0]) == "合成镇01"
