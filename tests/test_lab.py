"""``fz lab`` configures JupyterLab so that ``explore`` runs as it is; the synthetic units."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import papermill as pm
import pytest
from conftest import REPO, SAMPLE_DATA

from fzdata import cli, lab
from fzdata.synth import write_units


def test_fz_lab_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Options pass through (before and after --); the project root, explore.ipynb, the
    Chinese settings and the data/output folders are set."""
    monkeypatch.setattr(lab.os, "geteuid", lambda: 1000)
    cmd, env = lab.lab_command(SAMPLE_DATA, tmp_path, ["--port", "8891", "--no-browser"])
    assert cmd[1:4] == ["-m", "jupyter", "lab"] and cmd[-3:] == ["--port", "8891", "--no-browser"]
    assert f"--ServerApp.root_dir={REPO}" in cmd and "--allow-root" not in cmd
    assert "--LabApp.default_url=/lab/tree/notebooks/explore.ipynb?file-browser-path=/" in cmd
    assert env["FZ_DATA"] == str(SAMPLE_DATA.resolve()) and env["FZ_OUTPUTS"] == str(tmp_path)
    overrides = json.loads((lab.LAB_SETTINGS_DIR / "overrides.json").read_text("utf-8"))
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "zh_CN"
    monkeypatch.setattr(lab.os, "geteuid", lambda: 0)
    assert "--allow-root" in lab.lab_command(SAMPLE_DATA, tmp_path, [])[0]


def test_fz_lab_passes_options_through(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = {}
    monkeypatch.setattr(
        lab, "run_lab", lambda data, out, extra, wait: seen.update(extra=extra) or 0
    )
    assert cli.main(["lab", "--port", "8891", "--no-browser", "--", "--ServerApp.token=x"]) == 0
    assert seen["extra"] == ["--port", "8891", "--no-browser", "--ServerApp.token=x"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_fz_lab_serves_chinese_and_stops_its_tree(tmp_path: Path, stop: signal.Signals) -> None:
    """A real JupyterLab on a free port: /lab with explore.ipynb, the zh_CN language pack
    installed and selected, a kernel started; SIGTERM or Ctrl-C (SIGINT) to fz lab leaves no
    process behind."""
    import psutil

    port, token = _free_port(), "fz-test"
    env = dict(os.environ, PYTHONPATH=str(REPO), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    fz = subprocess.Popen(
        [sys.executable, "-m", "fzdata", "lab", "--data", str(SAMPLE_DATA), "--out", str(tmp_path),
         "--port", str(port), "--no-browser", "--", f"--IdentityProvider.token={token}"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    tree: list[psutil.Process] = []
    try:
        for _ in range(120):
            try:
                status, page = _get(f"{base}/lab", token)
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        assert status == 200 and b"JupyterLab" in page
        assert _get(f"{base}/lab/tree/notebooks/explore.ipynb", token)[0] == 200
        _, body = _get(f"{base}/lab/api/translations", token)
        assert "zh_CN" in json.loads(body)["data"]
        _, body = _get(f"{base}/lab/api/translations/zh_CN", token)
        assert json.loads(body)["data"], "the zh_CN language pack is installed"
        _, body = _get(f"{base}/lab/api/settings/@jupyterlab/translation-extension:plugin", token)
        assert json.loads(body)["schema"]["properties"]["locale"]["default"] == "zh_CN"
        _, body = _get(f"{base}/api/contents", token)
        names = {c["name"] for c in json.loads(body)["content"]}
        assert {"data", "notebooks", "outputs"} <= names
        req = urllib.request.Request(
            f"{base}/api/kernels", data=b"{}", method="POST",
            headers={"Authorization": f"token {token}"},
        )  # fmt: skip
        urllib.request.urlopen(req, timeout=30).read()
        for _ in range(40):
            tree = psutil.Process(fz.pid).children(recursive=True)
            if any("ipykernel" in " ".join(p.cmdline()) for p in tree):
                break
            time.sleep(0.25)
        assert any("ipykernel" in " ".join(p.cmdline()) for p in tree), "a kernel was started"
    finally:
        fz.send_signal(stop)
        _, err = fz.communicate(timeout=60)
    assert "JupyterLab 已停止" in err
    if os.geteuid() == 0:
        assert "--allow-root" in err
    _, alive = psutil.wait_procs(tree, timeout=10)
    assert [p for p in alive if p.status() != psutil.STATUS_ZOMBIE] == []


@pytest.mark.slow
def test_explore_runs_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without parameters, as fz lab opens it: the data folder from FZ_DATA."""
    monkeypatch.setenv("FZ_DATA", str(SAMPLE_DATA))
    nb = pm.execute_notebook(
        str(REPO / "notebooks" / "explore.ipynb"), str(tmp_path / "explore.ipynb"), cwd=str(REPO / "notebooks"),
        progress_bar=False, kernel_name="python3",
    )  # fmt: skip
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "当前：李庄乡 2024年" in text and "李庄乡 2024年：识别表格 6 类" in text


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
