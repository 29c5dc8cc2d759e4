"""Opening exports: compressed files by their magic bytes, and archives as zip or folder.

Compressed data is read within limits, so that a small hostile file cannot fill memory or
keep wi3 busy for hours: a compressed file or zip member may unpack to at most `MAX_RATIO`
times its compressed size once past `RATIO_FROM` (a decompression bomb unpacks a thousand
times; real exports of text five to twenty), and what a connector reads into memory at once
(a JSON document) to at most `MAX_DOCUMENT`.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from wi3.errors import ExportError

_MAGIC = {b"\x1f\x8b": "gzip", b"BZh": "bzip2", b"\xfd7zXZ\x00": "xz"}

MAX_RATIO = 200
"""How many times its compressed size a file or zip member may unpack to."""
RATIO_FROM = 64 * 2**20
"""Up to this many unpacked bytes the ratio is not judged: a short file of repeats may
compress far, and costs nothing."""
MAX_DOCUMENT = 512 * 2**20
"""The most read into memory at once from one file or member (a whole JSON document)."""


def size_text(size: int) -> str:
    """A byte count for messages: '1.2 MB', '512 MB', '3.0 GB'."""
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            value = size / scale
            return f"{value:.1f} {unit}" if value < 10 else f"{value:,.0f} {unit}"
    return f"{size} bytes"


def _bomb(where: str, unpacked: str, packed: int) -> ExportError:
    return ExportError(
        f"cannot read {where}: it unpacks to {unpacked} from {size_text(packed)}, more than "
        f"{MAX_RATIO} times its compressed size; real exports compress far less, so wi3 takes "
        "it for a decompression bomb and stops. If it is a genuine export, unpack it yourself "
        "and give the unpacked file or folder."
    )


class _Bounded(io.BufferedIOBase):
    """A decompressing stream that stops with an ExportError once it unpacks beyond
    `MAX_RATIO` times the compressed size (after `RATIO_FROM` bytes).

    Reads are passed on in pieces of at most `_PIECE` bytes, so that the count is checked
    before a read without a size, or a line without an end, unpacks a whole bomb.
    """

    _PIECE = 2**20

    def __init__(self, inner: IO[bytes], packed: int, where: str) -> None:
        super().__init__()
        self._inner = inner
        self._limit = max(RATIO_FROM, MAX_RATIO * packed)
        self._packed = packed
        self._where = where
        self._unpacked = 0

    def readable(self) -> bool:
        return True

    def _count(self, data: bytes) -> bytes:
        self._unpacked += len(data)
        if self._unpacked > self._limit:
            raise _bomb(self._where, f"more than {size_text(self._limit)}", self._packed)
        return data

    def read(self, size: int | None = -1) -> bytes:
        if size is not None and size >= 0:
            return self._count(self._inner.read(size))
        pieces = []
        while piece := self._count(self._inner.read(self._PIECE)):
            pieces.append(piece)
        return b"".join(pieces)

    def read1(self, size: int = -1) -> bytes:
        return self.read(size if size >= 0 else self._PIECE)

    def readline(self, size: int | None = -1) -> bytes:
        bounded = size is not None and size >= 0
        piece = self._inner.readline(size if size is not None and size >= 0 else self._PIECE)
        self._unpacked += len(piece)
        if self._unpacked > self._limit:
            raise _bomb(self._where, f"more than {size_text(self._limit)}", self._packed)
        if bounded or len(piece) < self._PIECE or piece.endswith(b"\n"):
            return piece
        pieces = [piece]  # a line longer than a piece, read on in pieces
        while piece and not piece.endswith(b"\n"):
            piece = self._count(self._inner.readline(self._PIECE))
            pieces.append(piece)
        return b"".join(pieces)

    def close(self) -> None:
        self._inner.close()
        super().close()


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
        raise ExportError(key="error.no_export", path=path)
    if path.is_dir():
        raise ExportError(f"cannot read {path}: it is a folder; give the export file itself.")
    if path.stat().st_size == 0:
        raise ExportError(f"cannot read {path}: the file is empty. Export it again.")
    kind = compression(path)
    if kind is None:
        return path.open("rb")
    inner = _decompressing(path, kind)
    return _Bounded(inner, path.stat().st_size, str(path))  # type: ignore[return-value]


def read_whole(fh: IO[bytes], where: str) -> bytes:
    """All of `fh`, read into memory only when it holds at most `MAX_DOCUMENT` bytes.

    Raises:
        ExportError: naming `where` and the limit, when there is more.
    """
    data = fh.read(MAX_DOCUMENT + 1)
    if len(data) > MAX_DOCUMENT:
        raise ExportError(
            f"cannot read {where}: it holds more than {size_text(MAX_DOCUMENT)}, the most wi3 "
            "reads of one file at once. No real export has a single file this large; check "
            "that this is the right export."
        )
    return data


def _decompressing(path: Path, kind: str) -> IO[bytes]:
    if kind == "gzip":
        return gzip.GzipFile(path, "rb")  # type: ignore[return-value]
    if kind == "bzip2":
        return bz2.open(path, "rb")
    return lzma.open(path, "rb")


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
            raise ExportError(key="error.no_export_or_folder", path=path)
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
        """Open one member for reading in binary.

        Raises:
            ExportError: when the member is damaged, or unpacks to more than `MAX_RATIO`
                times its compressed size (the archive says how much; zipfile reads no more).
        """
        if self._zip is not None:
            try:
                info = self._zip.getinfo(self._prefix + name)
                if info.file_size > max(RATIO_FROM, MAX_RATIO * info.compress_size):
                    raise _bomb(self.where(name), size_text(info.file_size), info.compress_size)
                return self._zip.open(info)
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
