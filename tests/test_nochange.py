"""The no-change decision with the stat cache (fzdata.build.state): a rebuild reads only what
changed, and every kind of change still rebuilds what it should.

The tasks are replaced by a stand-in that writes the manifest the build computed (fingerprint
and inputs): what is tested is the build's decision, not the notebooks."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_DATA

from fzdata.build import core as fzbuild
from fzdata.build import state

UNIT = "李庄乡"
YEARS = [2022, 2023, 2024]


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Tasks that only write the manifest; returns the unit-years that ran."""
    ran: list[tuple[str, int]] = []

    def run(task: fzbuild.Task) -> fzbuild.Result:
        ran.append((task.unit, task.year))
        m = {"unit": task.unit, "year": task.year, "status": "built",
             "fingerprint": task.fingerprint,
             "inputs": [{"path": p, "sha256": h} for p, h in task.inputs]}  # fmt: skip
        return fzbuild.Result(
            task.unit, task.year, "built", {"manifest.json": json.dumps(m).encode()}
        )

    monkeypatch.setattr(fzbuild, "run_task", run)
    return ran


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file read to be hashed, by name; files are not "racy" in these tests (they were
    all written a moment ago: a real build would hash them once more, see the racy test)."""
    read: list[str] = []
    real = state.sha256_file
    monkeypatch.setattr(state, "sha256_file", lambda p: read.append(Path(p).name) or real(p))
    monkeypatch.setattr(state, "RACY_NS", 0)
    return read


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLE_DATA / UNIT, tmp_path / "data" / UNIT)
    return tmp_path / "data"


def _build(data: Path, out: Path, **kw) -> dict[int, str]:
    report = fzbuild.build(data, out, [UNIT], YEARS, **kw)
    return {r.year: r.status for r in report.results}


def _rewrite_same_stamp(path: Path, data: bytes, *, new_inode: bool) -> None:
    """Other bytes of the same size, with the old mtime put back."""
    st = path.stat()
    assert len(data) == st.st_size
    if new_inode:
        tmp = path.with_name(path.name + ".new")
        tmp.write_bytes(data)
        os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
        os.replace(tmp, path)
        assert path.stat().st_ino != st.st_ino
    else:
        with open(path, "r+b") as fh:
            fh.write(data)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)


def test_nothing_changed_reads_nothing(data: Path, tmp_path: Path, stand_in, hashed) -> None:
    out = tmp_path / "out"
    assert set(_build(data, out).values()) == {"built"}
    assert len(hashed) > 20  # the first build hashes everything once
    hashed.clear()
    assert set(_build(data, out).values()) == {"skipped"}
    assert hashed == []
    state_text = (out / state.STATE_FILE).read_text("utf-8")
    assert str(tmp_path) not in state_text and str(REPO) not in state_text  # no machine path


def test_edited_ledger_rebuilds_its_year_and_those_after(
    data: Path, tmp_path: Path, stand_in, hashed
) -> None:
    out = tmp_path / "out"
    _build(data, out)
    hashed.clear()
    with open(data / UNIT / "2023/信访登记.csv", "ab") as fh:
        fh.write("XF2023099,2023/12/30,东河村,土地承包,已办结\r\n".encode("gbk"))
    assert _build(data, out) == {2022: "skipped", 2023: "built", 2024: "built"}
    assert hashed == ["信访登记.csv"]  # read once, though two unit-years list it


def test_touched_but_unchanged_is_hashed_once_and_skipped(
    data: Path, tmp_path: Path, stand_in, hashed
) -> None:
    out = tmp_path / "out"
    _build(data, out)
    hashed.clear()
    (data / UNIT / "2022/执法人员培训.ods").touch()
    assert set(_build(data, out).values()) == {"skipped"}
    assert hashed == ["执法人员培训.ods"]
    hashed.clear()
    assert set(_build(data, out).values()) == {"skipped"} and hashed == []


@pytest.mark.parametrize("new_inode", [True, False], ids=["replaced", "in-place"])
def test_same_size_and_mtime_other_bytes_rebuilds(
    data: Path, tmp_path: Path, stand_in, hashed, new_inode: bool
) -> None:
    """A file replaced by another (new inode) or rewritten in place with its mtime put back
    (the ctime moves): the stamp that looks the same does not hide the change."""
    out = tmp_path / "out"
    _build(data, out)
    ledger = data / UNIT / "2024/信访登记.csv"
    raw = ledger.read_bytes()
    _rewrite_same_stamp(ledger, raw[:-3] + b"XYZ", new_inode=new_inode)
    assert _build(data, out) == {2022: "skipped", 2023: "skipped", 2024: "built"}


def test_deleted_and_added_files_rebuild(data: Path, tmp_path: Path, stand_in, hashed) -> None:
    out = tmp_path / "out"
    _build(data, out)
    (data / UNIT / "2024/普法活动.xlsx").unlink()
    assert _build(data, out) == {2022: "skipped", 2023: "skipped", 2024: "built"}
    (data / UNIT / "2022/narrative.md").write_text("新写的说明\n", encoding="utf-8")
    assert _build(data, out) == {2022: "built", 2023: "built", 2024: "built"}


@pytest.mark.parametrize("name", ["unit.yml", "catalogue.csv"])
def test_unit_settings_and_catalogue_rebuild_every_year(
    data: Path, tmp_path: Path, stand_in, hashed, name: str
) -> None:
    out = tmp_path / "out"
    _build(data, out)
    path = data / UNIT / name
    if path.exists():
        path.write_bytes(path.read_bytes() + b"\n# edited\n")
    else:
        shutil.copy(REPO / "fzdata/resources/catalogue.csv", path)
    assert set(_build(data, out).values()) == {"built"}


def test_changed_notebook_rebuilds_everything(data: Path, tmp_path: Path, stand_in, hashed) -> None:
    nbdir = tmp_path / "nb"
    shutil.copytree(REPO / "notebooks", nbdir)
    out = tmp_path / "out"
    _build(data, out, notebooks_dir=nbdir)
    assert set(_build(data, out, notebooks_dir=nbdir).values()) == {"skipped"}
    nb = nbdir / "progress.ipynb"
    nb.write_text(nb.read_text("utf-8").replace('"cells": [', '"cells": [ ', 1), "utf-8")
    assert set(_build(data, out, notebooks_dir=nbdir).values()) == {"built"}


def test_changed_package_file_rebuilds_everything(
    data: Path, tmp_path: Path, stand_in, hashed, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "fzdata"
    shutil.copytree(fzbuild.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fzbuild, "PACKAGE_DIR", package)
    out = tmp_path / "out"
    _build(data, out)
    hashed.clear()
    assert set(_build(data, out).values()) == {"skipped"} and hashed == []
    words = package / "resources" / "wording.yml"
    words.write_text(words.read_text("utf-8") + "\n# edited\n", "utf-8")
    assert set(_build(data, out).values()) == {"built"}
    assert hashed == ["wording.yml"]


def test_another_data_folder_does_not_reuse_the_cache(
    data: Path, tmp_path: Path, stand_in, hashed
) -> None:
    """The same names under another data folder are hashed, not taken from the cache."""
    out = tmp_path / "out"
    _build(data, out)
    other = tmp_path / "other"
    shutil.copytree(data, other)
    (other / UNIT / "2023/信访登记.csv").write_bytes(b"\xef\xbb\xbf")
    assert _build(other, out)[2023] == "built"


def test_racy_files_are_hashed_again(data: Path, tmp_path: Path, stand_in, hashed, monkeypatch):
    """A file written just before it was hashed could change again within its timestamp's
    resolution: it is not trusted from the cache until it is older than that."""
    monkeypatch.setattr(state, "RACY_NS", 3600 * 10**9)  # everything here is "just written"
    out = tmp_path / "out"
    _build(data, out)
    hashed.clear()
    assert set(_build(data, out).values()) == {"skipped"}
    assert len(hashed) > 20


@pytest.mark.parametrize("text", ["{", "[]", '{"version": 1, "roots": 3, "files": {"x": 1}}'])
def test_a_broken_state_file_means_hash_everything(
    data: Path, tmp_path: Path, stand_in, hashed, text: str
) -> None:
    out = tmp_path / "out"
    _build(data, out)
    (out / state.STATE_FILE).write_text(text, "utf-8")
    hashed.clear()
    assert set(_build(data, out).values()) == {"skipped"} and len(hashed) > 20
    json.loads((out / state.STATE_FILE).read_text("utf-8"))  # written again, whole


def test_a_forged_cache_entry_for_another_file_is_not_used(
    data: Path, tmp_path: Path, stand_in, hashed
) -> None:
    """An entry is trusted only for the exact file identity it records."""
    out = tmp_path / "out"
    _build(data, out)
    st_file = out / state.STATE_FILE
    st = json.loads(st_file.read_text("utf-8"))
    key = f"data/{UNIT}/2024/信访登记.csv"
    st["files"][key][3] += 1  # another inode
    st_file.write_text(json.dumps(st), "utf-8")
    hashed.clear()
    assert set(_build(data, out).values()) == {"skipped"} and hashed == ["信访登记.csv"]


def test_a_changed_manifest_is_read_again(data: Path, tmp_path: Path, stand_in, hashed) -> None:
    """What the decision needs of a manifest is kept with the manifest's identity: a manifest
    that changed (here: another fingerprint) is read again and its unit-year rebuilt."""
    out = tmp_path / "out"
    _build(data, out)
    path = out / UNIT / "2023" / "manifest.json"
    m = json.loads(path.read_text("utf-8"))
    m["fingerprint"] = "0" * 64
    path.write_text(json.dumps(m), "utf-8")
    assert _build(data, out) == {2022: "skipped", 2023: "built", 2024: "skipped"}


def test_index_written_again_only_when_what_it_shows_changed(
    data: Path, tmp_path: Path, stand_in, hashed, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _build(data, out)
    written: list[int] = []
    real = fzbuild.write_index
    monkeypatch.setattr(fzbuild, "write_index", lambda o, f: written.append(1) or real(o, f))
    _build(data, out)
    assert written == []  # nothing changed: the index already says it
    (out / UNIT / "2023" / "report.html").write_text("<html></html>", "utf-8")  # a new link
    _build(data, out)
    assert len(written) == 1
    (out / "index.html").unlink()
    _build(data, out)
    assert len(written) == 2 and (out / "index.html").exists()
    (out / UNIT / "2024" / "manifest.json").unlink()  # a unit-year gone from the index
    _build(data, out)
    assert len(written) == 3
