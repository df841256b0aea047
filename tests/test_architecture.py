"""The package's shape: stage subpackages without import cycles, pickle-safe errors, and
registries that stay in step with their wording and docs."""

from __future__ import annotations

import ast
import pickle
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
