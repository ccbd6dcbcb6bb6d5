"""A postcode register of millions of codes, held compactly: which codes exist, and
where the register gives them, each code's place.

A codes list (lists.json ``form: codes``) is a gzipped TSV, one line per group of
codes sharing all but their last three characters: the group, then its members' last
three characters sorted and concatenated (``SW1A<TAB>0AA0AB1AA``); a code of three
characters or fewer is a group of its own, written with a trailing ``=``. Where the
register names places, the file begins with its place table, a line per place with an
empty first field (``<TAB>ON<TAB>Toronto``), and each group's line has a third field:
the table index of each member's place, comma-separated (``M5V<TAB>1A12A1<TAB>7,7``).
In memory a group is one string (and an array of indexes), so Great Britain's 1.74
million codes cost about 6 MiB, and a lookup is one dict lookup and one search of a
few hundred characters.
"""

from __future__ import annotations

import bisect
import gzip
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from eligibility.errors import RulesetError
from eligibility.ruleset.files import check

__all__ = ["MEMBER", "PlaceTable", "PostcodeCodes", "read_codes"]

MEMBER = 3
"""How many last characters of a code its group lists."""


def _split(code: str) -> tuple[str, str]:
    if len(code) <= MEMBER:
        return f"{code}=", ""
    return code[:-MEMBER], code[-MEMBER:]


class PostcodeCodes(Mapping[str, Any]):
    """Compact postcode -> its place in the table (a Place), or ``present`` for every
    code of a list without places."""

    def __init__(
        self,
        groups: dict[str, str],
        present: Any,
        table: Sequence[Any] = (),
        refs: dict[str, array[int]] | None = None,
    ) -> None:
        self._groups = groups
        self._present = present
        self._table = table
        self._refs = refs or {}
        self._order: list[str] | None = None

    def _find(self, code: str) -> tuple[str, int] | None:
        """``code``'s group and its index among the group's members, if listed."""
        group, member = _split(code)
        members = self._groups.get(group)
        if members is None:
            return None
        if not member:
            return group, 0
        at = members.find(member)
        while at != -1 and at % MEMBER:
            at = members.find(member, at + 1)
        return None if at == -1 else (group, at // MEMBER)

    def _value(self, group: str, index: int) -> Any:
        refs = self._refs.get(group)
        return self._present if refs is None else self._table[refs[index]]

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self._find(code) is not None

    def __getitem__(self, code: str) -> Any:
        found = self._find(code)
        if found is None:
            raise KeyError(code)
        return self._value(*found)

    def get(self, code: str, default: Any = None) -> Any:  # the hot path: one lookup
        found = self._find(code)
        return default if found is None else self._value(*found)

    @property
    def has_places(self) -> bool:
        return bool(self._table)

    def _members(self, group: str, start: int = 0, stop: int | None = None) -> list[str]:
        """The codes of ``group``, or those from index ``start`` to ``stop``."""
        members = self._groups[group]
        if group.endswith("="):
            return [group[:-1]]
        count = len(members) // MEMBER
        begin, end, _ = slice(start, stop).indices(count)
        return [group + members[at * MEMBER : (at + 1) * MEMBER] for at in range(begin, end)]

    def _position(self, group: str, member: str) -> int:
        """Where ``member`` is, or would be, among ``group``'s sorted members."""
        members = self._groups[group]
        low, high = 0, len(members) // MEMBER
        while low < high:
            middle = (low + high) // 2
            if members[middle * MEMBER : (middle + 1) * MEMBER] < member:
                low = middle + 1
            else:
                high = middle
        return low

    def __iter__(self) -> Iterator[str]:
        for group in sorted(self._groups):
            yield from self._members(group)

    def __len__(self) -> int:
        return sum(max(len(members) // MEMBER, 1) for members in self._groups.values())

    def neighbourhood(self, key: str, reach: int = 12) -> list[str]:
        """Up to ``reach`` sorted codes either side of ``key`` in its group, and the nearest
        ``reach`` of the groups either side: where the nearest codes to an unknown one are
        looked for."""
        if self._order is None:
            self._order = sorted(self._groups)
        group = _split(key)[0]
        at = bisect.bisect_left(self._order, group)
        before = self._members(self._order[at - 1], -reach) if at > 0 else []
        own: list[str] = []
        if at < len(self._order) and self._order[at] == group:
            where = self._position(group, _split(key)[1])
            own = self._members(group, max(where - reach, 0), where + reach)
            at += 1
        after = self._members(self._order[at], 0, reach) if at < len(self._order) else []
        return [*before, *own, *after]


class PlaceTable(Sequence[Any]):
    """A codes list's places, each made when it is looked up: their lines as UTF-8 in one
    bytes object, found by an array of offsets (Russia's 34,294 places as objects cost
    5.7 MiB)."""

    def __init__(self, lines: list[bytes], make: Callable[[str, str, str], Any]) -> None:
        self._offsets = array("I", [0])
        for line in lines:
            self._offsets.append(self._offsets[-1] + len(line))
        self._blob = b"".join(lines)
        self._make = make

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[at] for at in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        index %= len(self)
        line = self._blob[self._offsets[index] : self._offsets[index + 1]].decode("utf-8")
        region, _, names = line.partition("\t")
        return self._make(region, names.partition("|")[0], names)

    def __len__(self) -> int:
        return len(self._offsets) - 1


def _table_row(path: Path, number: int, row: str) -> bytes:
    fields = row.split("\t")
    check(len(fields) == 3, path, f"line {number}: a place has not 3 fields")
    _, region, names = fields
    check(bool(names), path, f"line {number}: a place without a name")
    return f"{region}\t{names}".encode()


def read_codes(path: Path, raw: bytes, present: Any) -> PostcodeCodes:
    """A codes list's bytes, checked line by line (a few thousand lines, and its place
    table); ``present`` is what a code of a list without places answers (a Place)."""
    try:
        text = gzip.decompress(raw).decode("utf-8")
    except (EOFError, gzip.BadGzipFile, UnicodeDecodeError) as exc:
        raise RulesetError(str(path), f"cannot be read ({exc})") from exc
    groups: dict[str, str] = {}
    table: list[bytes] = []
    refs: dict[str, array[int]] = {}
    for number, row in enumerate(_rows(text), 1):
        if row.startswith("\t"):
            check(not groups, path, f"line {number}: a place after the codes")
            table.append(_table_row(path, number, row))
            continue
        group, tab, members = row.partition("\t")
        members, _, indexes = members.partition("\t")
        short = group.endswith("=")
        check(tab == "\t", path, f"line {number} has not 2 fields")
        check(group.rstrip("=").isalnum(), path, f"line {number}: bad group {group!r}")
        check(group not in groups, path, f"line {number}: {group} is listed twice")
        well_formed = not members if short else members.isalnum() and len(members) % MEMBER == 0
        check(well_formed and (short or bool(members)), path, f"line {number}: bad members")
        groups[group] = members
        if table:
            refs[group] = _indexes(path, number, indexes, max(len(members) // MEMBER, 1), table)
    places = PlaceTable(table, type(present)) if table else ()
    return PostcodeCodes(groups, present, places, refs)


def _rows(text: str) -> Iterator[str]:
    """``text``'s lines one at a time: a list of all of them at once (Canada's 20 MiB) would
    leave the heap that much larger after they are freed, around the groups kept."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        stop = end if stop == -1 else stop
        yield text[start:stop].removesuffix("\r")  # a file saved with CRLF line ends
        start = stop + 1


def _indexes(path: Path, number: int, text: str, count: int, table: list[bytes]) -> array[int]:
    kind = "H" if len(table) <= 1 << 16 else "I"  # two bytes a code where they do
    try:
        found = array(kind, (int(index) for index in text.split(",")))
    except (ValueError, OverflowError):
        found = array(kind)
    check(len(found) == count, path, f"line {number}: not one place per code")
    check(max(found) < len(table), path, f"line {number}: a place not in the table")
    return found
