"""The report's export formats; importing this module registers them in this order."""

# isort: off
from fzdata.export import html  # noqa: F401
from fzdata.export import docx  # noqa: F401
from fzdata.export import text  # noqa: F401

# isort: on
from fzdata.export.registry import FORMATS, ExportFormat, ReportDoc, register_format

__all__ = ["FORMATS", "ExportFormat", "ReportDoc", "register_format"]
