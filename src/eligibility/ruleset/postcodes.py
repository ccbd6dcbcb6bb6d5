"""Real postcode lists, one per country, through one loader.

A list is a gzipped TSV under ``data/postcodes/``: one postcode per line, its
region in the country's own terms and every place name the post gives it
(``|``-separated). Each list is declared once in POSTCODE_LISTS with the source
it is derived from (``data/postcodes/README.md``); a country without a list is
checked by format and region prefixes alone. How complete a list is, is a
property of the data, checked by the data tests, not by this loader.
"""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import msgspec

from eligibility.errors import RulesetError
from eligibility.ruleset.files import Loaded, Source, Strict, check, decode, read_bytes

__all__ = ["POSTCODE_LISTS", "Place", "PostcodeList", "load_postcode_lists"]


class Place(msgspec.Struct, frozen=True):
    """What a real postcode list says of one postcode."""

    region: str
    """The region's code in the country's own terms (a US state: ``WA``)."""
    city: str
    """The place's main name, as the list writes it (``Redmond``)."""
    names: str
    """Every name the post gives it, ``|``-separated, as written (folded when compared:
    folding 42,789 ZIPs' names at start-up cost more than folding one ZIP's per check)."""
    also: tuple[str, ...] = ()
    """Other regions its addresses are in (a ZIP across a state line)."""


class PostcodeList(NamedTuple):
    """One country's real postcode list, as declared."""

    country: str
    path: Path
    """Relative to the data directory."""
    key_length: int | None
    """The list is keyed by this many leading characters of the compact postcode (a US
    ZIP+4 by its ZIP); None: the whole postcode."""
    across: Path | None = None
    """A file naming the postcodes whose addresses lie in more than one region."""

    def key(self, compact: str) -> str:
        return compact[: self.key_length] if self.key_length is not None else compact


POSTCODE_LISTS: tuple[PostcodeList, ...] = (
    PostcodeList(
        "US",
        Path("postcodes") / "us_zips.tsv.gz",
        key_length=5,
        across=Path("postcodes") / "us_zips_across_states.json",
    ),
)


class AcrossRegionsFile(Strict):
    source: Source
    as_of: date
    note: str
    zips: dict[str, list[str]]
    """Postcode -> the other regions its addresses are in."""


def _read_places(path: Path, raw: bytes, across: Mapping[str, list[str]]) -> dict[str, Place]:
    try:
        text = gzip.decompress(raw).decode("utf-8")
    except (EOFError, gzip.BadGzipFile, UnicodeDecodeError) as exc:
        raise RulesetError(str(path), f"cannot be read ({exc})") from exc
    places: dict[str, Place] = {}
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.split("\t")
        check(len(parts) == 3, path, f"line {number} has {len(parts)} fields, not 3")
        code, region, names = parts
        check(bool(code) and code.isalnum(), path, f"line {number}: bad postcode {code!r}")
        check(code not in places, path, f"line {number}: {code} is listed twice")
        places[code] = Place(region, names.partition("|")[0], names, tuple(across.get(code, ())))
    return places


def load_postcode_lists(loaded: Loaded) -> dict[str, Any]:
    """Every declared list: Ruleset fields ``postcode_lists`` and ``postcode_places``."""
    places: dict[str, dict[str, Place]] = {}
    for declared in POSTCODE_LISTS:
        check(
            declared.country in loaded.known,
            loaded.data_dir / declared.path,
            f"unknown market code {declared.country}",
        )
        across: dict[str, list[str]] = {}
        if declared.across is not None:
            across_file, loaded.raw[str(declared.across)] = decode(
                loaded.data_dir / declared.across, AcrossRegionsFile
            )
            across = across_file.zips
        path = loaded.data_dir / declared.path
        raw = loaded.raw[str(declared.path)] = read_bytes(path)
        found = _read_places(path, raw, across)
        unknown = sorted(set(across) - found.keys())
        check(
            not unknown,
            loaded.data_dir / (declared.across or declared.path),
            f"postcodes not in {declared.path}: {unknown[:5]}",
        )
        places[declared.country] = found
    return {
        "postcode_lists": {declared.country: declared for declared in POSTCODE_LISTS},
        "postcode_places": places,
    }
