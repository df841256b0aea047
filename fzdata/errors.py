"""Exceptions. One root, :class:`FzError`; each subclass carries the context a user needs.

Messages are in Chinese and say what to do. The CLI prints them without a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable


class FzError(Exception):
    """Root of every error fzdata raises for a user's mistake."""


class DataDirError(FzError):
    """A data, unit or year folder does not exist."""

    def __init__(self, message: str, path: str = "", available: Iterable[str] = ()) -> None:
        self.path = path
        self.available = list(available)
        if self.available:
            message += "。现有：" + "、".join(self.available)
        super().__init__(message)


class ConfigError(FzError):
    """A settings file (unit.yml, catalogue.csv) is malformed."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}：{message}")
