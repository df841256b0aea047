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
# # 存在的不足与问题整改
#
# 由台账找出的不足（每条带依据和涉及的村）、各村达标情况、上年不足的整改情况。

# %% tags=["parameters"]
data_dir = "data"
unit = "李庄乡"
year = 2023
out_dir = ""

# %%
from fzdata import nb

a = nb.analysis(data_dir, unit, year, out_dir)
nb.heading(f"{unit} {year}年", 2)
nb.draft_notice(a)

# %% [markdown]
# ## 存在的不足

# %%
nb.table(a.shortcomings, "shortcomings", ["severity", "rule", "evidence", "villages"])

# %% [markdown]
# ## 上年不足的整改情况

# %%
nb.table(a.followup, "followup", ["rule", "status", "previous_evidence", "evidence"])

# %% [markdown]
# ## 各行政村达标情况

# %%
nb.chart(a, "village_scorecard", out_dir)

# %%
nb.table(
    a.villages,
    "villages",
    [
        "village",
        "legal_literates",
        "meets_literates",
        "has_counsel",
        "has_plaza",
        "signed_letter",
        "demo_level",
        "disputes",
        "disputes_unresolved",
        "petitions",
        "petitions_unresolved",
    ],
)

# %% [markdown]
# ## 矛盾纠纷与信访办理结果

# %%
nb.chart(a, "case_outcomes", out_dir)

# %% [markdown]
# ## 执法人员培训学时

# %%
nb.chart(a, "training_hours", out_dir)

# %%
nb.kind_charts(
    a, ["indicator_trends", "village_scorecard", "case_outcomes", "training_hours"], out_dir
)
