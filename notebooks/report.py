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

# %% [markdown] tags=["remove-cell"]
# 法治政府建设情况报告：全部内容由 fzdata 根据台账生成（notebook 只负责调用和展示）。

# %% tags=["parameters"]
data_dir = "data"
unit = "李庄乡"
year = 2023
out_dir = ""
date = ""  # 成文日期（fz build --date）；空时用 narrative.md 开头的，都没有则留空待填

# %%
from fzdata import nb

nb.report(nb.analysis(data_dir, unit, year, out_dir), out_dir, date)
