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
# # 法治政府建设成效分析
#
# 主要指标的本年数、上年数、变化和达标情况；历年变化。

# %% tags=["parameters"]
data_dir = "data"
unit = "李庄乡"
year = 2023
out_dir = ""

# %%
from fzdata import nb

a = nb.analysis(data_dir, unit, year, out_dir)
nb.save_tables(a, out_dir)
nb.heading(f"{unit} {year}年", 2)
nb.draft_notice(a)

# %% [markdown]
# ## 主要指标进展

# %%
nb.table(
    a.indicators,
    "indicators",
    [
        "name",
        "value",
        "qualifier",
        "unit",
        "target",
        "previous",
        "change",
        "attainment",
        "trend",
        "origin",
        "source",
    ],
)

# %% [markdown]
# ## 历年变化

# %%
nb.chart(a, "indicator_trends", out_dir)

# %% [markdown]
# ## 填报数与明细统计数的核对

# %%
nb.table(
    a.indicators[a.indicators["derived"].notna()],
    "indicators",
    ["name", "value", "qualifier", "derived", "derived_qualifier", "agrees", "derived_source"],
)
