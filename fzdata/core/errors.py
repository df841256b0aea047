"""Exceptions. One root, :class:`FzError`; each subclass carries the context a user needs.

Messages are in Chinese and say what to do. The CLI prints them without a traceback.

Errors cross process-pool and Dask boundaries, so every one survives a pickle round trip:
each class stores the arguments it was built with (``self.args``) and rebuilds itself from
them in ``__reduce__``; the message is computed, never passed twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class FzError(Exception):
    """Root of every error fzdata raises for a user's mistake.

    ``file``, ``sheet``, ``cell`` and ``line`` say where, when known.
    """

    file: str = ""
    sheet: str = ""
    cell: str = ""
    line: int = 0

    def __init__(self, message: str = "", **where: Any) -> None:
        for key, value in where.items():
            setattr(self, key, value)
        self._where = where
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, getattr(self, "_where", {})))

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def _rebuild(cls: type[FzError], args: tuple[Any, ...], where: dict[str, Any]) -> FzError:
    err = cls.__new__(cls)
    Exception.__init__(err, *args)
    for key, value in where.items():
        setattr(err, key, value)
    err._where = where
    return err


class DataDirError(FzError):
    """A data, unit or year folder does not exist (or lies outside the data folder)."""

    def __init__(self, message: str, path: str = "", available: Iterable[str] = ()) -> None:
        available = list(available)
        if available:
            message += "。现有：" + "、".join(available)
        super().__init__(message, path=path, file=path, available=available)


class ConfigError(FzError):
    """A settings file (unit.yml, catalogue.csv, county.yml) is malformed."""

    def __init__(self, path: str, message: str, line: int = 0) -> None:
        where = f"第{line}行：" if line else ""
        super().__init__(f"{path}：{where}{message}", path=path, file=path, line=line)


class SourceError(FzError):
    """A ledger file cannot be read at all; ``code`` is a finding code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code)


class NarrativeError(FzError):
    """A narrative.md that cannot be rendered; every problem is listed with its line."""

    def __init__(self, path: str, problems: list[tuple[int, str]]) -> None:
        lines = "\n".join(f"  {path}:{line}：{msg}" for line, msg in problems)
        super().__init__(
            f"报告正文有 {len(problems)} 处问题：\n{lines}",
            path=path,
            file=path,
            problems=list(problems),
            line=problems[0][0] if problems else 0,
        )


class NotebookFailure(FzError):
    """A notebook that did not run to the end: which notebook, which cell, what error."""

    def __init__(self, notebook: str, cell: str, error: str) -> None:
        super().__init__(f"{notebook}：{cell}：{error}", notebook=notebook, cell=cell, error=error)


class BuildError(FzError):
    """A build cannot go on (output folder not writable, disk full, locked by another build)."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message, path=path, file=path)


class UnsafePathError(FzError):
    """A name given on the command line (unit, year …) that would lead out of the data folder:
    a separator, ``..``, an absolute path, NUL, or a link to elsewhere. The CLI exits with 2."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message, path=path, file=path)


class WriteError(FzError):
    """An output that cannot be written (read-only folder, full disk); the path is named."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"无法写入「{path}」：{reason}", path=path, file=path, reason=reason)
