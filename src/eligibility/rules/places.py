"""What a country's postcode list says of a postcode: that it does not exist (and the
nearest real ones), and which of its places a city names.

The lists and their levels are data/postcodes/lists.json's (ruleset/postcodes.py);
address.py decides where each finding goes. The place comparison folds case, accents
and punctuation, the street abbreviations' words (Saint -> st), and accepts a name
that begins the other as whole words: ``Paris 1er``, ``PARIS CEDEX 08`` and
``Paris 1er Arrondissement`` are all Paris.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Annotated, Final, NamedTuple

import msgspec
from msgspec import Meta

from eligibility.errors import ErrorCode, FieldError, field_error
from eligibility.memo import LruMemo
from eligibility.rules.markets import find_market, market_name
from eligibility.rules.postal import (
    AddressFormat,
    canonical_postal_code,
    compact,
    load_address_format,
)
from eligibility.rules.regions import find_region, load_regions
from eligibility.ruleset import (
    ALSO_ACCEPTED,
    MarketRecord,
    Place,
    PostcodeList,
    Ruleset,
    fold_place,
)

__all__ = [
    "FOLDED_NAMES_CACHE_SIZE",
    "LookupFailure",
    "PostalCodeLookup",
    "folded_names",
    "lookup_postcode",
    "names_agree",
    "near_place",
    "place_finding",
    "unknown_postcode",
]


def unknown_postcode(
    ruleset: Ruleset,
    fmt: AddressFormat,
    declared: PostcodeList,
    packed: str,
    *,
    field: str,
    lang: str,
    market: str,
    own: Callable[[str], bool],
) -> FieldError:
    """A well-formed postcode that the country's list lacks, with the nearest real ones
    that ``own`` accepts (written form) where the list holds whole postcodes; else the
    part that no code begins with. A code the list's register says was terminated (GB)
    is answered as terminated. Where the list is known to lack real codes (its
    ``unknown`` level is none: only the lookup asks), the message says it may exist."""
    key = declared.key(packed)
    if ruleset.postcode_places.terminated(declared.country, key):
        return field_error(field, ErrorCode.ADDRESS_POSTAL_CODE_TERMINATED, lang, market=market)
    incomplete = declared.unknown == "none"
    if declared.unit == "part":
        return field_error(
            field,
            ErrorCode.ADDRESS_POSTAL_CODE_UNKNOWN,
            lang,
            variant="part_incomplete" if incomplete else "part",
            market=market,
            part=key,
        )

    def accept(near: str) -> bool:
        written = canonical_postal_code(fmt, near)
        return written is not None and own(written)

    closest = [
        written
        for near in ruleset.postcode_places.closest(declared.country, key, accept=accept)
        if (written := canonical_postal_code(fmt, near)) is not None
    ]
    if not closest:
        variant = "incomplete_no_closest" if incomplete else "no_closest"
        return field_error(
            field, ErrorCode.ADDRESS_POSTAL_CODE_UNKNOWN, lang, variant=variant, market=market
        )
    return field_error(
        field,
        ErrorCode.ADDRESS_POSTAL_CODE_UNKNOWN,
        lang,
        variant="incomplete" if incomplete else None,
        suggestion=closest[0],
        market=market,
        closest=", ".join(closest),
    )


def _latin(text: str) -> bool:
    return text.isascii()


def names_agree(typed: str, listed: str) -> bool:
    """One folded name is the other, or begins it as whole words (``paris`` and ``paris
    1er``, ``bourg en bresse cedex``); in scripts written without spaces (``千代田区`` and
    ``千代田区千代田``) as characters."""
    if typed == listed:
        return True
    short, long = sorted((typed, listed), key=len)
    if len(short) < 2 or not long.startswith(short):
        return False
    return long[len(short)] == " " or not _latin(short)


FOLDED_NAMES_CACHE_SIZE: Final = 8192


Folded = tuple[tuple[str, ...], tuple[str, ...], int]


def _folded_names(ruleset: Ruleset, names: str) -> Folded:
    """A code's names (``|``-separated, as the list writes them), each folded as it is
    compared, and how many of them are shown (those before ``||``; the rest are only
    accepted), once per code: Sydney's 2000 has nine names to fold."""
    shown, _, accepted = names.partition(ALSO_ACCEPTED)
    split = tuple(shown.split("|"))
    count = len(split)
    if accepted:
        split += tuple(accepted.split("|"))
    return split, tuple(fold_place(name, ruleset.street_abbreviations) for name in split), count


folded_names: LruMemo[Ruleset, str, Folded] = LruMemo(
    _folded_names, FOLDED_NAMES_CACHE_SIZE, key=attrgetter("version")
)


def place_finding(
    ruleset: Ruleset, place: Place, city: str, field: str, lang: str
) -> tuple[str, FieldError | None]:
    """The postcode's place the city names (else its main place), and a finding when the
    city is none of the postcode's places. A city in another script than the list's
    (``Chiyoda`` against ``千代田区``) is not compared: nothing says it is wrong."""
    if not city or not place.city:  # a code the list names no place of (Spain's)
        return place.city, None
    names, folded, shown = folded_names(ruleset, place.names)
    typed = fold_place(city, ruleset.street_abbreviations)
    if typed in folded:
        return _canonical(place, names, folded.index(typed), shown), None
    for at, listed in enumerate(folded):
        if names_agree(typed, listed):
            return _canonical(place, names, at, shown), None
    if not typed or _latin(typed) != any(_latin(listed) for listed in folded):
        return place.city, None
    # Each other name once, and none that is a shown one in other words (MARSEILLE
    # beside Marseille 1er Arrondissement: the same place to the reader).
    seen = [folded[0]]
    others: list[str] = []
    for name, listed in zip(names[1:shown], folded[1:shown], strict=True):
        if len(others) < 3 and not any(names_agree(listed, shown) for shown in seen):
            seen.append(listed)
            others.append(name)
    finding = (
        field_error(
            field,
            ErrorCode.ADDRESS_POSTAL_CODE_CITY_MISMATCH,
            lang,
            variant="several",
            suggestion=place.city,
            city=place.city,
            others=", ".join(others),
        )
        if others
        else field_error(
            field,
            ErrorCode.ADDRESS_POSTAL_CODE_CITY_MISMATCH,
            lang,
            suggestion=place.city,
            city=place.city,
        )
    )
    return place.city, finding


NEAR_SHARED = 3
"""How many first characters a neighbouring code shares with the code (PostcodeList.place_near)."""


def near_place(ruleset: Ruleset, declared: PostcodeList, packed: str, city: str) -> bool:
    """``city`` is a place of one of the code's neighbouring codes, as the list declares
    (``place_near``): a city across a municipal border that the code's area crosses
    (40721 Hilden, streets of Düsseldorf) is not warned; one far away still is."""
    if not declared.place_near:
        return False
    key = declared.key(packed)
    typed = fold_place(city, ruleset.street_abbreviations)
    listed = ruleset.postcode_places[declared.country]
    for near in ruleset.postcode_places.around(declared.country, key, declared.place_near):
        if near[:NEAR_SHARED] == key[:NEAR_SHARED]:
            _, folded, _ = folded_names(ruleset, listed[near].names)
            if any(names_agree(typed, name) for name in folded):
                return True
    return False


def _canonical(place: Place, names: tuple[str, ...], at: int, shown: int) -> str:
    """The name a city that matched ``names[at]`` is written as: that name where it is a
    shown one, else the code's main place (USPS's Redmond for Avondale)."""
    return names[at] if at < shown else place.city


class PostalCodeLookup(msgspec.Struct, frozen=True, kw_only=True):
    """What the market's postcode list says of one postal code, for a form's autofill."""

    market: Annotated[str, Meta(description="ISO 3166-1 alpha-2.", examples=["FR"])]
    postal_code: Annotated[
        str, Meta(description="In the market's written form.", examples=["75001"])
    ]
    whole: Annotated[
        bool,
        Meta(
            description=(
                "True where the list holds whole postal codes; false where it holds only their "
                "first part (Brazil's CEP sector, the Netherlands' four digits): then only "
                "that part was found."
            )
        ),
    ]
    level: Annotated[
        str,
        Meta(description="What the list holds, in words.", examples=["full postcode (5 digits)"]),
    ]
    region: Annotated[
        str | None,
        Meta(
            description=(
                "The ISO 3166-2 code of the code's region, where the list gives one and it is "
                "checked; null otherwise."
            ),
            examples=["FR-75C"],
        ),
    ]
    region_name: Annotated[str | None, Meta(examples=["Paris"])]
    places: Annotated[
        list[str],
        Meta(
            description=(
                "The places the list gives the code, as it writes them, the main one first: "
                "what a form may fill the city in with, offering a choice when there are "
                "several. Empty where the list's names are not places (areas, post offices). "
                "In the script of the list: Japanese names are in kanji (the list has no "
                "romaji)."
            ),
            examples=[["Paris 1er Arrondissement", "PARIS"]],
        ),
    ]
    source: Annotated[
        str,
        Meta(
            description="The package the list is derived from (data/postcodes/README.md).",
            examples=["codes-postaux"],
        ),
    ]
    rules_version: str


class LookupFailure(NamedTuple):
    """Why a postal code has no lookup answer: a problem code and its message's values."""

    status: int
    code: str
    """``postal_code.invalid``, ``.unknown``, ``.other_market``, ``.lookup_unavailable``."""
    variant: str | None
    params: dict[str, object]


def lookup_postcode(
    ruleset: Ruleset,
    market: MarketRecord,
    value: str,
    *,
    lang: str,
    other_market: Callable[[str], str | None],
) -> PostalCodeLookup | LookupFailure:
    """``value`` looked up on ``market``'s postcode list, or why it cannot be."""
    name = market_name(market, lang)
    declared = ruleset.postcode_lists.get(market.code)
    if declared is None:
        return LookupFailure(404, "postal_code.lookup_unavailable", None, {"market": name})
    fmt = load_address_format(ruleset, market.code)
    written = canonical_postal_code(fmt, value) if fmt is not None else None
    if fmt is None or written is None:
        example = fmt.postal_example if fmt is not None else None
        variant = None if example else "no_example"
        invalid: dict[str, object] = {"market": name, "example": example}  # cannot exist: 404

        return LookupFailure(404, "postal_code.invalid", variant, invalid)
    if (other := other_market(written)) is not None:
        found = find_market(ruleset, other)
        params: dict[str, object] = {
            "place": market_name(found, lang) if found is not None else other,
            "other": other,
            "market": name,
        }
        return LookupFailure(404, "postal_code.other_market", None, params)
    packed = compact(written)
    place = ruleset.postcode_place(market.code, packed)
    if place is None:
        unknown = unknown_postcode(
            ruleset,
            fmt,
            declared,
            packed,
            field="postal_code",
            lang=lang,
            market=name,
            own=lambda near: other_market(near) is None,
        )
        return LookupFailure(404, "postal_code.unknown", None, {"message": unknown.message})
    index = load_regions(ruleset, market.code)
    region = (
        find_region(index, place.region) if place.region and declared.region != "none" else None
    )
    return PostalCodeLookup(
        market=market.code,
        postal_code=written,
        whole=declared.unit == "code",
        level=declared.level,
        region=region.code if region is not None else None,
        region_name=region.name if region is not None else None,
        places=_lookup_places(place, declared, ruleset),
        source=declared.derived_from,
        rules_version=ruleset.version,
    )


def _lookup_places(place: Place, declared: PostcodeList, ruleset: Ruleset) -> list[str]:
    if declared.lookup_places == "none":
        return []
    if declared.lookup_places == "main":
        return [place.city]
    shown = place.names.partition(ALSO_ACCEPTED)[0]
    return _distinct(shown.split("|"), ruleset) if shown else []


def _distinct(names: list[str], ruleset: Ruleset) -> list[str]:
    """Names that fold alike once (``Bourg-en-Bresse`` and ``BOURG-EN-BRESSE``), first kept."""
    seen: set[str] = set()
    kept = []
    for name in names:
        folded = fold_place(name, ruleset.street_abbreviations)
        if folded not in seen:
            seen.add(folded)
            kept.append(name)
    return kept
