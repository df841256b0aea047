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


def fixed_zip_times(data: bytes) -> bytes:
    """The zip archive with every entry dated 1980-01-01 (where zip dates start) and the
    document's modified time set to ``FIXED_TIME``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            data_ = zin.read(item.filename)
            if item.filename == "docProps/core.xml":
                # openpyxl stamps the save time into dcterms:modified whatever was set.
                stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data_ = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data_)
            zout.writestr(info, data_)
    return out.getvalue()
