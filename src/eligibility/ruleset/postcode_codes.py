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

    def _members(self, group: str) -> list[str]:
        members = self._groups[group]
        if group.endswith("="):
            return [group[:-1]]
        return [group + members[at : at + MEMBER] for at in range(0, len(members), MEMBER)]

    def __iter__(self) -> Iterator[str]:
        for group in sorted(self._groups):
            yield from self._members(group)

    def __len__(self) -> int:
        return sum(max(len(members) // MEMBER, 1) for members in self._groups.values())

    def neighbourhood(self, key: str, reach: int = 2) -> list[str]:
        """The sorted codes of ``key``'s group and of the ``reach`` groups either side of it:
        where the nearest codes to an unknown one are looked for."""
        if self._order is None:
            self._order = sorted(self._groups)
        group = _split(key)[0]
        at = bisect.bisect_left(self._order, group)
        near = self._order[max(at - reach, 0) : at + reach + 1]
        return [code for found in near for code in self._members(found)]


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
