"""Real postcode lists, one per country, declared in data/postcodes/lists.json.

A list is a gzipped TSV under ``data/postcodes/``: one postcode key per line (the
whole compact code, or the part the source gives: a Canadian FSA, a UK area), its
region codes in the list's own terms (the main one first, ``|``-separated where the
code lies in several) and every place name the list gives it (``|``-separated).
lists.json says, per country, the level of the key, what the list lacks, and how a
postcode missing from it, a city that is none of its places and a region other
than its own are reported, with what those levels were measured against.

A country's file is read at start-up (its bytes are part of ``rules_version``)
and parsed on its first use, so start-up does not pay for 120,000 Japanese codes
that a worker may never be asked about.
"""

from __future__ import annotations

import bisect
import itertools
import re
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal, NamedTuple

import msgspec

from eligibility.ruleset.files import (
    Loaded,
    Source,
    Strict,
    check,
    compile_pattern,
    decode,
    read_bytes,
)
from eligibility.ruleset.postcode_codes import PostcodeCodes, read_codes
from eligibility.ruleset.postcode_places import CountryPlaces, Place, read_places

__all__ = [
    "ALSO_ACCEPTED",
    "EXISTS",
    "LISTS_FILE",
    "CheckLevel",
    "CountryPlaces",
    "Place",
    "PostcodeList",
    "PostcodePlaces",
    "load_postcode_lists",
    "postcode_key",
]

LISTS_FILE = Path("postcodes") / "lists.json"
_CLOSEST_REACH = 5000
"""How far along a sorted list the nearest accepted codes are looked for."""

ALSO_ACCEPTED = "||"
"""Between a code's shown names and the names only accepted (Place.names)."""

CheckLevel = Literal["error", "warning", "none"]
KeyRule = int | Literal["letters", "digits"] | None
"""How a compact postcode is keyed: by that many leading characters, by its leading
letters (a UK postcode area), by its first run of digits (an Argentine CPA ``C1070AAM``
by its former code ``1070``), or whole (None)."""


_DIGITS = re.compile("[0-9]+")


def postcode_key(compact: str, rule: KeyRule) -> str:
    """The key of ``compact`` (upper case, no spaces or hyphens) under ``rule``."""
    if rule is None:
        return compact
    if rule == "letters":
        return "".join(itertools.takewhile(str.isalpha, compact))
    if rule == "digits":
        found = _DIGITS.search(compact)
        return found.group() if found is not None else ""
    return compact[:rule]


class ListEntry(Strict):
    country: str
    file: str
    derived_from: str
    level: str
    """The finest level the list has, in words."""
    key: KeyRule
    unit: Literal["code", "part"]
    """code: a key is a whole postcode (a ZIP of a ZIP+4); part: only part of one."""
    lacks: str
    unknown: CheckLevel
    place: CheckLevel
    region: CheckLevel
    measured_against: str
    lookup_places: Literal["all", "main", "none"]
    """Which names are places a form can fill the city in with: all the shown ones (not
    those after ``||``), the main one, or none (area names, post offices)."""
    across: str | None = None
    place_near: int = 0
    """How many codes either side of a code (sharing its first three characters) also
    name places its city may be: a German PLZ area crosses municipal borders."""
    also_from: list[str] = msgspec.field(default_factory=list)
    """Packages whose records the derived file adds (Japan Post's office codes)."""
    unlisted_words: list[str] = msgspec.field(default_factory=list)
    """Folded words of a city that mark an address the list lacks by design (France's
    ``cedex``): its postcode is not reported unknown."""
    unlisted_codes: str | None = None
    """A pattern of the compact postcodes the list lacks by design (a Brazilian town's
    general CEP, ``76980000``): not reported unknown."""
    form: Literal["places", "codes"] = "places"
    """places: a line per key with its regions and places; codes: which codes exist, in
    groups (ruleset/postcode_codes.py), for registers of millions of codes."""
    terminated: str | None = None
    """A codes file of the postcodes that existed and were terminated (GB's, from the ONS):
    reported as terminated, not unknown."""


class ListsFile(Strict):
    source: Source
    as_of: date
    note: str
    lists: list[ListEntry]


class PostcodeList(NamedTuple):
    """One country's real postcode list, as declared."""

    country: str
    path: Path
    """Relative to the data directory."""
    key_rule: KeyRule
    unit: Literal["code", "part"]
    level: str
    """What the list holds, in words (the lookup answers it)."""
    unknown: CheckLevel
    place: CheckLevel
    region: CheckLevel
    derived_from: str
    lookup_places: Literal["all", "main", "none"] = "none"
    across: Path | None = None
    """A file naming the postcodes whose addresses lie in more than one region."""
    unlisted_words: frozenset[str] = frozenset()
    unlisted_codes: re.Pattern[str] | None = None
    place_near: int = 0

    def lacks_by_design(self, compact: str, city_words: list[str]) -> bool:
        """The list lacks this postcode by design: no sign that it does not exist."""
        return not self.unlisted_words.isdisjoint(city_words) or (
            self.unlisted_codes is not None and self.unlisted_codes.fullmatch(compact) is not None
        )

    def key(self, compact: str) -> str:
        return postcode_key(compact, self.key_rule)


class AcrossRegionsFile(Strict):
    source: Source
    as_of: date
    note: str
    zips: dict[str, list[str]]
    """Postcode -> the other regions its addresses are in."""


def _shared_start(left: str, right: str) -> int:
    """How many leading characters two codes share (``00199``, ``00999``: 2)."""
    return next(
        (at for at, (a, b) in enumerate(zip(left, right, strict=False)) if a != b),
        min(len(left), len(right)),
    )


EXISTS = Place("", "", "")
"""What a codes list says of each of its postcodes: that it exists."""
Files = Mapping[str, tuple[Path, bytes, Mapping[str, list[str]]]]


class PostcodePlaces(Mapping[str, Mapping[str, Place]]):
    """Country -> postcode key -> Place, each country parsed on its first use.

    The files' bytes are read when the ruleset loads (a list with postcodes across
    regions is parsed then, to check them); ``load_all`` parses every country now,
    as the data tests do. ``codes`` names the countries whose file is a codes list;
    ``terminated`` holds the codes files of terminated postcodes, by country.
    """

    def __init__(
        self,
        files: Files,
        parsed: Mapping[str, Mapping[str, Place]] | None = None,
        codes: frozenset[str] = frozenset(),
        terminated: Mapping[str, tuple[Path, bytes]] | None = None,
    ) -> None:
        self._files = dict(files)
        self._parsed: dict[str, Mapping[str, Place]] = dict(parsed or {})
        self._codes = codes
        self._terminated = dict(terminated or {})
        self._ended: dict[str, Mapping[str, Place]] = {}
        self._lock = threading.Lock()

    def _parse(self, country: str) -> Mapping[str, Place]:
        path, raw, across = self._files[country]  # KeyError: no list for it
        if country in self._codes:
            return read_codes(path, raw, EXISTS)
        return read_places(path, raw, across)

    def __getitem__(self, country: str) -> Mapping[str, Place]:
        parsed = self._parsed.get(country)
        if parsed is None:
            with self._lock:
                parsed = self._parsed.get(country)
                if parsed is None:
                    parsed = self._parsed[country] = self._parse(country)
        return parsed

    def terminated(self, country: str, key: str) -> bool:
        """``key`` is a postcode of ``country`` that existed and was terminated."""
        if country not in self._terminated:
            return False
        ended = self._ended.get(country)
        if ended is None:
            with self._lock:
                ended = self._ended.get(country)
                if ended is None:
                    path, raw = self._terminated[country]
                    ended = self._ended[country] = read_codes(path, raw, EXISTS)
        return key in ended

    def __contains__(self, country: object) -> bool:  # without parsing it
        return country in self._files

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def closest(
        self, country: str, key: str, count: int = 3, accept: Callable[[str], bool] = bool
    ) -> list[str]:
        """The ``count`` accepted keys of ``country``'s list nearest ``key``: sharing the
        longest start with it, then nearest in number or in order (``75999`` -> ``75020``)."""
        listed = self[country]
        ordered: Sequence[str]
        if isinstance(listed, PostcodeCodes):  # millions: only the key's neighbourhood
            ordered = listed.neighbourhood(key)
        elif isinstance(listed, CountryPlaces):
            ordered = listed.ordered()
        else:
            ordered = sorted(listed)
        at = bisect.bisect_left(ordered, key)
        near: list[tuple[int, str]] = []
        left, right = at - 1, at
        while len(near) < count * 4 and (left >= 0 or right < len(ordered)):
            for index in (left, right):
                if 0 <= index < len(ordered) and accept(candidate := ordered[index]):
                    near.append((index, candidate))
            left, right = left - 1, right + 1
            if right - at > _CLOSEST_REACH:
                break

        def distance(found: tuple[int, str]) -> tuple[int, int]:
            index, candidate = found
            shared = _shared_start(candidate, key)
            number = candidate.isdigit() and key.isdigit()
            return (-shared, abs(int(candidate) - int(key)) if number else abs(index - at))

        return [candidate for _, candidate in sorted(near, key=distance)[:count]]

    def around(self, country: str, key: str, reach: int) -> list[str]:
        """The ``reach`` keys either side of ``key`` on ``country``'s places list, in order."""
        listed = self[country]
        ordered = listed.ordered() if isinstance(listed, CountryPlaces) else sorted(listed)
        at = bisect.bisect_left(ordered, key)
        found = ordered[max(at - reach, 0) : at + reach + 1]
        return [near for near in found if near != key]

    def load_all(self) -> None:
        for country in self._files:
            self[country]
            self.terminated(country, "")

    def __reduce__(self) -> tuple[Any, ...]:  # the lock does not pickle; the bytes do
        return (PostcodePlaces, (self._files, self._parsed, self._codes, self._terminated))


def load_postcode_lists(loaded: Loaded) -> dict[str, Any]:
    """Every declared list: Ruleset fields ``postcode_lists`` and ``postcode_places``."""
    lists_path = loaded.data_dir / LISTS_FILE
    document, loaded.raw[str(LISTS_FILE)] = decode(lists_path, ListsFile)
    declared: dict[str, PostcodeList] = {}
    files: dict[str, tuple[Path, bytes, Mapping[str, list[str]]]] = {}
    parsed: dict[str, Mapping[str, Place]] = {}
    terminated: dict[str, tuple[Path, bytes]] = {}
    for entry in document.lists:
        check(entry.country in loaded.known, lists_path, f"unknown market code {entry.country}")
        check(entry.country not in declared, lists_path, f"{entry.country} is listed twice")
        relative = LISTS_FILE.parent / entry.file
        across_path = LISTS_FILE.parent / entry.across if entry.across else None
        across: dict[str, list[str]] = {}
        if across_path is not None:
            across_file, loaded.raw[str(across_path)] = decode(
                loaded.data_dir / across_path, AcrossRegionsFile
            )
            across = across_file.zips
        path = loaded.data_dir / relative
        raw = loaded.raw[str(relative)] = read_bytes(path)
        if across_path is not None:
            found = parsed[entry.country] = read_places(path, raw, across)
            unknown = sorted(set(across) - found.keys())
            check(not unknown, loaded.data_dir / across_path, f"not in {entry.file}: {unknown[:5]}")
        files[entry.country] = (path, raw, across)
        if entry.terminated:
            ended = LISTS_FILE.parent / entry.terminated
            ended_raw = loaded.raw[str(ended)] = read_bytes(loaded.data_dir / ended)
            terminated[entry.country] = (loaded.data_dir / ended, ended_raw)
        declared[entry.country] = PostcodeList(
            country=entry.country,
            path=relative,
            key_rule=entry.key,
            unit=entry.unit,
            level=entry.level,
            unknown=entry.unknown,
            place=entry.place,
            region=entry.region,
            derived_from=entry.derived_from,
            lookup_places=entry.lookup_places,
            across=across_path,
            place_near=entry.place_near,
            unlisted_words=frozenset(entry.unlisted_words),
            unlisted_codes=(
                compile_pattern(lists_path, entry.country, entry.unlisted_codes)
                if entry.unlisted_codes
                else None
            ),
        )
    codes = frozenset(entry.country for entry in document.lists if entry.form == "codes")
    places = PostcodePlaces(files, parsed, codes, terminated)
    return {"postcode_lists": declared, "postcode_places": places}
