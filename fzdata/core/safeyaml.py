"""YAML from users (unit.yml), loaded safely and within limits.

``yaml.SafeLoader`` builds plain data only (``!!python/…`` tags are errors). On top of it: the
file's size, the number of aliases (``*name``) and the number of nodes once aliases are expanded
are limited (``limits.yml``), so a "billion laughs" file is refused before anything expands it.
The line of every key is kept, so that a wrong value can be named with its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from fzdata.core.errors import ConfigError
from fzdata.core.limits import limit

Lines = dict[tuple[Any, ...], int]


class _Loader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > limit("max_yaml_aliases"):
                mark = self.peek_event().start_mark
                raise _Limit(f"别名（*引用）超过 {limit('max_yaml_aliases')} 个", mark.line + 1)
        return super().compose_node(parent, index)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date that does not exist (2025-02-30) stays text, for the settings check to name
        with its line, instead of failing inside the YAML reader."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


class _Limit(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def load_yaml(path: Path, shown: str) -> tuple[Any, Lines]:
    """(data, line of each key path) of a user's YAML file; :class:`ConfigError` naming
    ``shown`` and the line for anything wrong (too large, not UTF-8, bad YAML, tags, bombs)."""
    try:
        if path.stat().st_size > limit("max_yaml_bytes"):
            raise ConfigError(
                shown, f"文件过大（超过 {limit('max_yaml_bytes')} 字节）；设置文件只需几行"
            )
        text = path.read_bytes().decode("utf-8")
    except IsADirectoryError:
        raise ConfigError(shown, "应是一个文件，而这里是一个文件夹；请删除或改名该文件夹") from None
    except UnicodeDecodeError:
        raise ConfigError(shown, "不是 UTF-8 编码；请用记事本另存为 UTF-8") from None
    except OSError as exc:
        raise ConfigError(shown, f"无法读取（{exc.strerror or exc}）") from None
    return load_yaml_text(text, shown)


def load_yaml_text(text: str, shown: str) -> tuple[Any, Lines]:
    """:func:`load_yaml` for text already read (a narrative's front matter)."""
    if len(text.encode("utf-8")) > limit("max_yaml_bytes"):
        raise ConfigError(shown, f"过大（超过 {limit('max_yaml_bytes')} 字节）")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        _count(node, limit("max_yaml_nodes"))
        data = loader.construct_document(node)
    except RecursionError:
        raise ConfigError(shown, "嵌套过深，无法读取") from None
    except _Limit as exc:
        raise ConfigError(shown, f"{exc}；设置文件中不应使用这么多引用", line=exc.line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if "python/" in str(exc) or "constructor" in type(exc).__name__.lower():
            problem = f"含有不允许的标签（{problem}）；设置文件只能写文字、数字和列表"
        err = ConfigError(
            shown,
            f"YAML 格式错误{f'第{mark.line + 1}行第{mark.column + 1}列' if mark else ''}：{problem}",
        )
        err.line = mark.line + 1 if mark else 0
        raise err from None
    finally:
        loader.dispose()
    return data, _lines(node)


def _count(node: yaml.Node, most: int) -> None:
    """Refuse a document whose nodes, aliases expanded, exceed ``most`` (without expanding)."""
    sizes: dict[int, int] = {}

    def size(n: yaml.Node) -> int:
        if id(n) in sizes:
            return sizes[id(n)]
        sizes[id(n)] = 1  # a recursive alias counts once
        total = 1
        if isinstance(n, yaml.SequenceNode):
            total += sum(size(c) for c in n.value)
        elif isinstance(n, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in n.value)
        sizes[id(n)] = total
        if total > most:
            raise _Limit(
                f"展开后超过 {most} 项（可能是“十亿笑声”式的引用炸弹）", n.start_mark.line + 1
            )
        return total

    size(node)


def _lines(node: yaml.Node, prefix: tuple[Any, ...] = ()) -> Lines:
    out: Lines = {}
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = (*prefix, k.value)
            out[key] = k.start_mark.line + 1
            if len(prefix) < 3:
                out.update(_lines(v, key))
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            out[(*prefix, i)] = v.start_mark.line + 1
            if len(prefix) < 3:  # the keys of a list of mappings (county.yml's units)
                out.update(_lines(v, (*prefix, i)))
    return out
