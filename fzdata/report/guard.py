"""What a narrative.md may contain, checked on the template's syntax tree before anything runs.

A narrative is Markdown with placeholders. The only template syntax it may use is the documented
one (docs/narrative.md): ``{{ 单位 }}`` and the other plain names, ``{{ 指标.名称 }}`` and
``{{ 指标["名称"] }}`` for the namespaces, and ``{# 注释 #}``. No statement (``{% … %}``),
filter, call, operator, literal, test or underscored name is documented, so every one is refused
with its line before rendering, all problems at once. ``fz check``, ``fz lint`` and ``fz build``
call :func:`template_problems`; rendering then happens in an immutable sandbox with nothing but
the namespaces in it (:func:`sandbox`), a second wall should the first one miss something.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

#: The namespaces written as ``{{ 指标.名称 }}`` and the plain names written as ``{{ 单位 }}``.
NAMESPACES = ("指标", "变化", "上年", "目标", "自动", "表", "图")
SCALARS = ("单位", "年份", "上一年", "下一年")
#: A county narrative (``data/county/<年份>/narrative.md``) also has the county's totals per kind
#: of unit and the unit counts (:mod:`fzdata.county.report`).
COUNTY_NAMESPACES = ("乡镇", "部门", "单位数")
#: Brackets nested deeper than this in one tag are refused before the parser sees them (the
#: parser is recursive: 2000 nested parentheses would exhaust Python's stack).
MAX_DEPTH = 8
_TAG = re.compile(r"\{\{(?P<var>.*?)\}\}|\{%(?P<block>.*?)%\}|\{#.*?#\}", re.S)

Spec = Mapping[str, Any]  # kind → set of names (a namespace) or None (a plain name)


class _Any(frozenset):
    """Every name of a namespace (only the kinds are known when checking shape only)."""

    def __contains__(self, item: object) -> bool:
        return True


_ANY = _Any()


class _ShapeOnly(dict):
    """A spec whose namespaces accept any name: only the kinds are checked."""


def sandbox() -> ImmutableSandboxedEnvironment:
    """The environment narratives render in: no globals (range, lipsum, cycler, joiner,
    namespace, dict are gone), no filters, no tests, undefined names are errors."""
    env = ImmutableSandboxedEnvironment(
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    env.globals.clear()
    env.filters.clear()
    env.tests.clear()
    return env


def template_problems(
    text: str, spec: Spec | None = None, county: bool = False
) -> list[tuple[int, str]]:
    """(line, message) for everything in ``text`` that is not a documented placeholder.

    ``spec`` names what exists (kind → names, or None for a plain name); without it only the
    shape is checked (``fz lint`` without ``--data``), with the county's namespaces as well when
    ``county`` (a county narrative).
    """
    if spec is None and county:
        names = (*NAMESPACES, *COUNTY_NAMESPACES)
        spec = _ShapeOnly(dict.fromkeys(names, _ANY) | dict.fromkeys(SCALARS, None))
    env = sandbox()
    deep = _depth_problems(text)
    if deep:
        return _merge(deep, _per_tag(env, text, spec))
    try:
        tree = env.parse(text)
    except jinja2.TemplateSyntaxError as exc:
        # Report every tag on its own so that one typo does not hide the others.
        problems = _per_tag(env, text, spec)
        return problems or [(exc.lineno or 1, f"占位符写法有误：{exc.message}")]
    except RecursionError:
        return [(1, "占位符嵌套过深，无法检查")]
    return _merge(_statements(env, text), _walk(tree, spec, text))


def _statements(env: jinja2.Environment, text: str) -> list[tuple[int, str]]:
    """Every ``{% … %}`` tag, from the token stream: ``{% raw %}`` leaves no node in the tree."""
    out = []
    tokens = list(env.lex(text))
    for i, (line, kind, _value) in enumerate(tokens):
        if kind in ("block_begin", "raw_begin"):
            word = (
                "raw"
                if kind == "raw_begin"
                else next((v for _, k, v in tokens[i + 1 : i + 3] if k == "name"), "")
            )
            if word.startswith("end"):
                continue
            out.append((line, _statement_message([word])))
    return out


def _merge(*lists: list[tuple[int, str]]) -> list[tuple[int, str]]:
    seen: dict[tuple[int, str], None] = {}
    for items in lists:
        for item in items:
            seen.setdefault(item, None)
    return sorted(seen, key=lambda p: p[0])


def _per_tag(env: jinja2.Environment, text: str, spec: Spec | None) -> list[tuple[int, str]]:
    problems: list[tuple[int, str]] = []
    for m in _TAG.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        if _depth(m.group(0)) > MAX_DEPTH + 2:
            continue  # reported by _depth_problems
        if m.group("block") is not None:
            words = m.group("block").strip("-+ \t\n").split()[:1]
            if not (words and words[0].startswith("end")):
                problems.append((line, _statement_message(words)))
            continue
        if m.group("var") is None:
            continue
        try:
            tree = env.parse(m.group(0))
        except jinja2.TemplateSyntaxError as exc:
            problems.append((line, f"占位符写法有误：{exc.message}（{_short(m.group(0))}）"))
            continue
        problems += [(line + n - 1, msg) for n, msg in _walk(tree, spec, m.group(0))]
    return problems


def _depth_problems(text: str) -> list[tuple[int, str]]:
    out = []
    for m in _TAG.finditer(text):
        if _depth(m.group(0)) > MAX_DEPTH + 2:  # the tag's own {{ }} count twice
            line = text.count("\n", 0, m.start()) + 1
            out.append((line, f"不支持的写法：括号嵌套过深（{_short(m.group(0))}）"))
    return out


def _depth(tag: str) -> int:
    depth = deepest = 0
    for ch in tag:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth -= 1
    return deepest


def _walk(tree: nodes.Template, spec: Spec | None, text: str = "") -> list[tuple[int, str]]:
    # The source of each {{ … }} by line, so that a message can quote what was written.
    written: dict[int, list[str]] = {}
    for m in _TAG.finditer(text):
        if m.group("var") is not None:
            written.setdefault(text.count("\n", 0, m.start()) + 1, []).append(m.group(0))
    problems: list[tuple[int, str]] = []
    for node in tree.body:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    continue
                tags = written.get(child.lineno, [])
                source = tags.pop(0) if tags else ""
                message = _expression_problem(child, spec, source)
                if message:
                    problems.append((child.lineno, message))
        else:
            tag = _TAG_NAMES.get(type(node).__name__, type(node).__name__.lower())
            problems.append((node.lineno, _statement_message([tag])))
    return problems


_TAG_NAMES = {"Assign": "set", "AssignBlock": "set", "FilterBlock": "filter", "Scope": "with",
              "ExprStmt": "do", "FromImport": "from", "CallBlock": "call"}  # fmt: skip


def _statement_message(words: list[str]) -> str:
    tag = words[0] if words else ""
    return (
        f"不支持的写法：语句 {{% {tag} %}} 不能用于报告正文；正文中只能写占位符 "
        "{{ 指标.名称 }} 等（见 docs/narrative.md）和注释 {# … #}"
    )


def _expression_problem(expr: nodes.Node, spec: Spec | None, source: str = "") -> str:
    """ "" when ``expr`` is a documented placeholder that exists, else what is wrong."""
    if isinstance(expr, nodes.Name):
        return _name_problem(expr.name, None, spec, expr)
    if isinstance(expr, nodes.Getattr) and isinstance(expr.node, nodes.Name):
        return _name_problem(expr.node.name, expr.attr, spec, expr)
    if (
        isinstance(expr, nodes.Getitem)
        and isinstance(expr.node, nodes.Name)
        and isinstance(expr.arg, nodes.Const)
        and isinstance(expr.arg.value, str)
    ):
        return _name_problem(expr.node.name, expr.arg.value, spec, expr)
    return (
        f"不支持的写法「{_short(source) if source else '{{ ' + _source(expr) + ' }}'}」：正文中只能写 {{{{ 指标.名称 }}}}、"
        f'{{{{ 指标["名称"] }}}} 或 {{{{ 单位 }}}} 这样的占位符，不能用运算、过滤器、调用或方法'
    )


def _name_problem(kind: str, name: str | None, spec: Spec | None, expr: nodes.Node) -> str:
    import difflib

    shown = kind if name is None else f"{kind}.{name}"
    if kind.startswith("_") or (name is not None and name.startswith("_")):
        return f"没有「{shown}」；以下划线开头的名称不能使用"
    kinds = dict.fromkeys(NAMESPACES, None) | dict.fromkeys(SCALARS, None)
    if spec is not None:
        kinds = dict(spec)
    if kind not in kinds:
        close = difflib.get_close_matches(kind, list(kinds), n=3, cutoff=0.3)
        return f"没有「{kind}」这类占位符" + (f"；是否想写：{'、'.join(close)}" if close else "")
    is_namespace = kind in NAMESPACES if spec is None else spec[kind] is not None
    if name is not None and not is_namespace:
        return f"「{kind}」后面不能再接名称"
    if name is None and is_namespace:
        return f"「{kind}」后面要写名称，如 {{{{ {kind}.名称 }}}}"
    if spec is not None and name is not None and name not in spec[kind]:
        close = difflib.get_close_matches(name, list(spec[kind]), n=3, cutoff=0.3)
        return f"没有「{shown}」" + (f"；是否想写：{'、'.join(close)}" if close else "")
    return ""


def _source(expr: nodes.Node) -> str:
    """A short, readable rendering of an expression for a message."""
    text = "…"
    if isinstance(expr, nodes.Call):
        text = "…(…)"
    elif isinstance(expr, nodes.Filter):
        text = f"…|{expr.name}"
    elif isinstance(expr, nodes.BinExpr):
        text = f"… {expr.operator} …"
    elif isinstance(expr, nodes.Getattr):
        text = f"….{expr.attr}"
    elif isinstance(expr, nodes.Getitem):
        text = "…[…]"
    elif isinstance(expr, nodes.Const):
        text = "常量"
    return _short(text)


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
