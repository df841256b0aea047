"""The package's shape: stage subpackages without import cycles, pickle-safe errors, and
registries that stay in step with their wording and docs."""

from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path

import pytest

import fzdata
from fzdata.core import errors

PACKAGE = Path(fzdata.__file__).parent
ROOT = PACKAGE.parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Every fzdata module and the fzdata modules it imports, anywhere in its source (lazy
    imports inside functions count: a cycle deferred is still a cycle)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for t in targets:
                if t in modules and t != name and t != "fzdata":
                    deps.add(t)
        graph[name] = deps
    return graph


def test_stage_subpackages_exist() -> None:
    for stage in ("core", "unit", "ingest", "analysis", "report", "export", "lint", "build"):
        assert (PACKAGE / stage / "__init__.py").is_file(), stage


def test_no_import_cycles() -> None:
    graph = _import_graph()
    assert len(graph) > 30  # the walk found the package
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycles.append([*stack[stack.index(dep) :], dep])
            elif dep not in state:
                visit(dep, [*stack, dep])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, "\n".join(" → ".join(c) for c in cycles)


def _all_subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out += [sub, *_all_subclasses(sub)]
    return out


SAMPLES = {
    errors.FzError: lambda: errors.FzError("出错了", file="a.xlsx", sheet="表", cell="B2"),
    errors.DataDirError: lambda: errors.DataDirError("单位不存在", "data/x", ["甲", "乙"]),
    errors.ConfigError: lambda: errors.ConfigError("unit.yml", "norms 应是数字", line=3),
    errors.SourceError: lambda: errors.SourceError("encrypted", "文件已加密"),
    errors.NarrativeError: lambda: errors.NarrativeError("narrative.md", [(3, "没有「指标.x」")]),
    errors.NotebookFailure: lambda: errors.NotebookFailure("report.ipynb", "第2格", "出错"),
    errors.BuildError: lambda: errors.BuildError("输出目录只读", "/out"),
    errors.UnsafePathError: lambda: errors.UnsafePathError("单位名称含有路径分隔符", "../x"),
    errors.WriteError: lambda: errors.WriteError("/out/index.html", "磁盘已满"),
}


def test_every_error_is_an_fzerror_and_has_a_sample() -> None:
    import fzdata.build.kernels
    import fzdata.ingest.sources
    import fzdata.report.narrative  # noqa: F401

    subclasses = set(_all_subclasses(errors.FzError))
    assert subclasses | {errors.FzError} == set(SAMPLES), "add a sample for each new error"


@pytest.mark.parametrize("cls", list(SAMPLES), ids=lambda c: c.__name__)
def test_errors_survive_pickle(cls: type) -> None:
    err = SAMPLES[cls]()
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is cls
    assert str(back) == str(err)
    assert {k: getattr(back, k) for k in vars(err)} == vars(err)
    for attr in ("file", "sheet", "cell", "line"):
        assert getattr(back, attr) == getattr(err, attr)


# ------------------------------------------------------------------ registries


def test_shortcoming_rules_wording_and_docs_in_step() -> None:
    from fzdata.analysis.rules import RULES
    from fzdata.core.resources import wording

    w = wording()
    doc = (ROOT / "docs" / "analysis.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| ([a-z_]+) \|", doc, re.M))
    assert set(RULES) <= documented, "document every rule in docs/analysis.md"
    for rule_id, rule in RULES.items():
        # Each rule has its sentence patterns: a finding, its follow-up, next year's plan.
        assert any(k == rule_id or k.startswith(rule_id) for k in w["shortcomings"]), rule_id
        assert rule_id in w["followup"], rule_id
        assert rule_id in w["arrangements"], rule_id
        assert rule.followup_text is not None
    from fzdata.export.tables import columns

    labels = columns()["values"]["rule"]
    assert set(RULES) <= set(labels), "give every rule a Chinese name in columns.yml"
    rule_like = {
        k
        for k in w["followup"]
        if k not in ("statuses", "fixed", "unknown", "no_rate", "cases_resolved")
    }
    assert rule_like <= set(RULES), "wording for a rule that does not exist"


def test_rules_can_be_switched_off(tmp_path: Path) -> None:
    import shutil

    from fzdata.analysis.analyse import analyse_year
    from fzdata.core.errors import ConfigError

    shutil.copytree(ROOT / "data" / "李庄乡", tmp_path / "李庄乡")
    settings = tmp_path / "李庄乡" / "unit.yml"
    base = settings.read_text(encoding="utf-8")
    before = set(analyse_year(tmp_path, "李庄乡", 2023).shortcomings["rule"])
    assert "coverage_gap" in before
    settings.write_text(base + "\nrules_off: [coverage_gap]\n", encoding="utf-8")
    after = set(analyse_year(tmp_path, "李庄乡", 2023).shortcomings["rule"])
    assert after == before - {"coverage_gap"}
    settings.write_text(base + "\nrules_off: [coverage]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="rules_off"):
        analyse_year(tmp_path, "李庄乡", 2023)


def test_lint_rules_are_documented() -> None:
    from fzdata.lint.engine import RULES

    doc = (ROOT / "docs" / "writing.md").read_text(encoding="utf-8")
    assert len(RULES) >= 6
    for name in RULES:
        assert f"| {name} |" in doc, f"lint rule {name} missing from docs/writing.md"


def test_finding_codes_catalogue_docs_and_source_in_step() -> None:
    from fzdata.core.findings import DOCS_END, DOCS_START, catalogue, docs_table

    doc = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    block = doc.split(DOCS_START)[1].split(DOCS_END)[0].strip()
    assert block == docs_table(), "run `make docs` after editing findings.yml"
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    for code in catalogue():
        assert f'"{code}"' in source, f"{code} is declared but never raised"


def test_undeclared_finding_code_is_refused() -> None:
    from fzdata.core.findings import Collector

    with pytest.raises(ValueError, match=r"findings\.yml"):
        Collector().finding("warning", "no_such_code", "x")
    with pytest.raises(ValueError, match=r"findings\.yml"):
        Collector().finding("info", "file_encrypted", "declared as an error only")


def test_derived_indicators_are_catalogue_keys_of_known_tables() -> None:
    from fzdata.analysis.derive import DERIVED
    from fzdata.core.schema import TABLES
    from fzdata.unit.catalogue import load_catalogue

    cat = load_catalogue()
    assert len(DERIVED) >= 10
    for key, d in DERIVED.items():
        assert key in cat.entries and d.table in TABLES, key


def test_every_kind_derives_keys_of_its_own_catalogue_and_tables() -> None:
    import fzdata.analysis.analyse  # noqa: F401  (registers every kind's derivations)
    from fzdata.analysis.derive import derivations
    from fzdata.unit.catalogue import load_catalogue
    from fzdata.unit.profiles import kinds, load_profile

    for kind in kinds():
        profile = load_profile(kind)
        cat = load_catalogue(None, profile.catalogue)
        assert derivations(kind), kind
        for key, d in derivations(kind).items():
            assert key in cat.entries and d.table in profile.tables, (kind, key)


def test_export_formats_registered() -> None:
    from fzdata.export.formats import FORMATS

    assert {"html", "docx"} <= set(FORMATS)
    assert len({f.file for f in FORMATS.values()}) == len(FORMATS)


def test_every_literal_finding_in_the_source_is_declared() -> None:
    """A static pass over the source: each finding written with a literal level and code (a
    ``finding``/``find`` call, a ``Skipped`` file, a ``(level, code, message, cell)`` note of a
    reader) names a declared pair, and each ``SourceError`` code is declared as an error; so no
    code reaches a user undocumented (the runtime check only sees the paths fixtures take)."""
    from fzdata.core.findings import catalogue

    cat = catalogue()
    levels = ("error", "warning", "info")
    seen = 0
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            pair = None
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                args = node.args
                if name in ("finding", "find") and len(args) >= 2:
                    pair = args[0], args[1]
                elif name == "Skipped" and len(args) >= 3:
                    pair = args[1], args[2]
                elif name == "SourceError" and args:
                    pair = ast.Constant("error"), args[0]
            elif isinstance(node, ast.Tuple) and len(node.elts) >= 3:
                pair = node.elts[0], node.elts[1]
            if pair is None or not all(
                isinstance(a, ast.Constant) and isinstance(a.value, str) for a in pair
            ):
                continue
            level, code = pair[0].value, pair[1].value
            if level not in levels or code in levels:
                continue
            seen += 1
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            assert code in cat, f"{where}: {code} not declared in findings.yml"
            assert level in cat[code], f"{where}: {code} not declared as a {level}"
    assert seen > 40


def test_indicator_catalogue_docs_in_step() -> None:
    from fzdata.unit.catalogue import DOCS_END, DOCS_START, docs_table

    doc = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    block = doc.split(DOCS_START, 1)[1].split(DOCS_END, 1)[0].lstrip("\n")
    assert block == docs_table(), "run `make docs` after editing a catalogue"
    assert "| `consultations` | 接待法律咨询 |" in block
