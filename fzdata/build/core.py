"""``fz build``: run the notebooks of every unit-year and export the reports.

Each unit-year is one task. A task runs the batch notebooks through papermill in the worker's
warm kernel, exports them through nbconvert, writes the tables and figures, and returns all of
its files as bytes; the client writes them. So the same task runs in-process (``--jobs 1``), in
worker processes (``--jobs N``) or on a Dask cluster whose workers share no disk with the
client, and the outputs are the same. A unit-year is built in a temporary folder and moved into
place only when it succeeded; one whose inputs have not changed is skipped without a kernel.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import multiprocessing
import os
import pickle
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from fzdata import __version__
from fzdata.analysis.window import window
from fzdata.build.state import HashCache, sha256_file
from fzdata.core.config import NOTEBOOKS_DIR, PACKAGE_DIR, UNIT_CATALOGUE_FILE, UNIT_SETTINGS_FILE
from fzdata.core.errors import BuildError, DataDirError, FzError, WriteError
from fzdata.core.figures import fmt
from fzdata.unit.folders import (
    check_year,
    inside,
    ledger_files,
    list_units,
    list_years,
    year_dirs,
)

#: Notebooks run for every unit-year, in order, with the HTML file each becomes.
BATCH_NOTEBOOKS = {
    "progress": "progress.html",
    "shortcomings": "shortcomings.html",
    "report": "report.html",  # the report's own files come from the export formats
}
TITLES = {"progress": "{unit}{year}年法治政府建设成效分析", "shortcomings": "{unit}{year}年存在的不足与问题整改",
          "report": "关于{year}年法治政府建设情况的报告"}  # fmt: skip
LIBRARIES = (
    "pandas",
    "python-calamine",
    "papermill",
    "nbconvert",
    "nbclient",
    "matplotlib",
    "jinja2",
    "cn2an",
)
FAILED_DIR = "_failed"
#: Held (flock) by the build writing into an output folder.
LOCK_FILE = ".fz-build.lock"


@dataclass(frozen=True)
class Task:
    data_dir: str
    unit: str
    year: int
    notebooks_dir: str
    timeout: float | None
    fingerprint: str
    inputs: tuple[tuple[str, str], ...]  # (path, sha256)
    formats: tuple[str, ...] = ("html", "docx")
    date: str = ""  # fz build --date: the 成文日期 of every report built
    out_dir: str = ""  # --shared-out: the worker writes here itself and returns no bytes

    @property
    def label(self) -> str:
        return f"{self.unit} {self.year}年"


@dataclass
class Result:
    unit: str
    year: int
    status: str  # built / failed / skipped
    files: dict[str, bytes] = field(default_factory=dict)
    notebook: str = ""
    cell: str = ""
    error: str = ""
    seconds: float = 0.0
    executed: str = ""  # where the executed notebook of a failure was written
    readiness: dict[str, Any] = field(default_factory=dict)  # draft, completeness, lint
    written: bool = False  # already written by the worker (--shared-out)

    @property
    def label(self) -> str:
        return f"{self.unit} {self.year}年"

    def __sizeof__(self) -> int:
        """Its bytes counted, so that Dask's memory accounting sees a result's real weight."""
        return object.__sizeof__(self) + sum(len(k) + len(v) for k, v in self.files.items())


# -------------------------------------------------------------------------- plan


def parse_years(text: str) -> list[int]:
    """``2023`` or ``2021-2024``."""
    text = text.strip().replace("—", "-").replace("–", "-").replace("至", "-")
    try:
        if "-" in text:
            lo, hi = (int(p) for p in text.split("-", 1))
            if lo > hi:
                raise ValueError
            return list(range(lo, hi + 1))
        return [int(text)]
    except ValueError:
        raise FzError(f"年份「{text}」格式不对：应写作 2023 或 2021-2024") from None


def plan(data_dir: Path, units: list[str] | None, years: list[int] | None) -> list[tuple[str, int]]:
    """The unit-years to build, checked before any kernel starts; an unknown unit or year is an
    error that lists what exists."""
    known_units = list_units(data_dir)
    if not known_units:
        raise DataDirError(
            f"「{data_dir}」中没有任何单位目录（应为 {data_dir}/<单位>/<年份>/）", str(data_dir)
        )
    for unit in units or []:
        inside(data_dir, unit)
    for year in years or []:
        check_year(year)
    chosen = units or known_units
    missing = [u for u in chosen if u not in known_units]
    if missing:
        raise DataDirError(
            f"单位「{'、'.join(missing)}」在「{data_dir}」中不存在", str(data_dir), known_units
        )
    pairs = []
    for unit in chosen:
        have = list_years(data_dir, unit)
        if years:
            present = [y for y in years if y in have]
            if not present:  # a range only needs to meet the unit's years somewhere
                asked = str(years[0]) if len(years) == 1 else f"{years[0]}—{years[-1]}"
                raise DataDirError(
                    f"「{unit}」没有{asked}年的数据目录",
                    str(data_dir / unit),
                    [str(y) for y in have],
                )
            pairs += [(unit, y) for y in present]
        else:
            pairs += [(unit, y) for y in have]
    return pairs


# --------------------------------------------------------------------- fingerprint


def _sha256(path: Path, key: str = "", cache: HashCache | None = None) -> str:
    """The file's hash; through ``cache`` (stat first, read only what changed) when given."""
    return cache.sha256(key, path) if cache is not None and key else sha256_file(path)


def _package_files() -> list[Path]:
    files = [p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(files)


_PACKAGE_HASHES: list[tuple[str, str]] | None = None


def _package_inputs(cache: HashCache | None = None) -> list[tuple[str, str]]:
    global _PACKAGE_HASHES
    if cache is not None:  # a build: stat every file again, hash only what changed
        out = []
        for p in _package_files():
            key = f"fzdata/{p.relative_to(PACKAGE_DIR).as_posix()}"
            out.append((key, _sha256(p, key, cache)))
        return [*out, ("fzdata.__version__", __version__)]
    if _PACKAGE_HASHES is None:
        _PACKAGE_HASHES = [
            (f"fzdata/{p.relative_to(PACKAGE_DIR).as_posix()}", _sha256(p))
            for p in _package_files()
        ]
        _PACKAGE_HASHES.append(("fzdata.__version__", __version__))
    return _PACKAGE_HASHES


def inputs_of(
    data_dir: Path,
    unit: str,
    year: int,
    notebooks_dir: Path,
    cache: HashCache | None = None,
    package: list[tuple[str, str]] | None = None,
    listings: dict[Any, Any] | None = None,
) -> list[tuple[str, str]]:
    """Everything that can change a unit-year's output: the files of every year in its window
    (:mod:`fzdata.analysis.window`: compared years and the trend chart's), unit.yml, the unit's
    catalogue, the narratives, the notebooks, and fzdata itself (code, data files, version).

    With a :class:`~fzdata.build.state.HashCache` a file whose identity has not changed since
    it was hashed is not read again; ``package`` is fzdata's part when already computed;
    ``listings`` keeps the folders listed during one build (a year is in five windows)."""
    listings = {} if listings is None else listings
    unit_dir = data_dir / unit
    if unit not in listings:
        list_years(data_dir, unit)  # the unit's folder checked as before
        listings[unit] = year_dirs(unit_dir)
    years: dict[int, Path] = listings[unit]
    out: list[tuple[str, str]] = []
    for y in window(year, years).years:
        year_dir = years.get(y, unit_dir / str(y))
        if (unit, y) not in listings:
            if not year_dir.is_dir():
                listings[unit, y] = []
            else:
                ledgers, _ = ledger_files(year_dir)
                narrative = year_dir / "narrative.md"
                extra = [narrative] if narrative.is_file() and not narrative.is_symlink() else []
                listings[unit, y] = [
                    (f"data/{unit}/{p.relative_to(unit_dir).as_posix()}", p)
                    for p in sorted(ledgers + extra)
                ]
        for key, p in listings[unit, y]:
            out.append((key, _sha256(p, key, cache)))
    for name in (UNIT_SETTINGS_FILE, UNIT_CATALOGUE_FILE):
        if (unit_dir / name).exists():
            key = f"data/{unit}/{name}"
            out.append((key, _sha256(unit_dir / name, key, cache)))
    for nb in BATCH_NOTEBOOKS:
        path = notebooks_dir / f"{nb}.ipynb"
        key = f"notebooks/{nb}.ipynb"
        out.append((key, _sha256(path, key, cache)))
    return out + (package if package is not None else _package_inputs(cache))


def fingerprint(inputs: list[tuple[str, str]]) -> str:
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=False).encode("utf-8")).hexdigest()


def read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# -------------------------------------------------------------------------- task


def run_task(task: Task) -> Result:
    """Build one unit-year in this process; every file it makes is returned as bytes.

    Whatever goes wrong ends as a failed result with a message; it never stops the build.
    """
    started = time.perf_counter()
    try:
        result = _run_task(task)
        return _write_here(task, result) if task.out_dir else result
    except FzError as exc:  # the unit's own data or settings: the message says what to do
        return Result(task.unit, task.year, "failed", notebook="（读取与分析）", cell="—",
                      error=str(exc), seconds=time.perf_counter() - started)  # fmt: skip
    except Exception as exc:
        return Result(task.unit, task.year, "failed", notebook="（导出）", cell="—",
                      error=f"{type(exc).__name__}: {exc}", seconds=time.perf_counter() - started)  # fmt: skip


def _write_here(task: Task, r: Result) -> Result:
    """--shared-out: write the unit-year into the shared output folder from this worker, as the
    client would, and return the result without its bytes."""
    out_dir = Path(task.out_dir)
    try:
        if r.status == "built":
            write_atomic(out_dir, r.unit, r.year, r.files)
            r.readiness = _readiness_of(out_dir / r.unit / str(r.year))
        else:
            write_failed(out_dir, r)
    except WriteError as exc:  # this unit-year fails; the last good outputs stay
        r = Result(r.unit, r.year, "failed", notebook="（写入共享输出目录）", cell="—",
                   error=str(exc), seconds=r.seconds)  # fmt: skip
    r.files, r.written = {}, True
    return r


def _readiness_of(folder: Path) -> dict[str, Any]:
    m = read_manifest(folder) or {}
    return {k: m.get(k) for k in ("draft", "completeness", "lint")}


def _run_task(task: Task) -> Result:
    import nbformat

    from fzdata.analysis.analyse import session
    from fzdata.build.kernels import process_kernel
    from fzdata.core.config import ANALYSIS_FILE
    from fzdata.core.errors import NotebookFailure
    from fzdata.export.html import notebook_html
    from fzdata.export.registry import ReportDoc, get

    started = time.perf_counter()
    timings: dict[str, float] = {}
    kernel = process_kernel()
    getattr(kernel, "prestart", lambda: None)()  # the notebook process imports meanwhile
    with tempfile.TemporaryDirectory(prefix="fz-build-") as tmp:
        work = Path(tmp)
        (work / "notebooks").mkdir()
        (work / "figures").mkdir()
        params = {
            "data_dir": task.data_dir,
            "unit": task.unit,
            "year": task.year,
            "out_dir": str(work),
        }
        # Read once, analyse once: the notebooks, exports and manifest all use this result.
        analysis = session(task.data_dir, task.unit).analysis(task.year)
        with open(work / ANALYSIS_FILE, "wb") as fh:
            pickle.dump(analysis, fh, protocol=pickle.HIGHEST_PROTOCOL)
        timings["analysis"] = round(time.perf_counter() - started, 3)
        for name in BATCH_NOTEBOOKS:
            t0 = time.perf_counter()
            out = work / "notebooks" / f"{name}.ipynb"
            try:
                extra = {"date": task.date} if name == "report" and task.date else {}
                kernel.run(
                    Path(task.notebooks_dir) / f"{name}.ipynb", out, params | extra, task.timeout
                )
                _settle_notebook(out, work, task.data_dir)
            except NotebookFailure as exc:
                files = _collect(work, only="notebooks")
                return Result(task.unit, task.year, "failed", files, f"{name}.ipynb", exc.cell, exc.error,
                              time.perf_counter() - started)  # fmt: skip
            timings[name] = round(time.perf_counter() - t0, 3)
        t0 = time.perf_counter()
        files = _collect(work)
        for name, html_name in BATCH_NOTEBOOKS.items():
            nb = nbformat.read(work / "notebooks" / f"{name}.ipynb", as_version=4)
            title = TITLES[name].format(unit=task.unit, year=task.year)
            if name != "report":
                files[html_name] = notebook_html(nb, title).encode("utf-8")
                continue
            doc = ReportDoc(nb, title)
            for fmt_name in task.formats:  # every format from the same report
                fmt = get(fmt_name)
                files[fmt.file] = fmt.make(doc)
        timings["export"] = round(time.perf_counter() - t0, 3)
        manifest = _manifest(task, files, timings)
        files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    return Result(task.unit, task.year, "built", files, seconds=time.perf_counter() - started)


def _settle_notebook(path: Path, work: Path, data_dir: str = "") -> None:
    """Give papermill's injected-parameters cell a fixed id and record ``out_dir`` as the
    folder the files end up in, not the temporary one they were written to, and the data
    folder by its name only: the executed notebook is then the same whichever worker ran it,
    and a shared file shows no path of the machine that built it."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    data_name = Path(data_dir).name if data_dir else ""
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
            cell.source = cell.source.replace(
                json.dumps(str(work), ensure_ascii=False),
                '"."  # 生成时为临时目录，产物已移到本目录',
            )
            if data_name:
                cell.source = cell.source.replace(
                    json.dumps(data_dir, ensure_ascii=False),
                    f'"{data_name}"  # 生成时的数据目录（只记名称，不记本机路径）',
                )
    pm = nb.metadata.get("papermill")
    if pm is not None:
        pm["input_path"] = pm["output_path"] = f"notebooks/{path.name}"
        params = pm.get("parameters", {})
        if "out_dir" in params:
            params["out_dir"] = "."
        if data_name and "data_dir" in params:
            params["data_dir"] = data_name
    nbformat.write(nb, path)


def _collect(work: Path, only: str = "") -> dict[str, bytes]:
    files = {}
    for sub in ("notebooks", "figures", "tables"):
        if only and sub != only:
            continue
        for p in sorted((work / sub).glob("*")):
            files[f"{sub}/{p.name}"] = p.read_bytes()
    return files


def _manifest(task: Task, files: dict[str, bytes], timings: dict[str, float]) -> dict[str, Any]:
    """Inputs with SHA-256, versions, parameters, timings, warnings and the key figures, read
    from the tables the notebooks wrote (no second analysis in the worker)."""
    findings = _csv_rows(files.get("tables/findings.csv", b""))
    indicators = {
        r["key"]: r for r in _csv_rows(files.get("tables/indicators.csv", b"")) if r.get("key")
    }
    profile = _unit_profile(task)
    key_figures = {}
    for key in profile.key_figures:
        r = indicators.get(key)
        if r and r["value"]:
            key_figures[r["name"]] = fmt(float(r["value"]), r["qualifier"], r["unit"])
    return {
        "unit": task.unit,
        "year": task.year,
        "status": "built",
        "fingerprint": task.fingerprint,
        "inputs": [{"path": p, "sha256": h} for p, h in task.inputs],
        "fzdata": __version__,
        "libraries": {lib: _version(lib) for lib in LIBRARIES},
        "python": sys.version.split()[0],
        "parameters": {
            "data_dir": Path(task.data_dir).name,  # the folder's name: no path of this machine
            "unit": task.unit,
            "year": task.year,
            "timeout": task.timeout,
        },
        "timings": timings,
        "warnings": {
            "errors": sum(1 for f in findings if f["level"] == "error"),
            "warnings": sum(1 for f in findings if f["level"] == "warning"),
            "rejected_rows": len(_csv_rows(files.get("tables/rejects.csv", b""))),
            "shortcomings": len(_csv_rows(files.get("tables/shortcomings.csv", b""))),
        },
        **_readiness(files),
        "key_figures": key_figures,
        "kind": profile.kind,
        "kind_label": profile.label,
        "built_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def _unit_profile(task: Task) -> Any:
    """The profile of the task's kind of unit (township or department)."""
    from fzdata.unit.profiles import load_profile
    from fzdata.unit.settings import load_settings

    return load_profile(load_settings(Path(task.data_dir) / task.unit).kind)


def _readiness(files: dict[str, bytes]) -> dict[str, Any]:
    """Final or draft (:mod:`fzdata.analysis.completeness`), with the completeness counts and
    the report's own lint (``fz lint`` on the report's text)."""
    from fzdata.export.registry import ReportDoc
    from fzdata.lint.report import lint_report_html

    gaps = _csv_rows(files.get("tables/completeness.csv", b""))
    blocking = [g for g in gaps if g.get("blocking") == "True"]
    lint = {"errors": 0, "warnings": 0}
    nb_bytes = files.get("notebooks/report.ipynb")
    if nb_bytes:
        import nbformat

        nb = nbformat.reads(nb_bytes.decode("utf-8"), as_version=4)
        found = lint_report_html(ReportDoc(nb, "").fragment)
        lint = {"errors": sum(f.level == "error" for f in found),
                "warnings": sum(f.level == "warning" for f in found)}  # fmt: skip
    return {
        "draft": bool(blocking),
        "completeness": {"missing": len(blocking), "notes": len(gaps) - len(blocking)},
        "lint": lint,
    }


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")))) if data else []


def _version(lib: str) -> str:
    try:
        return metadata.version(lib)
    except metadata.PackageNotFoundError:
        return ""


# ------------------------------------------------------------------------- write


def write_atomic(out_dir: Path, unit: str, year: int, files: dict[str, bytes]) -> Path:
    """Write a unit-year into a temporary folder of its own, then swap it for the old one.

    On any failure (read-only folder, full disk) the temporary folder is removed, the previous
    outputs are left as they were and :class:`WriteError` names the path.
    """
    final = out_dir / unit / str(year)
    tag = uuid.uuid4().hex[:8]
    tmp = final.parent / f".{year}.tmp-{tag}"
    path = final.parent
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        for rel, data in files.items():
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        path = final
        old = None
        if final.exists():
            old = final.parent / f".{year}.old-{tag}"
            os.rename(final, old)
        try:
            os.rename(tmp, final)
        except OSError:
            if old is not None:
                os.rename(old, final)
            raise
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise WriteError(str(path), write_reason(exc)) from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return final


def write_reason(exc: OSError) -> str:
    """Why a write failed, in words a user can act on."""
    import errno

    reasons = {
        errno.ENOSPC: "磁盘已满；请腾出空间后重新运行（已有的输出没有改动）",
        errno.EDQUOT: "超出磁盘配额；请腾出空间后重新运行（已有的输出没有改动）",
        errno.EROFS: "文件系统是只读的；请用 --out 指定可写的输出目录",
        errno.EACCES: "没有写入权限；请用 --out 指定可写的输出目录，或修改该目录的权限",
        errno.EPERM: "没有写入权限；请用 --out 指定可写的输出目录，或修改该目录的权限",
    }
    return reasons.get(exc.errno or 0, f"{exc.strerror or exc}")


def write_failed(out_dir: Path, r: Result) -> None:
    """The executed notebooks of a failed unit-year, under ``_failed/``, for inspection."""
    failed = out_dir / FAILED_DIR / r.unit / str(r.year)
    path = failed
    try:
        shutil.rmtree(failed, ignore_errors=True)
        for rel, data in r.files.items():
            path = failed / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    except OSError as exc:
        raise WriteError(str(path), write_reason(exc)) from None
    r.executed = str(failed / "notebooks" / r.notebook)


@contextlib.contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """One build at a time per output folder: a second one refuses at once, clearly."""
    import fcntl

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fh = open(out_dir / LOCK_FILE, "a+")  # noqa: SIM115 (held for the whole build)
    except OSError as exc:
        raise WriteError(str(out_dir), write_reason(exc)) from None
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BuildError(
                f"输出目录「{out_dir}」正被另一个 fz build 使用；请等它完成后再运行，或用 --out 指定另一个输出目录",
                str(out_dir),
            ) from None
        yield
    finally:
        fh.close()


def clean_leftovers(out_dir: Path) -> None:
    """Temporary folders of an interrupted build; the last good outputs are untouched."""
    if not out_dir.is_dir():
        return
    for p in [*out_dir.glob(".index-*.tmp"), *out_dir.glob(".fz-state-*.tmp")]:
        p.unlink(missing_ok=True)
    for unit_dir in out_dir.iterdir():
        if unit_dir.is_dir():
            for p in unit_dir.glob(".*.tmp-*"):  # a unit-year written by an interrupted build
                shutil.rmtree(p, ignore_errors=True)
            for p in unit_dir.glob(".*.old-*"):
                # An interrupted swap: put the old outputs back if the new ones never arrived.
                final = unit_dir / p.name[1:].split(".old-")[0]
                if not final.exists():
                    os.rename(p, final)
                else:
                    shutil.rmtree(p, ignore_errors=True)


# ------------------------------------------------------------------------ dispatch


def _run_local(tasks: list[Task], jobs: int) -> Iterator[Result]:
    from fzdata.build.kernels import shutdown_process_kernel, worker_init

    if jobs <= 1:
        try:
            for t in tasks:
                yield run_task(t)
        finally:
            shutdown_process_kernel()
        return
    ctx = multiprocessing.get_context("spawn")
    pool = cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=worker_init)
    try:
        futures = {pool.submit(run_task, t): t for t in tasks}
        for fut in cf.as_completed(futures):
            yield _result_of(fut, futures[fut])
    finally:
        # Cancel what has not started; SIGTERM makes each worker stop its kernel first.
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        for proc in procs:
            proc.join(timeout=10)


def _result_of(fut: Any, task: Task) -> Result:
    """A future's result; a worker that died (out of memory, killed) is that unit-year's failure."""
    try:
        return fut.result()
    except Exception as exc:
        return _result_of_error(task, exc)


def _result_of_error(task: Task, exc: BaseException) -> Result:
    return Result(task.unit, task.year, "failed", notebook="—", cell="—",
                  error=f"工作进程异常退出（{type(exc).__name__}: {exc}）")  # fmt: skip


def _run_dask(tasks: list[Task], scheduler: str, jobs: int) -> Iterator[Result]:
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler == "local":
        import dask

        # Workers sample their own stacks for the dashboard, every 10 ms, kept for 1,000 s:
        # with a build's deep stacks that is 60+ MB a worker, grown while the build runs.
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(
                n_workers=max(jobs, 1), threads_per_worker=1, processes=True, dashboard_address=None
            )
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        # Only as_completed holds the futures: each result is released on the worker as soon
        # as the client has it (a kept future keeps its ~4 MB result in the worker's memory).
        by_key: dict[str, Task] = {}

        def submit(t: Task) -> Any:
            key = f"fz-{t.unit}-{t.year}-{uuid.uuid4().hex[:6]}"
            by_key[key] = t
            return client.submit(run_task, t, pure=False, key=key)

        pending = as_completed(submit(t) for t in tasks)
        for fut in pending:
            try:
                result = fut.result()
            except Exception as exc:  # a worker lost (killed, out of memory) several times
                result = _result_of_error(by_key[fut.key], exc)
            fut.release()
            del fut
            yield result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# -------------------------------------------------------------------------- build


@dataclass
class BuildReport:
    results: list[Result]
    out_dir: Path
    seconds: float

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if r.status == "failed"]

    def counts(self) -> dict[str, int]:
        c = {"built": 0, "skipped": 0, "failed": 0}
        for r in self.results:
            c[r.status] += 1
        return c


def build(
    data_dir: Path | str = "data",
    out_dir: Path | str = "outputs",
    units: list[str] | None = None,
    years: list[int] | None = None,
    *,
    jobs: int = 1,
    force: bool = False,
    scheduler: str | None = None,
    timeout: float | None = None,
    formats: tuple[str, ...] = ("html", "docx"),
    notebooks_dir: Path | str = NOTEBOOKS_DIR,
    date: str = "",
    on_result: Callable[[Result, int, int], None] | None = None,
    shared_out: bool = False,
) -> BuildReport:
    """Build the matrix of unit-years; returns every result (built, skipped or failed).

    ``shared_out``: the workers write each unit-year into ``out_dir`` themselves (it must be
    the same folder at the same path for them, e.g. a shared mount) and return no bytes."""
    started = time.perf_counter()
    data_dir, out_dir, notebooks_dir = (
        Path(data_dir).resolve(),
        Path(out_dir),
        Path(notebooks_dir).resolve(),
    )
    _check_notebooks(notebooks_dir)
    pairs = plan(data_dir, units, years)
    with output_lock(out_dir):
        clean_leftovers(out_dir)
        return _build_locked(data_dir, out_dir, notebooks_dir, pairs, started, jobs=jobs, force=force,
                             scheduler=scheduler, timeout=timeout, formats=formats, date=date,
                             on_result=on_result, shared_out=shared_out)  # fmt: skip


def _build_locked(
    data_dir: Path,
    out_dir: Path,
    notebooks_dir: Path,
    pairs: list[tuple[str, int]],
    started: float,
    *,
    jobs: int,
    force: bool,
    scheduler: str | None,
    timeout: float | None,
    formats: tuple[str, ...],
    date: str,
    on_result: Callable[[Result, int, int], None] | None,
    shared_out: bool = False,
) -> BuildReport:
    results: list[Result] = []
    tasks: list[Task] = []
    failed_early: list[Result] = []
    # Stat first, hash only what changed since the last build (fzdata.build.state).
    cache = HashCache.load(
        out_dir, {"data": data_dir, "notebooks": notebooks_dir, "fzdata": PACKAGE_DIR}
    )
    package = _package_inputs(cache)
    listings: dict[Any, Any] = {}
    for unit, year in pairs:
        try:
            ins = [*inputs_of(data_dir, unit, year, notebooks_dir, cache, package, listings),
                   ("formats", ",".join(formats))]  # fmt: skip
        except (OSError, FzError) as exc:  # this unit-year only; the others go on
            failed_early.append(Result(unit, year, "failed", notebook="—", cell="—",
                                       error=f"无法读取输入：{exc}"))  # fmt: skip
            continue
        if date:
            ins.append(("date", date))
        fp = fingerprint(ins)
        old = cache.manifest(out_dir / unit / str(year), read_manifest)
        if not force and old and old.get("fingerprint") == fp and old.get("status") == "built":
            readiness = {k: old.get(k) for k in ("draft", "completeness", "lint")}
            results.append(Result(unit, year, "skipped", readiness=readiness))
            continue
        tasks.append(
            Task(
                str(data_dir),
                unit,
                year,
                str(notebooks_dir),
                timeout,
                fp,
                tuple(ins),
                tuple(formats),
                date,
                str(out_dir.resolve()) if shared_out else "",
            )
        )
    cache.save(out_dir)
    total = len(pairs)
    results += failed_early
    if on_result:
        for i, r in enumerate(results, start=1):
            on_result(r, i, total)
    source: Iterable[Result]
    if not tasks:
        source = []
    elif scheduler:
        source = _run_dask(tasks, scheduler, jobs)
    else:
        source = _run_local(tasks, jobs)
    for r in source:
        if r.written:  # --shared-out: the worker wrote it
            pass
        elif r.status == "built":
            write_atomic(out_dir, r.unit, r.year, r.files)
            r.readiness = _readiness_of(out_dir / r.unit / str(r.year))
        else:
            write_failed(out_dir, r)
        r.files = {}
        results.append(r)
        if on_result:
            on_result(r, len(results), total)
    if results:
        failures = [r for r in results if r.status == "failed"]
        # Nothing built or failed, and the outputs the index is made from are those it was
        # last made from: the index already says what it would say.
        key = "" if failures else _index_key(out_dir, package)
        if not key or key != cache.index_key or not (out_dir / "index.html").exists() or tasks:
            write_index(out_dir, failures)
            cache.index_key, cache.changed = key, True
            cache.save(out_dir)
    return BuildReport(results, out_dir, time.perf_counter() - started)


def _check_notebooks(folder: Path) -> None:
    """Every batch notebook exists and has exactly one cell tagged ``parameters``
    (papermill only warns when it is missing, and the report would run on defaults)."""
    for name in BATCH_NOTEBOOKS:
        path = folder / f"{name}.ipynb"
        if not path.exists():
            raise FzError(f"找不到 notebook：{path}")
        try:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        except (ValueError, KeyError) as exc:
            raise FzError(f"{path} 不是有效的 notebook（{exc}）") from None
        tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
        if len(tagged) != 1:
            raise FzError(
                f"{path} 应有且只有一个标记为 parameters 的单元格，实际有 {len(tagged)} 个"
            )


# -------------------------------------------------------------------------- index


LINK_NAMES = {"report.html": "报告", "progress.html": "成效分析", "shortcomings.html": "不足与整改",
              "report.docx": "Word", "report.txt": "纯文本"}  # fmt: skip


def local_time(iso: str) -> str:
    """``2026-11-26T08:05:00+00:00`` → 2026年11月26日 16:05, in the index's time zone."""
    from zoneinfo import ZoneInfo

    from fzdata.core.resources import wording

    try:
        when = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if when.tzinfo is not None:
        when = when.astimezone(ZoneInfo(wording()["index"]["timezone"]))
    return f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}"


def _add_trends(rows: list[dict[str, Any]]) -> None:
    """Each row's key figures over the unit's years up to its own: 110人→125人→137人."""
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_unit.setdefault(r["unit"], []).append(r)
    for r in rows:
        earlier = sorted(
            (o for o in by_unit[r["unit"]] if o["year"] <= r["year"]), key=lambda o: o["year"]
        )
        trend = {}
        for name in r["key_figures"]:
            seen = [
                (o["year"], o["key_figures"][name]) for o in earlier if name in o["key_figures"]
            ]
            if len(seen) > 1:
                trend[name] = "→".join(v for _, v in seen)
        r["trend"] = trend


def _index_key(out_dir: Path, package: list[tuple[str, str]]) -> str:
    """A digest of what the index is made from: each unit-year's manifest (its identity) and
    the names in its folder (the folder's mtime), and fzdata (template, wording)."""
    from fzdata.build.state import _identity

    parts: list[Any] = [fingerprint(package)]
    for m in sorted(out_dir.glob("*/*/manifest.json")):
        try:
            parts.append([m.parent.relative_to(out_dir).as_posix(), _identity(m.stat()),
                          m.parent.stat().st_mtime_ns])  # fmt: skip
        except OSError:
            return ""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


COUNTY_MARKS = ("<!-- county:start -->", "<!-- county:end -->")


def county_index_section(out_dir: Path) -> str:
    """The index's 「县级汇总」 section: a link to ``汇总/<年份>/汇总.html`` of each year rolled
    up (empty markers when there is none, filled in by :func:`refresh_county_index`)."""
    from markupsafe import Markup, escape

    years = sorted(
        (p.parent.name for p in out_dir.glob("汇总/*/汇总.html") if p.parent.name.isdigit()),
        reverse=True,
    )
    body = Markup("")
    if years:
        links = Markup(" · ").join(
            Markup('<a href="汇总/{0}/汇总.html">{0}年</a>').format(escape(y)) for y in years
        )
        body = Markup('<h2 id="county">县级汇总</h2>\n<p>{}</p>\n').format(links)
    return Markup(COUNTY_MARKS[0]) + body + Markup(COUNTY_MARKS[1])


def refresh_county_index(out_dir: Path) -> None:
    """After ``fz rollup``: the index's county section lists the years now rolled up (the rest
    of the index is left as the last build wrote it)."""
    path = out_dir / "index.html"
    try:
        html = path.read_text(encoding="utf-8")
    except OSError:
        return
    start, end = html.find(COUNTY_MARKS[0]), html.find(COUNTY_MARKS[1])
    if start < 0 or end < start:
        return
    new = html[:start] + str(county_index_section(out_dir)) + html[end + len(COUNTY_MARKS[1]) :]
    if new != html:
        path.write_text(new, encoding="utf-8")


def write_index(out_dir: Path, failures: list[Result]) -> Path:
    """``outputs/index.html``: every unit-year built, its status, key figures and links."""
    rows = []
    for manifest_path in sorted(out_dir.glob("*/*/manifest.json")):
        if manifest_path.parts[-3] == FAILED_DIR:
            continue
        m = json.loads(manifest_path.read_text(encoding="utf-8"))
        folder = manifest_path.parent.relative_to(out_dir).as_posix()
        # The report's files (one per export format) first, then the analysis pages.
        names = sorted(
            (p.name for p in manifest_path.parent.glob("report.*")),
            key=lambda n: (n != "report.html", n),
        )
        pages = [h for h in BATCH_NOTEBOOKS.values() if h not in names]
        here = manifest_path.parent
        rows.append({"unit": m["unit"], "year": m["year"], "built_at": local_time(m.get("built_at", "")),
                     "kind_label": m.get("kind_label", ""),
                     "key_figures": m.get("key_figures", {}), "warnings": m.get("warnings", {}),
                     "report_links": {n: f"{folder}/{n}" for n in names if (here / n).exists()},
                     "page_links": {n: f"{folder}/{n}" for n in pages if (here / n).exists()},
                     "draft": m.get("draft", False), "lint": m.get("lint"), "completeness": m.get("completeness")})  # fmt: skip
    _add_trends(rows)
    failed = [
        {"unit": r.unit, "year": r.year, "notebook": r.notebook, "cell": r.cell, "error": r.error}
        for r in failures
    ]
    import jinja2  # here: a no-change build need not import the template engine first

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(PACKAGE_DIR / "templates"), autoescape=True
    )
    html = env.get_template("index.html.j2").render(
        rows=rows, failed=failed, link_names=LINK_NAMES, county=county_index_section(out_dir)
    )
    path = out_dir / "index.html"
    tmp = None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=out_dir)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(html.encode("utf-8", "backslashreplace"))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise WriteError(str(path), write_reason(exc)) from None
    return path
