"""Regenerate the sample ledgers of 李庄乡 (data/李庄乡/2021 … 2024).

2023 carries the figures of the example report (26 行政村, 137 法律明白人, 示范村 1/3/22,
普法宣传10次, 发放资料1000多, 咨询500多人次, 纠纷12起, 信访10件/办结8件, 拆违300平方米 …).
2021, 2022 and 2024 are invented (示例数据) with real movement between years. The files are kept
the way a township keeps them: several per year, titles above headers, a two-row header, 合计
and note rows, full-width and Chinese numerals, mixed dates and booleans, GBK CSV, .ods, .xls.

Run: ``python scripts/make_sample_data.py [--out data]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ledgerio import write_csv, write_ods, write_xls, write_xlsx
from sample_county import build_county
from sample_department import build_department

from fzdata.core.schema import ledger_headers

UNIT = "李庄乡"
D = dt.date

VILLAGES = [
    "李庄村", "东河村", "西河村", "南岭村", "北岭村", "石桥村", "高楼村", "王庄村", "张湾村",
    "刘寨村", "杨树岗村", "马岭村", "白果树村", "前营村", "后营村", "大郭村", "小郭村", "柳林村",
    "槐树村", "黄土岭村", "枣园村", "中和村", "新集村", "赵河村", "周庄村", "孙洼村",
]  # fmt: skip

# 法律明白人 per village, per year. 2023 sums to 137 with three villages under the norm of 5.
LITERATES = {
    2021: dict(zip(VILLAGES, [6, 5, 5, 3, 2, 3, 3, 4, 5, 4, 3, 3, 4, 4, 4, 3, 4, 4, 4, 3, 4, 4, 4, 4, 4, 2], strict=True)),
    2022: dict(zip(VILLAGES, [6, 5, 6, 5, 3, 4, 4, 5, 5, 5, 5, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 3], strict=True)),
    2023: dict(zip(VILLAGES, [7, 6, 6, 6, 4, 4, 4, 6, 6, 6, 5, 5, 6, 5, 5, 5, 5, 5, 6, 5, 5, 5, 5, 5, 5, 5], strict=True)),
    2024: dict(zip(VILLAGES, [7, 6, 6, 6, 5, 4, 4, 6, 6, 6, 6, 6, 6, 5, 5, 6, 5, 5, 6, 5, 5, 6, 6, 6, 5, 5], strict=True)),
}  # fmt: skip
COUNSEL_MISSING = {
    2021: {"北岭村", "石桥村", "孙洼村", "马岭村", "黄土岭村", "高楼村"},
    2022: {"北岭村", "孙洼村"},
    2023: set(),
    2024: set(),
}
PLAZA_MISSING = {
    2021: set(VILLAGES[14:]),
    2022: {"孙洼村", "黄土岭村", "马岭村", "北岭村"},
    2023: {"孙洼村", "黄土岭村"},
    2024: set(),
}
LETTER_MISSING = {2021: {"孙洼村"}, 2022: {"孙洼村"}, 2023: set(), 2024: set()}
PROVINCIAL = {2021: [], 2022: [], 2023: ["李庄村"], 2024: ["李庄村"]}
MUNICIPAL = {
    2021: ["东河村", "西河村"],
    2022: ["东河村", "西河村", "张湾村"],
    2023: ["东河村", "西河村", "张湾村"],
    2024: ["东河村", "西河村", "张湾村", "王庄村"],
}
NO_DEMO = {
    2021: set(VILLAGES[17:]),
    2022: {"孙洼村", "北岭村", "黄土岭村"},
    2023: set(),
    2024: set(),
}
NAMED = {"李庄村": 2023, "东河村": 2019, "西河村": 2020, "张湾村": 2022, "王庄村": 2024}


def demo(year: int, village: str) -> tuple[str, int | None]:
    if village in PROVINCIAL[year]:
        return "省级", NAMED[village]
    if village in MUNICIPAL[year]:
        return "市级", NAMED.get(village, 2021)
    if village in NO_DEMO[year]:
        return "", None
    return "县级", 2018 + (VILLAGES.index(village) % 3)


# Indicators stated in each year's 指标台账 (raw text as the ledger writes it, unit).
INDICATORS = {
    2021: [("开展普法宣传活动", "6", "次"), ("发放宣传资料", "600余", "份"), ("接待群众法律咨询", "300多", "人次"),
           ("悬挂宣传横幅", "40", "条"), ("党委中心组学法", "8", "次"), ("行政村", "26", "个"),
           ("排查矛盾纠纷", "18", "起"), ("接待信访案件", "15", "件"), ("办结信访案件", "12", "件"),
           ("检查企业、施工地", "4", "处"), ("组织拆违行动", "2", "次"), ("拆违面积", "520", "平方米"),
           ("下发安全检查通知书", "5", "份")],
    2022: [("普法宣传活动", "8", "次"), ("发放宣传资料", "800余", "份"), ("接待法律咨询", "400多", "人次"),
           ("悬挂宣传横幅", "60余", "条"), ("党委中心组学法", "10", "次"), ("法律明白人", None, "人"),
           ("行政村", "26", "个"), ("排查矛盾纠纷", "15", "起"), ("接待信访案件", "12", "件"),
           ("办结信访案件", "10", "件"), ("检查企业、施工地", "6", "处"), ("拆违行动", "1", "次"),
           ("拆除违章建筑面积", "410", "平方米"), ("下发安全检查通知书", "4", "份"),
           ("纠正不规范操作", "8", "起"), ("督促整改安全隐患", "6", "处")],
    2023: [("开展普法宣传活动（次）", "10", None), ("发放宣传资料", "1000多", "份"),
           ("发放村民宣传彩页", "3000余", "份"), ("接待群众咨询", "500多", "人次"),
           ("悬挂法治宣传横幅", "80余", "条"), ("党委中心组学法", "十二", "次"),
           ("法律明白人", "137", "人"), ("行政村", "26", "个"), ("配备法律顾问的行政村", "26", "个"),
           ("省级民主法治示范村", "1", "个"), ("市级民主法治示范村", "3", "个"),
           ("县级民主法治示范村", "22", "个"), ("排查调处矛盾纠纷", "１２", "起"),
           ("接待信访案件", "10", "件"), ("办结信访案件", "8", "件"), ("检查企业、施工地", "5", "处"),
           ("组织拆违行动", "1", "次"), ("拆除违章建筑面积", "300", "平方米"),
           ("下发安全检查通知书", "3", "份"), ("纠正各类不规范操作", "10余", "起"),
           ("督促整改安全隐患", "5", "处")],
    2024: [("普法宣传活动", "9", "次"), ("发放宣传资料", "1200余", "份"), ("接待群众法律咨询", "约600", "人次"),
           ("悬挂宣传横幅", "70余", "条"), ("党委中心组学法", "12", "次"), ("行政村", "26", "个"),
           ("排查矛盾纠纷", "14", "起"), ("接待信访案件", "8", "件"), ("办结信访案件", "8", "件"),
           ("检查企业、施工地", "8", "处"), ("拆违行动", "2", "次"), ("拆除违章建筑面积", "450", "平方米"),
           ("下发安全检查通知书", "6", "份"), ("纠正不规范操作", "12", "起"), ("督促整改安全隐患", "9", "处")],
}  # fmt: skip
TARGETS = {"普法宣传活动": 10, "党委中心组学法": 12, "法律明白人": 130}

# Dispute logs: (date as written, village as written, kind, status).
DISPUTES = {
    2021: [(D(2021, m, 3 + m), v, k, s) for m, v, k, s in [
        (1, "东河村", "邻里纠纷", "调解成功"), (2, "石桥村", "土地纠纷", "调解成功"), (2, "北岭村", "婚姻家庭", "调解不成"),
        (3, "孙洼村", "土地纠纷", "调解成功"), (4, "高楼村", "邻里纠纷", "调解成功"), (4, "马岭村", "损害赔偿", "调解成功"),
        (5, "西河村", "邻里纠纷", "调解成功"), (5, "北岭村", "宅基地", "调解成功"), (6, "刘寨村", "婚姻家庭", "调解成功"),
        (7, "石桥村", "土地纠纷", "调解不成"), (7, "王庄村", "劳务纠纷", "调解成功"), (8, "孙洼村", "邻里纠纷", "调解成功"),
        (8, "张湾村", "宅基地", "调解成功"), (9, "高楼村", "土地纠纷", "调解成功"), (10, "黄土岭村", "损害赔偿", "调解成功"),
        (10, "北岭村", "邻里纠纷", "调处中"), (11, "柳林村", "劳务纠纷", "调解成功"), (12, "石桥村", "婚姻家庭", "调解成功")]],
    2022: [(D(2022, m, 10 + m), v, k, s) for m, v, k, s in [
        (1, "北岭村", "土地纠纷", "已调处"), (2, "石桥村", "邻里纠纷", "已调处"), (3, "孙洼村", "宅基地", "已调处"),
        (3, "东河村", "婚姻家庭", "已调处"), (4, "高楼村", "土地纠纷", "调解失败"), (5, "马岭村", "邻里纠纷", "已调处"),
        (6, "北岭村", "损害赔偿", "已调处"), (7, "西河村", "劳务纠纷", "已调处"), (8, "石桥村", "宅基地", "已调处"),
        (9, "新集村", "邻里纠纷", "已调处"), (9, "孙洼村", "土地纠纷", "已调处"), (10, "赵河村", "婚姻家庭", "已调处"),
        (11, "北岭村", "邻里纠纷", "调处中"), (12, "周庄村", "劳务纠纷", "已调处"), (12, "高楼村", "邻里纠纷", "已调处")]],
    2023: [
        (D(2023, 1, 9), " 西河村 ", "邻里纠纷", "调解成功"), ("2023.2.14", "东河村委会", "土地纠纷", "已调处"),
        ("2023年3月5日", "石桥村民委员会", "婚姻家庭", "已化解"), ("2023/3/28", "南岭", "宅基地", "调解成功"),
        ("2023-04-18", "北岭村", "邻里纠纷", "已调处"), (D(2023, 5, 22), "高楼村", "损害赔偿", "调解成功"),
        ("2023.6.26", "石桥村", "土地纠纷", "已化解"), ("2023年7月11日", "孙洼村", "劳务纠纷", "调解成功"),
        (D(2023, 8, 30), "北岭村", "婚姻家庭", "已调处"), ("2023/9/05", "马岭村", "邻里纠纷", "调解成功"),
        ("2023-10-16", "黄土岭村", "宅基地", "已化解"), ("2023.11.20", "高楼村委会", "土地纠纷", "调处中")],
    2024: [(D(2024, m, 5 + m), v, k, s) for m, v, k, s in [
        (1, "石桥村", "土地纠纷", "调解成功"), (2, "高楼村", "邻里纠纷", "调解成功"), (2, "北岭村", "宅基地", "调解成功"),
        (3, "东河村", "婚姻家庭", "调解成功"), (4, "石桥村", "邻里纠纷", "调解不成"), (5, "马岭村", "损害赔偿", "调解成功"),
        (6, "孙洼村", "土地纠纷", "调解成功"), (7, "高楼村", "劳务纠纷", "调解成功"), (8, "石桥村", "宅基地", "调解成功"),
        (9, "西河村", "邻里纠纷", "调解成功"), (10, "高楼村", "土地纠纷", "正在调处"), (11, "枣园村", "婚姻家庭", "调解成功"),
        (11, "石桥村", "邻里纠纷", "正在调处"), (12, "中和村", "劳务纠纷", "调解成功")]],
}  # fmt: skip

PETITION_MATTERS = [
    "土地承包",
    "低保申请",
    "邻里纠纷",
    "拆迁补偿",
    "道路修建",
    "环境污染",
    "工资拖欠",
    "宅基地",
    "医疗保险",
    "饮水安全",
    "林权",
    "教育",
]
PETITIONS = {  # (received, resolved) — the rest are 办理中
    2021: (15, 12),
    2022: (12, 10),
    2023: (10, 8),
    2024: (8, 8),
}
PETITION_VILLAGES = [
    "北岭村",
    "石桥村",
    "高楼村",
    "孙洼村",
    "东河村",
    "马岭村",
    "西河村",
    "黄土岭村",
]

# Training hours per enforcement officer; 2023 averages 52.75 with two under 50.
TRAININGS = {
    2021: [("王建国", "综合行政执法大队", 40), ("李红梅", "综合行政执法大队", 36), ("张伟", "司法所", 48), ("赵磊", "安监站", 30), ("陈静", "国土所", 42), ("刘洋", "综合行政执法大队", 38)],
    2022: [("王建国", "综合行政执法大队", 48), ("李红梅", "综合行政执法大队", 44), ("张伟", "司法所", 52), ("赵磊", "安监站", 40), ("陈静", "国土所", 50), ("刘洋", "综合行政执法大队", 46), ("孙鹏", "环保站", 42)],
    2023: [("王建国", "综合行政执法大队", "56学时"), ("李红梅", "综合行政执法大队", "五十二"), ("张伟", "司法所", 60), ("赵磊", "安监站", 48), ("陈静", "国土所", "54"), ("刘洋", "综合行政执法大队", 50), ("孙鹏", "环保站", 44), ("周敏", "司法所", "58")],
    2024: [("王建国", "综合行政执法大队", 60), ("李红梅", "综合行政执法大队", 56), ("张伟", "司法所", 62), ("赵磊", "安监站", 52), ("陈静", "国土所", 58), ("刘洋", "综合行政执法大队", 54), ("孙鹏", "环保站", 46), ("周敏", "司法所", 60)],
}  # fmt: skip

# Publicity events: (date, title, form, place, materials, consultations, participants).
EVENTS = {
    2021: [(D(2021, m, 12), t, "集中宣传", "乡政府广场", mat, con, par) for m, t, mat, con, par in [
        (3, "三八妇女维权周宣传", 100, 40, 150), (4, "全民国家安全教育日宣传", 80, 30, 120), (6, "6·26国际禁毒日宣传", 120, 50, 200),
        (9, "民法典进乡村", 100, 60, 180), (11, "安全生产法宣传", 90, 50, 140), (12, "12·4宪法宣传日", 130, 80, 260)]],
    2022: [(D(2022, m, 15), t, f, p, mat, con, par) for m, t, f, p, mat, con, par in [
        (3, "三八妇女维权周宣传", "集中宣传", "乡政府广场", 100, 40, 160), (4, "全民国家安全教育日宣传", "专题讲座", "乡政府会议室", 80, 30, 100),
        (5, "民法典宣传月", "送法入村", "东河村", 120, 60, 180), (6, "6·26国际禁毒日宣传", "集中宣传", "李庄村", 100, 50, 200),
        (8, "反电信诈骗宣传", "送法入村", "张湾村", 90, 60, 150), (9, "法律进校园", "专题讲座", "李庄乡中学", 100, 40, 300),
        (11, "安全生产法宣传", "集中宣传", "乡政府广场", 100, 50, 120), (12, "12·4宪法宣传日", "集中宣传", "乡政府广场", 150, 80, 280)]],
    2023: [
        (D(2023, 3, 8), "三八妇女维权周宣传", "集中宣传", "乡政府广场", "100", "40", "150"),
        (D(2023, 4, 15), "全民国家安全教育日宣传", "宣传海报", "各行政村", "80", "30", "200余"),
        ("2023.5.20", "民法典宣传月", "送法入村", "东河村", "120", "60", "180"),
        ("2023.6.26", "6·26国际禁毒日宣传", "集中宣传", "李庄村", "200余", "约60", "300"),
        ("2023年7月18日", "反电信诈骗宣传", "送法入村", "石桥村", "100", "50", "160"),
        (D(2023, 8, 22), "反间谍法宣传", "专题讲座", "乡政府会议室", "60", "20", "80"),
        (D(2023, 9, 6), "法律进校园", "专题讲座", "李庄乡中学", "100", "40", "350"),
        ("2023/10/12", "保密法宣传", "专题讲座", "乡政府会议室", "50", "30", "60"),
        ("2023-11-09", "安全生产法宣传", "送法入村", "高楼村", "90", "80", "150"),
        ("2023.12.4", "12·4宪法宣传日", "集中宣传", "乡政府广场", "150", "120", "400")],
    2024: [(D(2024, m, 16), t, f, p, mat, con, par) for m, t, f, p, mat, con, par in [
        (3, "三八妇女维权周宣传", "集中宣传", "乡政府广场", 120, 50, 160), (4, "全民国家安全教育日宣传", "宣传海报", "各行政村", 100, 40, 220),
        (5, "民法典宣传月", "送法入村", "西河村", 150, 80, 200), (6, "6·26国际禁毒日宣传", "集中宣传", "李庄村", 200, 80, 320),
        (7, "反电信诈骗宣传", "送法入村", "北岭村", 150, 90, 180), (9, "法律进校园", "专题讲座", "李庄乡中学", 120, 60, 360),
        (10, "信访工作条例宣传", "送法入村", "石桥村", 100, 70, 140), (11, "安全生产法宣传", "集中宣传", "乡政府广场", 110, 60, 130),
        (12, "12·4宪法宣传日", "集中宣传", "乡政府广场", 200, 90, 420)]],
}  # fmt: skip

BOOL_STYLES = [("是", "否"), ("√", "×"), ("有", "无"), ("已签订", "未签订")]


def village_rows(year: int, two_row: bool) -> list[list]:
    rows = []
    for i, v in enumerate(VILLAGES, start=1):
        level, named = demo(year, v)
        t, f = BOOL_STYLES[i % 2]
        name = f"{v} " if i == 3 else v  # stray white space, as typed
        row = [i, name, LITERATES[year][v], t if v not in COUNSEL_MISSING[year] else f]
        row += [level or None, named] if two_row else [level or "无", named]
        row += [
            "有" if v not in PLAZA_MISSING[year] else "无",
            "已签订" if v not in LETTER_MISSING[year] else "未签订",
        ]
        rows.append(row)
    return rows


def indicator_rows(year: int) -> list[list]:
    rows = []
    for i, (name, raw, unit) in enumerate(INDICATORS[year], start=1):
        base = name.split("（")[0].removeprefix("开展").removeprefix("组织")
        rows.append([i, name, raw, unit, TARGETS.get(base), None])
    return rows


def dispute_rows(year: int) -> list[list]:
    return [
        [f"{year}-J{i:02d}", d, v, k, s] for i, (d, v, k, s) in enumerate(DISPUTES[year], start=1)
    ]


def petition_rows(year: int) -> list[list]:
    received, resolved = PETITIONS[year]
    rows = []
    for i in range(received):
        status = ["已办结", "办结"][i % 2] if i < resolved else "办理中"
        date = f"{year}/{1 + i % 12}/{(3 * i) % 27 + 1:02d}"
        village = PETITION_VILLAGES[(i + year) % len(PETITION_VILLAGES)]
        rows.append(
            [f"XF{year}{i + 1:03d}", date, village, PETITION_MATTERS[(i * 5 + year) % 12], status]
        )
    return rows


HEAD_V1 = ledger_headers("villages", ("seq", "village", "legal_literates", "has_counsel"))
HEAD_IND = ledger_headers("indicators")
HEAD_DIS = ledger_headers("disputes")
HEAD_PET = ledger_headers("petitions")
HEAD_TRN = ledger_headers("trainings")
HEAD_EVT = ledger_headers("events")
NOTE = ["填表人：王某某      审核人：李某某"]
INSTRUCTIONS = [
    ["填表说明"],
    ["1. 本台账按年度填写，数值栏可写「约」「余」「多」。"],
    ["2. 每年1月10日前报乡司法所。"],
]


def villages_two_row(year: int) -> dict:
    rows = village_rows(year, two_row=True)
    total = ["合计", None, sum(LITERATES[year].values()), None, None, None, None, None]
    return {
        "name": "村情",
        "rows": [
            [f"{UNIT}{year}年村情台账"],
            [],
            [*HEAD_V1, "民主法治示范村", None, "法治文化广场", "目标责任书"],
            [None, None, None, None, "等级", "命名年份", None, None],
            *rows,
            total,
            [],
            NOTE,
        ],
        "merge": ["A1:H1", "E3:F3", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "G3:G4", "H3:H4"],
    }


def build(out: Path) -> None:
    unit_dir = out / UNIT
    if unit_dir.exists():
        shutil.rmtree(unit_dir)
    (unit_dir).mkdir(parents=True)
    (unit_dir / "unit.yml").write_text(UNIT_YML, encoding="utf-8")

    # 2021: an .xls indicator ledger, villages in a GB18030 CSV, cases in one workbook.
    y = 2021
    write_xls(
        unit_dir / f"{y}/指标.xls", [{"name": "指标", "rows": [HEAD_IND, *indicator_rows(y)]}]
    )
    vrows = [
        [*HEAD_V1, "示范村等级", "命名年份", "法治广场", "签订责任书"],
        *village_rows(y, two_row=False),
    ]
    write_csv(unit_dir / f"{y}/村情.csv", vrows, encoding="gb18030")
    write_xlsx(unit_dir / f"{y}/纠纷信访.xlsx", [
        {"name": "矛盾纠纷", "rows": [HEAD_DIS, *dispute_rows(y)]},
        {"name": "信访", "rows": [HEAD_PET, *petition_rows(y)]},
    ])  # fmt: skip
    write_csv(unit_dir / f"{y}/执法人员培训.csv", [HEAD_TRN, *TRAININGS[y]])
    write_xlsx(
        unit_dir / f"{y}/普法活动.xlsx", [{"name": "普法活动", "rows": [HEAD_EVT, *EVENTS[y]]}]
    )

    # 2022: one workbook holding several tables; trainings in .ods.
    y = 2022
    write_xlsx(unit_dir / f"{y}/{y}年台账汇总.xlsx", [
        {"name": "说明", "rows": INSTRUCTIONS},
        {"name": "指标", "rows": [[f"{UNIT}{y}年法治建设指标台账"], HEAD_IND, *indicator_rows(y), [], NOTE], "merge": ["A1:F1"]},
        villages_two_row(y),
        {"name": "纠纷", "rows": [HEAD_DIS, *dispute_rows(y)]},
        {"name": "信访", "rows": [HEAD_PET, *petition_rows(y)]},
        {"name": "普法活动", "rows": [HEAD_EVT, *EVENTS[y]]},
    ])  # fmt: skip
    write_ods(
        unit_dir / f"{y}/执法人员培训.ods", [{"name": "培训", "rows": [HEAD_TRN, *TRAININGS[y]]}]
    )

    # 2023: the example report's year, one file per ledger.
    y = 2023
    write_xlsx(unit_dir / f"{y}/指标台账.xlsx", [
        {"name": "说明", "rows": INSTRUCTIONS},
        {"name": "2023年指标", "rows": [
            [f"{UNIT}{y}年法治政府建设指标台账"], [], HEAD_IND, *indicator_rows(y)[:10], [], *indicator_rows(y)[10:],
            [], NOTE, ["填报日期：2024年1月8日"]], "merge": ["A1:F1"]},
    ])  # fmt: skip
    write_xlsx(unit_dir / f"{y}/村情台账.xlsx", [villages_two_row(y)])
    write_xlsx(unit_dir / f"{y}/矛盾纠纷排查调处台账.xlsx", [
        {"name": "纠纷台账", "rows": [[f"{UNIT}{y}年矛盾纠纷排查调处台账"], [], HEAD_DIS, *dispute_rows(y), [], ["合计", "12起"]],
         "merge": ["A1:E1"]},
    ])  # fmt: skip
    write_csv(unit_dir / f"{y}/信访登记.csv", [HEAD_PET, *petition_rows(y)], encoding="gbk")
    write_csv(unit_dir / f"{y}/执法人员培训.csv", [HEAD_TRN, *TRAININGS[y]], encoding="utf-8-sig")
    write_xlsx(unit_dir / f"{y}/普法活动.xlsx", [
        {"name": "普法活动", "rows": [[f"{UNIT}{y}年普法宣传活动台账"], HEAD_EVT, *EVENTS[y]], "merge": ["A1:G1"]},
    ])  # fmt: skip

    # 2024: like 2023, a UTF-8 CSV without BOM, an ODS village ledger.
    y = 2024
    write_xlsx(unit_dir / f"{y}/指标台账.xlsx", [
        {"name": "指标", "rows": [[f"{UNIT}{y}年法治政府建设指标台账"], HEAD_IND, *indicator_rows(y), [], NOTE], "merge": ["A1:F1"]},
    ])  # fmt: skip
    vrows = [
        [*HEAD_V1, "民主法治示范村等级", "命名年份", "法治阵地", "责任书"],
        *village_rows(y, two_row=False),
    ]
    write_ods(unit_dir / f"{y}/村情台账.ods", [{"name": "村情", "rows": vrows}])
    write_xlsx(
        unit_dir / f"{y}/矛盾纠纷台账.xlsx",
        [{"name": "纠纷", "rows": [HEAD_DIS, *dispute_rows(y)]}],
    )
    write_csv(unit_dir / f"{y}/信访登记.csv", [HEAD_PET, *petition_rows(y)], encoding="utf-8")
    write_csv(unit_dir / f"{y}/执法人员培训.csv", [HEAD_TRN, *TRAININGS[y]], encoding="gb18030")
    write_xlsx(
        unit_dir / f"{y}/普法活动.xlsx", [{"name": "普法活动", "rows": [HEAD_EVT, *EVENTS[y]]}]
    )


UNIT_YML = """\
# 李庄乡的单位设置（示例数据）。各项均可省略，省略时使用 docs/data.md 所列默认值。
name: 李庄乡
# 主送机关：报告抬头送达的机关
recipient: 中共宝丰县委全面依法治县委员会办公室
# 落款单位
issuer: 李庄乡人民政府
norms:
  # 每个行政村培育法律明白人的人数（本乡承诺 5 名）
  legal_literates_per_village: 5
  # 行政执法人员每人每年培训学时
  training_hours_per_officer: 50
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data")
    args = parser.parse_args()
    build(args.out)
    print(f"sample ledgers written to {args.out / UNIT}")
    build_department(args.out)
    print(f"sample ledgers written to {args.out / '某县市场监督管理局'}")
    build_county(args.out)
    print(f"sample ledgers written to {args.out / '青石镇'} and {args.out / '河口镇'}")


if __name__ == "__main__":
    main()
