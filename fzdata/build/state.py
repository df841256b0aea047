"""What each input file was when it was last hashed, so that a rebuild stats instead of hashing.

``fz build`` decides that a unit-year is up to date by comparing the SHA-256 of every input
with its manifest. Hashing every input of every unit-year again costs seconds at county scale;
this cache keeps, in the output folder, each input's hash with the file's identity when it
was hashed (size, mtime and ctime in nanoseconds, inode, device). A file whose identity is
unchanged is not read again; any change to it (an edit, a touch, a file replaced by another
of the same size and mtime, a deletion) makes it hashed again, and the decision is still
taken on hashes.

A file written in the last seconds before it was hashed could be written again within the
same timestamp (coarse clocks: FAT 2 s, some network file systems 1 s); such a "racy" file is
not cached and is hashed again next time, as git does with its index. The cache names files by
their place under the data, notebooks and fzdata folders, with those folders' absolute paths
kept only as digests: the output folder shows no path of the machine that built it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Hidden file in the output folder; removing it only makes the next build hash everything.
STATE_FILE = ".fz-build-state.json"
VERSION = 1
#: A file changed this close to the moment it was hashed is hashed again next time.
RACY_NS = 2_000_000_000
#: What the build reads of an existing manifest to decide that a unit-year is up to date.
SUMMARY_KEYS = ("fingerprint", "status", "draft", "completeness", "lint")


def sha256_file(path: Path) -> str:
    """The file's hash, read in chunks; what is not a regular file is named, not read."""
    if not path.is_file():
        return "not-a-file"
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError as exc:
        return f"unreadable: {exc.strerror}"
    return h.hexdigest()


def _identity(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _digest(path: Path) -> str:
    return hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]


class HashCache:
    """Hashes of input files by key (``data/…``, ``notebooks/…``, ``fzdata/…``), trusted while
    the file's identity is the one recorded when it was hashed."""

    def __init__(self, roots: dict[str, Path], entries: dict[str, list] | None = None) -> None:
        self.roots = {label: _digest(p) for label, p in roots.items()}
        self.entries: dict[str, list] = entries or {}
        self.changed = False
        self.hashed = 0  # files read this run (the rest were only stat'd)
        self.statted = 0
        self._this_run: dict[str, str] = {}  # a file in five windows is looked at once
        self.manifests: dict[str, list] = {}  # unit/year -> [*identity, summary]
        self.index_key = ""  # what the index was last written from

    @classmethod
    def load(cls, out_dir: Path, roots: dict[str, Path]) -> HashCache:
        """The cache of ``out_dir``; entries under a folder that has moved are dropped, and an
        unreadable or foreign file is an empty cache (everything is hashed)."""
        cache = cls(roots)
        try:
            data = json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cache
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return cache
        old_roots = data.get("roots") if isinstance(data.get("roots"), dict) else {}
        kept = {label for label, d in cache.roots.items() if old_roots.get(label) == d}
        files = data.get("files") if isinstance(data.get("files"), dict) else {}
        for key, entry in files.items():
            if (
                isinstance(key, str)
                and key.split("/", 1)[0] in kept
                and isinstance(entry, list)
                and len(entry) == 6
                and all(isinstance(v, int) and not isinstance(v, bool) for v in entry[:5])
                and isinstance(entry[5], str)
            ):
                cache.entries[key] = entry
        cache.changed = len(cache.entries) != len(files) or set(old_roots) != set(cache.roots)
        manifests = data.get("manifests") if isinstance(data.get("manifests"), dict) else {}
        for key, entry in manifests.items():
            if (
                isinstance(entry, list)
                and len(entry) == 6
                and all(isinstance(v, int) and not isinstance(v, bool) for v in entry[:5])
                and isinstance(entry[5], dict)
            ):
                cache.manifests[key] = entry
        cache.index_key = data.get("index") if isinstance(data.get("index"), str) else ""
        return cache

    def manifest(self, folder: Path, read: Callable[[Path], dict[str, Any] | None]) -> dict | None:
        """What a no-change decision needs of ``folder/manifest.json`` (fingerprint, status,
        readiness), read again only when the manifest's identity changed."""
        key = f"{folder.parent.name}/{folder.name}"
        try:
            st = os.stat(folder / "manifest.json")
        except OSError:
            return read(folder)
        ident = _identity(st)
        entry = self.manifests.get(key)
        if entry is not None and entry[:5] == ident:
            return entry[5]
        m = read(folder)
        if m is None:
            return None
        summary = {k: m.get(k) for k in SUMMARY_KEYS}
        if max(st.st_mtime_ns, st.st_ctime_ns) < time.time_ns() - RACY_NS:
            self.manifests[key] = [*ident, summary]
            self.changed = True
        return summary

    def sha256(self, key: str, path: Path) -> str:
        """The hash of ``path``: from the cache when its identity is unchanged, else read."""
        if key in self._this_run:
            return self._this_run[key]
        self._this_run[key] = digest = self._sha256(key, path)
        return digest

    def _sha256(self, key: str, path: Path) -> str:
        self.statted += 1
        try:
            st = os.stat(path)
        except OSError:
            st = None
        if st is None or not stat.S_ISREG(st.st_mode):
            if self.entries.pop(key, None) is not None:
                self.changed = True
            return sha256_file(path)
        ident = _identity(st)
        entry = self.entries.get(key)
        if entry is not None and entry[:5] == ident:
            return entry[5]
        self.hashed += 1
        digest = sha256_file(path)
        now = time.time_ns()
        try:
            after = _identity(os.stat(path))
        except OSError:
            after = None
        racy = max(st.st_mtime_ns, st.st_ctime_ns) >= now - RACY_NS
        if after == ident and not racy and len(digest) == 64:
            self.entries[key] = [*ident, digest]
        else:  # being written, just written, or unreadable: hash it again next time
            self.entries.pop(key, None)
        self.changed = True
        return digest

    def save(self, out_dir: Path) -> None:
        """Write the cache atomically when it changed; a cache that cannot be written only
        makes the next build slower."""
        if not self.changed:
            return
        data = {"version": VERSION, "roots": self.roots, "files": self.entries,
                "manifests": self.manifests, "index": self.index_key}  # fmt: skip
        tmp = None
        try:
            fd, name = tempfile.mkstemp(prefix=".fz-state-", suffix=".tmp", dir=out_dir)
            tmp = Path(name)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, out_dir / STATE_FILE)
            self.changed = False
        except OSError:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
