"""The sample ledgers: 2023 carries the example report's figures; the generator reproduces them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
from conftest import REPO, SAMPLE_DATA
from golden import frame_text

import fzdata


def test_2023_carries_the_example_report_figures() -> None:
    yd = fzdata.load_year(SAMPLE_DATA, "李庄乡", 2023)
    ind = yd.indicators.set_index("key")

    def stated(key: str) -> tuple[float, str]:
        return ind.loc[key, "value"], ind.loc[key, "qualifier"]

    assert stated("villages_total") == (26, "")
    assert stated("legal_literates") == (137, "")
    assert [stated(f"demo_villages_{k}")[0] for k in ("provincial", "municipal", "county")] == [
        1,
        3,
        22,
    ]
    assert stated("publicity_events") == (10, "")
    assert stated("materials_distributed") == (1000, "多")
    assert stated("consultations") == (500, "多")
    assert stated("banners") == (80, "余")
    assert stated("disputes_handled") == (12, "")
    assert stated("petitions_received") == (10, "") and stated("petitions_resolved") == (8, "")
    assert stated("demolished_area") == (300, "") and ind.loc["demolished_area", "unit"] == "平方米"
    assert stated("demolition_actions") == (1, "") and stated("safety_notices") == (3, "")
    assert stated("irregularities_corrected") == (10, "余")
    assert stated("inspections") == (5, "") and stated("hazards_rectified") == (5, "")
    # The detail ledgers agree with the stated figures.
    v = yd.villages
    assert len(v) == 26 and v["legal_literates"].sum() == 137
    assert v["demo_level"].value_counts().to_dict() == {"县级": 22, "市级": 3, "省级": 1}
    assert sorted(v.loc[v["legal_literates"] < 5, "village"]) == ["北岭村", "石桥村", "高楼村"]
    assert len(yd.disputes) == 12 and len(yd.petitions) == 10
    assert (yd.petitions["outcome"] == "resolved").sum() == 8
    assert len(yd.events) == 10


def test_years_move() -> None:
    years = fzdata.load_unit(SAMPLE_DATA, "李庄乡")
    assert list(years) == [2021, 2022, 2023, 2024]
    literates = [years[y].villages["legal_literates"].sum() for y in years]
    assert literates == [98, 125, 137, 144]
    events = [years[y].indicators.set_index("key").loc["publicity_events", "value"] for y in years]
    assert events == [6, 8, 10, 9]  # up, then a fall in 2024
    disputes = [len(years[y].disputes) for y in years]
    assert disputes == [18, 15, 12, 14]
    lagging = [int((years[y].villages["legal_literates"] < 5).sum()) for y in years]
    assert lagging == [22, 5, 3, 2]


def test_generator_reproduces_committed_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "make_sample_data.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    units = [("李庄乡", year) for year in (2021, 2022, 2023, 2024)]
    units += [("某县市场监督管理局", year) for year in (2022, 2023, 2024)]
    units += [(town, year) for town in ("青石镇", "河口镇") for year in (2023, 2024)]
    for unit, year in units:
        committed = fzdata.load_year(SAMPLE_DATA, unit, year)
        fresh = fzdata.load_year(tmp_path, unit, year)
        assert committed.files == fresh.files
        for kind in committed.tables:
            assert frame_text(committed.tables[kind]) == frame_text(fresh.tables[kind]), (
                year,
                kind,
            )
        pd.testing.assert_frame_equal(committed.findings, fresh.findings)
    for name in ("李庄乡/unit.yml", "青石镇/unit.yml", "河口镇/2024/narrative.md"):
        assert (tmp_path / name).read_bytes() == (SAMPLE_DATA / name).read_bytes(), name
