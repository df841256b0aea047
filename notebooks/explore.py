# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,py:percent
#     notebook_metadata_filter: kernelspec,jupytext
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 交互探索：一个单位、一年的台账和分析
#
# 这个 notebook 是分析员的工作台，不参与批量生成报告，随便改、随便运行都不会影响 `fz build`。
#
# **怎么用**：从上到下逐格运行（Shift+Enter），或用菜单「运行 → 运行所有单元格」。
# 表格中把鼠标停在任何一个数字上，会显示它来自哪个文件、哪个工作表、哪个单元格。
# 想保留运行结果，请用「文件 → 另存为」存到 `outputs/` 下，不要覆盖这个文件（它提交时不带输出）。
#
# 下面一格是参数：留空（`None`）时自动选第一个单位和它最近的一年。也可以直接写，例如
# `unit = "李庄乡"`、`year = 2023`、`village = "石桥村"`、`indicator = "法律明白人"`。

# %% tags=["parameters"]
data_dir = None  # 留空：用 fz lab 设定的数据目录（FZ_DATA），否则为项目的 data/
unit = None
year = None
village = None  # 「一个村历年」看哪个村；留空：本年案件最多的村
indicator = None  # 「一个指标历年」看哪个指标，代码或中文名；留空：普法宣传活动
what_if = {"legal_literates_per_village": 6, "decline_pct": 10}  # 「假如标准变了」

# %% [markdown]
# ## 一、选择单位和年份
#
# 在 JupyterLab 中这里显示两个下拉框。改选后，从下一格起重新运行
# （菜单「运行 → 运行选中的单元格及以下所有」）。

# %%
from fzdata import explore as ex
from fzdata import nb

pick = ex.pick(data_dir, unit, year)
nb.show(pick)
print(pick.describe())

# %% [markdown]
# ## 二、台账读取情况
#
# 读到了哪些表、保留多少行、拒收多少行。「数据问题」列出 `fz check` 会报告的全部问题
# （错误、警告、提示），「拒收行」是没有进入分析的行和原因。

# %%
a = pick.analysis()
print(ex.load_summary(a))
nb.show(a.data.findings, "findings", caption="数据问题")
nb.show(a.data.rejects, "rejects", caption="拒收行")

# %% [markdown]
# ## 三、本年概览
#
# 报告里的主要数字：本年、目标、上年、趋势。「1000多」「约600」这类写法照台账保留。

# %%
nb.show(ex.key_figures(a), "indicators", caption=f"{pick.unit} {pick.year}年主要指标")

# %% [markdown]
# 分析发现的不足（报告「存在的不足」一节由此而来），以及上年不足的整改情况。

# %%
nb.show(ex.shortcomings(a), "shortcomings", caption="存在的不足")
nb.show(ex.followup(a), "followup", caption="上年问题整改情况")

# %%
nb.chart(a, "village_scorecard")

# %% [markdown]
# ## 四、一个村历年
#
# 这个村每年的法律明白人、法律顾问、案件数，以及历年的矛盾纠纷和信访案件。
# 在下拉框中选一个村，再运行下一格（papermill 运行时用参数 `village`）。

# %%
village_box = ex.village_choice(a, village)
nb.show(village_box)

# %%
v = village_box.value
nb.show(ex.village_years(pick, v), "villages", caption=f"{v}历年情况")
nb.show(ex.village_cases(pick, v, "disputes"), "disputes", caption=f"{v}的矛盾纠纷")
nb.show(ex.village_cases(pick, v, "petitions"), "petitions", caption=f"{v}的信访案件")

# %% [markdown]
# ## 五、一个指标历年
#
# 一个指标每年报告的数字和出处，以及它的历年变化图。在下拉框中选指标，再运行下一格
# （papermill 运行时用参数 `indicator`，写代码或中文名都可以）。

# %%
indicator_box = ex.indicator_choice(a, indicator)
nb.show(indicator_box)

# %%
key = indicator_box.value
nb.show(ex.indicator_years(pick, key), "trends")
nb.show(ex.indicator_chart(pick, key), "indicator_trends")

# %% [markdown]
# ## 六、假如标准变了
#
# 把规范或阈值调高、调低，看哪些不足会新出现、哪些不再出现。这只是试算，
# 不会改动 `unit.yml`；要正式改标准，请改 `data/<单位>/unit.yml`（见 docs/analysis.md）。
# 可调的项目和当前取值：

# %%
nb.show(a.norms_table, "norms", ["name", "label", "value", "origin"])

# %% [markdown]
# 试算：参数格里的 `what_if`，例如 `{"legal_literates_per_village": 6}` 表示每村法律明白人
# 标准提高到 6 名。

# %%
nb.show(ex.norms_changed(pick, what_if), "norms_changed", caption="调整的标准")
changes = ex.what_if(pick, what_if)
print(ex.what_if_summary(changes))
nb.show(changes, "what_if", caption="不足的变化")

# %% [markdown]
# ## 七、数字从哪里来
#
# 报告中的每个数字：直接取自指标台账（写明单元格），还是由明细台账统计（写明行号）；
# 两者都有时，一并列出明细统计数，便于核对。

# %%
nb.show(ex.sources(a), "sources")
