"""Worker memory over many tasks on Dask: does a worker (and its kernel) grow per unit-year?

Runs ``fz build --scheduler`` (the real build function and task path) on a LocalCluster over
``--tasks`` synthetic unit-years (``fzdata.synth``: every task a different unit-year, as in a
province run) with one-cell notebooks, so that what is measured is the build's machinery:
papermill, the warm kernel, exports, the analysis session, Dask. After every ``--every``
results the resident memory (RSS) of each worker process and of its kernel is read. Printed: a
table of RSS against tasks done and the growth per task fitted over the second half of the run
(after warm-up).

Run: ``python benchmarks/bench_dask_memory.py [--tasks 500] [--workers 2] [--shared-out]``
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _rss() -> tuple[int, int]:
    """(this worker's RSS, its kernels' RSS), in bytes."""
    import psutil

    me = psutil.Process()
    kids = 0
    for child in me.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            kids += child.memory_info().rss
    return me.memory_info().rss, kids


def _slope(points: list[tuple[int, float]]) -> float:
    """Least-squares growth (MB per task) over the second half of the run."""
    half = [p for p in points if p[0] >= points[-1][0] / 2]
    if len(half) < 2:
        return float("nan")
    n = len(half)
    mx = sum(x for x, _ in half) / n
    my = sum(y for _, y in half) / n
    sxx = sum((x - mx) ** 2 for x, _ in half)
    return sum((x - mx) * (y - my) for x, y in half) / sxx if sxx else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--every", type=int, default=25)
    parser.add_argument("--shared-out", action="store_true")
    parser.add_argument(
        "--profile", action="store_true", help="keep Dask's worker profiler on (its default)"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    import dask
    from distributed import Client, LocalCluster

    from fzdata.build import core as fzbuild
    from fzdata.synth import write_tiny_notebooks, write_units

    years = [2021, 2022, 2023, 2024]
    with tempfile.TemporaryDirectory(prefix="fz-daskmem-") as tmp:
        root = Path(tmp)
        units = write_units(root / "data", -(-args.tasks // len(years)), years)
        pairs = [(u, y) for u in units for y in years][: args.tasks]
        nbdir = write_tiny_notebooks(root / "nb")
        samples: dict[str, list[tuple[int, int, int]]] = {}
        with (
            dask.config.set({"distributed.worker.profile.enabled": args.profile}),
            LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None,
                         memory_limit="2GB") as cluster,
            Client(cluster) as client,
        ):  # fmt: skip

            def on_result(result: fzbuild.Result, done: int, total: int) -> None:
                if done % args.every == 0 or done == total:
                    for addr, (w, k) in client.run(_rss).items():
                        samples.setdefault(addr, []).append((done, w, k))
                        print(
                            f"# {done} {addr} worker {w / 2**20:.0f} MB kernel {k / 2**20:.0f} MB",
                            flush=True,
                        )

            t = time.perf_counter()
            report = fzbuild.build(
                root / "data",
                root / "out",
                units,
                years,
                scheduler=cluster.scheduler_address,
                notebooks_dir=nbdir,
                on_result=on_result,
                shared_out=args.shared_out,
            )
            seconds = time.perf_counter() - t
        counts = report.counts()
        failed = [r.error for r in report.failed][:3]
    mb = 1 / 2**20
    print(f"{counts['built']} 个任务 tasks built（失败 failed {counts['failed']}）"
          f"{'，--shared-out' if args.shared_out else ''}，{args.workers} 个工作进程 workers，"
          f"{seconds:.0f} s（{seconds / max(len(pairs), 1):.2f} s/任务 per task）")  # fmt: skip
    if failed:
        print("失败示例 failures:", failed)
    print()
    print("| 已完成任务 tasks done | " + " | ".join(
        f"工作进程{i + 1} worker RSS (MB) | 其内核 kernel RSS (MB)" for i in range(len(samples))) + " |")  # fmt: skip
    print("|---:|" + "---:|---:|" * len(samples))
    rows = sorted({d for s in samples.values() for d, _, _ in s})
    for done in rows:
        cells = []
        for s in samples.values():
            hit = next(((w, k) for d, w, k in s if d == done), None)
            cells += [f"{hit[0] * mb:.0f}", f"{hit[1] * mb:.0f}"] if hit else ["", ""]
        print(f"| {done} | " + " | ".join(cells) + " |")
    print()
    for i, s in enumerate(samples.values(), start=1):
        # tasks done overall, spread over the workers: per task of this worker ≈ × workers
        w = _slope([(d, v * mb) for d, v, _ in s]) * len(samples)
        k = _slope([(d, v * mb) for d, _, v in s]) * len(samples)
        print(f"工作进程{i} worker {i}: 后半程每个任务增长 growth per task (2nd half): "
              f"worker {w * 1024:+.0f} KB, kernel {k * 1024:+.0f} KB")  # fmt: skip
    print(f"机器 machine: {platform.machine()}, {os.cpu_count()} 核 cores, Python {platform.python_version()}")  # fmt: skip


if __name__ == "__main__":
    main()
