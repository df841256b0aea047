"""Build benchmark: per-report wall time of five ways to make the reports, in one run.

(a) the naive way: the papermill CLI, then the ``jupyter nbconvert`` CLI, for every notebook of
    every unit-year (each starts its own kernel and Python);
(b) ``fz build --jobs 1``;  (c) ``fz build --jobs 2``;  (d) a rebuild with nothing changed;
(e) the floor: the same analysis, charts, tables, narrative lint, report HTML and DOCX in one
    Python process, no notebooks.
A generated set of synthetic units (``fzdata.synth``) is used, 7 units × 3 years = 21 unit-years.
The naive way is slow (about 5 s a notebook), so by default it runs on a sample of unit-years
(``--naive-sample``) and its time per report is reported from that sample.
Targets on 2 cores: (c) at most a quarter of (a); (d) under 1 s for the set; (c) within 3× of (e).

Run: ``make bench`` or ``python benchmarks/bench_build.py [--units 7] [--naive-sample 3]``
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOKS = ("progress", "shortcomings", "report")
YEARS = [2022, 2023, 2024]


def timed(cmd: list[str], **kw: object) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)  # type: ignore[arg-type]
    return time.perf_counter() - t


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
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            subprocess.run(
                [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
    return time.perf_counter() - t


def floor(data: Path, out: Path, pairs: list[tuple[str, int]]) -> float:
    """Everything the build makes, minus notebooks: one process, one core."""
    from fzdata import analyse_year
    from fzdata.export.docx import report_docx
    from fzdata.export.tables import table_files, write_files
    from fzdata.report import charts
    from fzdata.report.narrative import narrative_findings, report_html

    t = time.perf_counter()
    for unit, year in pairs:
        a = analyse_year(data, unit, year)
        pictures = charts.Pictures(a)
        pngs = {name: pictures.get(name) for name in charts.CHARTS}
        tables = a.tables()
        tables["findings"] = __import__("pandas").concat(
            [tables["findings"], narrative_findings(a)]
        )
        files = table_files(tables)
        body = report_html(a, pictures)
        files["report.html"] = body.encode("utf-8")
        files["report.docx"] = report_docx(body)
        files.update({f"figures/{k}.png": v for k, v in pngs.items()})
        write_files(out / unit / str(year), files)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=7)
    parser.add_argument(
        "--naive-sample", type=int, default=3, help="unit-years run the naive way (0 = all)"
    )
    args = parser.parse_args()
    from fzdata.synth import write_units

    with tempfile.TemporaryDirectory(prefix="fz-bench-") as tmp:
        root = Path(tmp)
        data = root / "data"
        units = write_units(data, args.units, YEARS)
        pairs = [(u, y) for u in units for y in YEARS]
        n = len(pairs)
        sample = pairs if args.naive_sample <= 0 else pairs[: args.naive_sample]
        fz = [str(BIN / "fz"), "build", "--data", str(data)]
        a = naive(data, root / "naive", sample) / len(sample)
        b = timed([*fz, "--out", str(root / "b"), "--jobs", "1"]) / n
        c = timed([*fz, "--out", str(root / "c"), "--jobs", "2"]) / n
        d = timed([*fz, "--out", str(root / "c"), "--jobs", "2"])
        e = floor(data, root / "e", pairs) / n
        shutil.rmtree(root / "naive", ignore_errors=True)
    print("| 方式 way | 每份报告 per report (s) | 对朴素做法 vs (a) | 说明 note |")
    print("|---|---:|---:|---|")
    print(
        f"| (a) 朴素：papermill CLI + nbconvert CLI | {a:.2f} | 1.00 | {len(sample)} 个单位年度的样本 sample of {len(sample)} |"
    )
    print(f"| (b) fz build --jobs 1 | {b:.2f} | {b / a:.2f} | {n} 个单位年度 unit-years |")
    print(
        f"| (c) fz build --jobs 2 | {c:.2f} | {c / a:.2f} | 目标 target ≤ 0.25；为下限的 {c / e:.1f} 倍 ({c / e:.1f}× the floor, target ≤ 3×) |"
    )
    print(
        f"| (d) 无变化重建 no-change rebuild | 全部 whole set {d:.2f} s | — | 目标 target < 1 s |"
    )
    print(
        f"| (e) 下限：单进程、无 notebook floor | {e:.2f} | {e / a:.2f} | 同样的分析、图表、表格和报告 |"
    )
    print()
    print(
        f"机器 machine: {platform.machine()}, {os.cpu_count()} 核 cores, Python {platform.python_version()}"
    )


if __name__ == "__main__":
    main()
