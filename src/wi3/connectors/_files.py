"""Opening exports: compressed files by their magic bytes, and archives as zip or folder."""

from __future__ import annotations

import bz2
import gzip
import lzma
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from wi3.errors import ExportError

_MAGIC = {b"\x1f\x8b": "gzip", b"BZh": "bzip2", b"\xfd7zXZ\x00": "xz"}


def compression(path: Path) -> str | None:
    """'gzip', 'bzip2' or 'xz' when the file starts with that format's magic bytes, else None."""
    with path.open("rb") as fh:
        head = fh.read(6)
    return next((name for magic, name in _MAGIC.items() if head.startswith(magic)), None)


def open_binary(path: Path) -> IO[bytes]:
    """Open a file for reading, decompressing gzip, bzip2 and xz transparently.

    Raises:
        ExportError: when the file is missing, a folder, or empty.
    """
    if not path.exists():
        raise ExportError(f"cannot read {path}: no such file. Check the path.")
    if path.is_dir():
        raise ExportError(f"cannot read {path}: it is a folder; give the export file itself.")
    if path.stat().st_size == 0:
        raise ExportError(f"cannot read {path}: the file is empty. Export it again.")
    kind = compression(path)
    if kind == "gzip":
        return gzip.GzipFile(path, "rb")  # type: ignore[return-value]
    if kind == "bzip2":
        return bz2.open(path, "rb")
    if kind == "xz":
        return lzma.open(path, "rb")
    return path.open("rb")


DECOMPRESSION_ERRORS: tuple[type[Exception], ...] = (
    EOFError,
    OSError,
    lzma.LZMAError,
    zipfile.BadZipFile,
)
"""What reading a truncated or corrupt compressed stream raises (gzip: EOFError/BadGzipFile)."""


class ExportTree:
    """A platform export that is either a zip archive or an unpacked folder, read the same way.

    Member names are POSIX paths relative to the export's top; a zip whose members all sit in one
    top folder is read as if that folder were the top, since that is what unzipping and re-zipping
    by hand produces.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._prefix = ""
        if not path.exists():
            raise ExportError(f"cannot read {path}: no such file or folder. Check the path.")
        if path.is_dir():
            self._names = sorted(
                p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()
            )
        else:
            if path.stat().st_size == 0:
                raise ExportError(f"cannot read {path}: the file is empty. Export it again.")
            try:
                self._zip = zipfile.ZipFile(path)
                names = [n for n in self._zip.namelist() if not n.endswith("/")]
            except (zipfile.BadZipFile, OSError) as exc:
                raise ExportError(
                    f"cannot read {path}: it is not a zip archive, or the archive is truncated "
                    f"({exc}). Download the export again, or unzip it and give the folder."
                ) from exc
            tops = {PurePosixPath(n).parts[0] for n in names if "/" in n}
            if len(tops) == 1 and all("/" in n for n in names):
                self._prefix = f"{tops.pop()}/"
            self._names = sorted(n.removeprefix(self._prefix) for n in names)
        if not self._names:
            raise ExportError(f"cannot read {path}: the export holds no files. Export it again.")

    def names(self) -> list[str]:
        """All member names, sorted."""
        return list(self._names)

    def __contains__(self, name: str) -> bool:
        return name in self._names

    def open(self, name: str) -> IO[bytes]:
        """Open one member for reading in binary."""
        if self._zip is not None:
            try:
                return self._zip.open(self._prefix + name)
            except (zipfile.BadZipFile, OSError, KeyError) as exc:
                raise ExportError(
                    f"cannot read {name} in {self.path}: {exc}. The archive looks damaged; "
                    "download the export again."
                ) from exc
        return (self.path / name).open("rb")

    def where(self, name: str) -> str:
        """How to name a member in messages: `export.zip:channel/2024-01-01.json`."""
        return f"{self.path.name}:{name}"

    def iter_dir(self, folder: str) -> Iterator[str]:
        """Member names directly or deeper under `folder`, sorted."""
        prefix = folder.rstrip("/") + "/"
        return (n for n in self._names if n.startswith(prefix))

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> ExportTree:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
