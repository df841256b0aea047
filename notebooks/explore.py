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
# # 交互探索
#
# 在 JupyterLab 中自由查看台账和分析结果（不参与批量生成）。用 `fz lab` 打开时，
# 数据目录取环境变量 `FZ_DATA`。改下面的单位和年份，逐格运行。

# %%
import os

import fzdata
from fzdata import nb
from fzdata.ingest.load import list_units, list_years

data_dir = os.environ.get("FZ_DATA", "../data")
units = list_units(data_dir)
unit = units[0]
year = list_years(data_dir, unit)[-1]
print("单位：", "、".join(units), "｜ 当前：", unit, year)

# %% [markdown]
# ## 台账读取情况

# %%
yd = fzdata.load_year(data_dir, unit, year)
print(fzdata.ingest.load.summary_line(yd))
nb.table(yd.findings, "findings")

# %% [markdown]
# ## 分析结果

# %%
a = fzdata.analyse_year(data_dir, unit, year)
nb.table(a.shortcomings, "shortcomings", ["severity", "evidence"])

# %%
nb.chart(a, "village_scorecard")

# %%
yd.villages
