"""Export formats of the report, registered by name (like papermill's engines).

A format is declared in ``resources/formats.yml`` (name, label, file, module) and implemented
by a function of :class:`ReportDoc` (the executed report notebook, its title and the report
body it displayed) returning the file's bytes, registered with :func:`register_format` in that
module. :func:`declared` reads the names without importing anything heavy (the CLI checks
``--formats`` with it); :func:`get` imports the module on first use.
"""

from __future__ import annotations

import importlib
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


#: Every export format imported so far, by name.
FORMATS: dict[str, ExportFormat] = {}


def declared() -> dict[str, dict[str, str]]:
    """The declared formats, in order: name -> label, file, module (no import)."""
    from fzdata.core.resources import _yaml

    return _yaml("formats.yml")


def register_format(name: str) -> Callable[[Callable], Callable]:
    """Register the function that makes the declared format ``name``."""
    spec = declared()[name]

    def deco(fn: Callable[[ReportDoc], bytes]) -> Callable[[ReportDoc], bytes]:
        FORMATS[name] = ExportFormat(name, spec["label"], spec["file"], fn)
        return fn

    return deco


def get(name: str) -> ExportFormat:
    """The format ``name``, its module imported on first use."""
    if name not in FORMATS:
        spec = declared().get(name)
        if spec is None:
            raise FzError(f"没有「{name}」这种报告格式；可用：{'、'.join(declared())}")
        importlib.import_module(spec["module"])
    return FORMATS[name]
