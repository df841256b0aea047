"""The indicator catalogue and the shipped data files."""

from __future__ import annotations

from pathlib import Path

import pytest

from fzdata.core.errors import ConfigError
from fzdata.core.resources import headers, vocab
from fzdata.ingest.detect import label_key
from fzdata.unit.catalogue import default_catalogue, load_catalogue

REQUIRED_KEYS = [
    "publicity_events",
    "materials_distributed",
    "consultations",
    "banners",
    "study_sessions",
    "legal_literates",
    "villages_total",
    "villages_with_counsel",
    "demo_villages_provincial",
    "demo_villages_municipal",
    "demo_villages_county",
    "disputes_handled",
    "disputes_resolved",
    "petitions_received",
    "petitions_resolved",
    "inspections",
    "demolition_actions",
    "demolished_area",
    "safety_notices",
    "irregularities_corrected",
    "hazards_rectified",
    "training_hours_avg",
]


def test_catalogue_has_the_contract_keys() -> None:
    cat = default_catalogue()
    assert set(REQUIRED_KEYS) <= set(cat.entries)
    assert cat["demolished_area"].unit == "平方米"
    assert cat["disputes_handled"].direction == "down"


@pytest.mark.parametrize(
    ("name", "key"),
    [("普法宣传活动", "publicity_events"), ("接待群众法律咨询", "consultations"),
     ("接待群众咨询", "consultations"), ("开展普法宣传活动（次）", "publicity_events"),
     ("组织拆违行动", "demolition_actions"), ("拆违面积", "demolished_area"),
     ("法律明白人数", "legal_literates"), ("累计培育法律明白人", "legal_literates"),
     ("全年开展普法宣传活动次数", "publicity_events"), (" 悬挂宣传横幅（条） ", "banners"),
     ("排查调处各类矛盾纠纷", "disputes_handled"), ("执法人员人均培训学时", "training_hours_avg"),
     ("检查企业、施工地", "inspections"), ("纠正各类不规范操作", "irregularities_corrected")],
)  # fmt: skip
def test_name_variants_map(name: str, key: str) -> None:
    assert default_catalogue().match(name).key == key


def test_unknown_name_is_custom_not_dropped() -> None:
    m = default_catalogue().match("发放村民宣传彩页")
    assert m.key == "" and m.how == ""


def test_cumulative_basis_hint() -> None:
    assert default_catalogue().match("累计培育法律明白人").basis_hint == "累计"


def test_unit_catalogue_extends(tmp_path: Path) -> None:
    ext = tmp_path / "catalogue.csv"
    ext.write_text("key,name,unit,direction,default_target,aliases\n"
                   "leaflets,发放村民宣传彩页,份,up,,宣传彩页\n", encoding="utf-8")  # fmt: skip
    cat = load_catalogue(ext)
    assert cat.match("发放村民宣传彩页").key == "leaflets"
    assert cat.match("普法宣传活动").key == "publicity_events"


def test_bad_unit_catalogue_is_a_clear_error(tmp_path: Path) -> None:
    ext = tmp_path / "catalogue.csv"
    ext.write_text("key,name,direction\nx,某指标,sideways\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="direction"):
        load_catalogue(ext)


def _strings(x: object, path: str = "") -> None:
    if isinstance(x, dict):
        for k, v in x.items():
            assert isinstance(k, str), f"{path}: key {k!r}"
            _strings(v, f"{path}/{k}")
    elif isinstance(x, list):
        for v in x:
            assert isinstance(v, str), f"{path}: {v!r} is not a string (quote it in the YAML)"
    else:
        assert isinstance(x, str), f"{path}: {x!r}"


def test_data_files_hold_only_strings() -> None:
    _strings(vocab())
    _strings(headers())


def test_header_aliases_unambiguous_within_a_table() -> None:
    for kind, fields in headers().items():
        seen: dict[str, str] = {}
        for field, aliases in fields.items():
            for alias in aliases:
                key = label_key(alias)
                assert seen.setdefault(key, field) == field, (
                    f"{kind}: {alias} → {seen[key]} and {field}"
                )


def test_catalogue_names_unambiguous() -> None:
    cat = default_catalogue()
    owner: dict[str, str] = {}
    for e in cat.entries.values():
        for text in (e.name, *e.aliases):
            assert owner.setdefault(label_key(text), e.key) == e.key, text
