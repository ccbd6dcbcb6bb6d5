"""A postcode register that says only which codes exist, for millions of codes.

A codes list (lists.json ``form: codes``) is a gzipped TSV, one line per group of
codes sharing all but their last three characters: the group, then its members' last
three characters sorted and concatenated (``SW1A<TAB>0AA0AB1AA``); a code of three
characters or fewer is a group of its own, written with a trailing ``=``. In memory a
group is one string, so Great Britain's 1.74 million codes cost about 6 MiB, and a
lookup is one dict lookup and one search of a few hundred characters.
"""

from __future__ import annotations

import bisect
import gzip
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from eligibility.errors import RulesetError
from eligibility.ruleset.files import check

__all__ = ["MEMBER", "PostcodeCodes", "read_codes"]

MEMBER = 3
"""How many last characters of a code its group lists."""


def _split(code: str) -> tuple[str, str]:
    if len(code) <= MEMBER:
        return f"{code}=", ""
    return code[:-MEMBER], code[-MEMBER:]


class PostcodeCodes(Mapping[str, Any]):
    """Compact postcode -> the value every listed code has (an empty Place)."""

    def __init__(self, groups: dict[str, str], present: Any) -> None:
        self._groups = groups
        self._present = present
        self._order: list[str] | None = None

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, str):
            return False
        group, member = _split(code)
        members = self._groups.get(group)
        if members is None:
            return False
        if not member:
            return True
        at = members.find(member)
        while at != -1 and at % MEMBER:
            at = members.find(member, at + 1)
        return at != -1

    def __getitem__(self, code: str) -> Any:
        if code not in self:
            raise KeyError(code)
        return self._present

    def get(self, code: str, default: Any = None) -> Any:  # the hot path: one lookup
        return self._present if code in self else default

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


def read_codes(path: Path, raw: bytes, present: Any) -> PostcodeCodes:
    """A codes list's bytes, checked line by line (a few thousand lines)."""
    try:
        text = gzip.decompress(raw).decode("ascii")
    except (EOFError, gzip.BadGzipFile, UnicodeDecodeError) as exc:
        raise RulesetError(str(path), f"cannot be read ({exc})") from exc
    groups: dict[str, str] = {}
    for number, row in enumerate(text.splitlines(), 1):
        group, tab, members = row.partition("\t")
        short = group.endswith("=")
        check(tab == "\t" and "\t" not in members, path, f"line {number} has not 2 fields")
        check(group.rstrip("=").isalnum(), path, f"line {number}: bad group {group!r}")
        check(group not in groups, path, f"line {number}: {group} is listed twice")
        well_formed = not members if short else members.isalnum() and len(members) % MEMBER == 0
        check(well_formed and (short or members), path, f"line {number}: bad members")
        groups[group] = members
    return PostcodeCodes(groups, present)
