"""Every declared report format, imported: ``FORMATS`` then holds them all, in order."""

from fzdata.export.registry import FORMATS, ExportFormat, ReportDoc, declared, get

for _name in declared():
    get(_name)

__all__ = ["FORMATS", "ExportFormat", "ReportDoc", "declared", "get"]
