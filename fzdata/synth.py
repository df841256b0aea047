"""Synthetic units for benchmarks and tests: plausible township ledgers, deterministic per seed.

``write_units(root, n_units, years)`` writes ``root/<单位>/<年份>/`` with the six ledgers as CSV
(UTF-8 with BOM) and an indicator ledger, figures moving from year to year. Not sample data for
users (that is ``data/``): it exists so that builds of many unit-years can be measured.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from fzdata.core.schema import ledger_headers

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
PLACES = "东西南北中前后上下新老大小高长石河山林桥"
VILLAGE_FIELDS = ("village", "legal_literates", "has_counsel", "has_plaza", "signed_letter")
STATUSES = ["调解成功", "已调处", "已化解", "调处中", "调解不成"]
PETITION_STATUSES = ["已办结", "办结", "办理中"]


def _write(path: Path, rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)


def write_unit(
    root: Path, name: str, years: list[int], seed: int = 0, villages: list[str] | None = None
) -> Path:
    """One unit over ``years`` (its villages named, or made up); returns its folder."""
    rng = random.Random(seed)
    n_villages = rng.randint(12, 30)
    if villages is None:
        villages = [f"{rng.choice(PLACES)}{rng.choice(PLACES)}{i}村" for i in range(n_villages)]
    literates = {v: rng.randint(2, 6) for v in villages}
    counsel = {v: rng.random() < 0.8 for v in villages}
    plaza = {v: rng.random() < 0.7 for v in villages}
    officers = [
        f"{rng.choice(SURNAMES)}{rng.choice(SURNAMES)}{i}" for i in range(rng.randint(5, 12))
    ]
    for year in years:
        folder = root / name / str(year)
        for v in villages:  # slow, uneven progress
            literates[v] += rng.choice([0, 0, 1])
            counsel[v] = counsel[v] or rng.random() < 0.3
            plaza[v] = plaza[v] or rng.random() < 0.2
        _write(folder / "村情台账.csv", [ledger_headers("villages", VILLAGE_FIELDS)] + [
            [v, literates[v], "是" if counsel[v] else "否", "有" if plaza[v] else "无", "已签订"] for v in villages
        ])  # fmt: skip
        disputes = [ledger_headers("disputes")]
        for i in range(rng.randint(5, 25)):
            disputes.append([f"J{year}{i:03d}", f"{year}.{rng.randint(1, 12)}.{rng.randint(1, 28)}",
                             rng.choice(villages), "邻里纠纷", rng.choice(STATUSES)])  # fmt: skip
        _write(folder / "矛盾纠纷台账.csv", disputes)
        petitions = [ledger_headers("petitions")]
        for i in range(rng.randint(3, 15)):
            petitions.append([f"X{year}{i:03d}", f"{year}/{rng.randint(1, 12)}/{rng.randint(1, 28)}",
                              rng.choice(villages), "土地承包", rng.choice(PETITION_STATUSES)])  # fmt: skip
        _write(folder / "信访登记.csv", petitions)
        _write(folder / "执法人员培训.csv", [ledger_headers("trainings")] + [
            [o, "综合执法大队", rng.randint(36, 70)] for o in officers])  # fmt: skip
        events = [ledger_headers("events", ("date", "title", "materials", "consultations"))]
        n_events = rng.randint(5, 12)
        for i in range(n_events):
            events.append([f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", f"普法活动{i + 1}",
                           rng.randint(50, 200), rng.randint(10, 90)])  # fmt: skip
        _write(folder / "普法活动.csv", events)
        _write(folder / "指标台账.csv", [ledger_headers("indicators", ("name", "value", "unit", "target")),
                                          ["普法宣传活动", n_events, "次", 8],
                                          ["党委中心组学法", rng.randint(6, 12), "次", 12],
                                          ["悬挂宣传横幅", f"{rng.randint(3, 9)}0余", "条", ""]])  # fmt: skip
    return root / name


def write_units(root: Path, n_units: int, years: list[int], seed: int = 0) -> list[str]:
    """``n_units`` units named 合成镇01, 合成镇02 …; returns their names."""
    names = [f"合成镇{i + 1:02d}" for i in range(n_units)]
    for i, name in enumerate(names):
        write_unit(root, name, years, seed=seed * 1000 + i)
    return names


def write_tiny_notebooks(folder: Path, report_code: str = "") -> Path:
    """``progress``, ``shortcomings`` and ``report`` notebooks of one cell each, with the
    parameters cell a build needs; ``report_code`` is appended to the report as a cell."""
    import nbformat  # only here: the rest of this module is light

    folder.mkdir(parents=True, exist_ok=True)
    params = 'data_dir = "data"\nunit = ""\nyear = 2023\nout_dir = ""'
    body = {
        "progress": "print(unit, year)",
        "shortcomings": "print(unit, year)",
        "report": "from IPython.display import HTML\n"
        "HTML(f'<div class=\"fz-report\"><h1>关于{year}年法治政府建设情况的报告</h1><p>{unit}</p></div>')",
    }
    for name, code in body.items():
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                     "display_name": "Python 3"}  # fmt: skip
        nb.metadata["language_info"] = {"name": "python"}
        p = params + ('\ndate = ""' if name == "report" else "")
        nb.cells = [nbformat.v4.new_code_cell(p, metadata={"tags": ["parameters"]}),
                    nbformat.v4.new_code_cell(code)]  # fmt: skip
        if name == "report" and report_code:
            nb.cells.append(nbformat.v4.new_code_cell(report_code))
        nbformat.write(nb, folder / f"{name}.ipynb")
    return folder
