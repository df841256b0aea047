"""Where the CPU of a build goes: py-spy raw samples (``py-spy record --subprocesses -f raw``)
sorted into the categories of docs/benchmarks.md.

    py-spy record --subprocesses -r 200 -f raw -o build.raw -- python -m fzdata build --jobs 1 ...
    python benchmarks/profile_breakdown.py build.raw --reports 7

py-spy is a benchmark-only tool (``uv pip install py-spy``), not a dependency of fzdata.
"""

from __future__ import annotations

import argparse
import collections
import re

#: (category, pattern in the stack), first match wins; order matters.
RULES = [
    ("imports 导入", r"_find_and_load|_call_with_frames_removed \(<frozen importlib"),
    (
        "%reset -f / gc",
        r"magic_reset|reset \(IPython/core/interactiveshell|gc_collect|flush \(IPython/core/displayhook",
    ),
    ("charts 图表", r"fzdata/report/charts|matplotlib|savefig|_png"),
    ("docx", r"fzdata/export/docx|docx/"),
    ("nbconvert / HTML", r"nbconvert|fzdata/export/html|bs4/|nh3"),
    ("lint 稿件检查", r"fzdata/lint/"),
    ("tables 表格", r"fzdata/export/tables|openpyxl|csv"),
    ("analysis 读取与分析", r"fzdata/analysis/|fzdata/ingest/|fzdata/unit/|pickle|_pickle"),
    ("notebook cells, other 单元格其他", r"run_code \(IPython|<module> \(<string>|<cell line"),
    (
        "kernel / papermill / ZMQ / nbformat",
        r"ipykernel|zmq|jupyter_client|nbclient|papermill|tornado|asyncio|nbformat|traitlets|jsonschema|fastjsonschema|IPython|fzdata/build/engine|fzdata/build/host|fzdata/build/kernels",
    ),
]


#: Leaf frames of threads that wait (py-spy counts some of them as active): left out.
IDLE = re.compile(
    r"(select|_watch_pipe_fd|ParentPollerUnix\.run|device \(zmq|Condition\.wait|GarbageCollectorThread"
    r"|Thread\.join|Event\.wait|_wait_for_tstate_lock|time\.sleep|\bsleep\b|poll \(|recv|accept)[^;]*$"
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("raw")
    ap.add_argument("--reports", type=int, default=1, help="unit-years built, to give per report")
    ap.add_argument("--rate", type=float, default=200, help="py-spy samples per second")
    args = ap.parse_args()
    totals: collections.Counter[tuple[str, str]] = collections.Counter()
    with open(args.raw, encoding="utf-8", errors="replace") as fh:
        lines = fh.readlines()
    for line in lines:
        stack, _, n = line.rstrip("\n").rpartition(" ")
        if not n.isdigit():
            continue
        if IDLE.search(stack):
            continue
        procs = re.findall(r"process \d+:\"([^\"]*)\"", stack)
        proc = (
            "kernel"
            if procs and "ipykernel" in procs[-1]
            else "host"
            if procs and "build.host" in procs[-1]
            else ("worker" if len(procs) > 1 else "main")
        )
        cat = next((c for c, pat in RULES if re.search(pat, stack)), "other 其他")
        totals[(proc, cat)] += int(n)
    all_s = sum(totals.values()) / args.rate
    print(f"CPU seconds sampled: {all_s:.2f} ({all_s / args.reports:.2f} per report)")
    print("| process | category | CPU s | per report (s) | share |")
    print("|---|---|---:|---:|---:|")
    for (proc, cat), n in sorted(totals.items(), key=lambda kv: -kv[1]):
        s = n / args.rate
        print(f"| {proc} | {cat} | {s:.2f} | {s / args.reports:.3f} | {s / all_s:.0%} |")


if __name__ == "__main__":
    main()
