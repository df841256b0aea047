"""Build benchmark at a county's scale: every way of making the reports, side by side, in one run.

Ways, each timed over the same synthetic unit-years (``fzdata.synth``, default 60 units × 3
years = 180 unit-years, a county; ``--units N`` for a smaller run):

- naive: the papermill CLI, then the ``jupyter nbconvert`` CLI, for every notebook (each starts
  its own Python and kernel). Slow, so it runs on ``--naive-sample`` unit-years and its time per
  report is extrapolated from them;
- ``fz build --jobs 1`` and ``--jobs 2`` (the CLI, start-up included);
- the floor, in 1 and in 2 processes: every output the build makes (the three executed
  notebooks, the analysis pages, report.html, report.docx, tables, figures, manifest.json) in
  plain Python — the notebooks' cells run with ``exec`` and their displays collected, no
  papermill, no IPython shell, no kernel — in fresh processes, so its imports are counted.
  ``--jobs 1`` is compared with the 1-process floor and ``--jobs 2`` with the 2-process floor:
  equal parallelism;
- worker start-up (imports, notebook process ready), a no-change rebuild, peak memory (RSS) of
  each worker and notebook process over the ``--jobs 2`` run, output bytes per unit-year.

The machine is shared and has 2 cores: compare ratios, not seconds.

Run: ``make bench`` or ``python benchmarks/bench_build.py [--units 60] [--naive-sample 2]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = ("progress", "shortcomings", "report")
YEARS = [2022, 2023, 2024]


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }


def fz(*args: str) -> list[str]:
    return [sys.executable, "-m", "fzdata", *args]


def cpu() -> float:
    """CPU seconds (user + system) of every finished descendant of this process so far."""
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


class Clock:
    """Wall and CPU seconds of what runs inside ``with Clock() as c:`` (in child processes)."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, cpu() - self.cpu


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(
        cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(), cwd=REPO
    )
    return time.perf_counter() - t


# --------------------------------------------------------------------------- naive


def naive(data: Path, out: Path, pairs: list[tuple[str, int]]) -> float:
    t = time.perf_counter()
    for unit, year in pairs:
        folder = out / unit / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for nb in NOTEBOOKS:
            executed = folder / f"{nb}.ipynb"
            subprocess.run(
                [str(BIN / "papermill"), str(REPO / "notebooks" / f"{nb}.ipynb"), str(executed),
                 "-p", "data_dir", str(data), "-p", "unit", unit, "-p", "year", str(year), "-p", "out_dir", str(folder),
                 "--no-progress-bar"],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(),
            )  # fmt: skip
            subprocess.run(
                [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(),
            )  # fmt: skip
    return time.perf_counter() - t


# --------------------------------------------------------------------------- floor


def floor_worker(data: Path, out: Path, pairs: list[tuple[str, int]]) -> dict[str, Any]:
    """Every output of ``fz build`` for ``pairs``, in plain Python, in this (fresh) process."""
    started = time.perf_counter()
    import json as _json
    import pickle  # noqa: F401  (as the build)
    import tempfile as _tempfile

    import nbformat

    from fzdata import nb as fznb
    from fzdata.analysis.analyse import session
    from fzdata.build import core
    from fzdata.export.html import notebook_html
    from fzdata.export.registry import ReportDoc, get
    from fzdata.report import charts

    imports = time.perf_counter() - started
    drawn: dict[str, int] = {}
    draw = charts.draw

    def counting_draw(name: str, a: Any) -> Any:
        drawn[name] = drawn.get(name, 0) + 1
        return draw(name, a)

    charts.draw = counting_draw
    outputs: list[dict[str, Any]] = []

    def display(obj: Any, raw: bool = False, **_: Any) -> None:
        if raw:
            data = obj
        else:
            data = {"text/plain": repr(obj)}
            if hasattr(obj, "_repr_html_"):
                data["text/html"] = obj._repr_html_()
        outputs.append(nbformat.v4.new_output("display_data", data=data))

    fznb.display = display
    sources = {n: nbformat.read(REPO / "notebooks" / f"{n}.ipynb", as_version=4) for n in NOTEBOOKS}
    formats = ("html", "docx")
    nbdir = (REPO / "notebooks").resolve()
    for unit, year in pairs:
        drawn.clear()
        with _tempfile.TemporaryDirectory(prefix="fz-floor-") as tmp:
            work = Path(tmp)
            (work / "notebooks").mkdir()
            (work / "figures").mkdir()
            session(str(data), unit).analysis(year)  # read once, analyse once (as the build)
            params = {"data_dir": str(data), "unit": unit, "year": year, "out_dir": str(work)}
            for name in NOTEBOOKS:
                nb = nbformat.from_dict(_json.loads(_json.dumps(sources[name])))
                at = next(
                    i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])
                )
                code = "".join(f"{k} = {v!r}\n" for k, v in params.items())
                nb.cells.insert(
                    at + 1,
                    nbformat.v4.new_code_cell(code, metadata={"tags": ["injected-parameters"]}),
                )
                ns: dict[str, Any] = {"__name__": "__main__"}
                count = 0
                for cell in nb.cells:
                    if cell.cell_type != "code":
                        continue
                    count += 1
                    outputs.clear()
                    exec(compile(cell.source, f"<cell {count}>", "exec"), ns)
                    cell.execution_count, cell.outputs = count, list(outputs)
                nbformat.write(nb, work / "notebooks" / f"{name}.ipynb")
            files = core._collect(work)
            for name, html_name in core.BATCH_NOTEBOOKS.items():
                nb = nbformat.read(work / "notebooks" / f"{name}.ipynb", as_version=4)
                title = core.TITLES[name].format(unit=unit, year=year)
                if name != "report":
                    files[html_name] = notebook_html(nb, title).encode("utf-8")
                    continue
                doc = ReportDoc(nb, title)
                for fmt_name in formats:
                    fmt = get(fmt_name)
                    files[fmt.file] = fmt.make(doc)
            ins = [*core.inputs_of(data, unit, year, nbdir), ("formats", ",".join(formats))]
            task = core.Task(
                str(data), unit, year, str(nbdir), None, core.fingerprint(ins), tuple(ins), formats
            )
            files["manifest.json"] = _json.dumps(
                core._manifest(task, files, {}), ensure_ascii=False, indent=2
            ).encode()
            core.write_atomic(out, unit, year, files)
        assert all(n == 1 for n in drawn.values()), f"a chart drawn twice: {drawn}"
    return {"imports": imports, "total": time.perf_counter() - started, "modules": len(sys.modules)}


def floor(data: Path, out: Path, pairs: list[tuple[str, int]], procs: int) -> tuple[float, float]:
    """Wall time of the floor over ``pairs`` in ``procs`` fresh processes; and their imports."""
    t = time.perf_counter()
    running = []
    for i in range(procs):
        share = pairs[i::procs]
        running.append(subprocess.Popen(
            [sys.executable, __file__, "--floor-worker", str(data), str(out), json.dumps(share, ensure_ascii=False)],
            stdout=subprocess.PIPE, env=_env(), cwd=REPO, text=True,
        ))  # fmt: skip
    results = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in running]
    assert all(p.returncode == 0 for p in running)
    return time.perf_counter() - t, max(r["imports"] for r in results)


# --------------------------------------------------------------------- measures


class PeakRSS:
    """Largest resident memory of each process under a build, sampled every 0.2 s."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.root = psutil.Process(pid)
        self.peak: dict[tuple[int, str], int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            for p in procs:
                try:
                    cmd = " ".join(p.cmdline())
                    kind = (
                        "host"
                        if "fzdata.build.host" in cmd
                        else "kernel"
                        if "ipykernel" in cmd
                        else ("main" if p.pid == self.root.pid else "worker")
                    )
                    key = (p.pid, kind)
                    self.peak[key] = max(self.peak.get(key, 0), p.memory_info().rss)
                except psutil.Error:
                    pass
            self._stop.wait(0.2)

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        out: dict[str, float] = {}
        for (_, kind), rss in self.peak.items():
            out[kind] = max(out.get(kind, 0), rss / 2**20)
        return out


def build_watched(cmd: list[str]) -> tuple[float, dict[str, float]]:
    t = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(), cwd=REPO
    )
    watch = PeakRSS(proc.pid)
    assert proc.wait() == 0
    return time.perf_counter() - t, watch.stop()


def start_up_imports() -> None:
    """A worker's imports (the CPU of Python starting alone is taken off in the table)."""
    subprocess.run([sys.executable, "-c", "import fzdata.build.core, fzdata.build.kernels, "
                    "fzdata.analysis.analyse, fzdata.export.html, fzdata.export.docx, fzdata.build.host"],
                   check=True, env=_env(), cwd=REPO)  # fmt: skip


def start_up_host() -> None:
    """A notebook process started until it is ready (imports fzdata.nb, papermill, IPython)."""
    sys.path.insert(0, str(REPO))
    from fzdata.build.host import NotebookHost

    host = NotebookHost()
    host._start()
    host.shutdown()


def size(folder: Path) -> int:
    return sum(
        p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.name != "index.html"
    )


# ---------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--units", type=int, default=60, help="synthetic units (× 3 years); 60 is a county"
    )
    parser.add_argument("--naive-sample", type=int, default=2, help="unit-years run the naive way")
    parser.add_argument(
        "--floor-worker", nargs=3, metavar=("DATA", "OUT", "PAIRS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.floor_worker:
        data, out, pairs = args.floor_worker
        result = floor_worker(Path(data), Path(out), [tuple(p) for p in json.loads(pairs)])
        print(json.dumps(result))
        return
    sys.path.insert(0, str(REPO))
    from fzdata.synth import write_units

    with tempfile.TemporaryDirectory(prefix="fz-bench-") as tmp:
        root = Path(tmp)
        data = root / "data"
        t = time.perf_counter()
        units = write_units(data, args.units, YEARS)
        made = time.perf_counter() - t
        pairs = [(u, y) for u in units for y in YEARS]
        n = len(pairs)
        sample = pairs[: args.naive_sample]
        cli = fz("build", "--data", str(data))
        rows: dict[str, Clock] = {}
        with Clock() as rows["naive"]:
            naive(data, root / "naive", sample)
        shutil.rmtree(root / "naive", ignore_errors=True)
        with Clock() as rows["floor1"]:
            _, floor_imports = floor(data, root / "f1", pairs, 1)
        with Clock() as rows["floor2"]:
            floor(data, root / "f2", pairs, 2)
        with Clock() as rows["jobs1"]:
            _, mem1 = build_watched([*cli, "--out", str(root / "j1"), "--jobs", "1"])
        with Clock() as rows["jobs2"]:
            _, mem2 = build_watched([*cli, "--out", str(root / "j2"), "--jobs", "2"])
        with Clock() as rows["nochange"]:
            subprocess.run([*cli, "--out", str(root / "j2"), "--jobs", "2"], check=True, env=_env(),
                           cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        with Clock() as rows["imports"]:
            start_up_imports()
        with Clock() as rows["ready"]:
            start_up_host()
        out_bytes = size(root / "j2") / n
        floor_bytes = size(root / "f2") / n
        per = {k: (c.wall / n, c.cpu / n) for k, c in rows.items()}
        per["naive"] = (rows["naive"].wall / len(sample), rows["naive"].cpu / len(sample))
        _table(per, rows, n, len(sample), made, floor_imports, mem1, mem2, out_bytes, floor_bytes)


def _table(per: dict[str, tuple[float, float]], rows: dict[str, Clock], n: int, sample: int, made: float,
           floor_imports: float, mem1: dict[str, float], mem2: dict[str, float],
           out_bytes: float, floor_bytes: float) -> None:  # fmt: skip
    aw, ac = per["naive"]
    print(f"{n} 个合成单位年度 unit-years（生成用时 synthesised in {made:.0f} s）；朴素做法在 {sample} 个上计时后按份外推 "
          f"(naive timed on {sample}, per report)")  # fmt: skip
    print()
    print("| 方式 way | 每份报告 墙钟 wall per report (s) | 每份报告 CPU per report (s) | 对朴素 vs naive (wall / CPU) "
          "| 对同并行度下限 vs floor at equal parallelism (wall / CPU) |")  # fmt: skip
    print("|---|---:|---:|---:|---:|")
    print(f"| 朴素 naive: papermill CLI + nbconvert CLI | {aw:.2f} | {ac:.2f} | 1 / 1 | — |")
    for key, label, fl in (("jobs1", "fz build --jobs 1", "floor1"), ("jobs2", "fz build --jobs 2", "floor2"),
                           ("floor1", "下限 floor, 1 个进程 process", "floor1"),
                           ("floor2", "下限 floor, 2 个进程 processes", "floor2")):  # fmt: skip
        w, c = per[key]
        print(f"| {label} | {w:.3f} | {c:.3f} | 1/{aw / w:.0f} / 1/{ac / c:.0f} "
              f"| {w / per[fl][0]:.2f}× / {c / per[fl][1]:.2f}× |")  # fmt: skip
    print()
    print("| 其他 other | 墙钟 wall (s) | CPU (s) |")
    print("|---|---:|---:|")
    print(
        f"| 工作进程导入 worker imports（含 Python 启动 with Python's own start） | {rows['imports'].wall:.2f} | {rows['imports'].cpu:.2f} |"
    )
    print(
        f"| notebook 执行进程就绪 notebook process ready | {rows['ready'].wall:.2f} | {rows['ready'].cpu:.2f} |"
    )
    print(f"| 下限进程导入 floor process imports | {floor_imports:.2f} | — |")
    print(
        f"| 无变化重建 no-change rebuild, {n} 个 unit-years（整批 whole set） | {rows['nochange'].wall:.2f} | {rows['nochange'].cpu:.2f} |"
    )
    print()
    for label, mem in (("--jobs 1", mem1), ("--jobs 2", mem2)):
        parts = "，".join(f"{k} {v:.0f} MB" for k, v in sorted(mem.items()))
        print(f"- 峰值内存 peak RSS over the run {label}: {parts}")
    print(
        f"- 每个单位年度的输出 output bytes per unit-year: {out_bytes / 2**20:.2f} MB（下限 floor {floor_bytes / 2**20:.2f} MB）"
    )
    print(f"- 机器 machine: {platform.machine()}, {os.cpu_count()} 核 cores, Python {platform.python_version()}；"
          f"load average {os.getloadavg()[0]:.1f}（与其他工作共用 shared: ratios count, not seconds; "
          "CPU = user + system of every process of the way）")  # fmt: skip


if __name__ == "__main__":
    main()
