"""Input limits, as data: ``fzdata/resources/limits.yml`` (documented in docs/security.md)."""

from __future__ import annotations

import functools
from typing import Any

from fzdata.core.resources import _yaml


@functools.cache
def limits() -> dict[str, Any]:
    """Every limit by name; see ``limits.yml`` for what each means."""
    return dict(_yaml("limits.yml"))


def limit(name: str) -> Any:
    return limits()[name]
