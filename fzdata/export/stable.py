"""Byte-stable Office files: the same tables or report give the same bytes on every build and
worker, so outputs can be compared across ``--jobs`` and Dask and unchanged files stay unchanged."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

#: The time written into Office files' properties and zip entries.
FIXED_TIME = dt.datetime(2000, 1, 1)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def fixed_zip_times(data: bytes, *, fix_modified: bool = False) -> bytes:
    """The zip archive with every entry dated 1980-01-01 (where zip dates start); with
    ``fix_modified``, the document's modified time set to ``FIXED_TIME`` too (openpyxl stamps
    the save time there; the Word file sets its own, the report's 成文日期)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            data_ = zin.read(item.filename)
            if fix_modified and item.filename == "docProps/core.xml":
                stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data_ = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data_)
            zout.writestr(info, data_)
    return out.getvalue()
