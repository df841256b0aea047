"""Peak memory and time of reading a 300,000-row ledger and of each input-limit case.

Every case runs ``load_year`` (read, recognise, clean, validate) on a one-file unit in a fresh
process; peak memory is that process's maximum resident set (VmHWM), time is wall time of
``load_year`` alone (imports excluded). Figures go to docs/security.md.

Run: ``python benchmarks/bench_limits.py [--rows 300000]``
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "benchmarks"), str(REPO / "tests")]

CHILD = """
import json, sys, time
from fzdata.ingest.load import load_year
t = time.perf_counter()
yd = load_year(sys.argv[1], "测量乡", 2024)
took = time.perf_counter() - t
codes = sorted({f.code for f in yd.findings.itertuples() if f.level != "info"})
# VmHWM is this program's own peak (ru_maxrss would carry the parent's over exec).
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({"seconds": round(took, 2), "peak_mb": hwm // 1024,
                  "rows_kept": yd.rows_kept, "codes": codes}))
"""


def case(root: Path, name: str, write) -> Path:
    data = root / name / "data"
    folder = data / "测量乡" / "2024"
    folder.mkdir(parents=True)
    write(folder)
    return data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300_000)
    args = parser.parse_args()
    from bench_load import make_big_ledger
    from hostile import GOOD_ROWS, patch_sheet, stray_cell_xlsx, xlsx_bytes

    def big_csv(folder: Path) -> None:
        lines = ["编号,受理日期,所在村,纠纷类型,调处结果"]
        lines += [
            f"J{i:06d},2024-01-{i % 28 + 1:02d},东村,邻里纠纷,调解成功" for i in range(args.rows)
        ]
        (folder / "纠纷.csv").write_text("\n".join(lines), encoding="utf-8")

    def bomb(folder: Path) -> None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            src = zipfile.ZipFile(io.BytesIO(xlsx_bytes(GOOD_ROWS)))
            for info in src.infolist():
                if info.filename != "xl/sharedStrings.xml":
                    z.writestr(info.filename, src.read(info.filename))
            z.writestr("xl/sharedStrings.xml", b"0" * (314 << 20))
        (folder / "炸弹.xlsx").write_bytes(out.getvalue())

    def wide(folder: Path) -> None:
        def edit(xml: bytes) -> bytes:
            far = b'<row r="100000"><c r="IV100000"><v>1</v></c></row>'
            return xml.replace(b"</sheetData>", far + b"</sheetData>")

        (folder / "大范围.xlsx").write_bytes(patch_sheet(xlsx_bytes(GOOD_ROWS), edit))

    cases = {
        f"{args.rows:,} 行 .xlsx 台账": lambda f: make_big_ledger(f / "纠纷.xlsx", args.rows),
        f"{args.rows:,} 行 .csv 台账": big_csv,
        "XFD1048576 游离单元格": lambda f: stray_cell_xlsx(f / "大表.xlsx"),
        "使用范围 256 列 × 100,000 行": wide,
        "压缩炸弹（314 MB，1000:1）": bomb,
        "204 KB 单元格": lambda f: (f / "长.csv").write_text("指标,数值\n" + "长" * 68_000 + ",1\n正常,2\n", encoding="utf-8"),
        "5 MB 字段（超过 1 MB 上限）": lambda f: (f / "超长.csv").write_text('指标,数值\n"' + "x" * (5 << 20) + '",1\n', encoding="utf-8"),
    }  # fmt: skip
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, write in cases.items():
            data = case(Path(tmp), str(len(rows)), write)
            proc = subprocess.run([sys.executable, "-c", CHILD, str(data)], capture_output=True, text=True,
                                  env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, timeout=900)  # fmt: skip
            result = (
                json.loads(proc.stdout.strip().splitlines()[-1])
                if proc.returncode == 0
                else {"error": proc.stderr[-300:]}
            )
            rows.append((label, result))
            print(label, result, flush=True)
    print(
        "\n| 情形 / case | 时间 / time | 峰值内存 / peak RSS | 保留行 / rows kept | 结果 / findings |"
    )
    print("|---|---|---|---|---|")
    for label, r in rows:
        print(
            f"| {label} | {r.get('seconds')} s | {r.get('peak_mb')} MB | {r.get('rows_kept')} | {', '.join(r.get('codes', []))} |"
        )


if __name__ == "__main__":
    main()
