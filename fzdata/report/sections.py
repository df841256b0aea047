"""The five sections of the report and their order (ids and keywords in ``wording.yml``)."""

from __future__ import annotations

from fzdata.core.errors import FzError
from fzdata.core.resources import wording


def section_order(settings_order: list[str]) -> list[str]:
    """The unit's order (ids or Chinese keywords in unit.yml), else the example report's."""
    spec = wording()["report"]
    default = list(spec["default_order"])
    if not settings_order:
        return default
    keys = []
    for item in settings_order:
        key = item if item in spec["sections"] else next(
            (k for k, v in spec["sections"].items() if any(w in item for w in v["keywords"])), None)  # fmt: skip
        if key is None or key in keys:
            raise FzError(
                f"unit.yml 的 section_order 中「{item}」无法识别或重复；可用：{'、'.join(default)}"
            )
        keys.append(key)
    if sorted(keys) != sorted(default):
        raise FzError(f"unit.yml 的 section_order 应列出全部五个部分：{'、'.join(default)}")
    return keys
