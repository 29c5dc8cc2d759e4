"""Ids made in bulk: 64-bit keys mixed with numpy, written out as hex strings with pyarrow.

Hashing one id at a time in Python costs about a microsecond, which alone would cap the
simulator at a million events a second. Here an id is a bijective mix (the splitmix64 finaliser)
of a 64-bit base and a running number, so ids are unique by construction within one base, and a
whole array of them is hashed and formatted at once.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

Array = npt.NDArray[Any]

_HEX_PAIRS = np.array(
    [int.from_bytes(f"{byte:02x}".encode(), "little") for byte in range(256)], dtype=np.uint16
)
"""Each byte's two hex digits as one little-endian uint16, so one lookup writes both."""


def key64(*parts: object) -> int:
    """A 64-bit key from any parts: the base of a family of ids."""
    text = "\x1f".join(str(p) for p in parts).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")


def mix64(values: Array) -> Array:
    """The splitmix64 finaliser of each uint64: a bijection that scatters neighbouring numbers."""
    x = values.astype(np.uint64, copy=True)
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def keyed(base: int, numbers: Array) -> Array:
    """The 64-bit ids of `numbers` in the family `base`: distinct numbers give distinct ids."""
    return mix64(numbers.astype(np.uint64) + np.uint64(base))


def hex_strings(words: list[Array], chars: int, valid: Array | None = None) -> pa.Array:
    """Hex strings of `chars` digits from uint64 words (most significant first), as one array.

    `valid`, when given, marks the rows that hold a value; the others are null.
    """
    n = len(words[0])
    raw = np.empty((n, 8 * len(words)), dtype=np.uint8)
    for j, word in enumerate(words):
        raw[:, 8 * j : 8 * j + 8] = word.astype(">u8").view(np.uint8).reshape(n, 8)
    digits = np.ascontiguousarray(_HEX_PAIRS[raw].view(np.uint8)[:, :chars])
    offsets = np.arange(0, (n + 1) * chars, chars, dtype=np.int32)
    if valid is not None and not bool(valid.all()):
        offsets = np.concatenate(([0], np.cumsum(np.where(valid, chars, 0)))).astype(np.int32)
        digits = digits[valid]
        mask = pa.py_buffer(np.packbits(valid, bitorder="little"))
        return pa.StringArray.from_buffers(
            n, pa.py_buffer(offsets), pa.py_buffer(digits), mask, n - int(valid.sum())
        )
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(digits))


def event_ids(base: tuple[int, int], numbers: Array) -> tuple[Array, Array]:
    """The two words of the event ids of `numbers` (96 bits are written: 24 hex digits)."""
    return keyed(base[0], numbers), keyed(base[1], numbers)
