"""Two synthetic townships of the sample county, 青石镇 and 河口镇 (2023, 2024), all invented.

The detail ledgers come from :func:`fzdata.synth.write_unit` (deterministic per seed) with named
villages; the indicator ledger is then written the way a clerk keeps it: a title row above the
header, full-width digits, approximate figures (「1000多」「800余」「约300」), a note row. 河口镇's
2024 narrative states one figure its ledgers contradict (普法宣传活动), for the county view's
contradictions. The county totals of these figures are checked by hand in
``tests/test_county.py``.

Called by ``make_sample_data.py``; ``python scripts/sample_county.py [--out data]`` alone.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fzdata.core.schema import ledger_headers
from fzdata.synth import _write, write_unit

TOWNSHIPS = {
    "青石镇": {
        "seed": 1501,
        "villages": ["青石村", "石门村", "上庄村", "下庄村", "柿园村", "松树岭村", "清水河村",
                     "后沟村", "前坪村", "大石板村", "小河口村", "赵家岗村", "孟庄村", "槐荫村"],
        "issuer": "青石镇人民政府",
    },
    "河口镇": {
        "seed": 1502,
        "villages": ["河口村", "北街村", "南街村", "沙河村", "渡口村", "芦苇湾村", "新庄村",
                     "老庄村", "马道村", "杜岗村", "韩营村", "冯湾村", "堤北村", "堤南村",
                     "红旗村", "民主村"],
        "issuer": "河口镇人民政府",
    },
}  # fmt: skip

# 指标台账: name, value as written, unit, target. Full-width digits and approximations on purpose.
INDICATORS = {
    ("青石镇", 2023): [["发放宣传资料", "900余", "份", ""], ["接待法律咨询", "约300", "人次", ""],
                      ["党委中心组学法", "１０", "次", "12"], ["悬挂宣传横幅", "40余", "条", ""],
                      ["拆除违章建筑面积", "1200", "平方米", ""]],
    ("青石镇", 2024): [["发放宣传资料", "1000多", "份", ""], ["接待法律咨询", "350", "人次", ""],
                      ["党委中心组学法", "12", "次", "12"], ["悬挂宣传横幅", "50余", "条", ""],
                      ["拆除违章建筑面积", "800", "平方米", ""]],
    ("河口镇", 2023): [["发放宣传资料", "600", "份", ""], ["接待法律咨询", "200多", "人次", ""],
                      ["党委中心组学法", "8", "次", "12"], ["悬挂宣传横幅", "30", "条", ""]],
    ("河口镇", 2024): [["发放宣传资料", "500", "份", ""], ["接待法律咨询", "260", "人次", ""],
                      ["党委中心组学法", "９", "次", "12"], ["悬挂宣传横幅", "35", "条", ""],
                      ["拆除违章建筑面积", "约500", "平方米", ""]],
}  # fmt: skip

UNIT_YML = """\
# {name}的单位设置（示例数据，镇名、村名与数字均为虚构，由 scripts/sample_county.py 生成）。
name: {name}
recipient: 中共某县委全面依法治县委员会办公室
issuer: {issuer}
norms:
  legal_literates_per_village: 5
  training_hours_per_officer: 50
"""

NARRATIVE_HEKOU_2024 = """\
{#- 河口镇 2024 年报告正文（示例数据）。普法宣传活动的次数与台账不符，是有意留下的错误。 -#}
{{ 年份 }}年，我镇围绕法治政府建设年度任务，推进各项工作落实。现将有关情况报告如下：

## 一、党政主要负责人履行第一责任人职责情况

镇党委理论学习中心组全年学法{{ 指标.党委中心组学法 }}，主要负责人带头讲法治课。

## 二、推进法治政府建设的主要举措和成效

全年开展普法宣传活动30次，发放宣传资料{{ 指标.发放宣传资料 }}，接待法律咨询{{ 指标.接待法律咨询 }}。

{{ 自动.成效 }}

{{ 表.主要指标 }}

## 三、存在的不足、原因和问题整改情况

### （一）存在的不足

{{ 自动.不足 }}

### （二）问题整改情况

{{ 自动.整改 }}

## 四、下一年度的主要安排

{{ 自动.安排 }}

## 五、其他需要报告的情况

无。
"""


def build_county(out: Path) -> None:
    """Write 青石镇 and 河口镇 under ``out`` (replacing earlier copies)."""
    for name, spec in TOWNSHIPS.items():
        shutil.rmtree(out / name, ignore_errors=True)
        write_unit(out, name, [2023, 2024], seed=spec["seed"], villages=spec["villages"])
        (out / name / "unit.yml").write_text(
            UNIT_YML.format(name=name, issuer=spec["issuer"]), encoding="utf-8"
        )
        for year in (2023, 2024):
            rows = INDICATORS[(name, year)]
            header = ledger_headers("indicators", ("name", "value", "unit", "target"))
            # The synthetic 指标台账 gives 普法宣传活动 (the count of events); keep it.
            events = (
                len((out / name / str(year) / "普法活动.csv").read_text("utf-8-sig").splitlines())
                - 1
            )
            table = [[f"{name}{year}年法治政府建设主要指标"], header,
                     ["普法宣传活动", str(events), "次", "8"], *rows,
                     ["注：带「余」「多」「约」的为估计数。"]]  # fmt: skip
            _write(out / name / str(year) / "指标台账.csv", table)
    (out / "河口镇" / "2024" / "narrative.md").write_text(NARRATIVE_HEKOU_2024, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data")
    args = parser.parse_args()
    build_county(args.out)
    print(f"sample ledgers written to {args.out / '青石镇'} and {args.out / '河口镇'}")


if __name__ == "__main__":
    main()
