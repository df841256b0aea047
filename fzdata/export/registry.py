"""Export formats of the report, registered by name (like papermill's engines).

A format is a function of :class:`ReportDoc` (the executed report notebook, its title and the
report body it displayed) returning the file's bytes; ``fz build --formats`` names formats
from :data:`FORMATS`. Adding one is a new module that calls :func:`register_format`, imported
in :mod:`fzdata.export.formats`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fzdata.core.errors import FzError


@dataclass(frozen=True)
class ReportDoc:
    """What every format is made from; all of it comes from the one analysis of the build."""

    notebook: Any  # the executed report notebook (nbformat)
    title: str

    @property
    def fragment(self) -> str:
        """The report body the report notebook displayed (``class="fz-report"``)."""
        for cell in self.notebook.cells:
            for out in cell.get("outputs", []):
                html = out.get("data", {}).get("text/html", "")
                html = "".join(html) if isinstance(html, list) else html
                if 'class="fz-report"' in html:
                    return html
        raise FzError("报告 notebook 没有输出报告正文，无法导出")


@dataclass(frozen=True)
class ExportFormat:
    name: str  # as given to --formats
    label: str  # shown to people (index page, help)
    file: str  # the file it writes in the unit-year's folder
    make: Callable[[ReportDoc], bytes]


#: Every export format, by name, in the order they are listed.
FORMATS: dict[str, ExportFormat] = {}


def register_format(name: str, label: str, file: str) -> Callable[[Callable], Callable]:
    """Register a function of :class:`ReportDoc` that returns the file's bytes."""

    def deco(fn: Callable[[ReportDoc], bytes]) -> Callable[[ReportDoc], bytes]:
        FORMATS[name] = ExportFormat(name, label, file, fn)
        return fn

    return deco
