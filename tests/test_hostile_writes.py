"""Writing outputs: full and read-only disks, concurrent builds, temporary names and folders.
No kernel runs here: the unit-years' results are made up, the writing is real."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from conftest import SAMPLE_DATA

from fzdata.build import core as fzbuild
from fzdata.build.kernels import WarmKernel
from fzdata.cli import main
from fzdata.core.errors import BuildError, WriteError


def _fake_results(tasks, jobs):
    for t in tasks:
        yield fzbuild.Result(t.unit, t.year, "built", {"report.html": b"<p>new</p>", "manifest.json":
                             b'{"unit": "%s", "year": %d, "status": "built"}' % (t.unit.encode(), t.year)})  # fmt: skip


@pytest.fixture
def fake_build(monkeypatch):
    monkeypatch.setattr(fzbuild, "_run_local", _fake_results)
    monkeypatch.setattr(fzbuild, "_check_notebooks", lambda folder: None)
    monkeypatch.setattr(fzbuild, "inputs_of", lambda *a: [("x", "y")])


def _fail_writes(monkeypatch, code: int) -> None:
    real = Path.write_bytes

    def write_bytes(self, data):
        if self.name == "report.html":
            raise OSError(code, os.strerror(code))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_failed_write_keeps_previous_outputs_and_removes_temp(
    tmp_path: Path, monkeypatch, fake_build, capsys, code: int
) -> None:
    out = tmp_path / "out"
    old = out / "李庄乡" / "2023"
    old.mkdir(parents=True)
    (old / "report.html").write_text("<p>old</p>", encoding="utf-8")
    _fail_writes(monkeypatch, code)
    rc = main(["build", "--data", str(SAMPLE_DATA), "--out", str(out), "--unit", "李庄乡",
               "--year", "2023", "--force"])  # fmt: skip
    err = capsys.readouterr().err
    assert rc == 1 and "Traceback" not in err
    assert "无法写入「" in err and "report.html" in err
    assert (old / "report.html").read_text(encoding="utf-8") == "<p>old</p>"
    leftovers = [p.name for p in (out / "李庄乡").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_index_written_through_a_unique_temporary_name(tmp_path: Path, monkeypatch) -> None:
    names = []
    real = os.replace

    def replace(src, dst):
        names.append(Path(src).name)
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    fzbuild.write_index(tmp_path, [])
    fzbuild.write_index(tmp_path, [])
    assert len(set(names)) == 2 and all(n.startswith(".index-") for n in names)
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


def test_index_on_a_full_disk_is_a_write_error(tmp_path: Path, monkeypatch) -> None:
    def boom(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", boom)
    with pytest.raises(WriteError, match="磁盘已满"):
        fzbuild.write_index(tmp_path, [])
    assert list(tmp_path.iterdir()) == []


def test_second_build_on_the_same_output_refuses(tmp_path: Path, fake_build) -> None:
    out = tmp_path / "out"
    with fzbuild.output_lock(out), pytest.raises(BuildError, match="正被另一个 fz build 使用"):
        fzbuild.build(SAMPLE_DATA, out, ["李庄乡"], [2023])
    report = fzbuild.build(SAMPLE_DATA, out, ["李庄乡"], [2023])
    assert report.counts()["built"] == 1


def test_kernel_folder_removed_when_the_kernel_stops() -> None:
    kernel = WarmKernel()
    folder = Path(kernel._ipc_dir)
    assert folder.is_dir() and folder.name.startswith("fz-kernel-")
    kernel.shutdown()
    assert not folder.exists()


@pytest.mark.slow
def test_warm_kernel_leaves_no_client_threads_behind(tmp_path: Path) -> None:
    """Each notebook's kernel client is closed: 60 unit-years under ulimit -v once ran out of
    threads (a heartbeat thread and its sockets per notebook)."""
    import threading

    import nbformat

    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"},
                                            "language_info": {"name": "python"}})  # fmt: skip
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("print(x)")]  # fmt: skip
    source = tmp_path / "tiny.ipynb"
    nbformat.write(nb, source)
    kernel = WarmKernel()
    try:
        counts = []
        for i in range(4):
            kernel.run(source, tmp_path / f"out{i}.ipynb", {"x": i}, 60)
            counts.append(threading.active_count())
    finally:
        kernel.shutdown()
    assert counts[-1] == counts[1], counts
