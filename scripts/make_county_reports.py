"""Write the submitted reports ``fz collect`` reads in the sample and the tests.

* ``data/county/2024/报告/柏树乡2024年法治政府建设情况的报告.docx``: the synthetic township
  柏树乡 (no ledgers, only this report), typed as a township office would in Word: GB/T 9704
  page and fonts, title over two lines, 主送, five parts numbered 一、（一）1., a small table,
  落款 and date. Clean: ``fz collect`` finds nothing to send back.
* ``tests/data/collect/errors/李庄乡2024年法治政府建设情况报告.docx``: planted errors (a missing
  part, numbering 一、二、四、, 「约1000余份」, a figure contradicting 李庄乡's 2024 ledgers, 2023 in
  the title, no 落款).
* ``tests/data/collect/clean/``: a clean Markdown report of 某县市场监督管理局 (recognised by its
  title) and a clean GB18030 text report of 李庄乡 (recognised by its 落款 only), both agreeing
  with their ledgers.

The bytes are stable: fixed document properties and zip dates (:mod:`fzdata.export.stable`).
Run: ``python scripts/make_county_reports.py``
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm, Pt  # noqa: E402

from fzdata.export.stable import fixed_zip_times  # noqa: E402

SAMPLE = ROOT / "data" / "county" / "2024" / "报告" / "柏树乡2024年法治政府建设情况的报告.docx"
TESTS = ROOT / "tests" / "data" / "collect"
RECIPIENT = "中共某县委全面依法治县委员会办公室："

# (kind, text): title, blank, to (主送), body, h1 (一、), caption, table (rows, cells split by |),
# sign (落款), date.
BAISHU = [
    ("title", "关于柏树乡2024年法治政府建设"),
    ("title", "情况的报告"),
    ("blank", ""),
    ("to", RECIPIENT),
    (
        "body",
        "2024年，柏树乡在县委、县政府的领导和县委依法治县办的指导下，把法治政府建设同乡村振兴、"
        "基层治理一起谋划、一起推进。现将全年工作报告如下。",
    ),
    ("h1", "一、党政主要负责人履行推进法治建设第一责任人职责情况"),
    (
        "body",
        "（一）压实领导责任。乡党委书记、乡长分别作为法治建设第一责任人，年初召开党委会专题研究"
        "法治政府建设，印发年度工作要点，把任务分解到各站所和各村。",
    ),
    (
        "body",
        "（二）坚持领导干部学法。全年组织党委中心组学法6次，学习《中华人民共和国行政复议法》"
        "《信访工作条例》等法律法规，乡长带头讲法治课1次。",
    ),
    (
        "body",
        "（三）重大事项依法决策。乡政府常务会议研究的重大事项，会前均由法律顾问提出书面意见，"
        "全年未发生因决策违法引发的行政争议。",
    ),
    ("h1", "二、2024年推进法治政府建设的主要举措和成效"),
    ("body", "（一）深入开展普法宣传。"),
    (
        "body",
        "1.围绕宪法宣传周、民法典宣传月等节点，开展普法宣传活动15次，发放宣传资料2000余份，"
        "悬挂宣传横幅40条。",
    ),
    (
        "body",
        "2.乡司法所和法律服务所在赶集日设点，接待群众法律咨询约300人次，现场解答土地承包、"
        "婚姻家庭等问题。",
    ),
    (
        "body",
        "（二）夯实基层法治力量。全乡共有行政村18个，配备法律顾问的行政村18个，"
        "法律顾问覆盖率100%；培育法律明白人90人，每村不少于5人。",
    ),
    ("body", "（三）创建民主法治示范村。新创建省级民主法治示范村1个、县级民主法治示范村5个。"),
    ("body", "（四）化解矛盾纠纷。"),
    ("body", "1.排查调处矛盾纠纷36起，调处成功矛盾纠纷34起，矛盾纠纷调处成功率94.4%。"),
    ("body", "2.受理信访案件9件，办结信访案件9件，信访案件办结率100%。"),
    (
        "body",
        "（五）规范行政执法。开展安全生产和农村建房检查，检查企业、施工地20处，"
        "督促整改安全隐患12处；全乡执法人员人均培训学时52学时。",
    ),
    ("caption", "附表：2024年主要工作数据"),
    ("table", "指标|数量"),
    ("table", "普法宣传活动|15次"),
    ("table", "发放宣传资料|2000余份"),
    ("table", "排查调处矛盾纠纷|36起"),
    ("h1", "三、存在的不足、原因和问题整改情况"),
    (
        "body",
        "（一）存在的不足。一是部分村干部运用法治思维解决问题的能力还不强；二是普法形式比较单一，"
        "对外出务工人员覆盖不够；三是行政执法人员数量少，专业培训不够经常。",
    ),
    (
        "body",
        "（二）主要原因。乡村两级对法治建设的投入有限，法治工作力量分散在多个站所，统筹不够。",
    ),
    (
        "body",
        "（三）上年问题整改情况。针对上年报告提出的村级法治阵地薄弱问题，今年新建村级法治文化广场"
        "3处，均已投入使用。",
    ),
    ("h1", "四、2025年推进法治政府建设的主要安排"),
    ("body", "（一）抓好领导干部学法，力争全年党委中心组学法不少于6次。"),
    ("body", "（二）深化普法宣传，重点面向外出务工返乡人员开展送法活动。"),
    ("body", "（三）加强执法队伍建设，组织执法人员参加县级集中培训。"),
    ("h1", "五、其他需要报告的情况"),
    ("body", "无。"),
    ("blank", ""),
    ("blank", ""),
    ("sign", "某县柏树乡人民政府"),
    ("date", "2025年3月6日"),
]

# 李庄乡 with planted errors (checked against data/李庄乡/2024/): the title says 2023; part 三 is
# missing and the numbering jumps 二、→四、; 「约1000余份」 mixes 约 and 余; 20 disputes where the
# ledgers have 14; no 落款 above the date.
LIZHUANG_ERRORS = [
    ("title", "关于李庄乡2023年法治政府建设情况的报告"),
    ("to", RECIPIENT),
    ("body", "2024年，我乡围绕全乡发展大局推进法治政府建设。现将有关情况报告如下。"),
    ("h1", "一、党政主要负责人履行推进法治建设第一责任人职责情况"),
    ("body", "（一）党委书记带头学法，全年组织党委中心组学法12次。"),
    ("h1", "二、2024年推进法治政府建设的主要举措和成效"),
    ("body", "（一）开展普法宣传活动9次，发放宣传资料约1000余份。"),
    ("body", "（二）全年排查调处矛盾纠纷20起，均已调处。"),
    ("h1", "四、2025年推进法治政府建设的主要安排"),
    ("body", "（一）继续抓好普法宣传。"),
    ("h1", "五、其他需要报告的情况"),
    ("body", "无。"),
    ("date", "2025年3月8日"),
]

MARKET_MD = """# 关于某县市场监督管理局2024年法治政府建设情况的报告

中共某县委全面依法治县委员会办公室：

2024年，我局按照县委、县政府的部署推进法治政府建设，现将有关情况报告如下。

## 一、党政主要负责人履行推进法治建设第一责任人职责情况

（一）局党组书记、局长带头学法，全年党组中心组学法6次。

## 二、2024年推进法治政府建设的主要举措和成效

（一）规范行政执法。全年办理行政执法案件13件，其中行政处罚案件5件、行政许可1件、行政强制1件；开展行政检查6次。

（二）推进政务公开。主动公开政府信息135条，办理依申请公开1件。

（三）落实普法责任。开展普法宣传活动7次，发放宣传资料4000份。

（四）建强执法队伍。行政执法人员8人，执法人员持证率87.5%，执法人员人均培训学时63.5学时。

## 三、存在的不足、原因和问题整改情况

（一）个别执法人员尚未取得执法证件，持证上岗还有差距。

（二）上年提出的执法案卷归档不及时问题已整改，案卷均在结案后按时归档。

## 四、2025年推进法治政府建设的主要安排

（一）组织未持证人员参加执法资格考试。

## 五、其他需要报告的情况

无。

某县市场监督管理局

2025年2月26日
"""

LIZHUANG_TXT = """关于2024年法治政府建设情况的报告

中共某县委全面依法治县委员会办公室：
2024年，我乡在县委、县政府领导下推进法治政府建设，现将有关情况报告如下。
一、党政主要负责人履行推进法治建设第一责任人职责情况
（一）乡党委把法治建设列入全年重点工作，组织党委中心组学法12次。
二、2024年推进法治政府建设的主要举措和成效
（一）开展普法宣传活动9次，发放宣传资料1200余份，接待群众法律咨询约600人次。
（二）排查调处矛盾纠纷14起；接待信访案件8件，办结信访案件8件。
三、存在的不足、原因和问题整改情况
（一）部分村的法治宣传阵地利用不充分。
四、2025年推进法治政府建设的主要安排
（一）继续推进村级法治阵地建设。
五、其他需要报告的情况
无。
李庄乡人民政府
2025年3月3日
"""


def docx_bytes(items: list[tuple[str, str]], modified: dt.datetime, author: str) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    rows = [text.split("|") for kind, text in items if kind == "table"]
    table_done = False
    for kind, text in items:
        if kind == "table":
            if not table_done:
                table = doc.add_table(rows=len(rows), cols=len(rows[0]))
                table.style = "Table Grid"
                table.alignment = WD_TABLE_ALIGNMENT.CENTER
                for r, row in enumerate(rows):
                    for c, cell_text in enumerate(row):
                        p = table.cell(r, c).paragraphs[0]
                        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                        _run(p, cell_text, "黑体" if r == 0 else "仿宋_GB2312", 14)
                table_done = True
            continue
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28)
        fmt.space_before = fmt.space_after = Pt(0)
        if kind == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.line_spacing = Pt(36)
            _run(p, text, "方正小标宋简体", 22)
        elif kind == "blank":
            pass
        elif kind == "to":
            _run(p, text, "仿宋_GB2312", 16)
        elif kind == "h1":
            fmt.first_line_indent = Pt(32)
            _run(p, text, "黑体", 16)
        elif kind == "caption":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(p, text, "黑体", 14)
        elif kind in ("sign", "date"):
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            fmt.right_indent = Pt(64)
            _run(p, text, "仿宋_GB2312", 16)
        else:
            fmt.first_line_indent = Pt(32)
            head, sep, rest = text.partition("。")
            if text.startswith("（") and sep and rest:
                _run(p, head + sep, "楷体_GB2312", 16)
                _run(p, rest, "仿宋_GB2312", 16)
            else:
                _run(p, text, "仿宋_GB2312", 16)
    props = doc.core_properties
    props.author = props.last_modified_by = author
    props.title = "".join(t for k, t in items if k == "title")
    props.created = props.modified = modified
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return fixed_zip_times(buf.getvalue())


def _run(p, text: str, font: str, size: float) -> None:  # type: ignore[no-untyped-def]
    run = p.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), font)


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")


def main() -> None:
    write(SAMPLE, docx_bytes(BAISHU, dt.datetime(2025, 3, 6, 9, 30), "柏树乡党政办"))
    write(
        TESTS / "errors" / "李庄乡2024年法治政府建设情况报告.docx",
        docx_bytes(LIZHUANG_ERRORS, dt.datetime(2025, 3, 8, 16, 0), "李庄乡党政办"),
    )
    write(TESTS / "clean" / "市场监管局报告.md", MARKET_MD.encode("utf-8"))
    write(TESTS / "clean" / "年度报告.txt", LIZHUANG_TXT.replace("\n", "\r\n").encode("gb18030"))


if __name__ == "__main__":
    main()
