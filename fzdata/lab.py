"""``fz lab``: JupyterLab at the project root, in Chinese, with ``explore.ipynb`` open.

JupyterLab runs in its own process group. Ctrl-C or SIGTERM to ``fz lab`` stops it with
SIGTERM (so that it shuts its kernels down itself), then kills whatever of its process tree is
still there after a grace period: no server or kernel outlives ``fz lab``.

The Chinese interface comes from ``jupyterlab-language-pack-zh-CN``; it is selected through
the settings overrides in ``fzdata/resources/lab/overrides.json`` (passed as
``--LabApp.app_settings_dir``), a default that the user's own settings still override. Nothing
is written to the user's home.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from fzdata.core.config import NOTEBOOKS_DIR, RESOURCES_DIR
from fzdata.core.resources import cli_texts

#: Settings overrides (the zh_CN locale) for JupyterLab.
LAB_SETTINGS_DIR = RESOURCES_DIR / "lab"
EXPLORE = "explore.ipynb"


def _text(key: str) -> str:
    return cli_texts()[key]


def project_root() -> Path:
    """The folder JupyterLab opens at: the one holding ``notebooks/`` (and data/, outputs/)."""
    return NOTEBOOKS_DIR.resolve().parent


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def lab_command(data: Path, out: Path, extra: list[str]) -> tuple[list[str], dict[str, str]]:
    """The ``jupyter lab`` command line and its environment; ``extra`` is passed as given."""
    root = project_root()
    explore = (NOTEBOOKS_DIR.resolve() / EXPLORE).relative_to(root).as_posix()
    env = dict(os.environ, FZ_DATA=str(data.resolve()), FZ_OUTPUTS=str(out.resolve()))
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.default_url=/lab/tree/{explore}?file-browser-path=/",
        f"--LabApp.app_settings_dir={LAB_SETTINGS_DIR}",
    ]
    if is_root() and "--allow-root" not in extra:
        cmd.append("--allow-root")
    return [*cmd, *extra], env


class _Stop(Exception):
    """Raised by the signal handler to leave the wait."""


def _raise_stop(signum: int, frame: object) -> None:
    raise _Stop(signum)


def run_lab(data: Path, out: Path, extra: list[str], *, wait: float = 10.0) -> int:
    """Run JupyterLab until it exits or ``fz lab`` gets Ctrl-C/SIGTERM; then stop its tree."""
    cmd, env = lab_command(Path(data), Path(out), extra)
    if "--allow-root" in cmd and "--allow-root" not in extra:
        print(_text("lab_root"), file=sys.stderr)
    msg = _text("lab_start").format(root=project_root(), data=env["FZ_DATA"], out=env["FZ_OUTPUTS"])
    print(msg, file=sys.stderr, flush=True)
    handled = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    old = {s: signal.signal(s, _raise_stop) for s in handled}
    proc = None
    try:
        proc = subprocess.Popen(cmd, env=env, cwd=project_root(), start_new_session=True)
        code = proc.wait()
    except _Stop:
        code = 0
    finally:
        for s, h in old.items():
            signal.signal(s, h)
        if proc is not None:
            stop_tree(proc, wait)
    print(_text("lab_stopped"), file=sys.stderr)
    return code


def stop_tree(proc: subprocess.Popen, wait: float) -> None:
    """SIGTERM to JupyterLab's process group; after ``wait`` seconds, SIGKILL to every process
    of its tree (kernels run in sessions of their own) that is still alive."""
    import psutil

    try:
        tree = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        tree = []
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + wait
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=max(0.1, wait))
    _, alive = psutil.wait_procs(tree, timeout=max(0.1, deadline - time.monotonic()))
    for p in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.kill()
    psutil.wait_procs(alive, timeout=5)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    if proc.poll() is None:
        proc.wait(timeout=5)
