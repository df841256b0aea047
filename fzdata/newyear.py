"""``fz new-year``: empty ledgers and a narrative draft for the next year of a unit.

The villages, indicator names and officers are carried over from the latest year before; the
headers are those the loader expects; cells get Excel data validation where Excel supports it
(lists for yes/no and levels, whole numbers for counts). The narrative draft has the five
headings, the placeholders, and last year's shortcomings under 问题整改情况 for the analyst to
report on. Existing files are never overwritten.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from fzdata.core.config import NARRATIVE_FILE
from fzdata.core.errors import DataDirError, FzError
from fzdata.core.schema import ledger_headers
from fzdata.unit.folders import check_year, inside, list_years, year_folder, year_of_folder

MAX_ROWS = 500  # rows that get data validation in the log templates
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def _workbook(title: str, headers: list[str], rows: list[list[object]], validations: dict[str, DataValidation],
              widths: dict[str, int] | None = None) -> bytes:  # fmt: skip
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        ws.append(row)
    for col, dv in validations.items():
        idx = headers.index(col) + 1
        letter = get_column_letter(idx)
        dv.add(f"{letter}2:{letter}{max(MAX_ROWS, len(rows) + 1)}")
        ws.add_data_validation(dv)
    for i, h in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = (widths or {}).get(
            h, max(10, len(h) * 2 + 4)
        )
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _list(options: list[str], prompt: str) -> DataValidation:
    dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
    dv.error, dv.errorTitle, dv.prompt, dv.promptTitle = (
        f"请从下拉列表中选择：{'、'.join(options)}",
        "输入有误",
        prompt,
        "填写说明",
    )
    return dv


def _whole(prompt: str) -> DataValidation:
    dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    dv.error, dv.errorTitle, dv.prompt, dv.promptTitle = (
        "请填写不小于 0 的整数",
        "输入有误",
        prompt,
        "填写说明",
    )
    return dv


def plan_files(
    data_dir: Path, unit: str, year: int, villages_file: Path | None = None
) -> dict[str, bytes]:
    """The files of the new year folder (relative name → bytes), built from the latest year
    before; a unit without one starts from a village list (``villages_file``) or empty."""
    from fzdata.analysis.analyse import analyse_year
    from fzdata.ingest.load import load_year

    if not data_dir.is_dir():
        raise DataDirError(f"数据目录「{data_dir}」不存在", str(data_dir))
    known = list_years(data_dir, unit) if (data_dir / unit).is_dir() else []
    years = [y for y in known if y < year]
    if years:
        last = years[-1]
        yd = load_year(data_dir, unit, last)
        if yd.settings.kind == "department":
            from fzdata.newyear_department import department_files

            return department_files(
                yd, analyse_year(data_dir, unit, last), year, _workbook, _list, _whole
            )
        villages = yd.villages["village"].tolist()
        indicators = yd.indicators["label"].tolist()
        units = yd.indicators["unit"].tolist()
        # Last year's targets carried over as this year's, to be confirmed or changed.
        targets = [None if pd.isna(v) else _whole_or_float(v) for v in yd.indicators["target"]]
        officers = yd.trainings[["name", "post"]].values.tolist()
        study = "党委中心组学法" in set(yd.indicators["name"])
        analysis = analyse_year(data_dir, unit, last)
    elif (data_dir / unit).is_dir() and any(p.is_dir() and (year_of_folder(p.name) or 0) > year
                                             for p in (data_dir / unit).iterdir()):  # fmt: skip
        raise DataDirError(
            f"「{unit}」没有{year}年之前的数据，无法沿用村名和指标", str(data_dir / unit)
        )
    else:  # a brand-new unit: the standard indicators, villages from a list if given
        from fzdata.unit.catalogue import load_catalogue

        entries = [e for e in load_catalogue().entries.values() if e.unit != "%"]
        indicators = [e.name for e in entries]
        units = [e.unit for e in entries]
        targets = [e.default_target for e in entries]
        villages = read_village_list(villages_file) if villages_file else []
        officers, study, analysis = [], True, None
    case_checks = {"调处结果": _list(["调解成功", "调处中", "调解不成"], "调处结果")}
    if villages and len(",".join(villages)) <= 250:  # Excel's limit for a list written inline
        case_checks["所在村"] = _list(villages, "纠纷所在的行政村")
    files = {
        "指标台账.xlsx": _workbook(
            "指标",
            ledger_headers("indicators"),
            [
                [i, name, None, unit_, target, None]
                for i, (name, unit_, target) in enumerate(
                    zip(indicators, units, targets, strict=True), start=1
                )
            ],
            {"年度目标": _whole("年度目标，不小于 0 的整数")},
            {"指标名称": 28, "备注": 24},
        ),
        "村情台账.xlsx": _workbook(
            "村情",
            ledger_headers("villages"),
            [[i, v, None, None, None, None, None, None] for i, v in enumerate(villages, start=1)],
            {
                "法律明白人（人）": _whole("该村法律明白人人数"),
                "村（居）法律顾问": _list(["是", "否"], "是否配备村（居）法律顾问"),
                "民主法治示范村等级": _list(
                    ["国家级", "省级", "市级", "县级", "无"], "该村取得的最高等级"
                ),
                "命名年份": _whole("命名年份，如 2021"),
                "法治文化广场": _list(["有", "无"], "是否建有法治文化广场"),
                "目标责任书": _list(["已签订", "未签订"], "是否签订目标责任书"),
            },
        ),
        "矛盾纠纷台账.xlsx": _workbook(
            "纠纷",
            ledger_headers("disputes"),
            [],
            case_checks,
        ),
        "信访登记.xlsx": _workbook(
            "信访",
            ledger_headers("petitions"),
            [],
            {"办理情况": _list(["已办结", "办理中"], "办理情况")},
        ),
        "执法人员培训.xlsx": _workbook(
            "培训",
            ledger_headers("trainings"),
            [[n, p, None] for n, p in officers],
            {"培训学时": _whole("本年度累计培训学时")},
        ),
        "普法活动.xlsx": _workbook(
            "普法活动",
            ledger_headers("events"),
            [],
            {
                "发放资料（份）": _whole("发放资料份数"),
                "接待咨询（人次）": _whole("接待咨询人次"),
                "参与人数": _whole("参与人数"),
            },
        ),
    }
    files[NARRATIVE_FILE] = _narrative_draft(year, analysis, study).encode("utf-8")
    return files


def read_village_list(path: Path) -> list[str]:
    """Village names, one a line (a .txt), or the first column of a CSV / Excel sheet."""
    path = Path(path)
    if not path.exists():
        raise FzError(f"村名单文件不存在：{path}")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        ws = openpyxl.load_workbook(path, read_only=True).active
        names = [str(r[0]).strip() for r in ws.iter_rows(values_only=True) if r and r[0]]
    else:
        from fzdata.ingest.sources import detect_encoding

        data = path.read_bytes()
        names = [
            line.split(",")[0].strip() for line in data.decode(detect_encoding(data)).splitlines()
        ]
    names = [n for n in names if n and n not in ("行政村", "村名", "村（居）")]
    return list(dict.fromkeys(names))


def _whole_or_float(v: float) -> float | int:
    return int(v) if float(v).is_integer() else float(v)


def _narrative_draft(year: int, last: object | None, study: bool) -> str:
    if last is None:
        followup = "本年为首次填报，没有上年列出的不足。"
    else:
        followup = (
            "\n".join(
                f"{i}. {e}（{year - 1}年）。整改情况：（请填写）"
                for i, e in enumerate(last.shortcomings["evidence"], start=1)
            )
            or "上年没有列出的不足。"
        )
    study_line = "党委理论学习中心组全年学法{{ 指标.党委中心组学法 }}。" if study else ""
    return f"""{{#- {year}年报告正文草稿：由 fz new-year 生成。数字请用占位符，见 docs/narrative.md。 -#}}
{{{{ 年份 }}}}年，我单位……现将有关情况报告如下：

## 一、党政主要负责人履行推进法治建设第一责任人职责情况

（请填写：党委、政府主要负责人如何履行第一责任人职责。）{study_line}

## 二、推进法治政府建设的主要举措和成效

（请填写主要举措。）

{{{{ 自动.成效 }}}}

{{{{ 图.指标趋势 }}}}

{{{{ 表.主要指标 }}}}

## 三、存在的不足、原因和问题整改情况

### （一）存在的不足

{{{{ 自动.不足 }}}}

### （二）主要原因

（请填写。）

### （三）问题整改情况

{{# 下面是上年报告列出的不足，请逐条写明整改情况；也可改用 {{{{ 自动.整改 }}}}。 #}}
{followup}

## 四、下一年度推进法治政府建设的主要安排

{{{{ 自动.安排 }}}}

## 五、其他需要报告的情况

无。
"""


def new_year(
    data_dir: Path | str, unit: str, year: int, villages_file: Path | str | None = None
) -> list[Path]:
    """Create ``data/<unit>/<year>/`` with the templates; refuses to overwrite anything. A
    unit without an earlier year starts from ``villages_file`` (a village list) or empty."""
    data_dir = Path(data_dir)
    check_year(year)
    files = plan_files(data_dir, unit, year, Path(villages_file) if villages_file else None)
    # An existing 「2025年」 folder is the year's folder; never outside data/<单位>/.
    folder = inside(data_dir, unit, year_folder(inside(data_dir, unit), year).name)
    existing = [name for name in files if (folder / name).exists()]
    if existing:
        raise FzError(
            f"{folder} 中已有 {'、'.join(existing)}，不会覆盖；如需重新生成，请先移走这些文件"
        )
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        path = inside(data_dir, unit, folder.name, name)
        with open(path, "xb") as fh:  # "x": fail rather than overwrite, even in a race
            fh.write(data)
        written.append(path)
    return written
