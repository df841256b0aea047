"""Regenerate the loader fixtures under tests/data/load/<case>/data/测试乡/2023/.

Each case holds one quirk of real ledgers (or one kind of bad input). Expected tables are the
golden CSVs beside them, written by ``pytest --update-golden`` and checked by hand.

Run: ``python scripts/make_fixtures.py``
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ledgerio import write_csv, write_ods, write_xls, write_xlsx

ROOT = Path(__file__).resolve().parents[1] / "tests" / "data" / "load"
UNIT, YEAR = "测试乡", 2023
D = dt.date
VILLAGES = ["东河村", "西河村", "南岭村", "北岭村", "石桥村"]


def folder(case: str, year: int = YEAR) -> Path:
    path = ROOT / case / "data" / UNIT / str(year)
    path.mkdir(parents=True, exist_ok=True)
    return path


def villages_sheet(extra: list[list] | None = None) -> dict:
    rows = [["行政村", "法律明白人", "法律顾问"]] + [[v, 5, "是"] for v in VILLAGES]
    return {"name": "村情", "rows": rows + (extra or [])}


def build() -> None:
    # Inputs are rebuilt; the golden files under <case>/expected/ are kept.
    for data in ROOT.glob("*/data"):
        shutil.rmtree(data)

    # Header below title rows (merged across), blank rows inside, note rows after.
    write_xlsx(folder("header_not_first_row") / "指标台账.xlsx", [{
        "name": "指标",
        "rows": [
            ["测试乡2023年法治建设指标台账"], ["（单位：测试乡人民政府）"], [],
            ["序号", "指标名称", "完成数", "计量单位", "备注"],
            [1, "普法宣传活动", 10, "次", None], [],
            [2, "发放宣传资料", "1000多", "份", None], [], [],
            [3, "接待群众法律咨询", "500多", "人次", "含线上"],
            [], ["填表人：张某", None, "审核人：李某"], ["填报日期：2024年1月5日"], ["注：数值按年度口径填写"],
        ],
        "merge": ["A1:E1", "A2:E2"],
    }])  # fmt: skip

    # Two-row header: 民主法治示范村 merged over 等级 / 命名年份; other headers merged down.
    write_xlsx(folder("two_row_header") / "村情台账.xlsx", [{
        "name": "村情",
        "rows": [
            ["村情台账"],
            ["序号", "村（居）名称", "法律明白人（人）", "民主法治示范村", None, "法治广场"],
            [None, None, None, "等级", "命名年份", None],
            [1, "东河村", 6, "省级", 2021, "有"], [2, "西河村", 5, "市级", "2019年", "有"],
            [3, "南岭村", 4, "县级", 2020, "无"], [4, "北岭村", 3, None, None, "无"],
        ],
        "merge": ["A1:F1", "D2:E2", "A2:A3", "B2:B3", "C2:C3", "F2:F3"],
    }])  # fmt: skip
    # The same in CSV, where nothing is merged.
    write_csv(folder("two_row_header_csv") / "村情.csv", [
        ["行政村", "法律明白人", "民主法治示范村", "", "法治广场"],
        ["", "", "等级", "命名年份", ""],
        ["东河村", "6", "省级", "2021", "有"], ["西河村", "5", "市级", "2019", "无"],
    ])  # fmt: skip

    # Totals: a right 合计, a wrong 合计, 小计 per group; and a 合计 in a log without numbers.
    write_xlsx(folder("totals") / "台账.xlsx", [
        {"name": "村情", "rows": [
            ["行政村", "法律明白人"], ["东河村", 5], ["西河村", 6], ["小计", 11],
            ["南岭村", 4], ["北岭村", 3], ["小 计", 8], ["合计", 19]]},
        {"name": "普法活动", "rows": [
            ["活动名称", "发放资料", "接待咨询"], ["宪法宣传", 100, 30], ["禁毒宣传", 150, 20],
            ["合计", 260, 50]]},
        {"name": "纠纷", "rows": [
            ["编号", "纠纷类型", "调处结果"], ["J1", "邻里", "调解成功"], ["J2", "土地", "调处中"],
            ["合计：3起"]]},
    ])  # fmt: skip

    # Number spellings in an indicator ledger.
    numbers = [
        ("普法宣传活动", "１２"),
        ("党委中心组学法", "十二"),
        ("悬挂宣传横幅", "四十"),
        ("拆违行动", "五"),
        ("检查企业、施工地", "6处"),
        ("法律明白人", "3人"),
        ("拆除违章建筑面积", "1,250.5"),
        ("发放宣传资料", "2000余"),
        ("接待法律咨询", "1000多"),
        ("排查矛盾纠纷", "约600"),
        ("接待信访案件", "300左右"),
        ("办结信访案件", "50以上"),
        ("法律顾问覆盖率", "80%"),
        ("下发安全检查通知书", ""),
        ("纠正不规范操作", "—"),
        ("督促整改安全隐患", "-"),
        ("行政村", "/"),
        ("执法人员人均培训学时", 52.5),
        ("调处成功矛盾纠纷", "约300余"),
    ]
    write_xlsx(folder("numbers") / "指标.xlsx", [
        {"name": "指标", "rows": [["指标", "数值"], *[[n, v] for n, v in numbers]]},
    ])  # fmt: skip

    # Boolean spellings.
    spellings = [
        ("是", "否"),
        ("有", "无"),
        ("√", "×"),
        ("✓", "✗"),
        ("Y", "N"),
        (1, 0),
        ("已签订", "未签订"),
    ]
    rows = [["行政村", "是否配备法律顾问", "法治文化广场", "签订责任书"]]
    for i, (t, f) in enumerate(spellings):
        rows.append([f"甲{i}村", t, f, t])
    rows.append(["乙村", None, "部分", "—"])
    write_xlsx(folder("booleans") / "村情.xlsx", [{"name": "村情", "rows": rows}])

    # Date spellings, one out of the year, one unreadable.
    dates = [D(2023, 1, 9), "2023.6.26", "2023年6月26日", "2023/3/05", "2023-04-18", "6月26日",
             "20231204", "2022.12.30", "上半年"]  # fmt: skip
    write_xlsx(folder("dates") / "普法活动.xlsx", [{
        "name": "普法活动",
        "rows": [["活动日期", "活动名称", "发放资料（份）"], *[[d, f"活动{i}", 10] for i, d in enumerate(dates)]],
    }])  # fmt: skip

    # Case statuses → outcomes.
    statuses = ["调解成功", "已调处", "已化解", "已办结", "办结", "调处中", "办理中", "未结", "正在调处",
                "调解不成", "调解失败", "已上报", None]  # fmt: skip
    write_xlsx(folder("statuses") / "矛盾纠纷.xlsx", [{
        "name": "纠纷",
        "rows": [["编号", "日期", "纠纷类型", "调处情况"], *[[f"J{i}", "2023.5.1", "邻里纠纷", s] for i, s in enumerate(statuses)]],
    }])  # fmt: skip

    # Village names in case logs matched to the villages table.
    write_xlsx(folder("village_names") / "台账.xlsx", [
        villages_sheet(),
        {"name": "信访", "rows": [
            ["编号", "来访日期", "村（居）", "信访事项", "办结情况"],
            ["X1", "2023.3.1", " 西河村 ", "土地", "已办结"], ["X2", "2023.3.2", "东河村委会", "低保", "已办结"],
            ["X3", "2023.3.3", "石桥村民委员会", "道路", "办理中"], ["X4", "2023.3.4", "南岭", "环境", "已办结"],
            ["X5", "2023.3.5", "北 岭 村", "林权", "已办结"], ["X6", "2023.3.6", "红旗村", "教育", "已办结"]]},
    ])  # fmt: skip

    # CSV encodings, detected: UTF-8 with and without BOM, GBK, GB18030, UTF-16 (Excel's "Unicode text").
    pet = [["编号", "登记日期", "行政村", "反映问题", "办理状态"],
           ["X1", "2023-02-01", "东河村", "土地承包纠纷", "已办结"], ["X2", "2023-02-08", "西河村", "低保申请", "办理中"]]  # fmt: skip
    base = folder("csv_encodings")
    write_csv(base / "信访-utf8bom.csv", pet, "utf-8-sig")
    write_csv(base / "信访-utf8.csv", [pet[0], ["Y1", *pet[1][1:]]], "utf-8")
    write_csv(
        base / "信访-gbk.csv",
        [pet[0], ["G1", "2023-03-01", "南岭村", "宅基地纠纷", "已办结"]],
        "gbk",
    )
    write_csv(
        base / "信访-gb18030.csv",
        [pet[0], ["H1", "2023-03-02", "北岭村", "饮水安全（𠀋）", "已办结"]],
        "gb18030",
    )
    tsv = (
        "编号\t登记日期\t行政村\t反映问题\t办理状态\r\nU1\t2023-04-01\t石桥村\t道路修建\t已办结\r\n"
    )
    (base / "信访-utf16.csv").write_bytes(b"\xff\xfe" + tsv.encode("utf-16-le"))

    # A workbook whose first sheet holds instructions only.
    write_xlsx(folder("no_table_sheet") / "台账.xlsx", [
        {"name": "说明", "rows": [["填表说明"], ["1. 请勿修改表头。"], ["2. 数值可写「约」「余」「多」。"]]},
        {"name": "培训", "rows": [["姓名", "岗位", "学时"], ["王某", "执法大队", "52学时"], ["李某", "司法所", "四十八"]]},
    ])  # fmt: skip

    # Several tables of one kind combined; duplicates across them; two tables stacked in one sheet.
    write_xlsx(folder("combined") / "指标一.xlsx", [
        {"name": "宣传", "rows": [["指标", "数值"], ["普法宣传活动", 10], ["发放宣传资料", "1000多"]]},
        {"name": "治理", "rows": [["项目", "完成数"], ["排查矛盾纠纷", 12], ["开展普法宣传活动（次）", 10],
                                  ["接待信访案件", 10], [], [],
                                  ["姓名", "岗位", "培训学时"], ["王某", "执法大队", 50]]},
    ])  # fmt: skip
    write_xlsx(folder("combined") / "指标二.xlsx", [
        {"name": "指标", "rows": [["工作内容", "本年数"], ["接待信访案件", 11], ["拆违面积", 300]]},
    ])  # fmt: skip

    # .xls and .ods workbooks.
    write_xls(
        folder("formats") / "村情.xls",
        [
            {
                "name": "村情",
                "rows": [
                    ["行政村", "法律明白人", "法律顾问"],
                    ["东河村", 5, "是"],
                    ["西河村", "六", "否"],
                ],
            }
        ],
    )
    write_ods(
        folder("formats") / "培训.ods",
        [
            {
                "name": "培训",
                "rows": [
                    ["姓名", "岗位", "学时"],
                    ["王某", "执法大队", 52],
                    ["李某", "司法所", "约40"],
                ],
            }
        ],
    )

    # Bad input: every kind of mistake, each in its own file, all reported in one pass.
    bad = folder("bad_input")
    (bad / "损坏.xlsx").write_bytes(b"PK\x03\x04 this is not really a workbook")
    (bad / "空文件.csv").write_bytes(b"")
    write_xlsx(bad / "无表格.xlsx", [{"name": "Sheet1", "rows": [["随手记"], ["今天开会"]]}])
    write_xlsx(
        bad / "缺列.xlsx",
        [{"name": "指标", "rows": [["指标名称", "备注", "目标"], ["普法宣传活动", "无", 10]]}],
    )
    write_xlsx(bad / "村情.xlsx", [{
        "name": "村情",
        "rows": [["行政村", "法律明白人", "法律顾问"], ["东河村", 5, "是"], ["西河村", -2, "是"],
                 ["南岭村", "很多", "是"], ["东河村", 6, "是"], ["北岭村", 0, "是"], ["石桥村", 4, "是"],
                 [None, 3, "否"]],
        "errors": {"B6": "#DIV/0!"},  # the 0 above is replaced by a cached error
    }])  # fmt: skip
    write_xlsx(bad / "指标.xlsx", [{
        "name": "指标", "rows": [["指标", "数值"], ["普法宣传活动", 10], ["接待信访案件", "x"]],
        "errors": {"B2": "#REF!"},
    }])  # fmt: skip
    _encrypted(bad / "加密.xlsx")

    # Disputes and petitions look alike; without a name that tells them apart the table is refused.
    write_xlsx(folder("ambiguous") / "台账.xlsx", [
        {"name": "Sheet1", "rows": [["编号", "日期", "行政村", "状态", "办理情况", "调处结果"], ["1", "2023.1.1", "东河村", "", "已办结", "已办结"]]},
    ])  # fmt: skip


def unseen_township() -> None:
    """Another township's ledgers, written the way its clerk keeps them (the new-user trial)."""
    base = folder("unseen_township")
    write_xlsx(base / "王店镇2023年法治建设台账.xlsx", [
        {"name": "封面", "rows": [[], [], [None, "王店镇2023年度法治政府建设工作台账"], [], [None, "报送单位：王店镇司法所"]]},
        {"name": "工作指标", "rows": [
            ["2023年法治建设主要指标完成情况"], ["单位：王店镇"],
            ["序号", "工作事项", "计量单位", "本年度", "目标任务", "备注"],
            [1, "组织开展普法宣传活动", "场", "15", "12", ""], [2, "发放法治宣传资料", "份", "5000余", "", ""],
            [3, "接待群众来访", "人次", "86", "", ""], [4, "成功调处矛盾纠纷", "起", "31", "", ""],
            [5, "培育法律明白人", "名", "210", "180", ""], [6, "开展法治讲座", "次", "八", "", ""],
            [7, "拆除违法建筑面积", "平方米", "1,200", "", ""], ["合  计"], ["审核人：赵某", None, "填报人：钱某"]],
         "merge": ["A1:F1"]},
        {"name": "村居情况", "rows": [
            ["村（社区）", "法律明白人数量", "是否有法律顾问", "示范创建等级", "法治文化阵地", "签订目标责任书"],
            ["王店村", 12, "有", "省级", "有", "已签"], ["河西村", 9, "有", "县级", "有", "已签"],
            ["杨集社区", 11, "有", "市级", "有", "已签"], ["马楼村", 4, "无", "", "无", "未签"],
            ["孙庄村", 8, "有", "县级", "有", "已签"], ["新华社区", 6, "有", "县级", "无", "已签"]]},
    ])  # fmt: skip
    write_csv(base / "矛盾纠纷登记表.csv", [
        ["序号", "排查日期", "当事人所在村", "纠纷类别", "化解情况"],
        [1, "2023.1.12", "王店村委会", "邻里纠纷", "已化解"], [2, "2023.2.3", "河西", "土地纠纷", "已化解"],
        [3, "2023年3月15日", "马楼村", "婚姻家庭", "化解中"], [4, "2023/4/2", "杨集社区居委会", "物业纠纷", "调解成功"],
        [5, "2023-05-20", "马楼村", "土地纠纷", "未化解"], [6, "2023.6.8", "孙庄村", "邻里纠纷", "已化解"]],
        encoding="gbk")  # fmt: skip
    write_xlsx(base / "培训.xlsx", [{"name": "执法人员学时", "rows": [
        ["执法人员年度培训学时统计"], ["姓名", "所在单位", "年度学时"],
        ["周某", "综合执法大队", 62], ["吴某", "综合执法大队", "48学时"], ["郑某", "市场监管所", "约40"],
        ["王某", "司法所", "—"]]}])  # fmt: skip


def messy() -> None:
    """Messy ledgers (issue 10): each figure right or flagged at its cell, none silently wrong."""
    # 1. Merged cells in data: a level, a 是, a date, a status, a village name merged down; a
    #    number merged over two events (counted once, flagged).
    write_xlsx(folder("messy_merged_cells") / "台账.xlsx", [
        {"name": "村情", "rows": [
            ["行政村", "法律明白人", "法律顾问", "示范村等级"],
            ["东河村", 5, "是", "省级"], ["西河村", 6, None, None], ["南岭村", 4, None, "县级"],
            ["北岭村", 3, "否", None], ["石桥村", 5, None, None]],
         "merge": ["C2:C4", "D2:D3", "C5:C6", "D4:D6"]},
        {"name": "纠纷", "rows": [
            ["编号", "受理日期", "所在村", "纠纷类型", "调处结果"],
            ["J1", "2023.3.1", "东河村", "邻里纠纷", "调解成功"], ["J2", None, None, "土地纠纷", None],
            ["J3", None, "西河村", "婚姻家庭", "调处中"]],
         "merge": ["B2:B4", "C2:C3", "E2:E3"]},
        {"name": "信访", "rows": [
            ["编号", "登记日期", "村（居）", "反映问题", "办理情况"],
            ["X1", "2023.4.1", "南岭村", "道路", "已办结"], ["X2", "2023.4.2", "北岭村", "饮水", None]],
         "merge": ["E2:E3"]},
        {"name": "普法活动", "rows": [
            ["活动日期", "活动名称", "参与人数"],
            ["2023.5.1", "宪法宣传进村", 300], ["2023.5.1", "民法典宣讲", None], ["2023.6.1", "禁毒宣传", 80]],
         "merge": ["C2:C3"]},
    ])  # fmt: skip

    # The same merges in an .ods workbook (calamine reports no merged ranges for .ods).
    write_ods(folder("messy_merged_cells_ods") / "村情.ods", [{"name": "村情", "rows": [
        ["行政村", "法律明白人", "法律顾问", "示范村等级"],
        ["东河村", 5, "是", "省级"], ["西河村", 6, None, None], ["南岭村", 4, None, "县级"]],
        "merge": ["C2:C4", "D2:D3"]}])  # fmt: skip

    # 2. Ditto marks: 同上, 〃, 仝上, ", "" mean the value above; one with nothing above.
    write_xlsx(folder("messy_ditto") / "信访登记.xlsx", [
        {"name": "信访", "rows": [
            ["编号", "登记日期", "村（居）", "反映问题", "办理情况"],
            ["X1", "同上", "东河村", "土地", "已办结"],
            ["X2", "2023.2.1", "同上", "低保", "〃"],
            ["X3", "〃", "西河村", "道路", "仝上"],
            ["X4", '"', '""', "环境", "办理中"],
            ["X5", "2023.3.9", "同上", "林权", "同上"]]},
        {"name": "培训", "rows": [
            ["姓名", "岗位", "学时"], ["王某", "执法大队", 40], ["李某", "同上", "同上"], ["赵某", "司法所", 36]]},
    ])  # fmt: skip

    # 3. Summary rows anywhere: a right 合计 under the header, 管区小计 between blocks (label in
    #    the 序号 column, one merged across columns), a wrong 片区小计, 人均 and 平均 rows,
    #    本月合计 / 累计 rows, a 季度小计 in a log without numbers.
    write_xlsx(folder("messy_summary_rows") / "台账.xlsx", [
        {"name": "村情", "rows": [
            ["序号", "行政村", "法律明白人"],
            ["合计", None, 23],
            [1, "东河村", 5], [2, "西河村", 6], ["东管区小计", None, 11],
            [3, "南岭村", 4], [4, "北岭村", 3], [5, "石桥村", 5], ["西片区小计", None, 13],
            ["总计", None, 23]],
         "merge": ["A5:B5"]},
        {"name": "培训", "rows": [
            ["姓名", "岗位", "学时"], ["王某", "执法大队", 40], ["李某", "司法所", 36], ["赵某", "执法大队", 50],
            ["人均", None, 42], ["平均学时", None, 45]]},
        {"name": "普法活动", "rows": [
            ["活动日期", "活动名称", "发放资料（份）"],
            ["2023.1.5", "元旦普法", 100], ["2023.1.20", "春节前宣传", 150], [None, "本月合计", 250],
            ["2023.2.6", "宪法宣讲", 200], ["2023.2.9", "平均分配政策宣讲", None], [None, "本月合计", 200], [None, "累计", 450],
            [None, "全年合计", 450]]},
        {"name": "纠纷", "rows": [
            ["序号", "受理日期", "所在村", "纠纷类型", "调处结果"],
            [1, "2023.1.3", "东河村", "邻里纠纷", "调解成功"], [2, "2023.2.3", "西河村", "土地纠纷", "调解成功"],
            ["一季度小计", None, "2起"],
            [3, "2023.4.3", "南岭村", "邻里纠纷", "调处中"],
            ["二季度小计", None, "2起"]]},
    ])  # fmt: skip

    # 4. Hidden rows and columns, in xlsx, ods and xls: a hidden 学时 column beside a visible
    #    「2023年学时」; a hidden old-year column; rows hidden by a filter (kept, named); a hidden
    #    合计 row (a summary, not a warning).
    training = [
        ["姓名", "岗位", "学时", "2023年学时", "2022年学时"],
        ["王某", "执法大队", 30, 52, 48], ["李某", "司法所", 20, 40, 36], ["赵某", "执法大队", 10, 44, 50],
        ["合计", None, 60, 136, 134],
    ]  # fmt: skip
    hidden = {"hidden_cols": ["C", "E"], "hidden_rows": [3, 5]}
    write_xlsx(
        folder("messy_hidden_xlsx") / "培训.xlsx",
        [
            {"name": "培训", "rows": training, **hidden},
            {"name": "村情备用", "rows": [["行政村", "法律明白人"], ["东河村", 5]], "hidden": True},
        ],
    )
    write_ods(
        folder("messy_hidden_ods") / "培训.ods", [{"name": "培训", "rows": training, **hidden}]
    )
    write_xls(
        folder("messy_hidden_xls") / "培训.xls", [{"name": "培训", "rows": training, **hidden}]
    )

    # 5. Wide indicator tables: years as columns (last year's figure cross-checked with last
    #    year's ledger), months as columns summed and checked against 全年合计.
    base = folder("messy_wide_tables")
    write_xlsx(base / "指标.xlsx", [
        {"name": "年度对比", "rows": [
            ["指标", "计量单位", "2022年", "2023年"],
            ["普法宣传活动", "次", 10, 12], ["发放宣传资料", "份", "1000多", "2000余"],
            ["排查矛盾纠纷", "起", 30, 28]]},
        {"name": "分月", "rows": [
            ["工作内容", *[f"{m}月" for m in range(1, 13)], "全年合计"],
            ["接待法律咨询", 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 126],
            ["悬挂宣传横幅", 1, 2, None, 3, 1, 0, 2, 1, 1, 1, 2, 1, 16],
            ["拆违行动", 1, None, 1, None, 1, None, 1, None, 1, None, 1, None, None]]},
    ])  # fmt: skip
    write_xlsx(folder("messy_wide_tables", 2022) / "指标.xlsx", [
        {"name": "指标", "rows": [["指标", "数值"], ["普法宣传活动", 10], ["排查矛盾纠纷", 31]]},
    ])  # fmt: skip

    # 6. Numbers with notes, statuses with notes, outcome words of real logs.
    write_xlsx(folder("messy_number_notes") / "台账.xlsx", [
        {"name": "指标", "rows": [
            ["指标", "数值"], ["排查矛盾纠纷", "12（含2起移交）"], ["普法宣传活动", "6次（含线上2次）"],
            ["督促整改安全隐患", "35（已整改33处）"], ["法律明白人", "3人（其中1人新任）"],
            ["发放宣传资料", "2000余（份）"], ["悬挂宣传横幅", "12（13）"]]},
        {"name": "纠纷", "rows": [
            ["编号", "日期", "纠纷类型", "调处结果"],
            ["J1", "2023.3.1", "邻里", "已办结（息诉罢访）"], ["J2", "2023.3.2", "土地", "达成调解协议"],
            ["J3", "2023.3.3", "婚姻", "已履行"], ["J4", "2023.3.4", "土地", "已移交（法院）"],
            ["J5", "2023.3.5", "邻里", "转办"], ["J6", "2023.3.6", "土地", "移交派出所"],
            ["J7", "2023.3.7", "邻里", "转办县人社局（劳动监察）"], ["J8", "2023.3.8", "邻里", "调解不成，已引导诉讼"],
            ["J9", "2023.3.9", "邻里", "调解未果"], ["J10", "2023.3.10", "邻里", "已办结，未回访"], ["J11", "2023.3.11", "邻里", "已办结未回访"]]},
    ])  # fmt: skip

    # 7. Dates: serial numbers stored as text, 5月6日, two-digit years; one outside the year.
    write_xlsx(folder("messy_dates") / "普法活动.xlsx", [{"name": "普法活动", "rows": [
        ["活动日期", "活动名称", "发放资料（份）"],
        ["45000", "活动一", 10], ["5月6日", "活动二", 10], ["23.7.3", "活动三", 10], ["23年8月1日", "活动四", 10],
        ["22.12.30", "活动五", 10], ["9.15", "活动六", 10]]}])  # fmt: skip

    # A trainings table that logs sessions (a 培训日期 column): an officer's rows add up; the 人均
    # row is per officer.
    write_xlsx(folder("messy_training_sessions") / "培训登记.xlsx", [{"name": "培训登记", "rows": [
        ["序号", "姓名", "所在单位", "培训日期", "培训内容", "学时"],
        [1, "张某", "执法大队", "2023.3.16", "公共法律知识", 16], [2, "〃", "〃", "2023.5.10", "民法典", 8],
        [3, "同上", "〃", "2023.7.20", "行政处罚法", 12], [4, "李某", "司法所", "2023.3.16", "公共法律知识", 16],
        [5, '"', "〃", "2023.9.14", "安全生产", "约10"], [6, "王某", "执法大队", "2023.3.16", "公共法律知识", 16],
        ["合计", None, None, None, None, 78], ["人均", None, None, None, None, 26]]}])  # fmt: skip

    # One sheet a month: 一季度小计 in the 3月 sheet sums the three sheets, 全年合计 the workbook;
    # a 填报单位 line above the header is no parent header row.
    month = [["序号", "活动日期", "活动名称", "发放资料（份）"]]
    write_xlsx(folder("messy_monthly_sheets") / "普法活动分月.xlsx", [
        {"name": "1月", "rows": [*month, [1, "2023.1.5", "元旦普法", 100], [2], [3]]},
        {"name": "2月", "rows": [*month, [1, "2023.2.6", "宪法宣讲", 200], [2]]},
        {"name": "3月", "rows": [*month, [1, "2023.3.5", "学雷锋普法", 50], [2],
                                 [None, "一季度小计", None, 350], [None, "全年合计", None, 350]]},
    ])  # fmt: skip
    write_csv(folder("messy_header_note_above") / "村情统计.csv", [
        ["测试乡村情统计表"], ["填报单位：测试乡", "", "", "填报时间：2023年12月20日"],
        ["序号", "村（居）名称", "法律明白人数", "是否配备村法律顾问", "示范村创建级别"],
        ["1", "东河村", "5", "是", "县级"], ["合计", "", "5", "", ""], ["平均", "", "5.0", "", ""]],
        encoding="gbk")  # fmt: skip

    # 8. Template rows after the last record (pre-filled 序号, formula zeros), a numbered empty row
    #    in the middle; 序号 restarting in each monthly sheet are not duplicate cases.
    write_xlsx(folder("messy_template_rows") / "纠纷台账.xlsx", [
        {"name": "1月", "rows": [
            ["序号", "受理日期", "所在村", "纠纷类型", "调处结果", "涉及人数"],
            [1, "2023.1.3", "东河村", "邻里纠纷", "调解成功", 2], [2, None, None, None, None, None],
            [3, "2023.1.9", "西河村", "土地纠纷", "调处中", 3],
            [4, None, None, None, None, 0], [5], [6], [7, None, None, None, None, 0]]},
        {"name": "2月", "rows": [
            ["序号", "受理日期", "所在村", "纠纷类型", "调处结果"],
            [1, "2023.2.3", "南岭村", "邻里纠纷", "调解成功"], [2, "2023.2.8", "北岭村", "婚姻家庭", "已化解"],
            [3], [4]]},
        {"name": "村情", "rows": [["行政村", "法律明白人", "备注"],
                                  *[[v, 5, None] for v in VILLAGES], [None, None, 0], [None, None, 0]]},
    ])  # fmt: skip


def _encrypted(path: Path) -> None:
    """A real password-protected workbook (password 1234), as Excel writes it."""
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = path.with_suffix(".plain.xlsx")
    write_xlsx(plain, [{"name": "村情", "rows": [["行政村", "法律明白人"], ["东河村", 5]]}])
    with open(plain, "rb") as fh:
        out = io.BytesIO()
        OOXMLFile(fh).encrypt("1234", out)
    path.write_bytes(out.getvalue())
    plain.unlink()


if __name__ == "__main__":
    build()
    unseen_township()
    messy()
    print(f"fixtures written to {ROOT}")
