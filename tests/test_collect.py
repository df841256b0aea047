"""fz collect: submitted reports read, recognised, checked, their figures extracted (issue 15 §3)."""

from __future__ import annotations

import importlib.util
import io
import math
import re
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_DATA, TESTS
from hypothesis import given, settings
from hypothesis import strategies as st

from fzdata.cli import main
from fzdata.core.limits import limits
from fzdata.county.collect import (
    FIGURES_COLUMNS,
    REPORTS_COLUMNS,
    REVIEW_COLUMNS,
    collect,
    read_collected,
)

SAMPLE_REPORTS = SAMPLE_DATA / "county" / "2024" / "报告"
BAISHU = SAMPLE_REPORTS / "柏树乡2024年法治政府建设情况的报告.docx"
FIXTURES = TESTS / "data" / "collect"
YEAR = 2024

# The figures the 柏树乡 report states, read by hand from scripts/make_county_reports.py:
# key -> (value, qualifier, lo, hi (None: open), measure, line (paragraph)).
BAISHU_FIGURES = {
    "study_sessions": (6, "", 6, 6, "次", 8),
    "publicity_events": (15, "", 15, 15, "次", 12),
    "materials_distributed": (2000, "余", 2000, None, "份", 12),
    "banners": (40, "", 40, 40, "条", 12),
    "consultations": (300, "约", 270, 330, "人次", 13),
    "villages_total": (18, "", 18, 18, "个", 14),
    "villages_with_counsel": (18, "", 18, 18, "个", 14),
    "counsel_coverage": (100, "", 100, 100, "%", 14),
    "legal_literates": (90, "", 90, 90, "人", 14),
    "demo_villages_provincial": (1, "", 1, 1, "个", 15),
    "demo_villages_county": (5, "", 5, 5, "个", 15),
    "disputes_handled": (36, "", 36, 36, "起", 17),
    "disputes_resolved": (34, "", 34, 34, "起", 17),
    "dispute_resolution_rate": (94.4, "", 94.4, 94.4, "%", 17),
    "petitions_received": (9, "", 9, 9, "件", 18),
    "petitions_resolved": (9, "", 9, 9, "件", 18),
    "petition_resolution_rate": (100, "", 100, 100, "%", 18),
    "inspections": (20, "", 20, 20, "处", 19),
    "hazards_rectified": (12, "", 12, 12, "处", 19),
    "training_hours_avg": (52, "", 52, 52, "学时", 19),
}


def _run(folder: Path, out: Path, data: Path = SAMPLE_DATA, year: int = YEAR):  # type: ignore[no-untyped-def]
    return collect(folder, data, year, out)


def _loud(result, file: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    report = next(r for r in result.reports if r.file == file)
    return [(v.level, v.code) for v in report.review if v.level in ("error", "warning")]


# ----------------------------------------------------------------- the sample report


def test_sample_report_figures_exact(tmp_path: Path) -> None:
    result = _run(SAMPLE_REPORTS, tmp_path)
    got = read_collected(tmp_path, YEAR)
    figures = got.figures
    assert list(figures.columns) == FIGURES_COLUMNS
    assert set(figures["unit"]) == {"柏树乡"} and set(figures["kind"]) == {"township"}
    assert set(figures["origin"]) == {"报告文字"}
    assert len(figures) == len(BAISHU_FIGURES) == figures["key"].nunique()
    for row in figures.itertuples():
        value, qualifier, lo, hi, measure, line = BAISHU_FIGURES[row.key]
        assert (row.value, row.qualifier, row.lo, row.measure, row.line) == (
            value, qualifier, lo, measure, line,
        ), row.key  # fmt: skip
        assert math.isnan(row.hi) if hi is None else row.hi == pytest.approx(hi), row.key
        assert row.file == BAISHU.name
    src = dict(zip(figures["key"], figures["source"], strict=True))
    assert src["materials_distributed"] == (
        "围绕宪法宣传周、民法典宣传月等节点，开展普法宣传活动15次，发放宣传资料2000余份，悬挂宣传横幅40条。"
    )
    assert src["disputes_handled"].startswith("排查调处矛盾纠纷36起，")
    assert src["training_hours_avg"] == "全乡执法人员人均培训学时52学时。"
    # The arrangements (「力争……不少于6次」) state targets: not figures.
    assert figures.loc[figures["key"] == "study_sessions", "line"].tolist() == [8]
    # The file itself: the CSV is UTF-8 with BOM, with the interface's columns.
    raw = (tmp_path / "汇总" / "2024" / "collected" / "figures.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\nstudy_sessions" not in raw[:3]
    assert ",materials_distributed,发放宣传资料,2000,余,2000,,份," in raw.decode("utf-8-sig")
    assert result.errors == 0


def test_sample_report_is_quiet_and_recognised_by_title(tmp_path: Path) -> None:
    result = _run(SAMPLE_REPORTS, tmp_path)
    got = read_collected(tmp_path, YEAR)
    assert list(got.reports.columns) == REPORTS_COLUMNS
    row = got.reports.iloc[0]
    assert (row.unit, row.kind, row.recognised_by, row.year, row.sections) == (
        "柏树乡", "township", "标题", 2024, "5/5",
    )  # fmt: skip
    assert row.title == "关于柏树乡2024年法治政府建设情况的报告"  # typed over two lines
    assert (row.errors, row.warnings, bool(row.draft)) == (0, 0, False)
    assert row.last_changed == "2025-03-06"  # the Word file's own modified date
    assert len(row.sha256) == 64
    assert list(got.review.columns) == REVIEW_COLUMNS and got.review.empty
    assert _loud(result, BAISHU.name) == []


def test_sample_report_bytes_are_stable() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_county_reports", REPO / "scripts" / "make_county_reports.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    import datetime as dt

    data = mod.docx_bytes(mod.BAISHU, dt.datetime(2025, 3, 6, 9, 30), "柏树乡党政办")
    assert data == BAISHU.read_bytes(), "run python scripts/make_county_reports.py"


# ------------------------------------------------------------ planted errors, clean ones


def test_every_planted_error_is_found(tmp_path: Path) -> None:
    result = _run(FIXTURES / "errors", tmp_path)
    [report] = result.reports
    assert report.unit == "李庄乡" and report.recognised_by == "标题"
    codes = {code for _, code in _loud(result, report.file)}
    assert codes == {
        "report_wrong_year",  # 2023 in the title
        "report_no_issuer",  # no 落款 above the date
        "lint:structure",  # part 三 missing
        "lint:numbering",  # 一、二、四、
        "lint:approx-number",  # 约1000余份
        "lint:data-mismatch",  # 20 disputes, the ledgers have 14
    }
    review = read_collected(tmp_path, YEAR).review
    by_code = {r.code: r for r in review.itertuples()}
    assert "14起" in by_code["lint:data-mismatch"].message
    assert by_code["lint:data-mismatch"].line == 8
    assert by_code["lint:data-mismatch"].section == "2024年推进法治政府建设的主要举措和成效"
    assert "存在的不足" in by_code["lint:structure"].message
    assert by_code["lint:numbering"].line == 9
    assert set(review["level"]) == {"error"}
    # A report of another year (or so its title says) gives no figures to the roll-up.
    assert read_collected(tmp_path, YEAR).figures.empty
    assert read_collected(tmp_path, YEAR).reports.iloc[0].errors == 6


def test_clean_md_and_txt_reports_are_quiet(tmp_path: Path) -> None:
    result = _run(FIXTURES / "clean", tmp_path)
    by_file = {r.file: r for r in result.reports}
    md, txt = by_file["市场监管局报告.md"], by_file["年度报告.txt"]
    assert (md.unit, md.kind, md.recognised_by) == ("某县市场监督管理局", "department", "标题")
    assert (txt.unit, txt.kind, txt.recognised_by) == ("李庄乡", "township", "落款")
    assert _loud(result, md.file) == [] and _loud(result, txt.file) == []
    assert len(md.sections) == len(txt.sections) == 5
    figures = read_collected(tmp_path, YEAR).figures
    dept = figures[figures["unit"] == "某县市场监督管理局"].set_index("key")
    assert dept.loc["officers_certified_rate", "value"] == 87.5
    assert dept.loc["training_hours_avg", "value"] == 63.5
    assert dept.loc["enforcement_cases", "measure"] == "件"
    town = figures[figures["unit"] == "李庄乡"].set_index("key")
    assert (town.loc["materials_distributed", "value"], town.loc["materials_distributed", "qualifier"]) == (1200, "余")  # fmt: skip
    assert town.loc["consultations", ["lo", "hi"]].tolist() == pytest.approx([540, 660])


def test_figures_contradicting_ledgers_only_where_ledgers_exist(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = (FIXTURES / "clean" / "年度报告.txt").read_bytes().decode("gb18030")
    (folder / "a.txt").write_text(text.replace("排查调处矛盾纠纷14起", "排查调处矛盾纠纷15起"))
    (folder / "b.txt").write_text(text.replace("李庄乡人民政府", "某县柏树乡人民政府"))
    result = _run(folder, tmp_path / "out")
    assert ("error", "lint:data-mismatch") in _loud(result, "a.txt")
    assert _loud(result, "b.txt") == []  # 柏树乡 has no ledgers: nothing to contradict


# ------------------------------------------------------------------------ recognition


def _report(title: str, issuer: str, body: str = "") -> str:
    return "\n".join([
        title, "中共某县委全面依法治县委员会办公室：",
        "一、党政主要负责人履行推进法治建设第一责任人职责情况", "（一）组织党委中心组学法4次。" + body,
        "二、2024年推进法治政府建设的主要举措和成效", "（一）开展普法宣传活动3次。",
        "三、存在的不足、原因和问题整改情况", "（一）普法形式单一。",
        "四、2025年推进法治政府建设的主要安排", "（一）继续普法。",
        "五、其他需要报告的情况", "无。", issuer, "2025年3月1日",
    ])  # fmt: skip


@pytest.mark.parametrize(
    ("name", "title", "issuer", "unit", "how"),
    [
        ("报告.txt", "关于柏树乡2024年法治政府建设情况的报告", "人民政府", "柏树乡", "标题"),
        ("报告.txt", "关于2024年法治政府建设情况的报告", "某县柏树乡人民政府", "柏树乡", "落款"),
        ("柏树乡.txt", "关于2024年法治政府建设情况的报告", "人民政府", "柏树乡", "文件名"),
        ("报告.md", "# 关于市场监管局2024年法治政府建设情况的报告", "党组", "某县市场监督管理局", "标题"),
        ("报告.txt", "关于2024年法治政府建设情况的报告", "李庄乡人民政府", "李庄乡", "落款"),
    ],
)  # fmt: skip
def test_recognised_by_title_issuer_or_file_name(
    tmp_path: Path, name: str, title: str, issuer: str, unit: str, how: str
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_text(_report(title, issuer), encoding="utf-8")
    [r] = collect(tmp_path / "in", SAMPLE_DATA, YEAR, None).reports
    assert (r.unit, r.recognised_by, r.year) == (unit, how, 2024)
    # (its made-up figures contradict 李庄乡's and 市场监管局's ledgers: lint:data-mismatch)
    assert [c for _, c in _loud_of(r) if not c.startswith("lint:")] == []


def _loud_of(r):  # type: ignore[no-untyped-def]
    return [(v.level, v.code) for v in r.review if v.level != "info"]


def test_disagreeing_and_unknown_units_are_flagged(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        _report("关于柏树乡2024年法治政府建设情况的报告", "李庄乡人民政府"), encoding="utf-8"
    )
    (tmp_path / "in" / "b.txt").write_text(
        _report("关于桃园镇2024年法治政府建设情况的报告", "某县桃园镇人民政府"), encoding="utf-8"
    )
    result = collect(tmp_path / "in", SAMPLE_DATA, YEAR, tmp_path / "out")
    a, b = result.reports
    assert a.unit == "柏树乡" and ("warning", "report_unit_conflict") in _loud_of(a)
    assert "李庄乡" in next(v.message for v in a.review if v.code == "report_unit_conflict")
    assert b.unit == "" and b.recognised_by == "未识别"
    unknown = next(v for v in b.review if v.code == "report_unknown_unit")
    assert unknown.level == "error" and "桃园镇" in unknown.message
    figures = read_collected(tmp_path / "out", YEAR).figures
    assert set(figures["unit"]) == {"柏树乡"}  # an unknown unit's figures are not rolled up


def test_wrong_year_draft_and_duplicate(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    old = _report("关于柏树乡2023年法治政府建设情况的报告", "某县柏树乡人民政府")
    (tmp_path / "in" / "a.txt").write_text(old, encoding="utf-8")
    draft = _report("关于柏树乡2024年法治政府建设情况的报告（征求意见稿）", "某县柏树乡人民政府")
    (tmp_path / "in" / "b.txt").write_text(draft, encoding="utf-8")
    a, b = collect(tmp_path / "in", SAMPLE_DATA, YEAR, None).reports
    assert ("error", "report_wrong_year") in _loud_of(a) and a.year == 2023
    assert b.draft and not a.draft
    assert a.figures == [] and b.figures  # the 2023 report's figures are not this year's


# --------------------------------------------------------------------------- hostile


def _docx_with(paragraphs: list[str]) -> bytes:
    import docx

    doc = docx.Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_hostile_files_are_findings_not_tracebacks(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "柏树乡-不是zip.docx").write_bytes(b"<html><script>alert(1)</script></html>")
    (folder / "旧版.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (folder / "空.docx").write_bytes(b"")
    (folder / "截断.docx").write_bytes(BAISHU.read_bytes()[:5000])
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<" + b"a" * (20 << 20))
    (folder / "炸弹.docx").write_bytes(bomb.getvalue())
    macro = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(BAISHU.read_bytes())) as zin, zipfile.ZipFile(macro, "w") as zout:  # fmt: skip
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr("word/vbaProject.bin", b'Attribute VB_Name = "x"')
    (folder / "宏.docx").write_bytes(macro.getvalue())
    (folder / "图片.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "~$柏树乡报告.docx").write_bytes(b"lock")
    (folder / ".隐藏.md").write_text("x")
    (folder / "旧报告.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "照片.jpg").write_bytes(b"\xff\xd8")
    result = collect(folder, SAMPLE_DATA, YEAR, tmp_path / "out")
    codes = {r.file: [c for _, c in _loud_of(r)] for r in result.reports}
    assert codes == {
        "柏树乡-不是zip.docx": ["report_unreadable"],
        "旧版.docx": ["report_unreadable"],
        "空.docx": ["report_unreadable"],
        "截断.docx": ["report_unreadable"],
        "炸弹.docx": ["report_unreadable"],
        "宏.docx": ["report_macro"],
        "图片.txt": ["report_unreadable"],
    }
    bomb_msg = next(r for r in result.reports if r.file == "炸弹.docx").review[0].message
    assert "压缩" in bomb_msg
    # An unreadable file is still placed by its file name when the name tells.
    named = next(r for r in result.reports if r.file == "柏树乡-不是zip.docx")
    assert (named.unit, named.recognised_by, named.read) == ("柏树乡", "文件名", False)
    skipped = {str(s.path): (s.level, s.message) for s in result.skipped}
    assert skipped["~$柏树乡报告.docx"][0] == "info" and "~$" in skipped["~$柏树乡报告.docx"][1]
    assert skipped[".隐藏.md"] == ("info", "隐藏文件，已跳过")
    assert skipped["旧报告.doc"][0] == "warning" and ".docx" in skipped["旧报告.doc"][1]
    assert skipped["照片.jpg"][0] == "info"
    review = read_collected(tmp_path / "out", YEAR).review
    assert {"~$柏树乡报告.docx", ".隐藏.md", "旧报告.doc"} <= set(review["file"])


def test_paragraph_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(limits(), "max_report_paragraphs", 50)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "多.docx").write_bytes(_docx_with(["段落"] * 200))
    (tmp_path / "in" / "多.txt").write_text("行\n" * 200, encoding="utf-8")
    result = collect(tmp_path / "in", SAMPLE_DATA, YEAR, None)
    for r in result.reports:
        assert [c for _, c in _loud_of(r)] == ["report_unreadable"], r.file
        assert "上限 50 个" in r.review[0].message


def test_html_and_formulas_in_a_report_stay_text(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    lines = _report("关于柏树乡2024年法治政府建设情况的报告", "某县柏树乡人民政府").splitlines()
    lines[3] = '=HYPERLINK("http://x")<script>alert(1)</script>组织党委中心组学法4次。'
    (tmp_path / "in" / "柏树乡.docx").write_bytes(_docx_with(lines))
    name = "报告\n换行\x1b.txt"
    (tmp_path / "in" / name).write_text("\n".join(lines), encoding="utf-8")
    result = collect(tmp_path / "in", SAMPLE_DATA, YEAR, tmp_path / "out")
    assert {r.file for r in result.reports} == {"柏树乡.docx", "报告\\n换行\\x1b.txt"}
    raw = (tmp_path / "out" / "汇总" / "2024" / "collected" / "figures.csv").read_text("utf-8-sig")
    assert "'=HYPERLINK" in raw and "<script>alert(1)</script>" in raw
    assert "\n=" not in raw and ",=" not in raw
    figures = read_collected(tmp_path / "out", YEAR).figures
    assert set(figures.loc[figures["key"] == "study_sessions", "value"]) == {4}


# ------------------------------------------------------------------------------- CLI


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = ["--data", str(SAMPLE_DATA), "--out", str(tmp_path), "--year", "2024"]
    assert main(["collect", str(FIXTURES / "clean"), *out]) == 0
    text = capsys.readouterr().out
    assert "年度报告.txt：李庄乡（按落款识别）" in text and "错误 0，警告 0" in text
    assert main(["collect", str(FIXTURES / "errors"), *out]) == 1
    text = capsys.readouterr().out
    assert "report_wrong_year" in text and "共读取 1 份报告（1 份有错误）" in text
    assert main(["collect", str(tmp_path / "没有"), *out]) == 1
    assert "不存在" in capsys.readouterr().err
    wrong = ["--data", str(tmp_path / "无数据"), "--out", str(tmp_path), "--year", "2024"]
    assert main(["collect", str(FIXTURES / "clean"), *wrong]) == 1
    assert "数据目录" in capsys.readouterr().err
    (tmp_path / "空").mkdir()
    assert main(["collect", str(tmp_path / "空"), *out]) == 1
    assert "没有报告文件" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["collect", str(FIXTURES / "clean")])
    assert exc.value.code == 2 and "--year" in capsys.readouterr().err


def test_read_collected_when_nothing_was_collected(tmp_path: Path) -> None:
    got = read_collected(tmp_path, YEAR)
    assert got.reports.empty and got.figures.empty and got.review.empty
    assert list(got.figures.columns) == FIGURES_COLUMNS


def test_sample_county_lists_baishu_without_a_folder() -> None:
    from fzdata.county.settings import load_county

    county = load_county(SAMPLE_DATA)
    assert county is not None and county.unit("柏树乡").kind == "township"  # type: ignore[union-attr]
    assert not (SAMPLE_DATA / "柏树乡").exists()


# ------------------------------------------------------------------ the shared parser


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    catalogue=st.sampled_from(["catalogue.csv", "catalogue_department.csv"]),
    value=st.integers(min_value=1, max_value=99999),
    qualifier=st.sampled_from(["", "余", "多", "约"]),
)
def test_every_indicator_name_states_its_figure(
    data: st.DataObject, catalogue: str, value: int, qualifier: str
) -> None:
    """Any catalogue name or alias followed by a figure and its measure is read back as that
    indicator, value and qualifier, with the interval the qualifier stands for (the parser
    data-mismatch and fz collect share)."""
    from fzdata.core.figures import Figure
    from fzdata.lint.stated import catalogue_names, stated_figures
    from fzdata.unit.catalogue import default_catalogue

    cat = default_catalogue(catalogue)
    names = catalogue_names(cat)
    name = data.draw(st.sampled_from(sorted(names)))
    key, measure = names[name], cat[names[name]].unit
    if qualifier in ("余", "多"):
        value = value * 10  # 余/多 only after a round number
    written = f"约{value}" if qualifier == "约" else f"{value}{qualifier}"
    [s] = stated_figures([f"全年{name}{written}{measure}，成效明显。"], names)
    assert (s.key, s.value, s.qualifier, s.fits({measure})) == (key, value, qualifier, True)
    fig = Figure(s.value, s.qualifier)
    assert fig.lo <= value <= fig.hi
    assert (fig.hi == math.inf) == (qualifier in ("余", "多"))
    # The same sentence in the arrangements, or as a target, is no figure of the year.
    plans = ["四、下一年度推进法治政府建设的主要安排", f"（一）全年{name}{written}{measure}。"]
    assert stated_figures(plans, names) == []
    assert stated_figures([f"力争{name}{written}{measure}。"], names) == []


def test_sample_figures_golden(tmp_path: Path, update_golden: bool) -> None:
    """The whole figures.csv of the 柏树乡 sample, sources included (checked by hand against
    BAISHU_FIGURES above and the report's sentences)."""
    from golden import check_golden

    collect(SAMPLE_REPORTS, SAMPLE_DATA, YEAR, tmp_path)
    text = (tmp_path / "汇总" / "2024" / "collected" / "figures.csv").read_text("utf-8-sig")
    check_golden(
        FIXTURES / "expected" / "柏树乡_figures.csv", text.replace("\r\n", "\n"), update_golden
    )


def test_word_automatic_numbering_is_read_as_shown(tmp_path: Path) -> None:
    """Headings numbered by Word's list numbering (the 「一、」 is not in the text) are read
    with their numbers, so the five parts and the numbering are checked as a reader sees them."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    doc = docx.Document()
    numbering = doc.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="7">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
        "</w:abstractNum>"
    ))  # fmt: skip
    numbering.append(parse_xml(f'<w:num {w} w:numId="9"><w:abstractNumId w:val="7"/></w:num>'))
    lines = _report("关于柏树乡2024年法治政府建设情况的报告", "某县柏树乡人民政府").splitlines()
    for text in lines:
        m = re.match(r"^([一二三四五]、|（一）)", text)
        p = doc.add_paragraph(text[len(m.group(0)) :] if m else text)
        if m:
            level = 0 if m.group(0).endswith("、") else 1
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="9"/></w:numPr>'
            ))  # fmt: skip
    bullet = doc.add_paragraph("要点")
    bullet._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {w}><w:ilvl w:val="2"/><w:numId w:val="9"/></w:numPr>')
    )
    (tmp_path / "in").mkdir()
    doc.save(tmp_path / "in" / "自动编号.docx")
    from fzdata.county.readers import read_report

    read = read_report(tmp_path / "in" / "自动编号.docx")
    assert read.lines[2:4] == [
        "一、党政主要负责人履行推进法治建设第一责任人职责情况",
        "（一）组织党委中心组学法4次。",
    ]
    assert read.lines[-1] == "要点"  # a bullet is no number
    [r] = collect(tmp_path / "in", SAMPLE_DATA, YEAR, None).reports
    assert len(r.sections) == 5
    assert _loud_of(r) == []  # numbering in order; the 落款 and date are found above 「要点」


def test_bounds_and_targets() -> None:
    """「以上」 is a lower bound kept by collect (data-mismatch leaves it alone); 「以下」 and
    target clauses are no figures of the year."""
    from fzdata.lint.stated import catalogue_names, stated_figures
    from fzdata.unit.catalogue import default_catalogue

    names = catalogue_names(default_catalogue())
    [s] = stated_figures(["执法人员培训达标率95%以上。"], names)
    assert (s.key, s.value, s.qualifier, s.bound) == ("training_compliance", 95, "以上", "以上")
    [s] = stated_figures(["接待群众法律咨询300人次以下。"], names)
    assert s.bound == "以下"  # collect drops it (an upper bound is no figure)
    assert stated_figures(["确保法律顾问覆盖率100%。", "计划开展普法宣传活动12次。"], names) == []


def test_lower_bound_contradicts_ledgers_only_above_them(tmp_path: Path) -> None:
    """李庄乡's 2024 ledgers: training compliance 87.5%. 「95%以上」 cannot be; 「80%以上」 can."""
    text = (FIXTURES / "clean" / "年度报告.txt").read_bytes().decode("gb18030")
    for name, rate, loud in (("a.txt", "95%以上", True), ("b.txt", "80%以上", False)):
        folder = tmp_path / name
        folder.mkdir()
        line = f"（一）开展普法宣传活动9次，执法人员培训达标率{rate}，"
        (folder / name).write_text(text.replace("（一）开展普法宣传活动9次，", line))
        [r] = collect(folder, SAMPLE_DATA, YEAR, None).reports
        assert (("error", "lint:data-mismatch") in _loud_of(r)) is loud, rate
        [fig] = [f for f in r.figures if f["key"] == "training_compliance"]
        assert (fig["qualifier"], fig["hi"], fig["measure"]) == ("以上", None, "%")


# ------------------------------------------- which indicator a figure belongs to (real wording)

# Sentences as units write them -> the figures read ({key: value}); nothing else may be read.
PHRASINGS = {
    "三是共排查化解矛盾纠纷28起，成功调处26起。": {"disputes_handled": 28, "disputes_resolved": 26},
    "全年共排查调处各类矛盾纠纷30起，调处成功28起，调处成功率93.3%。": {
        "disputes_handled": 30, "disputes_resolved": 28, "dispute_resolution_rate": 93.3},
    "排查矛盾纠纷30起，其中成功化解28起。": {"disputes_handled": 30, "disputes_resolved": 28},
    "受理矛盾纠纷20起，化解18起。": {"disputes_handled": 20, "disputes_resolved": 18},
    "共排查各类矛盾纠纷15起，调解成功15起。": {"disputes_handled": 15, "disputes_resolved": 15},
    "成功化解矛盾纠纷26起。": {"disputes_resolved": 26},
    "接待信访案件7件，办结7件。": {"petitions_received": 7, "petitions_resolved": 7},
    "受理群众信访7件，已全部办结7件，办结率100%。": {
        "petitions_received": 7, "petitions_resolved": 7, "petition_resolution_rate": 100},
    "全乡18个行政村均配备法律顾问。": {"villages_total": 18, "villages_with_counsel": 18},
    "全镇共有12个行政村。": {"villages_total": 12},
    "全乡共有18个行政村，均配备法律顾问。": {"villages_total": 18},
    "辖区内共有3个行政村配备法律顾问。": {},  # the 3 counts villages with counsel: unsure
    "培育法律明白人95名。": {"legal_literates": 95},
    "开展法治宣传活动15场，发放宣传资料2000余份。": {
        "publicity_events": 15, "materials_distributed": 2000},
    "组织党委中心组学法6次。": {"study_sessions": 6},
    # Left unread: a part, a per-village count, a comparison, another folder's subject, a
    # verb that may count all handled, a phrase of two meanings, a figure after a new sentence.
    "全乡18个行政村中12个配备法律顾问。": {},
    "每个行政村培育法律明白人5名。": {},
    "个别村法律明白人仍不足5名。": {},
    "共排查、化解矛盾纠纷28起。": {},
    "集体学法10次。": {},
    "接待信访案件7件。办结7件。": {"petitions_received": 7},
    "发放宣传资料2000份，办结7件。": {"materials_distributed": 2000},
    "接待信访案件7件，开展回访，办结7件。": {"petitions_received": 7},
    "拆违行动5场。": {},  # 场 is a measure of events only
}  # fmt: skip


@pytest.mark.parametrize("sentence", list(PHRASINGS))
def test_each_figure_belongs_to_the_name_right_before_it(sentence: str) -> None:
    from fzdata.lint.stated import catalogue_names, stated_figures
    from fzdata.unit.catalogue import default_catalogue

    cat = default_catalogue()
    read = {
        s.key: s.value
        for s in stated_figures([sentence], catalogue_names(cat))
        if s.fits({cat[s.key].unit})
    }
    assert read == PHRASINGS[sentence]


def test_the_disputes_sentence_in_word_is_collected_right(tmp_path: Path) -> None:
    """The .docx a new user sent: 28 handled and 26 resolved (before: 28 as resolved, 26 lost);
    a phrase left unread is noted in review.csv as 提示."""
    body = _report("关于柏树乡2024年法治政府建设情况的报告", "某县柏树乡人民政府").splitlines()
    at = next(i for i, t in enumerate(body) if t.startswith("（一）组织党委中心组学法"))
    body[at + 1 : at + 1] = ["三是共排查化解矛盾纠纷28起，成功调处26起。", "全年集体学法10次。"]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "柏树乡.docx").write_bytes(_docx_with(body))
    [r] = collect(tmp_path / "in", SAMPLE_DATA, YEAR, tmp_path / "out").reports
    got = {f["key"]: (f["value"], f["source"]) for f in r.figures}
    sentence = "三是共排查化解矛盾纠纷28起，成功调处26起。"
    assert got["disputes_handled"] == (28, sentence)
    assert got["disputes_resolved"] == (26, sentence)
    review = read_collected(tmp_path / "out", YEAR).review
    [note] = review[review["code"] == "report_figure_unsure"].to_dict("records")
    assert note["level"] == "info" and "集体学法10次" in note["message"]


@settings(max_examples=100, deadline=None)
@given(data=st.data(), a=st.integers(1, 999), b=st.integers(1, 999))
def test_two_figures_in_a_sentence_keep_their_own_names(
    data: st.DataObject, a: int, b: int
) -> None:
    """「<名称A>a<单位>，<名称B>b<单位>。」 for any two names of different indicators: each
    figure is read for the name right before it, or not at all (never for the other one)."""
    from fzdata.lint.stated import catalogue_names, stated_figures
    from fzdata.unit.catalogue import default_catalogue

    cat = default_catalogue()
    names = catalogue_names(cat)
    first = data.draw(st.sampled_from(sorted(names)))
    second = data.draw(st.sampled_from(sorted(n for n in names if names[n] != names[first])))
    line = f"全年{first}{a}{cat[names[first]].unit}，{second}{b}{cat[names[second]].unit}。"
    read = [(s.key, s.value) for s in stated_figures([line], names)]
    assert (names[first], a) in read
    assert all(value == (a if key == names[first] else b) for key, value in read)
    assert (names[second], b) in read or read == [(names[first], a)]
