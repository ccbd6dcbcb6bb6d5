"""A places list (lists.json ``form: places``) held compactly: postcode key -> Place.

A places list is a gzipped TSV, one line per key: the key (digits, of one width per
list, in ascending order), its regions (the main one first, ``|``-separated) and its
place names (``|``-separated). See ruleset/postcodes.py for what the lists are.
"""

from __future__ import annotations

import bisect
import gzip
from array import array
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import msgspec

from eligibility.errors import RulesetError
from eligibility.ruleset.files import check

__all__ = ["MAX_WIDTH", "CountryPlaces", "Place", "read_places"]

MAX_WIDTH = 19
"""The most digits a key may have: every such number fits the keys' 64-bit array."""


class Place(msgspec.Struct, frozen=True):
    """What a real postcode list says of one postcode."""

    region: str
    """The region's code in the list's own terms (a US state: ``WA``); empty if none."""
    city: str
    """The place's main name, as the list writes it (``Redmond``)."""
    names: str
    """Every name the list gives it, ``|``-separated, as written (folded when compared:
    folding 42,789 ZIPs' names at start-up cost more than folding one ZIP's per check).
    The names a post office writes come first; after ``||``, names that are also accepted
    but never shown (USPS's unacceptable names, a municipality or district above the
    code's places): ``Redmond||Adelaide|Ames Lake``."""
    also: tuple[str, ...] = ()
    """Other regions its addresses are in (a ZIP across a state line)."""


class CountryPlaces(Mapping[str, Place]):
    """One country's list: postcode key -> Place, each made when it is looked up.

    Held compactly, not as a dict of a string a code (142,877 Japanese lines cost 24 MiB
    that way): the keys, all digits of one width, as sorted integers in an array; each
    key's line (its regions and names) as UTF-8 in one bytes object, found by an array
    of offsets. A lookup is a binary search of the array and one decode."""

    def __init__(
        self, width: int, keys: array[int], offsets: array[int], blob: bytes,
        across: Mapping[str, list[str]],
    ) -> None:  # fmt: skip
        self._width = width
        self._keys = keys
        self._offsets = offsets
        self._blob = blob
        self._across = across

    def _index(self, code: object) -> int:
        """Where ``code`` is in the keys, or -1."""
        if not (
            isinstance(code, str) and len(code) == self._width and code.isascii() and code.isdigit()
        ):
            return -1
        number = int(code)
        at = bisect.bisect_left(self._keys, number)
        return at if at < len(self._keys) and self._keys[at] == number else -1

    def _place(self, code: str, at: int) -> Place:
        line = self._blob[self._offsets[at] : self._offsets[at + 1]].decode("utf-8")
        regions, _, names = line.partition("\t")
        region, *others = regions.split("|")
        also = (*others, *self._across[code]) if code in self._across else tuple(others)
        return Place(region, names.partition("|")[0], names, also)

    def __getitem__(self, code: str) -> Place:
        at = self._index(code)
        if at < 0:
            raise KeyError(code)
        return self._place(code, at)

    def get(self, code: str, default: Any = None) -> Any:  # the hot path: one lookup
        at = self._index(code)
        return default if at < 0 else self._place(code, at)

    def __contains__(self, code: object) -> bool:
        return self._index(code) >= 0

    def __iter__(self) -> Iterator[str]:
        width = self._width
        return (f"{number:0{width}d}" for number in self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def ordered(self) -> Sequence[str]:
        """The keys in order, as a sequence made on demand (not a list of them)."""
        return _Keys(self._keys, self._width)


class _Keys(Sequence[str]):
    def __init__(self, keys: array[int], width: int) -> None:
        self._keys = keys
        self._width = width

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [f"{number:0{self._width}d}" for number in self._keys[index]]
        return str(self._keys[index]).zfill(self._width)

    def __len__(self) -> int:
        return len(self._keys)


def read_places(path: Path, raw: bytes, across: Mapping[str, list[str]]) -> CountryPlaces:
    """A places list's bytes, checked: 3 fields a line, each key digits of the list's one
    width, in ascending order (so neither twice)."""
    try:
        data = gzip.decompress(raw)
        data.decode("utf-8")
    except (EOFError, gzip.BadGzipFile, UnicodeDecodeError) as exc:
        raise RulesetError(str(path), f"cannot be read ({exc})") from exc
    rows = data.splitlines()
    if data.count(b"\t") != 2 * len(rows):  # the one check of every line that is cheap
        number = next(n for n, row in enumerate(rows, 1) if row.count(b"\t") != 2)
        fields = rows[number - 1].count(b"\t") + 1
        raise RulesetError(str(path), f"line {number} has {fields} fields, not 3")
    width = rows[0].index(b"\t") if rows else 1
    check(0 < width <= MAX_WIDTH, path, f"line 1: a key of {width} digits (1 to {MAX_WIDTH})")
    keys: array[int] = array("Q")
    offsets: array[int] = array("Q", [0])
    lines: list[bytes] = []
    for number, row in enumerate(rows, 1):
        key, _, line = row.partition(b"\t")
        good = len(key) == width and key.isdigit()
        shown = key.decode(errors="replace")
        check(good, path, f"line {number}: bad postcode {shown!r} (not {width} digits as line 1)")
        value = int(key)
        if keys and value <= keys[-1]:
            twice = value == keys[-1]
            problem = "is listed twice" if twice else "is out of order (the keys ascend)"
            check(False, path, f"line {number}: {key.decode()} {problem}")
        keys.append(value)
        lines.append(line)
        offsets.append(offsets[-1] + len(line))
    return CountryPlaces(width, keys, offsets, b"".join(lines), across)
