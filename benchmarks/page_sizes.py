"""Output sizes and contents of two builds of the sample, side by side.

    python benchmarks/page_sizes.py BEFORE_OUT AFTER_OUT [unit/year ...]

Prints, per unit-year, a Markdown table of every file's size before and after, then compares
what a reader gets, apart from images and the stylesheet: the text of every page (and its table
of contents), the CSV tables byte for byte, the workbook's cell values, the Word file's text, the
notebooks with image data left out, and the manifest (timings, build time and library versions
left out). Exit status 1 when anything but those differs.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

DEFAULT = ("李庄乡/2023", "某县市场监督管理局/2023")
VOLATILE = {"timings", "built_at", "libraries", "python"}


def sizes(before: Path, after: Path, unit_year: str) -> list[str]:
    a, b = before / unit_year, after / unit_year
    names = sorted({p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
                   | {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()})  # fmt: skip
    rows = [
        f"| {unit_year} | 之前 before (KB) | 之后 after (KB) | 比例 ratio |",
        "|---|---:|---:|---:|",
    ]
    total = [0, 0]
    for n in names:
        x = (a / n).stat().st_size if (a / n).exists() else 0
        y = (b / n).stat().st_size if (b / n).exists() else 0
        total[0], total[1] = total[0] + x, total[1] + y
        rows.append(f"| {n} | {x / 1024:.1f} | {y / 1024:.1f} | {y / x if x else 0:.2f} |")
    rows.append(f"| **合计 total** | **{total[0] / 1024:.1f}** | **{total[1] / 1024:.1f}** | "
                f"**{total[1] / total[0]:.2f}** |")  # fmt: skip
    return rows


def page_text(path: Path) -> tuple[str, list[tuple[str, str]], str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
    toc = [(a["href"], a.get_text()) for a in soup.select("nav.fz-toc a")]
    main = soup.find("main") or soup
    return soup.title.get_text() if soup.title else "", toc, main.get_text(" ", strip=True)


def notebook_shape(path: Path) -> str:
    nb = json.loads(path.read_text("utf-8"))
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data:
                data["image/png"] = "<png>"
            if "text/html" in data:
                html = (
                    "".join(data["text/html"])
                    if isinstance(data["text/html"], list)
                    else data["text/html"]
                )
                html = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "<png>", html)
                data["text/html"] = re.sub(r' (width|height)="\d+"', "", html)  # shown size
            out.get("metadata", {}).pop("image/png", None)
        cell.get("metadata", {}).pop("execution", None)
        cell.get("metadata", {}).pop("papermill", None)
    nb.get("metadata", {}).get("papermill", {}).pop("start_time", None)
    for k in ("end_time", "duration", "environment_variables", "version"):
        nb.get("metadata", {}).get("papermill", {}).pop(k, None)
    return json.dumps(nb, ensure_ascii=False, sort_keys=True, indent=1)


def workbook_values(path: Path) -> list:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    return [(ws.title, list(ws.iter_rows(values_only=True))) for ws in wb.worksheets]


def docx_text(path: Path) -> list[str]:
    import docx

    d = docx.Document(io.BytesIO(path.read_bytes()))
    cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
    return [p.text for p in d.paragraphs] + cells


def compare(before: Path, after: Path, unit_year: str) -> list[str]:
    a, b = before / unit_year, after / unit_year
    diffs = []
    for page in sorted(p.name for p in a.glob("*.html")):
        if page_text(a / page) != page_text(b / page):
            diffs.append(f"{unit_year}/{page}: 文字或目录不同 text or contents differ")
    for csv in sorted(p.name for p in (a / "tables").glob("*.csv")):
        if (a / "tables" / csv).read_bytes() != (b / "tables" / csv).read_bytes():
            diffs.append(f"{unit_year}/tables/{csv}: 字节不同 bytes differ")
    if workbook_values(a / "tables/tables.xlsx") != workbook_values(b / "tables/tables.xlsx"):
        diffs.append(f"{unit_year}/tables/tables.xlsx: 单元格不同 cell values differ")
    if (a / "report.docx").exists() and docx_text(a / "report.docx") != docx_text(
        b / "report.docx"
    ):
        diffs.append(f"{unit_year}/report.docx: 文字不同 text differs")
    for nb in sorted(p.name for p in (a / "notebooks").glob("*.ipynb")):
        if notebook_shape(a / "notebooks" / nb) != notebook_shape(b / "notebooks" / nb):
            diffs.append(f"{unit_year}/notebooks/{nb}: 图片以外不同 differs apart from images")
    ma = json.loads((a / "manifest.json").read_text("utf-8"))
    mb = json.loads((b / "manifest.json").read_text("utf-8"))
    for key in sorted((set(ma) | set(mb)) - VOLATILE):
        if key == "inputs":  # fzdata's own files are inputs too: the changed ones differ
            ia = {i["path"]: i["sha256"] for i in ma[key] if i["path"].startswith("data/")}
            ib = {i["path"]: i["sha256"] for i in mb[key] if i["path"].startswith("data/")}
            if ia != ib:
                diffs.append(f"{unit_year}/manifest.json: 数据输入不同 data inputs differ")
        elif key != "fingerprint" and ma.get(key) != mb.get(key):
            diffs.append(f"{unit_year}/manifest.json: {key} 不同 differs")
    return diffs


def main(argv: list[str]) -> int:
    before, after = Path(argv[0]), Path(argv[1])
    unit_years = argv[2:] or DEFAULT
    for uy in unit_years:
        print("\n".join(sizes(before, after, uy)), end="\n\n")
    diffs = [d for uy in sorted(p.parent.relative_to(before).as_posix()
                                 for p in before.glob("*/*/manifest.json")) for d in compare(before, after, uy)]  # fmt: skip
    a_idx, b_idx = page_text(before / "index.html"), page_text(after / "index.html")
    stamp = re.compile(r"\d{4}年\d+月\d+日 \d\d:\d\d")  # when each unit-year was built
    if stamp.sub("", a_idx[2]) != stamp.sub("", b_idx[2]) or a_idx[1] != b_idx[1]:
        diffs.append("index.html: 文字不同 text differs")
    print(
        "\n".join(diffs)
        if diffs
        else "除图片和样式表外无差别 / no difference apart from images and stylesheet"
    )
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
