"""No-change rebuild at county scale: ``fz build`` when nothing changed, over 200 unit-years.

Three ways to decide that every unit-year is up to date, in one run:

(a) naive: hash every input of every unit-year, as before the cache existed (the same
    ``fz build`` with the cache's lookup replaced by a plain read and hash of the file);
(b) ``fz build``: stat every input, hash only what changed (nothing here); the real command
    line, in a new Python process, interpreter start-up and imports included;
(c) the floor: a new Python process that only stats every input of every unit-year, as listed
    in the manifests, and does nothing else (no manifest read, no index written).

The data set is synthetic (``fzdata.synth``: 50 units × 4 years). One unit-year is built for
real with the notebooks; the other 199 get the outputs of a build whose tasks were replaced by
a stand-in that writes the real manifest layout (the fingerprint and inputs computed by the
build itself, the rest copied from the real unit-year) and hard links to the real unit-year's
files, so the no-change path reads what it reads after a real build. Target: (b) ≤ 0.5 s.

Run: ``python benchmarks/bench_nochange.py [--units 50] [--years 2021-2024] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def _wall(cmd: list[str], repeat: int, before: object = None) -> tuple[float, float, float]:
    """Median and best wall time of ``cmd`` run ``repeat`` times, and its median CPU time (user
    + system, which a machine busy with other work stretches far less than the wall time)."""
    times, cpu = [], []
    for _ in range(repeat):
        if callable(before):
            before()
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(
            cmd, check=True, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        times.append(time.perf_counter() - t)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    return statistics.median(times), min(times), statistics.median(cpu)


def seed(data: Path, out: Path, units: list[str], years: list[int]) -> int:
    """One real unit-year, then the rest through the build with a stand-in task."""
    from fzdata.build import core as fzbuild

    first = fzbuild.build(data, out, [units[0]], [years[-1]], jobs=1)
    assert first.counts()["built"] == 1, [r.error for r in first.results]
    real = out / units[0] / str(years[-1])
    template = json.loads((real / "manifest.json").read_text("utf-8"))

    def stand_in(task: fzbuild.Task) -> fzbuild.Result:
        m = dict(template, unit=task.unit, year=task.year, fingerprint=task.fingerprint)
        m["inputs"] = [{"path": p, "sha256": h} for p, h in task.inputs]
        m["parameters"] = dict(template["parameters"], unit=task.unit, year=task.year)
        body = json.dumps(m, ensure_ascii=False, indent=2).encode("utf-8")
        return fzbuild.Result(task.unit, task.year, "built", {"manifest.json": body})

    real_run, fzbuild.run_task = fzbuild.run_task, stand_in
    try:
        report = fzbuild.build(data, out, units, years, jobs=1)
    finally:
        fzbuild.run_task = real_run
    files = [p for p in real.rglob("*") if p.is_file() and p.name != "manifest.json"]
    for r in report.results:
        if r.status != "built":
            continue
        folder = out / r.unit / str(r.year)
        for p in files:
            target = folder / p.relative_to(real)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(p, target)
    return sum(1 for _ in out.glob("*/*/manifest.json"))


NAIVE = """
import sys
from fzdata.build import state
state.HashCache.sha256 = lambda self, key, path: state.sha256_file(path)
from fzdata import cli
sys.exit(cli.main(sys.argv[1:]))
"""

STAT_ONLY = """
import json, os, sys
from pathlib import Path
paths = json.loads(Path(sys.argv[1]).read_text())
for p in paths:
    os.stat(p)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--years", default="2021-2024")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--ledger-kb",
        type=int,
        default=0,
        help="add to each year folder (but the real-built unit's) a workbook of this size: the "
        "synthetic CSV ledgers weigh about 1 KB, a county's real workbooks tens to hundreds",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from fzdata.build import core as fzbuild
    from fzdata.build.state import STATE_FILE
    from fzdata.core.config import NOTEBOOKS_DIR, PACKAGE_DIR
    from fzdata.synth import write_units

    lo, hi = (int(y) for y in args.years.split("-"))
    years = list(range(lo, hi + 1))
    with tempfile.TemporaryDirectory(prefix="fz-nochange-") as tmp:
        root = Path(tmp)
        data, out = root / "data", root / "out"
        units = write_units(data, args.units, years)
        if args.ledger_kb:  # never parsed: only the real-built unit's ledgers are read
            for unit in units[1:]:
                for y in years:
                    (data / unit / str(y) / "附件台账.xlsx").write_bytes(
                        os.urandom(args.ledger_kb * 1024)
                    )
        t = time.perf_counter()
        n = seed(data, out, units, years)
        seeded = time.perf_counter() - t
        # Every input path of every unit-year, as the manifests list them (the floor stats these).
        paths = []
        roots = {"data": data, "notebooks": NOTEBOOKS_DIR, "fzdata": PACKAGE_DIR}
        for m in out.glob("*/*/manifest.json"):
            for i in json.loads(m.read_text("utf-8"))["inputs"]:
                label, _, rest = i["path"].partition("/")
                if label in roots:
                    paths.append(str(roots[label] / rest))
        listing = root / "paths.json"
        listing.write_text(json.dumps(paths))
        input_bytes = sum(os.stat(p).st_size for p in set(paths))
        fz = [sys.executable, "-m", "fzdata", "build", "--data", str(data), "--out", str(out)]
        state = out / STATE_FILE
        b = _wall(fz, args.repeat)
        a = _wall([sys.executable, "-c", NAIVE, *fz[3:]], args.repeat)
        cold = _wall(fz, args.repeat, before=lambda: state.unlink(missing_ok=True))
        _wall(fz, 1)  # the cache is written again
        c = _wall([sys.executable, "-c", STAT_ONLY, str(listing)], args.repeat)
        start = _wall([sys.executable, "-c", "import fzdata.cli"], args.repeat)
        # In-process: the build function itself, imports done.
        inproc = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            report = fzbuild.build(data, out)
            inproc.append(time.perf_counter() - t)
            assert report.counts()["skipped"] == n, report.counts()
        cache = fzbuild.HashCache.load(
            out, {"data": data.resolve(), "notebooks": NOTEBOOKS_DIR, "fzdata": PACKAGE_DIR}
        )
        state_kb = state.stat().st_size / 1024
    per = len(paths) / n
    print(f"{n} 个单位年度 unit-years（{args.units} 个合成单位 × {len(years)} 年），"
          f"每个 {per:.0f} 个输入 inputs each，共 {len(paths)} 次检查、{len(set(paths))} 个不同文件、"
          f"{input_bytes / 1e6:.1f} MB；准备用时 seeding {seeded:.0f} s")  # fmt: skip
    print()
    print("| 方式 way | 中位数 median (s) | 最快 best (s) | CPU (s) | 说明 note |")
    print("|---|---:|---:|---:|---|")
    print(f"| (a) 朴素：全部重新计算哈希 naive, hash everything | {a[0]:.2f} | {a[1]:.2f} | {a[2]:.2f} | 每个单位年度的每个输入都读一遍 |")  # fmt: skip
    print(f"| (a′) 无状态文件的第一次 first run without the state file | {cold[0]:.2f} | {cold[1]:.2f} | {cold[2]:.2f} | 删除 {STATE_FILE} 后：每个文件只读一次 |")  # fmt: skip
    print(f"| (b) fz build（先比对文件状态 stat first） | {b[0]:.2f} | {b[1]:.2f} | {b[2]:.2f} | 目标 target ≤ 0.5 s；新进程，含启动与导入 |")  # fmt: skip
    print(f"| (c) 下限：只 stat floor, stat only | {c[0]:.2f} | {c[1]:.2f} | {c[2]:.2f} | 新进程，stat 每个单位年度的每个输入 |")  # fmt: skip
    print(f"| Python 启动并导入 fzdata.cli start-up | {start[0]:.2f} | {start[1]:.2f} | {start[2]:.2f} | (b) 与 (c) 都包含 |")  # fmt: skip
    print(f"| (b) 进程内 build() in-process | {statistics.median(inproc):.2f} | {min(inproc):.2f} | — | 不含启动与导入 |")  # fmt: skip
    print()
    print(f"状态文件 state file: {state_kb:.0f} KB, {len(cache.entries)} 个文件 files")
    print(f"机器 machine: {platform.machine()}, {os.cpu_count()} 核 cores, Python {platform.python_version()}")  # fmt: skip


if __name__ == "__main__":
    main()
